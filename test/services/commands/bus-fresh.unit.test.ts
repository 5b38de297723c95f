// A new stream's first command (`fresh`) is decided against the initial state and appended with
// `no_stream`, without the snapshot look-up and the stream read. The guess is never trusted: a
// stream that exists after all (a retry whose first run stored it, another process, a snapshot)
// is loaded and the batch decided again, so nothing acts twice and nothing is decided against a
// state the stream is not in.
import t from 'tap';
import type { Decider } from '../../../domain/aggregate.js';
import { fail } from '../../../domain/errors.js';
import { createCommandBus } from '../../../services/shared/commands/bus.js';
import { memorySnapshots, type SnapshotStore } from '../../../services/shared/commands/snapshots.js';
import type { EventStore } from '../../../services/shared/event-store/port.js';
import { createMemoryEventStore } from '../../../services/shared/event-store/memory.js';

type M = { commandId: string; at: string };
type C = { type: 'Open'; data: { amount: number }; metadata: M } | { type: 'Take'; data: { by: number }; metadata: M };
type E = { type: 'Opened'; data: { amount: number } } | { type: 'Taken'; data: { by: number } };
type S = { status: 'absent' } | { status: 'open'; left: number };
const pot: Decider<S, C, E> = {
  initialState: () => ({ status: 'absent' }),
  evolve: (s, e) => (e.type === 'Opened' ? { status: 'open', left: e.data.amount } : s.status === 'open' ? { status: 'open', left: s.left - e.data.by } : s),
  decide: (c, s) => {
    if (c.type === 'Open') {
      if (s.status !== 'absent') fail('CONFLICT', 'already open');
      return [{ type: 'Opened', data: { amount: c.data.amount } }];
    }
    if (s.status !== 'open') return fail('NOT_FOUND', 'no pot');
    if (s.left < c.data.by) fail('INSUFFICIENT_FUNDS', 'not enough');
    return [{ type: 'Taken', data: { by: c.data.by } }];
  },
};
const meta = (id: string): M => ({ commandId: id, at: '2026-01-01T00:00:00.000Z' });
const open = (id: string, amount = 10): C => ({ type: 'Open', data: { amount }, metadata: meta(id) });
const take = (id: string, by = 1): C => ({ type: 'Take', data: { by }, metadata: meta(id) });

/** Counts the reads a bus makes: stream reads and snapshot look-ups. */
const counted = (store: EventStore, snapshots: SnapshotStore) => {
  const n = { streamReads: 0, snapshotLoads: 0 };
  const s: EventStore = { ...store, readStream: (id, o) => (n.streamReads++, store.readStream(id, o)) };
  const snaps: SnapshotStore = { save: (id, x) => snapshots.save(id, x), load: (id) => (n.snapshotLoads++, snapshots.load(id)) };
  return { n, store: s, snapshots: snaps };
};

t.test('given a stream nobody wrote, when a fresh command creates it, then it is appended without a read', async (t) => {
  const c = counted(createMemoryEventStore(), memorySnapshots());
  const bus = createCommandBus({ store: c.store, snapshots: c.snapshots });
  const r = await bus.handle(pot, 'pot-1', open('o1'), { fresh: true });
  t.same(r.events.map((e) => [e.type, e.revision]), [['Opened', 0]]);
  t.same(c.n, { streamReads: 0, snapshotLoads: 0 }, 'no snapshot look-up, no stream read');
  // The state it assumed is now the stream's: the next command is decided against it, still without a read.
  await bus.handle(pot, 'pot-1', take('t1', 3));
  t.same((await bus.load(pot, 'pot-1')).state, { status: 'open', left: 7 });
  t.same(await c.store.readStream('pot-1').then((es) => es.map((e) => e.type)), ['Opened', 'Taken']);
});

t.test('given a create another process already stored, when it is retried as fresh, then it answers the first run and appends nothing', async (t) => {
  const store = createMemoryEventStore();
  const first = await createCommandBus({ store }).handle(pot, 'pot-1', open('o1'), { fresh: true });
  const restarted = createCommandBus({ store });
  const again = await restarted.handle(pot, 'pot-1', open('o1'), { fresh: true });
  t.same(again.events.map((e) => [e.id, e.revision]), first.events.map((e) => [e.id, e.revision]), 'the first run’s event');
  t.equal((await store.readStream('pot-1')).length, 1, 'nothing appended twice');
});

t.test('given a create whose stream has moved on, when it is retried as fresh, then it answers the first run and the stream is still read to its head', async (t) => {
  const store = createMemoryEventStore();
  const other = createCommandBus({ store });
  const first = await other.handle(pot, 'pot-1', open('o1', 10), { fresh: true });
  await other.handle(pot, 'pot-1', take('t1', 3));
  const restarted = createCommandBus({ store });
  const again = await restarted.handle(pot, 'pot-1', open('o1', 10), { fresh: true });
  t.same(again.events.map((e) => e.id), first.events.map((e) => e.id), 'the first run’s event, once');
  t.same((await restarted.load(pot, 'pot-1', { maxStalenessMs: 60_000 })).state, { status: 'open', left: 7 }, 'not answered from the guess');
  const next = await restarted.handle(pot, 'pot-1', take('t2', 7));
  t.same(next.events.map((e) => e.revision), [2], 'the next command lands after what the other process stored');
  await t.rejects(restarted.handle(pot, 'pot-1', take('t3', 1)), { code: 'INSUFFICIENT_FUNDS' });
  t.equal((await store.readStream('pot-1')).length, 3);
});

t.test('given a stream that exists, when a different fresh command names it, then it is decided against the real state', async (t) => {
  const store = createMemoryEventStore();
  await createCommandBus({ store }).handle(pot, 'pot-1', open('o1', 5));
  const bus = createCommandBus({ store });
  await t.rejects(bus.handle(pot, 'pot-1', open('o2', 99), { fresh: true }), { code: 'CONFLICT' }, 'refused by the stored state, not created again');
  t.same((await bus.load(pot, 'pot-1')).state, { status: 'open', left: 5 });
  t.equal((await store.readStream('pot-1')).length, 1);
});

t.test('given a stream that exists, when a fresh command the initial state refuses names it, then the refusal is not trusted and the real state decides', async (t) => {
  const store = createMemoryEventStore();
  await createCommandBus({ store }).handle(pot, 'pot-1', open('o1', 5));
  const bus = createCommandBus({ store });
  const r = await bus.handle(pot, 'pot-1', take('t1', 2), { fresh: true });
  t.same(r.events.map((e) => [e.type, e.revision]), [['Taken', 1]], 'taken from the stored pot, not refused as absent');
});

t.test('given a stream with a snapshot and no events after it, when a fresh command names it, then the snapshot decides', async (t) => {
  const store = createMemoryEventStore();
  const snapshots = memorySnapshots();
  const writer = createCommandBus({ store, snapshots, snapshotEvery: 1 });
  await writer.handle(pot, 'pot-1', open('o1', 5));
  await writer.handle(pot, 'pot-1', take('t1', 1));
  const bus = createCommandBus({ store, snapshots });
  await t.rejects(bus.handle(pot, 'pot-1', open('o2'), { fresh: true }), { code: 'CONFLICT' });
  t.same((await bus.load(pot, 'pot-1')).state, { status: 'open', left: 4 });
});

t.test('given concurrent fresh creates of one stream from two processes, when both run, then one stream with one create results', async (t) => {
  const store = createMemoryEventStore();
  const a = createCommandBus({ store });
  const b = createCommandBus({ store });
  const [ra, rb] = await Promise.allSettled([a.handle(pot, 'pot-1', open('o1'), { fresh: true }), b.handle(pot, 'pot-1', open('o1'), { fresh: true })]);
  t.equal(ra.status, 'fulfilled');
  t.equal(rb.status, 'fulfilled');
  t.same(await store.readStream('pot-1').then((es) => es.map((e) => e.type)), ['Opened'], 'the same command acted once');
  const [x, y] = await Promise.allSettled([a.handle(pot, 'pot-2', open('p1'), { fresh: true }), b.handle(pot, 'pot-2', open('p2'), { fresh: true })]);
  t.same([x.status, y.status].sort(), ['fulfilled', 'rejected'], 'two different creates: one wins, the other is refused by the stored state');
  t.equal((await store.readStream('pot-2')).length, 1);
});

t.test('given a fresh command in flight, when a stale-tolerant load asks, then the assumed state is not answered as known', async (t) => {
  const store = createMemoryEventStore();
  await createCommandBus({ store }).handle(pot, 'pot-1', open('o1', 5));
  const bus = createCommandBus({ store });
  const refused = bus.handle(pot, 'pot-1', open('o2'), { fresh: true });
  const seen = await bus.load(pot, 'pot-1', { maxStalenessMs: Infinity });
  await t.rejects(refused, { code: 'CONFLICT' });
  t.same(seen.state, { status: 'open', left: 5 }, 'read through the mailbox, not the guess');
});
