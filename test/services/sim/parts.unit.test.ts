// The simulator's own parts: the seeded generator and the faulty store.
import t from 'tap';
import { memorySnapshots } from '../../../services/shared/commands/snapshots.js';
import { createMemoryEventStore } from '../../../services/shared/event-store/memory.js';
import { faultyStore, isSimulatedFault } from '../../../services/sim/faults.js';
import { mulberry32 } from '../../../services/sim/rng.js';

const event = (id: string) => ({ id, type: 'Added', data: {}, metadata: { at: '2026-01-01T00:00:00.000Z', commandId: id } });
const uuid = (n: number) => `00000000-0000-5000-8000-${String(n).padStart(12, '0')}`;

t.test('given a seed, the generator draws the same numbers, and a fork its own', async (t) => {
  const draw = (seed: number) => Array.from({ length: 5 }, ((r) => () => r.int(0, 1000))(mulberry32(seed)));
  t.same(draw(7), draw(7));
  t.not(draw(7).join(), draw(8).join());
  const root = mulberry32(7);
  const a = root.fork('a').next();
  root.next();
  t.equal(root.fork('a').next(), a, 'a fork does not depend on what its parent drew');
  t.not(root.fork('b').next(), a);
  const r = mulberry32(1);
  for (let i = 0; i < 1000; i++) {
    const x = r.int(3, 5);
    if (x < 3 || x > 5) t.fail(`out of range: ${x}`);
  }
});

t.test('given a crash armed after the commit, the append is stored, the caller gets a fault, and the process is down', async (t) => {
  const base = createMemoryEventStore();
  const f = faultyStore(base, memorySnapshots(), 'p');
  f.arm({ nth: 2, afterCommit: true, crash: true });
  await f.store.append('s', [event(uuid(1))], { expectedRevision: 'no_stream' });
  const err = await f.store.append('s', [event(uuid(2))], { expectedRevision: 0 }).catch((e: unknown) => e);
  t.ok(isSimulatedFault(err));
  t.equal((await base.readStream('s')).length, 2, 'committed although the caller was told otherwise');
  t.ok(f.dead);
  t.ok(isSimulatedFault(await f.store.readStream('s').catch((e: unknown) => e)), 'a dead process reads nothing');
});

t.test('given a transient fault armed before the commit, nothing is stored and the process goes on', async (t) => {
  const base = createMemoryEventStore();
  const f = faultyStore(base, memorySnapshots(), 'p');
  f.arm({ nth: 1, afterCommit: false, crash: false });
  t.ok(isSimulatedFault(await f.store.append('s', [event(uuid(1))], { expectedRevision: 'no_stream' }).catch((e: unknown) => e)));
  t.equal((await base.readStream('s')).length, 0);
  t.notOk(f.dead);
  await f.store.append('s', [event(uuid(1))], { expectedRevision: 'no_stream' });
  t.equal((await f.store.readStream('s')).length, 1);
});
