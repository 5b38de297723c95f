// Guest claims (004 `/red-packet/receive`): a guest device reserves the next share under a mark;
// the packet keeps holding it until the device signs in (ClaimGuestShare, then the wallet's
// `guest_credit`) or the packet expires (the reservation goes back to the sender with the rest).
import { assetField } from '../assets.js';
import { fail } from '../errors.js';
import { PersistentMap } from '../persistent.js';
import { reached, requireId, requireText } from '../rules.js';
import { requireNewUser, requirePhrase } from './rules.js';
import type { ClaimGuestShare, Held, RedPacket, RedPacketEvent, RedPacketGuestClaimed, RedPacketGuestReserved, ReserveGuestShare } from './types.js';

export const MAX_MARK_LENGTH = 64;

const guestsOf = (h: Held) => h.guests ?? PersistentMap.empty();
const devicesOf = (h: Held) => h.devices ?? PersistentMap.empty<string>();

export const reserveGuestShare = (c: ReserveGuestShare, s: RedPacket): RedPacketEvent[] => {
  const { redPacketId, deviceId, mark } = c.data;
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such red packet', { redPacketId });
  if (!s.terms.guests) return fail('NOT_ELIGIBLE', 'this red packet is not open to guests');
  const held = devicesOf(s).get(deviceId);
  if (held !== undefined) return fail('ALREADY_GRABBED', 'this device already reserved a share of this red packet', { mark: held, amount: guestsOf(s).get(held)?.amount });
  if (guestsOf(s).get(mark) !== undefined) return fail('ALREADY_GRABBED', 'this mark already holds a share', { mark });
  if (s.status === 'expired' || reached(c.metadata, s.terms.expiresAt)) return fail('RED_PACKET_EXPIRED', 'this red packet has expired');
  const amount = s.terms.shares[s.next];
  if (s.status === 'empty' || amount === undefined) return fail('RED_PACKET_EMPTY', 'no shares left');
  requirePhrase(s.terms, c.data.phrase);
  requireId('deviceId', deviceId);
  requireText('mark', mark, { max: MAX_MARK_LENGTH });
  const data = { redPacketId: s.terms.redPacketId, mark, deviceId, ...assetField(s.terms.asset), amount, shareIndex: s.next };
  return [{ type: 'RedPacketGuestReserved', data: { ...data, remainingCount: s.terms.count - s.next - 1, remainingAmount: s.remainingAmount - amount } }];
};

export const claimGuestShare = (c: ClaimGuestShare, s: RedPacket): RedPacketEvent[] => {
  const { redPacketId, mark, deviceId, userId } = c.data;
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such red packet', { redPacketId });
  const share = guestsOf(s).get(mark);
  if (share === undefined || share.deviceId !== deviceId) return fail('RED_PACKET_MARK_INVALID', 'no share is reserved under this mark for this device', { mark });
  // A retried sign-in claims again: the first claim stands and nothing more moves.
  if (share.claimedBy === userId) return [];
  if (share.claimedBy !== undefined) return fail('RED_PACKET_MARK_INVALID', 'this share was already claimed', { mark });
  if (s.status === 'expired' || reached(c.metadata, s.terms.expiresAt)) return fail('RED_PACKET_EXPIRED', 'this red packet has expired');
  const already = s.grabs.get(userId);
  if (already !== undefined) return fail('ALREADY_GRABBED', 'you already grabbed this red packet', { amount: already });
  requireNewUser(s.terms, c.data.registeredAt);
  requireId('userId', userId);
  return [{ type: 'RedPacketGuestClaimed', data: { redPacketId: s.terms.redPacketId, mark, userId, ...assetField(s.terms.asset), amount: share.amount } }];
};

export const evolveReserved = (s: RedPacket, e: RedPacketGuestReserved): RedPacket => {
  if (s.status !== 'open') return s;
  const { mark, deviceId, amount, shareIndex, remainingAmount } = e.data;
  const held: Held = {
    terms: s.terms,
    grabs: s.grabs,
    next: shareIndex + 1,
    remainingAmount,
    guests: guestsOf(s).set(mark, { deviceId, amount }),
    devices: devicesOf(s).set(deviceId, mark),
    reservedAmount: (s.reservedAmount ?? 0) + amount,
  };
  return held.next >= s.terms.count ? { status: 'empty', ...held } : { status: 'open', ...held };
};

export const evolveClaimed = (s: RedPacket, e: RedPacketGuestClaimed): RedPacket => {
  if (s.status !== 'open' && s.status !== 'empty') return s;
  const share = guestsOf(s).get(e.data.mark);
  if (share === undefined) return s;
  return {
    ...s,
    grabs: s.grabs.set(e.data.userId, e.data.amount),
    guests: guestsOf(s).set(e.data.mark, { ...share, claimedBy: e.data.userId }),
    reservedAmount: (s.reservedAmount ?? 0) - e.data.amount,
  };
};
