// A guest device's red-packet share by its mark (004 `/red-packet/entry`, `/register-entry`): the
// share that device reserved under the mark, claimed or not. Another device's mark, an unknown
// mark and (with `unclaimed`) a claimed one are RED_PACKET_MARK_INVALID: a mark is not a bearer
// token, the device that reserved it is the only one that may ask about it.
import { CodedError } from '../../domain/errors.js';
import { guestShareByMark, type GuestShareByMark } from '../../projections/redPacketGuests.js';
import type { Caller } from './caller.js';
import type { Core } from './core.js';

export const guestShareOfMark = async (core: Core, caller: Caller, input: { mark: string; unclaimed?: boolean }): Promise<GuestShareByMark> => {
  if (caller.kind !== 'guest') throw new CodedError('UNAUTHENTICATED', 'a guest device (its id) asks about its own marks');
  const share = await guestShareByMark(core.pool, caller.deviceId, input.mark);
  if (share === null || (input.unclaimed === true && share.claimedBy !== null)) throw new CodedError('RED_PACKET_MARK_INVALID', 'no share is reserved under this mark for this device', { mark: input.mark });
  return share;
};
