// The simulation on PostgreSQL: the real adapter (group commit, the visible-prefix log, named
// statements) and the real snapshot table, emptied before each run. Positions depend on timing
// here, so two runs of a seed may order concurrent appends differently; what the checks hold
// (conservation, exactly once, nothing lost) must not depend on it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SnapshotStore } from '../shared/commands/snapshots.js';
import { postgresSnapshots } from '../shared/commands/snapshots.js';
import type { EventStore } from '../shared/event-store/port.js';
import { createPostgresEventStore } from '../shared/event-store/postgres.js';
import { freePortOn } from '../shared/net.js';
import { startEmbeddedPostgres } from '../shared/postgres/embedded.js';
import { migrate } from '../shared/postgres/migrate.js';
import { createPool } from '../shared/postgres/pool.js';

export interface SimDatabase {
  /** An empty store (and snapshot table) for the next run. */
  fresh(): Promise<{ store: EventStore; snapshots: SnapshotStore }>;
  close(): Promise<void>;
}

/** A database the simulation may empty: its own, or a throwaway embedded one when no URL is given. */
export const simDatabase = async (url?: string): Promise<SimDatabase> => {
  let stop = async () => {};
  if (url === undefined) {
    const dataDir = mkdtempSync(join(tmpdir(), 'mr-sim-'));
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePortOn('127.0.0.1'), durable: false });
    url = pg.url;
    stop = async () => {
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  await migrate(url);
  const pool = createPool({ connectionString: url, max: 8 });
  // Every run empties the event store: never a database that already holds someone's events.
  const held = await pool.query<{ any: boolean }>('select exists (select 1 from es_events) as any');
  if (held.rows[0]?.any) {
    await pool.end();
    await stop();
    throw new Error('this database already holds events; the simulation empties its store before each run, so give it a database of its own');
  }
  const store = createPostgresEventStore({ connectionString: url, pool });
  const snapshots = postgresSnapshots(pool);
  return {
    async fresh() {
      await pool.query('truncate es_events, es_streams, snapshots');
      await pool.query('alter sequence es_events_position_seq restart with 1');
      return { store, snapshots };
    },
    async close() {
      await store.close();
      await pool.end();
      await stop();
    },
  };
};
