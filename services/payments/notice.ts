// What every payment provider adapter turns a verified callback into: the provider-neutral
// notification the recharge flow settles (services/app/recharge.ts settleNotification), or a
// refusal. Adapters are pure apart from node:crypto: keys come in as arguments (from configuration),
// never from the environment, so tests sign with keys they generate.
import { createPublicKey, type KeyObject } from 'node:crypto';

export interface ProviderNotice {
  orderId: string;
  /** Minor units of the order's asset. */
  amount: number;
  providerTxId: string;
  status: 'success' | 'failed';
}

/** `notice: null`: authentic, but nothing to settle (a trade still waiting for the buyer). */
export type Verdict = { ok: true; notice: ProviderNotice | null } | { ok: false; reason: string };

export const refused = (reason: string): Verdict => ({ ok: false, reason });

/** A public key as PEM, or as the bare base64 DER (SPKI) some consoles hand out. */
export const publicKeyOf = (text: string): KeyObject =>
  text.includes('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });

/** "88.8" or "88.80" yuan → 8880 fen, exactly (no floats); null for anything else. */
export const fenOf = (yuan: string): number | null => {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
};
