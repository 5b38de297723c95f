// The database a process runs on: DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (locked
// against a second instance, its connection published for the CLIs); migrated either way.
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../shared/config.js';
import { startEmbeddedPostgres } from '../shared/postgres/embedded.js';
import { lockDataDir, publishConnection } from '../shared/postgres/instance-lock.js';
import { migrate } from '../shared/postgres/migrate.js';
import { freePortOn } from '../shared/net.js';

export type Cleanup = () => Promise<void> | void;

/** A database that has just started may drop the first connection; migrations retry a few times. */
const migrateWithRetry = async (url: string, log: Logger): Promise<string[]> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrate(url);
    } catch (err) {
      if (attempt >= 5) throw err;
      log.warn({ err, attempt }, 'migration attempt failed; retrying');
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
};

/** Opens the database; every cleanup it needs is pushed to `cleanups` as soon as it exists. */
export const openDatabase = async (config: Config, log: Logger, cleanups: Cleanup[]): Promise<string> => {
  let url = config.DATABASE_URL;
  if (!url) {
    const dataDir = resolve(config.DATA_DIR);
    cleanups.push(lockDataDir(dataDir));
    const port = config.EMBEDDED_PG_PORT || (await freePortOn('127.0.0.1'));
    const pgLog = log.child({ component: 'postgres' });
    const embedded = await startEmbeddedPostgres({ dataDir, port, statementStats: config.EMBEDDED_PG_STATEMENT_STATS, log: (l) => pgLog.debug(l) });
    cleanups.push(() => embedded.stop());
    url = embedded.url;
    // The CLI (npm run admin / audit) finds the running database here.
    cleanups.push(publishConnection(dataDir, url));
    log.info({ dataDir, port }, 'embedded PostgreSQL started');
  }
  const applied = await migrateWithRetry(url, log);
  if (applied.length) log.info({ applied }, 'migrations applied');
  return url;
};
