import t from 'tap';
import { randomUUID } from 'node:crypto';
import { Client, giftSent, quietLog, range, startHarness } from './support.js';
import { pushProjector } from '../../services/push/projector.js';
import { createPostgresEventStore } from '../../services/shared/event-store/postgres.js';
import { createStoreEventSource } from '../../services/shared/event-source/store.js';

t.test('push ordering and persistence', async (t) => {
  const h = await startHarness();
  t.teardown(h.stop);

  t.test('given a subscriber, when 200 gifts arrive in batches, then it gets seq 1..200 once each, in order, each stored first', async (t) => {
    const c = await Client.connect(h.gateway.port, h.token('viewer'));
    t.teardown(() => c.close());
    t.match(await c.subscribe('room:order'), { op: 'subscribed', seq: 0 });
    for (let b = 0; b < 20; b++) await h.feed(range(1, 10).map(() => giftSent('order', 'alice', b + 1)));
    await c.waitFor((f) => f.channel === 'room:order' && f.seq === 200);
    t.same(c.seqs('room:order'), range(1, 200));
    const stored = await h.pool.query<{ seq: number }>("select seq from push_messages where channel = 'room:order' order by seq");
    t.same(stored.rows.map((r) => r.seq), range(1, 200));
    const total = c.messages('room:order').reduce((n, f) => n + Number((f.data as { value: number }).value), 0);
    t.equal(total, 10 * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18 + 19 + 20));
  });

  t.test('given a batch redelivered after commit, when handled again, then no message is stored or pushed twice', async (t) => {
    const c = await Client.connect(h.gateway.port, h.token('viewer'));
    t.teardown(() => c.close());
    await c.subscribe('room:redeliver');
    const at = new Date().toISOString();
    const events = [giftSent('redeliver', 'alice', 1, at), giftSent('redeliver', 'bob', 2, at)].map((e, i) => ({
      id: randomUUID(),
      streamId: `${e.streamId}-x${i}`,
      revision: 0,
      position: 1_000_000 + i,
      type: e.type,
      data: e.data,
      metadata: { at },
    }));
    await h.projector.handle({ partition: 'all', events });
    await h.projector.handle({ partition: 'all', events });
    await c.waitFor((f) => f.channel === 'room:redeliver' && f.seq === 2);
    const n = await h.pool.query("select count(*)::int as n from push_messages where channel = 'room:redeliver'");
    t.equal(n.rows[0].n, 2);
    t.same(c.seqs('room:redeliver'), [1, 2]);
  });

  t.test('given two instances on one checkpoint, when they take turns (each remembering a checkpoint the other moved), then every message is stored and announced once, in seq order', async (t) => {
    const published: number[] = [];
    const instance = () =>
      pushProjector({ pool: h.pool, publish: (m) => void (m.channel === 'room:pair' && published.push(m.seq)), historyLimit: 1000, log: quietLog, name: 'projection:push_pair' });
    const [first, second] = [instance(), instance()];
    const at = new Date().toISOString();
    let position = 2_000_000;
    const batch = (n: number) => ({
      partition: 'all',
      events: range(1, n).map((i) => {
        const e = giftSent('pair', 'alice', i, at);
        return { id: randomUUID(), streamId: `${e.streamId}-p${position}`, revision: 0, position: position++, type: e.type, data: e.data, metadata: { at } };
      }),
    });
    const [a, b, c, d] = [batch(3), batch(2), batch(4), batch(1)];
    await first.handle(a); // reads the checkpoint, then remembers it
    await second.handle(b); // moves it past the first's memory
    await first.handle(b); // the same batch again: by its memory new, by the checkpoint done; skipped
    await first.handle(c);
    await second.handle(d); // its memory (after b) is stale too
    await second.handle(c); // and c is already applied
    const stored = await h.pool.query<{ seq: number }>("select seq from push_messages where channel = 'room:pair' order by seq");
    t.same(stored.rows.map((r) => r.seq), range(1, 10), 'ten messages, seqs 1..10, none twice');
    t.same(published, range(1, 10), 'announced once each, in order');
    const checkpoint = await h.pool.query("select position::int as p from consumer_checkpoints where name = 'projection:push_pair'");
    t.equal(checkpoint.rows[0].p, position - 1);
  });

  t.test('given the event store and its EventSource, when events are appended, then the consumer port feeds push end to end', async (t) => {
    const store = createPostgresEventStore({ connectionString: h.db.url, pool: h.pool });
    // Its own checkpoint: the synthetic positions fed above are not this store's positions.
    const projector = pushProjector({ pool: h.pool, publish: h.gateway.publish, historyLimit: 1000, log: quietLog, name: 'projection:push_e2e' });
    const running = await createStoreEventSource(store).start(projector);
    t.teardown(() => running.stop());
    const bob = await Client.connect(h.gateway.port, h.token('bob'));
    t.teardown(() => bob.close());
    await bob.subscribe('user:bob');
    await bob.subscribe('room:live');
    const at = new Date().toISOString();
    const meta = { at };
    await store.append('room-live', [{ id: randomUUID(), type: 'RoomMemberJoined', data: { roomId: 'live', userId: 'bob', onlineCount: 1 }, metadata: meta }], {
      expectedRevision: 'any',
    });
    await store.append(
      'transfer-t1',
      [{ id: randomUUID(), type: 'TransferCreated', data: { transferId: 't1', fromUserId: 'alice', toUserId: 'bob', amount: 5, expiresAt: at }, metadata: meta }],
      { expectedRevision: 'any' },
    );
    const gift = giftSent('live', 'bob', 7);
    await store.append(gift.streamId, [{ id: randomUUID(), type: gift.type, data: gift.data, metadata: meta }], { expectedRevision: 'any' });
    const member = await bob.waitFor((f) => f.channel === 'room:live' && f.type === 'room.member');
    t.match(member, { seq: 1, data: { action: 'joined', userId: 'bob', onlineCount: 1 }, at });
    t.match(await bob.waitFor((f) => f.channel === 'room:live' && f.type === 'gift'), { seq: 2, data: { value: 7, fromUserId: 'bob' } });
    const transfer = await bob.waitFor((f) => f.channel === 'user:bob' && f.type === 'transfer');
    t.match(transfer, { data: { status: 'pending', transferId: 't1', amount: 5 } });
    t.match(await bob.waitFor((f) => f.channel === 'user:bob' && f.type === 'wallet'), { data: { reason: 'gift_out' } });
    const seqs = bob.seqs('user:bob');
    t.same(seqs, range(1, seqs.length), 'user channel seqs are consecutive');
  });
});
