// How a CLI reaches the product's data: DATABASE_URL, else the running instance on DATA_DIR,
// else it starts the embedded database on DATA_DIR itself (holding the instance lock).
import { resolve } from 'node:path';
import type pg from 'pg';
import { loadConfig, type Config } from '../shared/config.js';
import { startEmbeddedPostgres } from '../shared/postgres/embedded.js';
import { lockDataDir, runningConnection } from '../shared/postgres/instance-lock.js';
import { migrate } from '../shared/postgres/migrate.js';
import { createPool } from '../shared/postgres/pool.js';
import { freePortOn } from '../shared/net.js';
import { openEventStore } from '../shared/adapters.js';
import type { EventStore } from '../shared/event-store/port.js';
import { createCommandBus, type CommandBus } from '../shared/commands/bus.js';
import { postgresSnapshots } from '../shared/commands/snapshots.js';

export interface Connection {
  config: Config;
  url: string;
  pool: pg.Pool;
  store: EventStore;
  bus: CommandBus;
  close(): Promise<void>;
}

export const connect = async (): Promise<Connection> => {
  const config = loadConfig({ DEV_MODE: 'true', ...process.env });
  const closers: (() => Promise<void> | void)[] = [];
  let url = config.DATABASE_URL ?? runningConnection(resolve(config.DATA_DIR));
  if (!url) {
    const dataDir = resolve(config.DATA_DIR);
    closers.push(lockDataDir(dataDir));
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePortOn('127.0.0.1') });
    closers.push(() => pg.stop());
    url = pg.url;
    await migrate(url);
  }
  const pool = createPool({ connectionString: url, max: 4 });
  const store = openEventStore(config, url, pool);
  const bus = createCommandBus({ store, snapshots: postgresSnapshots(pool) });
  return {
    config,
    url,
    pool,
    store,
    bus,
    close: async () => {
      await bus.drain();
      await store.close();
      await pool.end();
      for (const c of closers.reverse()) await c();
    },
  };
};
