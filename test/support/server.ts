// Runs the real server (`services/server.ts`, what `npm start` runs) as a child process on a
// temp data directory and free ports, and talks to it over HTTP like any client would.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './pg.js';
import { copyTemplate } from './pg-template.js';

export interface RunningServer {
  url: string;
  wsUrl: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the server wrote (JSON log lines). */
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

const root = new URL('../../', import.meta.url).pathname;

/**
 * A port found free can be taken by another test process before the server binds it (tests run
 * in parallel, and a server takes a second or two to boot): then it starts again on new ports.
 */
export const startServer = async (opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningServer> => {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'mr-server-'));
  // A data directory without a database gets a copy of the run's migrated template: the server
  // finds its cluster and schema there instead of running initdb and every migration.
  if (!existsSync(join(dataDir, 'pg'))) await copyTemplate(join(dataDir, 'pg'));
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(dataDir, opts.env);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof Error) || !err.message.includes('EADDRINUSE')) {
        // A directory made here is nobody else's to clean up.
        if (!opts.dataDir) removeDataDir(dataDir);
        throw err;
      }
    }
  }
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops the PostgreSQL a SIGKILLed server left running in dataDir (fast shutdown), and waits for it. */
const stopLeftPostgres = async (dataDir: string) => {
  let pid = 0;
  try {
    pid = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!(pid > 0 && alive(pid))) return;
  process.kill(pid, 'SIGINT');
  const until = Date.now() + 30_000;
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
};

const startOnce = async (dataDir: string, env: Record<string, string> = {}): Promise<RunningServer> => {
  const port = await freePort();
  const wsPort = await freePort();
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/server.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), WS_PORT: String(wsPort), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      const r = await fetch(`${url}/v1/health`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      // Its PostgreSQL would outlive it (as after a crash): a failed start leaves nothing running.
      await stopLeftPostgres(dataDir);
      throw new Error(`server did not become healthy:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    dataDir,
    child,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
      // PostgreSQL outlives a killed parent for a moment; the next start waits for its lock.
    },
  };
};

export const removeDataDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** A server for one test: stopped, and its data directory removed, when the test ends. */
export const serverFor = async (t: { teardown(fn: () => unknown): void }, opts: Parameters<typeof startServer>[0] = {}): Promise<RunningServer> => {
  const s = await startServer(opts);
  t.teardown(async () => {
    await s.stop();
    removeDataDir(s.dataDir);
  });
  return s;
};
