// A due timer becomes its expiry command; the aggregate ignores one that no longer applies, and
// the command id derives from the timer, so a timer that fires twice acts once.
import { groupDecider, groupStream } from '../../domain/group.js';
import { aaDecider, aaStream } from '../../domain/aaCollection.js';
import { redPacketDecider, redPacketStream } from '../../domain/redPacket.js';
import { transferDecider, transferStream } from '../../domain/transfer.js';
import { inboxDecider, inboxStream } from '../../domain/inbox.js';
import type { Core } from './core.js';
import { follow } from './follow.js';

export interface DueTimer {
  timerId: string;
  dueAt: Date;
  kind: string;
  payload: Record<string, unknown>;
  causeEventId: string;
}

const idIn = (payload: Record<string, unknown>, field: string): string => {
  const v = payload[field];
  if (typeof v !== 'string' || v.length === 0) throw new Error(`timer payload lacks ${field}`);
  return v;
};

/** Uses the bus and the clock only, so a simulation (services/sim) fires the real thing. */
export const fireTimer = async (core: Pick<Core, 'bus' | 'clock'>, t: DueTimer): Promise<void> => {
  // The command's time is the later of due time and now, so `reached(expiresAt)` holds.
  const at = new Date(Math.max(core.clock().getTime(), t.dueAt.getTime())).toISOString();
  const metadata = { commandId: `timer:${t.timerId}`, causationId: t.causeEventId, at };
  switch (t.kind) {
    case 'red_packet_expiry': {
      const redPacketId = idIn(t.payload, 'redPacketId');
      const r = await core.bus.handle(redPacketDecider, redPacketStream(redPacketId), { type: 'ExpireRedPacket', data: { redPacketId }, metadata });
      // The refund follows at once; the process manager would run it too (once, by its id).
      for (const e of r.events) await follow(core.bus, e);
      return;
    }
    case 'transfer_expiry': {
      const transferId = idIn(t.payload, 'transferId');
      const r = await core.bus.handle(transferDecider, transferStream(transferId), { type: 'ExpireTransfer', data: { transferId }, metadata });
      for (const e of r.events) await follow(core.bus, e);
      return;
    }
    case 'reminder': {
      const userId = idIn(t.payload, 'userId');
      await core.bus.handle(inboxDecider, inboxStream(userId), { type: 'FireReminder', data: { userId, reminderId: idIn(t.payload, 'reminderId') }, metadata });
      return;
    }
    case 'group_level_expiry': {
      const groupId = idIn(t.payload, 'groupId');
      const term = Number(idIn(t.payload, 'term'));
      await core.bus.handle(groupDecider, groupStream(groupId), { type: 'ExpireGroupLevel', data: { groupId, term }, metadata });
      return;
    }
    case 'aa_expiry': {
      // Nothing to move: the collection never holds money; later payments are refused from now.
      const aaId = idIn(t.payload, 'aaId');
      await core.bus.handle(aaDecider, aaStream(aaId), { type: 'ExpireAaCollection', data: { aaId }, metadata });
      return;
    }
    default:
      throw new Error(`no handler for timer kind ${t.kind}`);
  }
};
