// How a CLI reaches the product: DATABASE_URL, else the running instance on DATA_DIR, else it
// starts the embedded database on DATA_DIR itself (holding the instance lock). It gets the same
// application layer as the API, so an operator at the console and one on HTTP act alike.
import { resolve } from 'node:path';
import pino from 'pino';
import type { Core } from '../app/core.js';
import { loadConfig } from '../shared/config.js';
import { startEmbeddedPostgres } from '../shared/postgres/embedded.js';
import { lockDataDir, runningConnection } from '../shared/postgres/instance-lock.js';
import { migrate } from '../shared/postgres/migrate.js';
import { createPool } from '../shared/postgres/pool.js';
import { freePortOn } from '../shared/net.js';
import { openEventStore } from '../shared/adapters.js';
import { createCommandBus } from '../shared/commands/bus.js';
import { postgresSnapshots } from '../shared/commands/snapshots.js';
import { buildCore } from './core.js';

export interface CliConnection {
  core: Core;
  close(): Promise<void>;
}

export const connect = async (): Promise<CliConnection> => {
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
  // The CLI runs no projector: its answers do not wait for read models (a running server's do).
  const core = buildCore({ config, log: pino({ level: 'warn' }), pool, store, bus, health: { down: async () => [] }, readModelsAt: async () => undefined });
  return {
    core,
    close: async () => {
      await bus.drain();
      await store.close();
      await pool.end();
      for (const c of closers.reverse()) await c();
    },
  };
};
