// A throwaway embedded PostgreSQL for one test file: its own temp directory and free port. Under
// tap it starts as a copy of the run's migrated template (pg-template.ts): every migration is
// already applied, so a later migrate() finds nothing to do. `{ empty: true }` gives a database
// with no schema (for the tests of the migrations themselves).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePortOn } from '../../services/shared/net.js';
import { startEmbeddedPostgres } from '../../services/shared/postgres/embedded.js';
import { copyTemplate } from './pg-template.js';

export const freePort = (): Promise<number> => freePortOn('127.0.0.1');

export interface TestDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Drops and recreates the `app` database of a copied cluster: no schema, nothing migrated. */
const emptyApp = async (url: string) => {
  const client = new pg.Client({ connectionString: url.replace(/\/app$/, '/postgres') });
  await client.connect();
  try {
    await client.query('drop database app');
    await client.query('create database app');
  } finally {
    await client.end();
  }
};

export const startTestDatabase = async (opts: { empty?: boolean } = {}): Promise<TestDatabase> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mr-test-'));
  const copied = await copyTemplate(join(dataDir, 'pg'));
  const port = await freePort();
  const db = await startEmbeddedPostgres({ dataDir, port, durable: false });
  if (copied && opts.empty) await emptyApp(db.url);
  return {
    url: db.url,
    dataDir,
    stop: async () => {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
