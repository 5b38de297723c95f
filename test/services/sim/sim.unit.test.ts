// The fault simulation (services/sim) on the memory store: a few dozen seeds must hold every
// rule, a seed must run the same twice, and a deliberately broken world must be caught, with
// its seed and the command that reproduces it. `npm run simulate` runs the long version.
import t from 'tap';
import { memorySnapshots } from '../../../services/shared/commands/snapshots.js';
import { createMemoryEventStore } from '../../../services/shared/event-store/memory.js';
import { describeRun } from '../../../services/sim/report.js';
import { simulate } from '../../../services/sim/run.js';
import type { Sabotage } from '../../../services/sim/world.js';

const run = (seed: number, steps: number, sabotage?: Sabotage) => simulate({ seed, steps, sabotage, store: createMemoryEventStore(), snapshots: memorySnapshots() });

t.test('given 25 seeds of 120 ticks with crashes, retries, outages and late timers, when each run ends, then every rule holds', async (t) => {
  let requests = 0;
  let faults = 0;
  for (let seed = 1; seed <= 25; seed++) {
    const r = await run(seed, 120);
    t.ok(r.ok, describeRun(r, 'memory'));
    requests += r.stats.requests;
    faults += r.stats.faults;
  }
  // The runs do what they claim: many requests, many of them answered with a fault.
  t.ok(requests > 4000, `${requests} requests`);
  t.ok(faults > 150, `${faults} answers were faults`);
});

t.test('given a seed, when it runs twice, then the log and every answer are the same', async (t) => {
  const [a, b] = [await run(4242, 100), await run(4242, 100)];
  t.equal(a.fingerprint, b.fingerprint);
  t.same(a.stats, b.stats);
  t.not((await run(4243, 100)).fingerprint, a.fingerprint, 'another seed is another run');
});

const sabotages: [Sabotage, string][] = [
  ['fresh-reaction-ids', 'a process manager whose steps get a new command id on every delivery'],
  ['retry-new-id', 'retries that are new commands (no Idempotency-Key)'],
  ['no-timers', 'timers that never fire'],
];

for (const [sabotage, what] of sabotages) {
  t.test(`given ${what}, when the simulation runs, then the checks fail and name the seed, the tick and how to reproduce it`, async (t) => {
    for (const seed of [1, 3]) {
      const r = await run(seed, 80, sabotage);
      t.notOk(r.ok, `seed ${seed} is caught`);
      const text = describeRun(r, 'memory');
      t.match(text, `seed ${seed} (memory`);
      t.match(text, /FAILED, first at tick \d+/);
      t.match(text, `reproduce: npm run simulate -- --seed ${seed} --runs 1 --steps 80 --store memory --sabotage ${sabotage}`);
      const again = await run(seed, 80, sabotage);
      t.same(again.failures, r.failures, 'the same seed fails the same way');
    }
  });
}
