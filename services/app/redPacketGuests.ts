// Guest claims (004 `/red-packet/receive`, `/entry`, `/register-entry`): a guest device (caller
// kind `guest`, X-Device-Id) reserves the next share of a packet open to guests under a mark;
// when that device signs in or registers, the sign-in use case calls creditGuestClaims and each
// reservation is claimed for the account and credited (`guest_credit`). Unclaimed at the
// packet's expiry, a reservation goes back to the sender with the rest.
import { CodedError, isDomainError } from '../../domain/errors.js';
import { redPacketDecider, redPacketStream } from '../../domain/redPacket.js';
import { assetOr } from '../../domain/assets.js';
import { unclaimedSharesOf } from '../../projections/redPacketGuests.js';
import { derivedCommandId } from '../shared/ids.js';
import { notFound } from './access.js';
import type { Caller } from './caller.js';
import { runCommand, systemMetadata, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { runWallet } from './follow.js';
import { creditGuestClaim } from './reactions.js';
import { registeredAt, termsOf } from './redPacketOpeners.js';
import { eventOf, settled } from './results.js';

export interface ReserveGuestShareInput {
  redPacketId: string;
  /** The device's own mark for the share (a UUID its page made); one is made when absent. */
  mark?: string | undefined;
  phrase?: string | undefined;
}

const requireGuest = (caller: Caller): string => {
  if (caller.kind === 'guest') return caller.deviceId;
  if (caller.kind === 'user') throw new CodedError('FORBIDDEN', 'a signed-in user grabs the packet (POST /v1/red-packets/:id/grab)');
  throw new CodedError('UNAUTHENTICATED', 'send X-Device-Id (a guest) or sign in');
};

export const reserveGuestShare = (core: Core, caller: Caller, input: ReserveGuestShareInput, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'reserveGuestShare', input, opts, async ({ meta, newId }) => {
    const deviceId = requireGuest(caller);
    const id = input.redPacketId;
    const terms = await termsOf(core, id);
    if (!terms) throw notFound('red packet', { redPacketId: id });
    const mark = input.mark ?? newId();
    const data = { redPacketId: id, deviceId, mark, ...(input.phrase !== undefined ? { phrase: input.phrase } : {}) };
    const r = await core.bus.handle(redPacketDecider, redPacketStream(id), { type: 'ReserveGuestShare', data, metadata: meta });
    const reserved = eventOf(r, 'RedPacketGuestReserved');
    // Sign-in reads the reservation from the read model: it must be there before the guest hears of it.
    await settled(core, r);
    const { amount, remainingCount } = reserved.data;
    return { redPacketId: id, mark, asset: assetOr(terms.asset), amount, count: terms.count, remainingCount, expiresAt: terms.expiresAt };
  });

export interface GuestCredit {
  redPacketId: string;
  mark: string;
  asset: string;
  amount: number;
}

/**
 * Claims and credits every share this device reserved and nobody claimed, for `userId`. Called by
 * the sign-in use cases; never fails a sign-in: a share that cannot be claimed (already grabbed
 * by this user, not a new user, expired) stays with the packet and goes back to the sender at
 * its expiry. Exactly once: the claim's command id derives from (packet, mark, user) and the
 * packet refuses a second claimer, a repeated claim decides nothing, and the credit's command id
 * derives from the claim event (the process manager finishes it after a crash).
 */
export const creditGuestClaims = async (core: Core, userId: string, deviceId: string): Promise<GuestCredit[]> => {
  const credited: GuestCredit[] = [];
  for (const share of await unclaimedSharesOf(core.pool, deviceId, core.clock())) {
    try {
      const terms = await termsOf(core, share.redPacketId);
      if (!terms) continue;
      const data = { redPacketId: share.redPacketId, mark: share.mark, deviceId, userId, ...(await registeredAt(core, terms, userId)) };
      const meta = systemMetadata(core, derivedCommandId(`${share.redPacketId}/${share.mark}`, `guest-claim:${userId}`));
      const r = await core.bus.handle(redPacketDecider, redPacketStream(share.redPacketId), { type: 'ClaimGuestShare', data, metadata: meta });
      const claimed = r.events.find((e) => e.type === 'RedPacketGuestClaimed');
      if (!claimed || claimed.type !== 'RedPacketGuestClaimed') continue;
      const credit = await runWallet(core.bus, creditGuestClaim(claimed));
      await settled(core, r, credit);
      credited.push(share);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      core.log.info({ redPacketId: share.redPacketId, mark: share.mark, userId, code: err.code }, 'guest share not claimed');
    }
  }
  return credited;
};

/** The sign-in use cases' one call: a request from a guest device (X-Device-Id) credits what that device reserved. */
export const creditGuestDevice = async (core: Core, caller: Caller, userId: string): Promise<GuestCredit[]> =>
  caller.kind === 'guest' ? creditGuestClaims(core, userId, caller.deviceId) : [];
