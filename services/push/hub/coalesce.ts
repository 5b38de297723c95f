// Busy rooms coalesce gift effects per tick: consecutive gift messages of a room channel wait up
// to coalesceMs and go out as one frame (encodeGroup), still standing for every seq they cover.
// Anything else goes out at once, after whatever its channel has queued (seq order holds).
import type { PushMessage } from '../../../projections/push/store.js';

const MAX_QUEUE = 1000;

/** Which messages may wait to be merged: gifts in rooms (the one busy, merge-friendly kind). */
const coalescible = (m: PushMessage) => m.type === 'gift' && m.channel.startsWith('room:');

export const coalescer = (coalesceMs: number, fanOut: (channel: string, msgs: readonly PushMessage[]) => void) => {
  const queues = new Map<string, PushMessage[]>();
  let timer: NodeJS.Timeout | null = null;

  const flush = (channel: string) => {
    const q = queues.get(channel);
    if (!q) return;
    queues.delete(channel);
    fanOut(channel, q);
  };
  const flushAll = () => {
    timer = null;
    for (const channel of [...queues.keys()]) flush(channel);
  };

  return {
    publish(m: PushMessage) {
      if (coalesceMs > 0 && coalescible(m)) {
        const q = queues.get(m.channel);
        const tail = q?.at(-1);
        // A coalesced frame must stand for consecutive seqs; anything else goes out as it is.
        if (q && tail && m.seq === tail.seq + 1 && q.length < MAX_QUEUE) q.push(m);
        else {
          flush(m.channel);
          queues.set(m.channel, [m]);
        }
        timer ??= setTimeout(flushAll, coalesceMs);
        return;
      }
      flush(m.channel); // keep seq order with gifts still queued
      fanOut(m.channel, [m]);
    },
    /** Anything queued for a channel goes out now (before a revocation, say). */
    flush,
    close() {
      if (timer) clearTimeout(timer);
      queues.clear();
    },
  };
};
