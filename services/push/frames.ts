// Frame encoding for the push gateway: pure, no socket. A frame is encoded once and the same
// bytes go to every socket (or to the uWS topic), never re-encoded per listener.
import type { ControlFrame, MessageFrame, CoalescedGiftData } from '../../contracts/push.js';
import type { PushMessage } from '../../projections/push/store.js';

export const encode = (frame: MessageFrame | ControlFrame): Buffer => Buffer.from(JSON.stringify(frame));

const coalescedGifts = (msgs: readonly PushMessage[]): CoalescedGiftData => {
  const byKey = new Map<string, CoalescedGiftData['gifts'][number]>();
  let count = 0;
  let value = 0;
  for (const m of msgs) {
    if (m.type !== 'gift') continue; // only gifts are coalesced (hub/coalesce.ts)
    const d = m.data;
    const g = { giftId: d.giftId, fromUserId: d.fromUserId, toUserId: d.toUserId, count: d.count, value: d.value };
    count += g.count;
    value += g.value;
    const key = `${g.giftId}\u0000${g.fromUserId}\u0000${g.toUserId}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.count += g.count;
      seen.value += g.value;
    } else byKey.set(key, g);
  }
  return { coalesced: true, messages: msgs.length, count, value, gifts: [...byKey.values()] };
};

/** One frame for consecutive messages of one channel: the message itself, or a coalesced gift frame. */
export const encodeGroup = (msgs: readonly PushMessage[]): Buffer => {
  const first = msgs[0];
  const last = msgs.at(-1);
  if (!first || !last || msgs.length === 1) return encode(last ?? { op: 'pong' });
  return encode({ channel: last.channel, seq: last.seq, fromSeq: first.seq, type: 'gift', data: coalescedGifts(msgs), at: last.at });
};
