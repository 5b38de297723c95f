// One migrated PostgreSQL data directory per tap run, copied by every test that needs a database.
//
// initdb and the ~80 migrations cost a few seconds of CPU; every int and e2e test file paid them
// once or more. Now tap's `before` script (run-before.ts) makes the template once: initdb, start,
// migrate, clean stop. Each test database (pg.ts) and each fresh e2e server data directory
// (server.ts) is a `cp -a` of it, started on its own port: as isolated as a fresh initdb, with
// the schema already there. tap's `after` script (run-after.ts) removes it.
//
// The template belongs to the tap runner process that spawned this test file (the parent of
// both the before script and every test file), so runs in parallel (other worktrees, other
// engineers) never share or remove each other's. A test process that finds no template builds
// it under a lock (a run started without the before script); one run outside tap (a bench, a
// file run with plain node) gets null and initdb's as before.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../services/shared/postgres/embedded.js';
import { migrate } from '../../services/shared/postgres/migrate.js';
import { freePortOn } from '../../services/shared/net.js';

const PREFIX = 'mr-pg-template-';

/** Whether this process was started by the tap runner (its settings are in the environment). */
const underTap = (): boolean => process.env.TAP_JOBS !== undefined || process.env.TAP_BEFORE !== undefined;

/** The template directory of the tap run this process belongs to, or null outside tap. */
export const templateRoot = (runner: number = process.ppid): string | null => (underTap() ? join(tmpdir(), `${PREFIX}${runner}`) : null);

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const ready = (root: string): boolean => existsSync(join(root, 'pg', 'PG_VERSION'));

/** initdb, migrate and stop cleanly in a private directory, then rename it into place (atomic). */
const make = async (root: string): Promise<void> => {
  const building = `${root}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  try {
    const pg = await startEmbeddedPostgres({ dataDir: building, port: await freePortOn('127.0.0.1'), durable: false });
    try {
      await migrate(pg.url);
    } finally {
      await pg.stop();
    }
    renameSync(building, root);
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
};

/** Takes the lock (a directory: mkdir is atomic) or says who holds it. */
const tryLock = (lock: string): boolean => {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(readFileSafe(join(lock, 'pid')));
    // A holder that died (or has not written its pid after a while) leaves the lock to us.
    if (holder > 0 && !isAlive(holder)) rmSync(lock, { recursive: true, force: true });
    return false;
  }
};

const readFileSafe = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** The run's template, made now if it is not there yet (one maker; the others wait for it). */
export const ensureTemplate = async (root: string, timeoutMs = 180_000): Promise<string> => {
  const lock = `${root}.lock`;
  const deadline = Date.now() + timeoutMs;
  while (!ready(root)) {
    if (tryLock(lock)) {
      try {
        if (!ready(root)) await make(root);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      break;
    }
    if (Date.now() > deadline) throw new Error(`no PostgreSQL template at ${root} after ${timeoutMs} ms (lock ${lock})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return root;
};

/**
 * Copies the run's migrated cluster to `pgDir` (which must not exist yet), keeping owners and
 * modes (as root the data belongs to the postgres user). False outside tap: the caller initdb's.
 */
export const copyTemplate = async (pgDir: string): Promise<boolean> => {
  const root = templateRoot();
  if (!root) return false;
  await ensureTemplate(root);
  execFileSync('cp', ['-a', join(root, 'pg'), pgDir]);
  return true;
};

/** Removes this run's template and any left by runs that are gone (killed before their `after`). */
export const removeTemplates = (runner: number): void => {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(/^\d+/.exec(name.slice(PREFIX.length))?.[0]);
    if (pid === runner || !(pid > 0 && isAlive(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
};
