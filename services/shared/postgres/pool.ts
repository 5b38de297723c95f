// One pg.Pool factory so every PostgreSQL user parses values the same way.
import pg from 'pg';

const INT8_OID = 20;

/**
 * int8 columns (positions, revisions, amounts in minor units) become JS numbers. They fit:
 * positions and revisions stay far below 2^53, and money is counted in minor units. Ids that
 * may exceed 2^53 are carried as decimal strings and never stored as int8.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export interface PoolOptions {
  connectionString: string;
  /** Upper bound on connections; each concurrent transaction holds one. */
  max?: number;
}

export const createPool = (opts: PoolOptions): pg.Pool => {
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.max ?? 10, types });
  // An idle connection that dies (server restart) is dropped by the pool and the next query
  // opens a new one; without a listener the 'error' event would crash the process instead.
  pool.on('error', () => {});
  return pool;
};

/** A single connection with the same parsing, for LISTEN and other long-lived sessions. */
export const createClient = (connectionString: string): pg.Client => new pg.Client({ connectionString, types });

/**
 * Joined into a statement's FROM list, makes that statement's own transaction commit without
 * waiting for the WAL flush (the setting is transaction-local). For rows whose loss in a
 * PostgreSQL crash only repeats work.
 */
export const ASYNC_COMMIT = `(select set_config('synchronous_commit', 'off', true)) as async_commit`;
