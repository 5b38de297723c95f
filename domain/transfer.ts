// A person-to-person transfer, after the sender's wallet was debited (wallet TransferSent).
// The transfer decides who gets the money: the recipient on accept, the sender on reject or at
// expiry. Process managers move the money according to the event. An instant payment (pay at
// once, a QR receipt) is a transfer created and accepted in one decision: no accept step.
import type { CommandMetadata, Decider } from './aggregate.js';
import { assetField, requireAsset, type Asset } from './assets.js';
import { fail } from './errors.js';
import { actor, reached, requireId, requirePositive, requireTime } from './rules.js';

/**
 * `asset` is absent for cash (every transfer before assets existed); `instant` only when true;
 * `groupId` when it was sent in a group's conversation to a member (both members when sent).
 */
export type TransferTerms = { transferId: string; fromUserId: string; toUserId: string; asset?: Asset; amount: number; note?: string; expiresAt: string; instant?: true; groupId?: string };
/** What a settlement event says, so the process manager credits (and the card finds its conversation) without reading the stream. */
type Settlement = { transferId: string; fromUserId: string; toUserId: string; asset?: Asset; amount: number; groupId?: string };

export type TransferCreated = { type: 'TransferCreated'; data: TransferTerms };
export type TransferAccepted = { type: 'TransferAccepted'; data: Settlement };
/** The recipient refused it; the API calls this status "returned". */
export type TransferReturned = { type: 'TransferReturned'; data: Settlement };
export type TransferExpired = { type: 'TransferExpired'; data: Settlement };
export type TransferEvent = TransferCreated | TransferAccepted | TransferReturned | TransferExpired;

export type CreateTransfer = { type: 'CreateTransfer'; data: TransferTerms; metadata: CommandMetadata };
/** The acting user (metadata.userId) must be the recipient. */
export type AcceptTransfer = { type: 'AcceptTransfer'; data: { transferId: string }; metadata: CommandMetadata };
export type RejectTransfer = { type: 'RejectTransfer'; data: { transferId: string }; metadata: CommandMetadata };
export type ExpireTransfer = { type: 'ExpireTransfer'; data: { transferId: string }; metadata: CommandMetadata };
export type TransferCommand = CreateTransfer | AcceptTransfer | RejectTransfer | ExpireTransfer;

export type TransferStatus = 'pending' | 'accepted' | 'returned' | 'expired';
export type Transfer = { status: 'absent' } | ({ status: TransferStatus } & TransferTerms);

export const initialState = (): Transfer => ({ status: 'absent' });

export const evolve = (s: Transfer, e: TransferEvent): Transfer => {
  switch (e.type) {
    case 'TransferCreated':
      return s.status === 'absent' ? { status: 'pending', ...e.data } : s;
    case 'TransferAccepted':
      return s.status === 'pending' ? { ...s, status: 'accepted' } : s;
    case 'TransferReturned':
      return s.status === 'pending' ? { ...s, status: 'returned' } : s;
    case 'TransferExpired':
      return s.status === 'pending' ? { ...s, status: 'expired' } : s;
    default:
      return s;
  }
};

const settlement = (t: TransferTerms): Settlement => ({
  transferId: t.transferId,
  fromUserId: t.fromUserId,
  toUserId: t.toUserId,
  ...assetField(t.asset),
  amount: t.amount,
  ...(t.groupId !== undefined ? { groupId: t.groupId } : {}),
});

/** Accept and reject: the recipient only, and only while pending and before expiry. */
const settleByRecipient = (c: AcceptTransfer | RejectTransfer, s: Transfer): Settlement => {
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such transfer', { transferId: c.data.transferId });
  if (actor(c.metadata) !== s.toUserId) return fail('FORBIDDEN', 'only the recipient may settle a transfer');
  // Past expiresAt the transfer is due back to the sender even if the timer has not fired yet.
  if (s.status !== 'pending' || reached(c.metadata, s.expiresAt)) return fail('TRANSFER_SETTLED', 'this transfer is already settled', { status: s.status });
  return settlement(s);
};

const create = (c: CreateTransfer, s: Transfer): TransferEvent[] => {
  // Created by a process manager from the sender's debit; a second creation is a redelivery.
  if (s.status !== 'absent') return [];
  const d = c.data;
  requireId('transferId', d.transferId);
  requireId('fromUserId', d.fromUserId);
  requireId('toUserId', d.toUserId);
  requirePositive('amount', d.amount);
  requireTime('expiresAt', d.expiresAt);
  if (d.asset !== undefined) requireAsset('asset', d.asset);
  if (d.fromUserId === d.toUserId) fail('SELF_TRANSFER', 'you cannot transfer to yourself');
  const terms: TransferTerms = { transferId: d.transferId, fromUserId: d.fromUserId, toUserId: d.toUserId, ...assetField(d.asset), amount: d.amount, expiresAt: d.expiresAt };
  if (d.note !== undefined) terms.note = d.note;
  if (d.groupId !== undefined) terms.groupId = requireId('groupId', d.groupId);
  if (!d.instant) return [{ type: 'TransferCreated', data: terms }];
  // Paid at once: the payer chose the recipient and nobody needs to accept.
  return [
    { type: 'TransferCreated', data: { ...terms, instant: true } },
    { type: 'TransferAccepted', data: settlement(terms) },
  ];
};

export const decide = (c: TransferCommand, s: Transfer): TransferEvent[] => {
  switch (c.type) {
    case 'CreateTransfer':
      return create(c, s);
    case 'AcceptTransfer':
      return [{ type: 'TransferAccepted', data: settleByRecipient(c, s) }];
    case 'RejectTransfer':
      return [{ type: 'TransferReturned', data: settleByRecipient(c, s) }];
    case 'ExpireTransfer':
      if (s.status === 'absent') return fail('NOT_FOUND', 'no such transfer', { transferId: c.data.transferId });
      // Idempotent: an early, repeated or post-settlement expiry changes nothing.
      if (s.status !== 'pending' || !reached(c.metadata, s.expiresAt)) return [];
      return [{ type: 'TransferExpired', data: settlement(s) }];
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const transferStream = (transferId: string): string => `transfer-${transferId}`;

export const transferDecider: Decider<Transfer, TransferCommand, TransferEvent> = { initialState, evolve, decide };
