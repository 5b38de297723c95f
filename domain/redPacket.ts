// A red packet: cash split into shares when it is funded, handed out one share per grab.
// The sender's wallet debit (wallet RedPacketFunded) carries the whole intent; a process
// manager creates this stream from it. Shares are fixed at creation, so a grab is "take the
// next share" and the packet can never pay out more than it holds.
import type { Decider } from './aggregate.js';
import { assetField, assetOr, requireAsset } from './assets.js';
import { fail } from './errors.js';
import { PersistentMap } from './persistent.js';
import { claimGuestShare, evolveClaimed, evolveReserved, reserveGuestShare } from './redPacket/guests.js';
import { openersOf, requireOpener, requirePhrase, validateOpeners } from './redPacket/rules.js';
import type { ExpireRedPacket, GrabRedPacket, RedPacket, RedPacketCommand, RedPacketEvent, RedPacketTerms } from './redPacket/types.js';
import { reached, requireId, requirePositive, requireTime, safeAdd } from './rules.js';

export type * from './redPacket/types.js';
export { MAX_OPENERS, MAX_PHRASE_LENGTH } from './redPacket/rules.js';
export { MAX_MARK_LENGTH } from './redPacket/guests.js';

export const MAX_RED_PACKET_COUNT = 1000;
export const MAX_GREETING_LENGTH = 100;
/**
 * The largest lucky total: the service splits it with crypto.randomInt over total - 1 cut
 * points, and that range must stay below 2^48, so total ≤ 2^48 is what it can split exactly
 * (about 2.8 trillion in major units: no real packet). The HTTP contract has the same bound.
 */
export const MAX_LUCKY_TOTAL = 2 ** 48;

/** Every rule a set of shares must meet. Used by the wallet before it debits, and again here. */
export const validateRedPacketTerms = (t: RedPacketTerms): void => {
  requireId('redPacketId', t.redPacketId);
  requireId('senderId', t.senderId);
  requireId('target.id', t.target.id);
  requireAsset('asset', assetOr(t.asset));
  requirePositive('total', t.total);
  requireTime('expiresAt', t.expiresAt);
  if (!Number.isInteger(t.count) || t.count < 1 || t.count > MAX_RED_PACKET_COUNT) {
    fail('VALIDATION_FAILED', `count must be 1-${MAX_RED_PACKET_COUNT}`, { field: 'count', value: t.count });
  }
  if (t.target.type === 'user' && t.count !== 1) fail('VALIDATION_FAILED', 'a red packet for one user has one share', { field: 'count' });
  if (t.kind === 'lucky' && t.total > MAX_LUCKY_TOTAL) fail('VALIDATION_FAILED', `a lucky total is at most ${MAX_LUCKY_TOTAL}`, { field: 'total', max: MAX_LUCKY_TOTAL });
  if (t.kind === 'lucky' && t.total < t.count) fail('TOTAL_TOO_SMALL', 'every share needs at least 1', { total: t.total, count: t.count });
  if (t.shares.length !== t.count) fail('VALIDATION_FAILED', 'shares must have count entries', { field: 'shares' });
  let sum = 0;
  for (const share of t.shares) sum = safeAdd('shares', sum, requirePositive('shares[]', share));
  if (sum !== t.total) fail('VALIDATION_FAILED', 'shares must add up to total', { field: 'shares', sum, total: t.total });
  if (t.kind === 'fixed' && t.shares.some((s) => s !== t.shares[0])) fail('VALIDATION_FAILED', 'a fixed red packet has equal shares', { field: 'shares' });
  validateOpeners(t);
};

/** Copies only the terms, so a command built from a wider event (the wallet's) stores no extras. */
export const redPacketTerms = (t: RedPacketTerms): RedPacketTerms => {
  const terms: RedPacketTerms = {
    redPacketId: t.redPacketId,
    senderId: t.senderId,
    kind: t.kind,
    ...assetField(t.asset),
    total: t.total,
    count: t.count,
    shares: [...t.shares],
    target: { type: t.target.type, id: t.target.id },
    expiresAt: t.expiresAt,
    ...openersOf(t),
  };
  if (t.greeting !== undefined) terms.greeting = t.greeting;
  return terms;
};

export const initialState = (): RedPacket => ({ status: 'absent' });

export const evolve = (s: RedPacket, e: RedPacketEvent): RedPacket => {
  switch (e.type) {
    case 'RedPacketCreated':
      if (s.status !== 'absent') return s;
      return { status: 'open', terms: e.data, grabs: PersistentMap.empty(), next: 0, remainingAmount: e.data.total };
    case 'RedPacketGrabbed': {
      if (s.status !== 'open') return s;
      const grabs = s.grabs.set(e.data.userId, e.data.amount);
      const held = { terms: s.terms, grabs, next: e.data.shareIndex + 1, remainingAmount: e.data.remainingAmount };
      return held.next >= s.terms.count ? { status: 'empty', ...held } : { status: 'open', ...held };
    }
    case 'RedPacketExpired':
      if (s.status !== 'open' && s.status !== 'empty') return s;
      return { ...s, status: 'expired', refundAmount: e.data.refundAmount, reservedAmount: 0 };
    case 'RedPacketGuestReserved':
      return evolveReserved(s, e);
    case 'RedPacketGuestClaimed':
      return evolveClaimed(s, e);
    default:
      return s;
  }
};

const grab = (c: GrabRedPacket, s: RedPacket): RedPacketEvent[] => {
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such red packet', { redPacketId: c.data.redPacketId });
  if (!c.data.eligible) return fail('NOT_ELIGIBLE', 'this red packet is not for you');
  requireOpener(s.terms, c.data.userId, c.data.registeredAt);
  const already = s.grabs.get(c.data.userId);
  if (already !== undefined) return fail('ALREADY_GRABBED', 'you already grabbed this red packet', { amount: already });
  if (s.status === 'expired' || reached(c.metadata, s.terms.expiresAt)) return fail('RED_PACKET_EXPIRED', 'this red packet has expired');
  const amount = s.terms.shares[s.next];
  if (s.status === 'empty' || amount === undefined) return fail('RED_PACKET_EMPTY', 'no shares left');
  requirePhrase(s.terms, c.data.phrase);
  requireId('userId', c.data.userId);
  return [
    {
      type: 'RedPacketGrabbed',
      data: {
        redPacketId: s.terms.redPacketId,
        userId: c.data.userId,
        ...assetField(s.terms.asset),
        amount,
        shareIndex: s.next,
        remainingCount: s.terms.count - s.next - 1,
        remainingAmount: s.remainingAmount - amount,
      },
    },
  ];
};

const expire = (c: ExpireRedPacket, s: RedPacket): RedPacketEvent[] => {
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such red packet', { redPacketId: c.data.redPacketId });
  // Expiry is idempotent: early, repeated, or with nothing held (every share grabbed and claimed), it changes nothing.
  if (s.status === 'expired' || !reached(c.metadata, s.terms.expiresAt)) return [];
  const reservedAmount = s.reservedAmount ?? 0;
  const refundAmount = s.remainingAmount + reservedAmount;
  if (refundAmount <= 0) return [];
  const data = { redPacketId: s.terms.redPacketId, senderId: s.terms.senderId, ...assetField(s.terms.asset), refundAmount, remainingCount: s.terms.count - s.next };
  return [{ type: 'RedPacketExpired', data: reservedAmount > 0 ? { ...data, reservedAmount } : data }];
};

export const decide = (c: RedPacketCommand, s: RedPacket): RedPacketEvent[] => {
  switch (c.type) {
    case 'CreateRedPacket':
      // Created by a process manager from the funding event; a second creation is a redelivery.
      if (s.status !== 'absent') return [];
      validateRedPacketTerms(c.data);
      return [{ type: 'RedPacketCreated', data: redPacketTerms(c.data) }];
    case 'GrabRedPacket':
      return grab(c, s);
    case 'ExpireRedPacket':
      return expire(c, s);
    case 'ReserveGuestShare':
      return reserveGuestShare(c, s);
    case 'ClaimGuestShare':
      return claimGuestShare(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const redPacketStream = (redPacketId: string): string => `red-packet-${redPacketId}`;

export const redPacketDecider: Decider<RedPacket, RedPacketCommand, RedPacketEvent> = { initialState, evolve, decide };
