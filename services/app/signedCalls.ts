// Server-to-server calls signed with a shared key (chat-wallet's payment backend: recharge and
// withdrawal; CHAT_WALLET_SIGN_KEY, never in code): hex HMAC-SHA256 of the call's text, compared
// in constant time, and a stable digest of the signature for the call's idempotency.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CodedError } from '../../domain/errors.js';

export const hmacHex = (key: string, text: string): string => createHmac('sha256', key).update(text).digest('hex');

const matches = (expected: string, given: string): boolean => {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(/^[0-9a-fA-F]+$/.test(given) ? given.toLowerCase() : '', 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Refuses the call unless a key is configured (FORBIDDEN) and `sign` is its HMAC of `text` (UNAUTHENTICATED). */
export const requireSigned = (key: string | undefined, text: string, sign: string, what: string): void => {
  if (!key) throw new CodedError('FORBIDDEN', `signed ${what} are not configured`);
  if (!matches(hmacHex(key, text), sign)) throw new CodedError('UNAUTHENTICATED', 'bad signature');
};

/** The signature's sha256 in hex (case-insensitive): the same signed call always names the same command. */
export const signatureDigest = (sign: string): string => createHash('sha256').update(sign.toLowerCase()).digest('hex');
