// The fault simulation on PostgreSQL: the real adapter (group commit across streams, the
// visible-prefix log, the snapshot table) under the same schedules as the memory runs. Positions
// depend on timing here; what the checks hold must not.
import t from 'tap';
import { describeRun } from '../../../services/sim/report.js';
import { simDatabase } from '../../../services/sim/postgres.js';
import { simulate } from '../../../services/sim/run.js';
import { startTestDatabase } from '../../support/pg.js';

t.test('given 3 seeds on embedded PostgreSQL, when each run ends, then every rule holds; a broken world is caught', async (t) => {
  const pg = await startTestDatabase();
  t.teardown(() => pg.stop());
  const db = await simDatabase(pg.url);
  for (const seed of [1, 2, 3]) {
    const r = await simulate({ seed, steps: 100, ...(await db.fresh()) });
    t.ok(r.ok, describeRun(r, 'postgres'));
    t.ok(r.stats.events > 100, `seed ${seed}: ${r.stats.events} events`);
  }
  const broken = await simulate({ seed: 1, steps: 60, sabotage: 'fresh-reaction-ids', ...(await db.fresh()) });
  t.notOk(broken.ok, 'steps with made-up command ids act twice');
  t.match(describeRun(broken, 'postgres'), 'reproduce: npm run simulate -- --seed 1 --runs 1 --steps 60 --store postgres');
  await db.close();
  // The runs left their events: a database that holds events is never emptied by a new simulation.
  await t.rejects(simDatabase(pg.url), /already holds events/);
});
