// QR receipts: a payee's signed request to be paid, which a payer scans and pays at once.
//
// A receipt is a payload, not a stream: nothing is stored when it is made. It names its id, the
// payee, the asset, the amount (or none: the payer enters it), an optional note and its expiry,
// and is signed with HMAC-SHA256 under RECEIPT_SECRET, so a payer's app cannot change who is
// paid or how much. Paying derives the payer's debit command id from (receipt, payer): the same
// payer paying the same receipt again, with any key, from any device, gets the first payment back
// and pays nothing more. Another payer pays it too (a shop's receipt is scanned by many).
//
// Payload: `r1.<base64url JSON>.<base64url HMAC of "r1.<base64url JSON>">`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { assetOr } from '../../domain/assets.js';
import { CodedError } from '../../domain/errors.js';
import { reached } from '../../domain/rules.js';
import { receiptSecret } from '../shared/config.js';
import { walletStream } from '../../domain/wallet/index.js';
import { eventIdFor, uuidFromName } from '../shared/ids.js';
import { notFound } from './access.js';
import { amountFor } from './assets.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { payNow, type InstantPayment } from './payments.js';
import { withoutSecret, type PayPasswordInput } from './payPassword.js';

const VERSION = 'r1';

const Receipt = z.strictObject({
  receiptId: z.string().min(1).max(64),
  payeeId: z.string().min(1).max(64),
  asset: z.string().min(1).max(32),
  amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  note: z.string().max(200).optional(),
  expiresAt: z.string(),
});
export type Receipt = z.infer<typeof Receipt>;

const secretOf = (core: Core): string => {
  const secret = receiptSecret(core.config);
  if (secret === null) throw notFound('receipts (RECEIPT_SECRET is not configured)');
  return secret;
};

const mac = (secret: string, signed: string): Buffer => createHmac('sha256', secret).update(signed).digest();

export const signReceipt = (secret: string, r: Receipt): string => {
  const signed = `${VERSION}.${Buffer.from(JSON.stringify(r)).toString('base64url')}`;
  return `${signed}.${mac(secret, signed).toString('base64url')}`;
};

const invalid = () => new CodedError('RECEIPT_INVALID', 'this is not a receipt of ours, or it was changed');

/** The receipt a payload carries, if its signature holds (expiry is the caller's check). */
export const openReceipt = (secret: string, payload: string): Receipt => {
  const parts = payload.split('.');
  const [version, body, sig] = parts;
  if (parts.length !== 3 || version !== VERSION || !body || !sig) throw invalid();
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(secret, `${version}.${body}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const r = Receipt.safeParse(json);
  if (!r.success) throw invalid();
  return r.data;
};

export interface CreateReceiptInput {
  asset?: string | undefined;
  /** Fixed amount; without it the payer enters one. */
  amount?: number | undefined;
  note?: string | undefined;
  /** At most RECEIPT_TTL_SECONDS (the default). */
  expiresInSeconds?: number | undefined;
}

/** Makes a receipt for the caller to be paid into. Nothing is stored: the payload is the receipt. */
export const createReceipt = (core: Core, caller: Caller, input: CreateReceiptInput) => {
  const user = requireUser(caller);
  const secret = secretOf(core);
  const asset = assetOr(input.asset);
  if (input.amount !== undefined) amountFor(core, asset, 'transfer', input.amount);
  else amountFor(core, asset, 'transfer', core.assets[asset]?.minimum ?? 1);
  const ttl = Math.min(input.expiresInSeconds ?? core.config.RECEIPT_TTL_SECONDS, core.config.RECEIPT_TTL_SECONDS);
  const r: Receipt = {
    receiptId: core.ids.next(),
    payeeId: user.userId,
    asset,
    ...(input.amount !== undefined ? { amount: input.amount } : {}),
    ...(input.note !== undefined ? { note: input.note } : {}),
    expiresAt: new Date(core.clock().getTime() + ttl * 1000).toISOString(),
  };
  return { ...r, amount: r.amount ?? null, note: r.note ?? null, payload: signReceipt(secret, r) };
};

/** What a scanned payload asks for (a payer's app shows it before paying). */
export const readReceipt = (core: Core, caller: Caller, input: { payload: string }) => {
  requireUser(caller);
  const r = openReceipt(secretOf(core), input.payload);
  const expired = reached({ commandId: 'read', at: core.clock().toISOString() }, r.expiresAt);
  return { ...r, amount: r.amount ?? null, note: r.note ?? null, expired };
};

export interface PayReceiptInput {
  payload: string;
  /** Required when the receipt names no amount; equal to it when it does. */
  amount?: number | undefined;
  payPassword?: PayPasswordInput | undefined;
}

/** Pays a receipt, once per payer: a second payment of the same receipt by the same payer returns the first. */
export const payReceipt = (core: Core, caller: Caller, input: PayReceiptInput, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'payReceipt', withoutSecret(input), opts, async ({ meta, newId }): Promise<InstantPayment & { receiptId: string }> => {
    const user = requireUser(caller);
    const r = openReceipt(secretOf(core), input.payload);
    const debit = `receipt:${uuidFromName(`${r.receiptId}\u0000${user.userId}`)}`;
    // Expired now, but paid before (a retry after a crash): the payment it made is the answer.
    const paidBefore = async () => (await core.store.readEvents([eventIdFor(debit, walletStream(user.userId), 0)])).length > 0;
    if (reached(meta, r.expiresAt) && !(await paidBefore())) throw new CodedError('RECEIPT_EXPIRED', 'this receipt has expired', { receiptId: r.receiptId, expiresAt: r.expiresAt });
    if (r.amount !== undefined && input.amount !== undefined && input.amount !== r.amount) {
      throw new CodedError('AMOUNT_MISMATCH', 'the amount differs from the receipt', { expected: r.amount, actual: input.amount });
    }
    const amount = r.amount ?? input.amount;
    if (amount === undefined) throw new CodedError('VALIDATION_FAILED', 'this receipt names no amount: send one', { field: 'amount' });
    const paid = await payNow(core, caller, { toUserId: r.payeeId, asset: r.asset, amount, ...(r.note !== undefined ? { note: r.note } : {}), payPassword: input.payPassword }, meta, debit, newId());
    return { ...paid, receiptId: r.receiptId };
  });
