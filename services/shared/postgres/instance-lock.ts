// One running instance per data directory: a lock file holding the owner's pid. A lock left by
// a process that is gone (kill -9) is taken over; a live owner is a clear start-up error.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class InstanceLockedError extends Error {}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const lockDataDir = (dataDir: string): (() => void) => {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'instance.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (owner > 0 && owner !== process.pid && alive(owner)) {
        throw new InstanceLockedError(`DATA_DIR ${dataDir} is used by another running instance (pid ${owner}); stop it or choose another DATA_DIR`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new InstanceLockedError(`could not lock DATA_DIR ${dataDir}`);
};

const connectionFile = (dataDir: string) => join(dataDir, 'connection.json');

/** Writes where the running instance's database listens (owner-only file); returns its removal. */
export const publishConnection = (dataDir: string, url: string): (() => void) => {
  writeFileSync(connectionFile(dataDir), JSON.stringify({ url, pid: process.pid }), { mode: 0o600 });
  return () => rmSync(connectionFile(dataDir), { force: true });
};

/** The database URL of the instance running on dataDir, or null when none runs. */
export const runningConnection = (dataDir: string): string | null => {
  const f = connectionFile(dataDir);
  if (!existsSync(f)) return null;
  try {
    const { url, pid } = JSON.parse(readFileSync(f, 'utf8')) as { url?: unknown; pid?: unknown };
    return typeof url === 'string' && typeof pid === 'number' && alive(pid) ? url : null;
  } catch {
    return null;
  }
};
