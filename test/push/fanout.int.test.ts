import t from 'tap';
import { Client, giftSent, range, startDatabase, startHarness, waitUntil } from './support.js';

t.test('push fan-out in a busy room', async (t) => {
  const db = await startDatabase();
  t.teardown(db.stop);

  t.test('given 400 connections in one room, when a gift is sent, then every one of them receives it once', async (t) => {
    const h = await startHarness({ db });
    t.teardown(h.stop);
    const clients: Client[] = [];
    t.teardown(() => clients.forEach((c) => c.close()));
    for (let i = 0; i < 400; i += 50) {
      const batch = await Promise.all(range(i, i + 49).map((n) => Client.connect(h.gateway.port, h.token(`viewer${n}`))));
      await Promise.all(batch.map((c) => c.subscribe('room:party')));
      clients.push(...batch);
    }
    t.equal(h.gateway.stats().connections, 400);
    await h.feed([giftSent('party', 'alice', 520)]);
    const received = await waitUntil(() => clients.every((c) => c.messages('room:party').length >= 1), 15_000);
    t.ok(received, 'all 400 got the gift');
    const frames = clients.map((c) => c.messages('room:party'));
    t.ok(frames.every((f) => f.length === 1 && f[0]?.seq === 1 && f[0]?.type === 'gift'), 'exactly one gift frame, seq 1, each');
    t.match(frames[0]?.[0], { data: { value: 520, fromUserId: 'alice', giftId: 'rose' } });
  });

  t.test('given coalescing per tick, when a burst of gifts lands, then fewer frames carry every seq and the same total; replay stays per message', async (t) => {
    const h = await startHarness({ db, coalesceMs: 50 });
    t.teardown(h.stop);
    const c = await Client.connect(h.gateway.port, h.token('viewer'));
    t.teardown(() => c.close());
    await c.subscribe('room:burst');
    // Three batches in one tick, then a member joining (not a gift: it flushes the queue first).
    for (let b = 0; b < 3; b++) await h.feed(range(1, 20).map((i) => giftSent('burst', i % 2 ? 'alice' : 'bob', i)));
    await h.feed([{ streamId: 'room-burst', type: 'RoomMemberJoined', data: { roomId: 'burst', userId: 'zed', onlineCount: 2 } }]);
    await h.feed(range(1, 5).map(() => giftSent('burst', 'alice', 100)));
    await c.waitFor((f) => f.channel === 'room:burst' && f.seq === 66);
    const frames = c.messages('room:burst');
    t.ok(frames.length < 66, `66 messages arrived in ${frames.length} frames`);
    t.same(c.seqs('room:burst'), range(1, 66), 'coalesced frames still account for every seq, in order');
    const member = frames.find((f) => f.type === 'room.member');
    t.match(member, { seq: 61, data: { action: 'joined', userId: 'zed' } });
    const value = frames
      .filter((f) => f.type === 'gift')
      .reduce((n, f) => n + Number((f.data as { value: number }).value), 0);
    t.equal(value, 3 * 210 + 500, 'the gift total is kept');
    const coalesced = frames.find((f) => f.fromSeq !== undefined);
    t.match(coalesced, { type: 'gift', data: { coalesced: true } });

    const late = await Client.connect(h.gateway.port, h.token('late'));
    t.teardown(() => late.close());
    await late.subscribe('room:burst', 0);
    await late.waitFor((f) => f.channel === 'room:burst' && f.seq === 66);
    t.equal(late.messages('room:burst').length, 66, 'a replay from the read store is one frame per message');
  });
});
