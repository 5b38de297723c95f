// An AA collection ("split the bill"): a payee asks up to 50 people for the same share each,
// until an expiry. The collection holds no money: each payment debits the payer's wallet first
// (wallet AaSharePaid, the stream that keeps balances whole), then the collection records it and
// the payee is credited, or refuses it (already paid, finished, expired) and the payer is refunded.
// A refusal is an event, not an error: the money already moved and must come back, on record.
import type { CommandMetadata, Decider } from './aggregate.js';
import { requireAsset, type Asset } from './assets.js';
import { fail } from './errors.js';
import { actor, reached, requireId, requirePositive, requireText, requireTime, safeMultiply } from './rules.js';

export const MAX_AA_PAYERS = 50;
export const MAX_AA_NOTE_LENGTH = 200;

/** Who may pay: one user, or the members of a group (checked by the service when they pay). */
export type AaTarget = { type: 'user' | 'group'; id: string };
export type AaTerms = {
  aaId: string;
  payeeId: string;
  asset: Asset;
  /** Each payer's share, in minor units of `asset`. */
  amountEach: number;
  /** How many shares: at most MAX_AA_PAYERS; a user target has one. */
  count: number;
  target: AaTarget;
  note?: string;
  startedAt: string;
  expiresAt: string;
};

export type AaRefusal = 'already_paid' | 'finished' | 'expired' | 'not_eligible' | 'amount_mismatch' | 'not_found';

export type AaCollectionStarted = { type: 'AaCollectionStarted'; data: AaTerms };
export type AaPaymentRecorded = {
  type: 'AaPaymentRecorded';
  data: { aaId: string; payerId: string; payeeId: string; asset: Asset; amount: number; paidCount: number; remainingCount: number; paidAt: string };
};
/** The share goes back to the payer (wallet AaShareRefunded). */
export type AaPaymentRefused = { type: 'AaPaymentRefused'; data: { aaId: string; payerId: string; asset: Asset; amount: number; reason: AaRefusal } };
/** Every share paid: emitted with the last AaPaymentRecorded. */
export type AaCollectionFinished = { type: 'AaCollectionFinished'; data: { aaId: string; payeeId: string; asset: Asset; paidCount: number; total: number } };
/** Expired with shares unpaid: no money moves (the collection never holds any), later payments are refused. */
export type AaCollectionExpired = { type: 'AaCollectionExpired'; data: { aaId: string; payeeId: string; paidCount: number; remainingCount: number } };
export type AaEvent = AaCollectionStarted | AaPaymentRecorded | AaPaymentRefused | AaCollectionFinished | AaCollectionExpired;

/** The payee (metadata.userId) starts it; `startedAt` is the command's time. */
export type StartAaCollection = { type: 'StartAaCollection'; data: Omit<AaTerms, 'startedAt'>; metadata: CommandMetadata };
/** From the payer's debit (wallet AaSharePaid), by the process step: never refused, only recorded or refused as an event. */
export type RecordAaPayment = { type: 'RecordAaPayment'; data: { aaId: string; payerId: string; asset: Asset; amount: number }; metadata: CommandMetadata };
export type ExpireAaCollection = { type: 'ExpireAaCollection'; data: { aaId: string }; metadata: CommandMetadata };
export type AaCommand = StartAaCollection | RecordAaPayment | ExpireAaCollection;

export type AaPayment = { payerId: string; amount: number; paidAt: string };
type Held = { terms: AaTerms; payments: readonly AaPayment[] };
export type AaCollection = { status: 'absent' } | ({ status: 'open' | 'finished' | 'expired' } & Held);

export const initialState = (): AaCollection => ({ status: 'absent' });

export const evolve = (s: AaCollection, e: AaEvent): AaCollection => {
  switch (e.type) {
    case 'AaCollectionStarted':
      return s.status === 'absent' ? { status: 'open', terms: e.data, payments: [] } : s;
    case 'AaPaymentRecorded':
      if (s.status !== 'open') return s;
      return { ...s, payments: [...s.payments, { payerId: e.data.payerId, amount: e.data.amount, paidAt: e.data.paidAt }] };
    case 'AaCollectionFinished':
      return s.status === 'open' ? { ...s, status: 'finished' } : s;
    case 'AaCollectionExpired':
      return s.status === 'open' ? { ...s, status: 'expired' } : s;
    case 'AaPaymentRefused':
      return s;
    default:
      return s;
  }
};

export const hasPaid = (s: AaCollection, userId: string): boolean => s.status !== 'absent' && s.payments.some((p) => p.payerId === userId);

/** Why a payment cannot be recorded now, or null when it can. The service asks the same before it debits. */
export const refusalOf = (s: AaCollection, payerId: string, amount: number, metadata: CommandMetadata): AaRefusal | null => {
  if (s.status === 'absent') return 'not_found';
  const t = s.terms;
  if (payerId === t.payeeId || (t.target.type === 'user' && t.target.id !== payerId)) return 'not_eligible';
  if (hasPaid(s, payerId)) return 'already_paid';
  if (s.status === 'finished') return 'finished';
  if (s.status === 'expired' || reached(metadata, t.expiresAt)) return 'expired';
  if (amount !== t.amountEach) return 'amount_mismatch';
  return null;
};

const start = (c: StartAaCollection, s: AaCollection): AaEvent[] => {
  if (s.status !== 'absent') return fail('CONFLICT', 'this collection already exists', { aaId: c.data.aaId });
  const d = c.data;
  if (actor(c.metadata) !== d.payeeId) fail('FORBIDDEN', 'a collection is started by its payee');
  if (!Number.isInteger(d.count) || d.count < 1 || d.count > MAX_AA_PAYERS) fail('VALIDATION_FAILED', `count must be 1-${MAX_AA_PAYERS}`, { field: 'count', value: d.count });
  if (d.target.type === 'user' && d.count !== 1) fail('VALIDATION_FAILED', 'a collection from one user has one share', { field: 'count' });
  if (d.target.type === 'user' && d.target.id === d.payeeId) fail('NOT_ELIGIBLE', 'you cannot collect from yourself');
  safeMultiply('total', requirePositive('amountEach', d.amountEach), d.count);
  if (reached(c.metadata, requireTime('expiresAt', d.expiresAt))) fail('VALIDATION_FAILED', 'expiresAt must be in the future', { field: 'expiresAt' });
  const terms: AaTerms = {
    aaId: requireId('aaId', d.aaId),
    payeeId: requireId('payeeId', d.payeeId),
    asset: requireAsset('asset', d.asset),
    amountEach: d.amountEach,
    count: d.count,
    target: { type: d.target.type, id: requireId('target.id', d.target.id) },
    startedAt: c.metadata.at,
    expiresAt: d.expiresAt,
  };
  if (d.note !== undefined) terms.note = requireText('note', d.note, { max: MAX_AA_NOTE_LENGTH, multiline: true, blank: true });
  return [{ type: 'AaCollectionStarted', data: terms }];
};

const record = (c: RecordAaPayment, s: AaCollection): AaEvent[] => {
  const { aaId, payerId, asset, amount } = c.data;
  const refusal = refusalOf(s, payerId, amount, c.metadata) ?? (s.status !== 'absent' && asset !== s.terms.asset ? 'amount_mismatch' : null);
  if (refusal !== null || s.status === 'absent') return [{ type: 'AaPaymentRefused', data: { aaId, payerId, asset, amount, reason: refusal ?? 'not_found' } }];
  const t = s.terms;
  const paidCount = s.payments.length + 1;
  const events: AaEvent[] = [
    { type: 'AaPaymentRecorded', data: { aaId, payerId, payeeId: t.payeeId, asset, amount, paidCount, remainingCount: t.count - paidCount, paidAt: c.metadata.at } },
  ];
  if (paidCount === t.count) events.push({ type: 'AaCollectionFinished', data: { aaId, payeeId: t.payeeId, asset, paidCount, total: t.amountEach * t.count } });
  return events;
};

export const decide = (c: AaCommand, s: AaCollection): AaEvent[] => {
  switch (c.type) {
    case 'StartAaCollection':
      return start(c, s);
    case 'RecordAaPayment':
      return record(c, s);
    case 'ExpireAaCollection':
      if (s.status === 'absent') return fail('NOT_FOUND', 'no such collection', { aaId: c.data.aaId });
      // Idempotent: early, repeated or after the last share, it changes nothing.
      if (s.status !== 'open' || !reached(c.metadata, s.terms.expiresAt)) return [];
      return [{ type: 'AaCollectionExpired', data: { aaId: s.terms.aaId, payeeId: s.terms.payeeId, paidCount: s.payments.length, remainingCount: s.terms.count - s.payments.length } }];
    default: {
      const never: never = c;
      return never;
    }
  }
};

export const aaStream = (aaId: string): string => `aa-${aaId}`;

export const aaDecider: Decider<AaCollection, AaCommand, AaEvent> = { initialState, evolve, decide };
