// Every migration's down path runs: roll the whole schema back and apply it again.
import { randomUUID } from 'node:crypto';
import knex from 'knex';
import t from 'tap';
import { createPostgresEventStore } from '../../../services/shared/event-store/postgres.js';
import { migrate, migrationsDirectory } from '../../../services/shared/postgres/migrate.js';
import { startTestDatabase } from '../../support/pg.js';

t.test('given the latest schema, when every migration is rolled back and applied again, then appends and plan settings are back', async (t) => {
  const db = await startTestDatabase();
  t.teardown(() => db.stop());
  const applied = await migrate(db.url);
  t.ok(applied.length >= 8, `applied ${applied.length} migrations`);

  const k = knex({ client: 'pg', connection: db.url });
  t.teardown(() => k.destroy());
  const setting = async () =>
    (await k.raw<{ rows: { config: string[] | null }[] }>("select proconfig as config from pg_proc where proname = 'es_append_many'")).rows[0]?.config ?? null;
  t.match(await setting(), ['enable_seqscan=off', 'plan_cache_mode=force_generic_plan']);

  // One step back: 0008 restores the score index, 0007 the default plan choice.
  await k.migrate.down({ directory: migrationsDirectory, loadExtensions: ['.ts'] });
  const index = await k.raw<{ rows: unknown[] }>("select 1 from pg_indexes where indexname = 'ranking_scores_top'");
  t.equal(index.rows.length, 1, '0008 down recreates the score index');
  await k.migrate.down({ directory: migrationsDirectory, loadExtensions: ['.ts'] });
  t.same(await setting(), ['enable_seqscan=off'], '0007 down resets plan_cache_mode');

  await k.migrate.rollback({ directory: migrationsDirectory, loadExtensions: ['.ts'] }, true);
  const left = await k.raw<{ rows: unknown[] }>("select 1 from pg_tables where tablename in ('es_events', 'ranking_scores')");
  t.equal(left.rows.length, 0, 'everything is rolled back');

  t.same((await migrate(db.url)).length, applied.length, 'everything applies again');
  const store = createPostgresEventStore({ connectionString: db.url, poolSize: 2 });
  t.teardown(() => store.close());
  const r = await store.append(`s-${randomUUID()}`, [{ id: randomUUID(), type: 'Tested', data: {}, metadata: { at: new Date().toISOString() } }], { expectedRevision: 'no_stream' });
  t.equal(r.nextRevision, 0);
});
