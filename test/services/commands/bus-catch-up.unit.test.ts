// When the store knows more than a bus's cache (found by the fault simulation, services/sim):
// another process appended since this bus last read the stream, or the bus remembers fewer
// command ids than a batch retries. A retry is answered with its first run's events, each once,
// and never refused by a state the stream has moved past.
import t from 'tap';
import type { Decider } from '../../../domain/aggregate.js';
import { fail } from '../../../domain/errors.js';
import { createCommandBus } from '../../../services/shared/commands/bus.js';
import { createMemoryEventStore } from '../../../services/shared/event-store/memory.js';

type M = { commandId: string; at: string };
type C = { type: 'Add'; data: { by: number }; metadata: M } | { type: 'Take'; data: { by: number }; metadata: M };
type E = { type: 'Added'; data: { by: number } } | { type: 'Taken'; data: { by: number } };
const counter: Decider<{ n: number }, C, E> = {
  initialState: () => ({ n: 0 }),
  evolve: (s, e) => ({ n: e.type === 'Added' ? s.n + e.data.by : s.n - e.data.by }),
  decide: (c, s) => {
    if (c.type === 'Add') return [{ type: 'Added', data: { by: c.data.by } }];
    if (s.n < c.data.by) fail('INSUFFICIENT_FUNDS', 'not enough');
    return [{ type: 'Taken', data: { by: c.data.by } }];
  },
};
const meta = (id: string): M => ({ commandId: id, at: '2026-01-01T00:00:00.000Z' });
const add = (id: string, by = 1): C => ({ type: 'Add', data: { by }, metadata: meta(id) });
const take = (id: string, by = 1): C => ({ type: 'Take', data: { by }, metadata: meta(id) });

t.test('given a retry another process already ran, when this process catches up past it, then the retry is still answered with its one event', async (t) => {
  const store = createMemoryEventStore();
  const a = createCommandBus({ store });
  const b = createCommandBus({ store });
  await b.handle(counter, 's', add('first'));
  await a.handle(counter, 's', add('other'));
  const original = await a.handle(counter, 's', add('x'));
  // b's cache is at revision 0: its decision of x collides on the event id, and it looks x up.
  t.same((await b.handle(counter, 's', add('x'))).events.map((e) => e.id), original.events.map((e) => e.id));
  // A new command conflicts, and b catches up through x's event, which it had learned already.
  await b.handle(counter, 's', add('new'));
  const again = await b.handle(counter, 's', add('x'));
  t.same(again.events.map((e) => [e.id, e.revision]), original.events.map((e) => [e.id, e.revision]), 'one event, not the learned one and the caught-up one');
  t.equal((await store.readStream('s')).length, 4);
});

t.test('given a bus that remembers 2 commands, when 5 old commands are retried in one batch, then each returns its first run', async (t) => {
  const store = createMemoryEventStore();
  const first = createCommandBus({ store, recentCommands: 2 });
  const originals = [];
  for (let i = 0; i < 10; i++) originals.push(await first.handle(counter, 's', add(`c${i}`)));
  const restarted = createCommandBus({ store, recentCommands: 2 });
  const retries = await Promise.all([0, 1, 2, 3, 4].map((i) => restarted.handle(counter, 's', add(`c${i}`))));
  t.same(
    retries.map((r) => r.events.map((e) => e.revision)),
    [[0], [1], [2], [3], [4]],
    'every retry is recognised, although learning the last evicts the first from memory',
  );
  t.ok(retries.every((r) => r.replayed));
  t.equal((await store.readStream('s')).length, 10, 'nothing appended');
});

t.test('given a retry another process already ran, when this process has an older state that would refuse it, then it is answered with its first run', async (t) => {
  const store = createMemoryEventStore();
  const a = createCommandBus({ store });
  const b = createCommandBus({ store });
  await b.handle(counter, 's', add('one', 1));
  await a.handle(counter, 's', add('five', 5));
  const original = await a.handle(counter, 's', take('x', 4));
  // b's cache says 1: taking 4 would be refused, but x took 4 already (a crash hid the answer).
  const retried = await b.handle(counter, 's', take('x', 4));
  t.same(retried.events.map((e) => e.id), original.events.map((e) => e.id), 'the first run, not INSUFFICIENT_FUNDS');
  t.equal(retried.replayed, true);
  t.equal((await store.readStream('s')).length, 3, 'nothing appended');
});

t.test('given a state another process moved past, when a new command would be refused by it, then it is decided against the stream as stored', async (t) => {
  const store = createMemoryEventStore();
  const a = createCommandBus({ store });
  const b = createCommandBus({ store });
  await b.handle(counter, 's', add('one', 1));
  await a.handle(counter, 's', add('five', 5));
  const r = await b.handle(counter, 's', take('y', 3));
  t.equal(r.state.n, 3, '6 - 3: the refusal came from a stale cache, the store says yes');
  await t.rejects(b.handle(counter, 's', take('z', 10)), { code: 'INSUFFICIENT_FUNDS' }, 'a refusal the stream as stored confirms still stands');
});
