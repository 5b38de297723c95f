// Every migration's down path runs: roll the whole schema back and apply it again.
import { randomUUID } from 'node:crypto';
import knex from 'knex';
import t from 'tap';
import { createPostgresEventStore } from '../../../services/shared/event-store/postgres.js';
import { migrate, migrationsDirectory } from '../../../services/shared/postgres/migrate.js';
import { startTestDatabase } from '../../support/pg.js';

t.test('given the latest schema, when every migration is rolled back and applied again, then appends and plan settings are back', async (t) => {
  const db = await startTestDatabase({ empty: true });
  t.teardown(() => db.stop());
  const applied = await migrate(db.url);
  t.ok(applied.length >= 10, `applied ${applied.length} migrations`);

  const k = knex({ client: 'pg', connection: db.url });
  t.teardown(() => k.destroy());
  const setting = async () =>
    (await k.raw<{ rows: { config: string[] | null }[] }>("select proconfig as config from pg_proc where proname = 'es_append_many'")).rows[0]?.config ?? null;
  t.match(await setting(), ['enable_seqscan=off', 'plan_cache_mode=force_generic_plan']);

  // Step back past a migration: later ones first, one at a time.
  const config = { directory: migrationsDirectory, loadExtensions: ['.ts'] };
  const undo = async (file: string) => {
    for (;;) {
      const [done] = (await k.migrate.list(config)) as [{ name: string }[], unknown[]];
      if (!done.some((m) => m.name === file)) return;
      await k.migrate.down(config);
    }
  };
  const parked = async () => (await k.raw<{ rows: unknown[] }>("select 1 from pg_tables where tablename = 'parked_events'")).rows.length;
  t.equal(await parked(), 1, '0011 creates parked_events');
  await undo('0011_parked_events.ts');
  t.equal(await parked(), 0, '0011 down drops it');
  const reloptions = async () => (await k.raw<{ rows: { o: string[] | null }[] }>("select reloptions as o from pg_class where relname = 'idempotency_keys'")).rows[0]?.o ?? null;
  t.same(await reloptions(), ['fillfactor=40'], '0010 leaves room for completions');
  await undo('0010_idempotency_hot_updates.ts');
  t.same(await reloptions(), null, '0010 down resets the fillfactor');
  const fn = await k.raw<{ rows: unknown[] }>("select 1 from pg_proc where proname = 'consumer_checkpoint_expect'");
  t.equal(fn.rows.length, 1, '0009 creates consumer_checkpoint_expect');
  await undo('0009_checkpoint_expect.ts');
  t.equal((await k.raw<{ rows: unknown[] }>("select 1 from pg_proc where proname = 'consumer_checkpoint_expect'")).rows.length, 0, '0009 down drops it');
  await undo('0008_rankings_hot_updates.ts');
  const index = await k.raw<{ rows: unknown[] }>("select 1 from pg_indexes where indexname = 'ranking_scores_top'");
  t.equal(index.rows.length, 1, '0008 down recreates the score index');
  await undo('0007_append_generic_plans.ts');
  t.same(await setting(), ['enable_seqscan=off'], '0007 down resets plan_cache_mode');

  await k.migrate.rollback(config, true);
  const left = await k.raw<{ rows: unknown[] }>("select 1 from pg_tables where tablename in ('es_events', 'ranking_scores')");
  t.equal(left.rows.length, 0, 'everything is rolled back');

  t.same((await migrate(db.url)).length, applied.length, 'everything applies again');
  const store = createPostgresEventStore({ connectionString: db.url, poolSize: 2 });
  t.teardown(() => store.close());
  const r = await store.append(`s-${randomUUID()}`, [{ id: randomUUID(), type: 'Tested', data: {}, metadata: { at: new Date().toISOString() } }], { expectedRevision: 'no_stream' });
  t.equal(r.nextRevision, 0);
});
