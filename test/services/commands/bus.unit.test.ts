import t from 'tap';
import type { Decider } from '../../../domain/aggregate.js';
import { fail } from '../../../domain/errors.js';
import { createCommandBus } from '../../../services/shared/commands/bus.js';
import { memorySnapshots } from '../../../services/shared/commands/snapshots.js';
import { createMemoryEventStore } from '../../../services/shared/event-store/memory.js';
import type { EventStore, NewEvent } from '../../../services/shared/event-store/port.js';

// A tiny counter with a floor at zero: enough to show ordering, batching and refusals.
type S = { n: number };
type C =
  | { type: 'Add'; data: { by: number }; metadata: { commandId: string; at: string } }
  | { type: 'Take'; data: { by: number }; metadata: { commandId: string; at: string } };
type E = { type: 'Added'; data: { by: number } } | { type: 'Taken'; data: { by: number } };
const counter: Decider<S, C, E> = {
  initialState: () => ({ n: 0 }),
  evolve: (s, e) => (e.type === 'Added' ? { n: s.n + e.data.by } : { n: s.n - e.data.by }),
  decide: (c, s) => {
    if (c.type === 'Add') return [{ type: 'Added', data: { by: c.data.by } }];
    if (s.n < c.data.by) fail('INSUFFICIENT_FUNDS', 'not enough');
    return [{ type: 'Taken', data: { by: c.data.by } }];
  },
};
const meta = (id: string) => ({ commandId: id, at: '2026-01-01T00:00:00.000Z' });
const add = (id: string, by = 1): C => ({ type: 'Add', data: { by }, metadata: meta(id) });
const take = (id: string, by = 1): C => ({ type: 'Take', data: { by }, metadata: meta(id) });

/** Counts appends, to see group commit. */
const counting = (store: EventStore) => {
  let appends = 0;
  const wrapped: EventStore = { ...store, append: (s, e: NewEvent[], o) => (appends++, store.append(s, e, o)) };
  return { store: wrapped, appends: () => appends };
};

t.test('given many commands queued on one stream, when handled, then they commit in few appends and in order', async (t) => {
  const c = counting(createMemoryEventStore());
  const bus = createCommandBus({ store: c.store });
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => bus.handle(counter, 's-1', add(`c${i}`))));
  t.equal(results.at(-1)?.state.n, 200);
  const events = await c.store.readStream('s-1');
  t.equal(events.length, 200);
  t.same(events.map((e) => e.revision), Array.from({ length: 200 }, (_, i) => i));
  t.ok(c.appends() < 20, `200 commands took ${c.appends()} appends`);
});

t.test('given a balance of 5, when 10 concurrent takes of 1 arrive, then exactly 5 succeed and the rest are refused', async (t) => {
  const store = createMemoryEventStore();
  const bus = createCommandBus({ store });
  await bus.handle(counter, 's', add('seed', 5));
  const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => bus.handle(counter, 's', take(`t${i}`))));
  t.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 5);
  t.equal(outcomes.filter((o) => o.status === 'rejected').length, 5);
  t.equal((await bus.load(counter, 's')).state.n, 0);
});

t.test('given a command already handled, when the same command id comes again (also after a restart), then nothing new is appended and the first events return', async (t) => {
  const store = createMemoryEventStore();
  const first = await createCommandBus({ store }).handle(counter, 's', add('same', 3));
  const again = await createCommandBus({ store }).handle(counter, 's', add('same', 3));
  t.equal(again.replayed, true);
  t.same(again.events.map((e) => e.id), first.events.map((e) => e.id));
  t.equal((await store.readStream('s')).length, 1);
  const twins = await Promise.all([1, 2, 3].map(() => createCommandBus({ store }).handle(counter, 's2', add('twin'))));
  t.equal((await store.readStream('s2')).length, 1, 'concurrent duplicates in separate processes act once');
  t.ok(twins.every((r) => r.events[0]?.id === twins[0]?.events[0]?.id));
});

t.test('given two processes writing one stream, when both handle commands concurrently, then conflicts reload and every command lands once', async (t) => {
  const store = createMemoryEventStore();
  const a = createCommandBus({ store });
  const b = createCommandBus({ store });
  await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).handle(counter, 'shared', add(`x${i}`))));
  t.equal((await store.readStream('shared')).length, 50);
  t.equal((await a.load(counter, 'shared')).state.n, 50);
});

t.test('given snapshots, when a long stream is loaded by a new bus, then state and command dedupe survive', async (t) => {
  const store = createMemoryEventStore();
  const snapshots = memorySnapshots();
  const bus = createCommandBus({ store, snapshots, snapshotEvery: 10 });
  const firsts = [];
  for (let i = 0; i < 35; i++) firsts.push(await bus.handle(counter, 'long', add(`l${i}`)));
  await new Promise((r) => setImmediate(r));
  const snap = await snapshots.load('long');
  t.ok(snap && snap.revision >= 29, 'a snapshot was written');
  t.same(snap?.recent.find(([id]) => id === 'l3'), ['l3', 3, 1], 'it keeps where a recent command landed, not its events');
  const fresh = createCommandBus({ store, snapshots });
  t.equal((await fresh.load(counter, 'long')).state.n, 35);
  const retries = await Promise.all([fresh.handle(counter, 'long', add('l3')), fresh.handle(counter, 'long', add('l3'))]);
  for (const retry of retries) {
    t.equal(retry.replayed, true, 'a command from before the snapshot is still recognised');
    t.same(retry.events.map((e) => [e.id, e.revision]), firsts[3]?.events.map((e) => [e.id, e.revision]), 'and answered with its first events');
  }
  t.equal((await store.readStream('long')).length, 35);
});

t.test('given a refused command in a batch, when the batch commits, then only the refused one fails', async (t) => {
  const store = createMemoryEventStore();
  const bus = createCommandBus({ store });
  const [a, b, c] = await Promise.allSettled([bus.handle(counter, 'm', add('a')), bus.handle(counter, 'm', take('b', 5)), bus.handle(counter, 'm', add('c'))]);
  t.equal(a?.status, 'fulfilled');
  t.equal(b?.status, 'rejected');
  t.equal(c?.status, 'fulfilled');
  t.equal((await store.readStream('m')).length, 2);
});

t.test('given another process appended, when loading with and without a staleness allowance, then only the allowance answers from the cache', async (t) => {
  const store = createMemoryEventStore();
  const mine = createCommandBus({ store });
  const other = createCommandBus({ store });
  await mine.handle(counter, 's', add('a', 2));
  await other.handle(counter, 's', add('b', 3));
  // Within the allowance: the cached state this bus last saw at the head, no read.
  t.equal((await mine.load(counter, 's', { maxStalenessMs: 60_000 })).state.n, 2);
  // Without it: read up to the head.
  t.equal((await mine.load(counter, 's')).state.n, 5);
  // An allowance of zero is a fresh read too.
  await other.handle(counter, 's', add('c', 1));
  await new Promise((r) => setTimeout(r, 2));
  t.equal((await mine.load(counter, 's', { maxStalenessMs: 0 })).state.n, 6);
});

t.test('given a command acted on and 1,001 commands since, when it comes again to a new bus at the current revision, then it answers the first run and appends nothing', async (t) => {
  const store = createMemoryEventStore();
  const first = await createCommandBus({ store }).handle(counter, 'w', add('credit', 7));
  const busy = createCommandBus({ store });
  for (let i = 0; i < 1001; i++) await busy.handle(counter, 'w', add(`x${i}`));
  const fresh = createCommandBus({ store });
  const again = await fresh.handle(counter, 'w', add('credit', 7));
  t.equal(again.replayed, true, 'recognised although it is older than the memory');
  t.same(again.events.map((e) => [e.id, e.revision]), first.events.map((e) => [e.id, e.revision]), 'the first run events');
  t.equal((await store.readStream('w')).length, 1002, 'nothing appended');
  // The same on the bus that forgot it by taking 1,001 commands since.
  const onBusy = await busy.handle(counter, 'w', add('credit', 7));
  t.equal(onBusy.replayed, true);
  t.equal((await store.readStream('w')).length, 1002);
});

t.test('given an old command that would now be refused, when it comes again, then the first run answers, not the refusal', async (t) => {
  const store = createMemoryEventStore();
  const bus = createCommandBus({ store, recentCommands: 10 });
  await bus.handle(counter, 'r', add('seed', 5));
  const took = await bus.handle(counter, 'r', take('spend', 5));
  for (let i = 0; i < 20; i++) await bus.handle(counter, 'r', add(`y${i}`));
  await bus.handle(counter, 'r', take('drain', 20));
  // Now n = 0: deciding `spend` again would refuse it with INSUFFICIENT_FUNDS.
  const retry = await createCommandBus({ store, recentCommands: 10 }).handle(counter, 'r', take('spend', 5));
  t.equal(retry.replayed, true);
  t.same(retry.events.map((e) => e.id), took.events.map((e) => e.id));
  // A genuinely new command in the same position is refused as before.
  await t.rejects(createCommandBus({ store, recentCommands: 10 }).handle(counter, 'r', take('new-spend', 5)), { code: 'INSUFFICIENT_FUNDS' });
});

t.test('given twins and an old command in one batch, when decided together, then each answers once and the old one replays', async (t) => {
  const store = createMemoryEventStore();
  const seedBus = createCommandBus({ store, recentCommands: 2 });
  const old = await seedBus.handle(counter, 'b', add('old', 2));
  for (let i = 0; i < 5; i++) await seedBus.handle(counter, 'b', add(`z${i}`));
  const bus = createCommandBus({ store, recentCommands: 2 });
  const [a, b, c] = await Promise.all([bus.handle(counter, 'b', add('old', 2)), bus.handle(counter, 'b', add('fresh')), bus.handle(counter, 'b', add('fresh'))]);
  t.same(a?.events.map((e) => e.id), old.events.map((e) => e.id), 'the old command replays');
  t.same(b?.events.map((e) => e.id), c?.events.map((e) => e.id), 'twins share one set of events');
  t.equal((await store.readStream('b')).length, 7, 'only the fresh command appended');
});
