import t from 'tap';
import pg from 'pg';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationsDirectory } from '../../services/shared/postgres/migrate.js';
import { startTestDatabase } from './pg.js';
import { ensureTemplate, removeTemplates, templateRoot } from './pg-template.js';

const query = async (url: string, sql: string): Promise<Record<string, unknown>[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
};

const migrationFiles = readdirSync(migrationsDirectory).filter((f) => f.endsWith('.ts')).length;

t.test('given the run\'s template, when two databases start, then each has every migration and neither sees the other\'s rows', async (t) => {
  const root = templateRoot();
  t.ok(root && existsSync(join(root, 'pg', 'PG_VERSION')), 'under tap the run has a template');
  const [a, b] = await Promise.all([startTestDatabase(), startTestDatabase()]);
  t.teardown(async () => {
    await a.stop();
    await b.stop();
  });
  t.not(a.dataDir, b.dataDir, 'each database has its own directory');
  const applied = await query(a.url, 'select count(*)::int as n from knex_migrations');
  t.equal(applied[0]?.n, migrationFiles, `all ${migrationFiles} migrations are applied`);
  await query(a.url, 'create table only_in_a (x int)');
  const seen = await query(b.url, "select 1 from pg_tables where tablename = 'only_in_a'");
  t.equal(seen.length, 0, 'a table made in one copy is not in the other');
});

t.test('given { empty: true }, when the database starts, then it has no schema', async (t) => {
  const db = await startTestDatabase({ empty: true });
  t.teardown(db.stop);
  const tables = await query(db.url, "select tablename from pg_tables where schemaname = 'public'");
  t.same(tables, [], 'no tables');
});

t.test('given no template yet, when two makers race, then one makes it, both get it, and removal leaves nothing', async (t) => {
  // A runner id no live process has: the template of a run that is not this one.
  const fake = 2 ** 22 + (process.pid % 1000);
  const root = join(tmpdir(), `mr-pg-template-${fake}`);
  const stale = join(tmpdir(), `mr-pg-template-${fake + 1}.building-1`);
  mkdirSync(stale, { recursive: true });
  t.teardown(() => removeTemplates(fake));
  const [r1, r2] = await Promise.all([ensureTemplate(root), ensureTemplate(root)]);
  t.equal(r1, root);
  t.equal(r2, root);
  t.ok(existsSync(join(root, 'pg', 'PG_VERSION')), 'the template is a data directory');
  t.notOk(existsSync(`${root}.lock`), 'the lock is released');
  t.notOk(existsSync(join(root, 'pg', 'postmaster.pid')), 'the template cluster was stopped');
  const live = templateRoot();
  removeTemplates(fake);
  t.notOk(existsSync(root), "the run's template is removed");
  t.notOk(existsSync(stale), 'a template left by a dead run is removed');
  t.ok(live && existsSync(live), "a live run's template stays");
});
