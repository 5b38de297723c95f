// The push notices of #16's leftovers: a withdrawn request reaches its target (so the inbox can
// drop it), a shake match reaches the earlier shaker; both fit their declared payloads.
import t from 'tap';
import { pushPayloads } from '../../contracts/push.js';
import { pushEventTypes, toPushMessages } from '../../projections/push/messages.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';

const ev = (type: string, data: Record<string, unknown>): StoredEvent => ({
  id: '00000000-0000-0000-0000-000000000000',
  streamId: 'relation-a-b',
  revision: 0,
  position: 1,
  type,
  data,
  metadata: { at: '2025-01-01T00:00:00.000Z' },
});
const sent = (e: StoredEvent) => toPushMessages(e).map((m) => [m.channel, m.type, m.data]);

t.test('given a withdrawn request, then its target hears friend.request withdrawn', async (t) => {
  t.same(sent(ev('FriendRequestWithdrawn', { requesterId: 'a', targetId: 'b' })), [['user:b', 'friend.request', { requesterId: 'a', targetId: 'b', status: 'withdrawn' }]]);
});

t.test('given a shake match, then the earlier shaker (the one matched) hears shake.match, and only they', async (t) => {
  t.same(sent(ev('ShakeMatched', { shakerId: 'b', matchedId: 'a', distance: 300 })), [['user:a', 'shake.match', { shakerId: 'b', matchedId: 'a', distance: 300 }]]);
});

t.test('both fit their payloads and the push projector reads both events', async (t) => {
  for (const e of [ev('FriendRequestWithdrawn', { requesterId: 'a', targetId: 'b' }), ev('ShakeMatched', { shakerId: 'b', matchedId: 'a', distance: 300 })]) {
    for (const m of toPushMessages(e)) t.ok(pushPayloads[m.type].safeParse(m.data).success, `${e.type} → ${m.type}`);
    t.ok(pushEventTypes.includes(e.type as never), `${e.type} is read by the push projector`);
  }
});
