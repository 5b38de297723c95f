// A projector on its own thread (worker_threads), with its own event loop, pool and reader of
// the log: the read models, and the push projector (whose messages come back to the gateway).
//
// Why: under load the main event loop is a queue of HTTP work, and every round trip a projector
// makes waits its turn in it (10-20 ms each at a few hundred requests per second). That wait
// was most of the projection lag. On its own thread a batch takes what PostgreSQL takes.
//
// The main thread keeps a stand-in consumer with the same name, position and waitFor (fed by
// the thread's progress messages), so read-your-writes, settle() and the bench see no change.
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { RunningConsumer } from '../event-source/port.js';
import { progressTracker, type ProjectionConsumer } from './projector.js';
import type { PushMessage } from '../../../projections/push/store.js';
import type { Announcement } from '../../push/projector.js';

export type FromThread =
  | { kind: 'started'; name: string; position: number }
  | { kind: 'progress'; position: number; at: number }
  | { kind: 'poke-timers' }
  | { kind: 'publish'; announcements: Announcement[] }
  | { kind: 'failed'; message: string }
  | { kind: 'stopped' };
export type ToThread = { kind: 'stop' };

export type ThreadKind = 'read-models' | 'push';

export interface ThreadOptions {
  kind: ThreadKind;
  config: Config;
  databaseUrl: string;
  pokeTimers?: () => void;
  /** Push: each committed message, in seq order per channel, one batch per synchronous loop. */
  publish?: (m: PushMessage) => void;
  /** Push: a user lost a channel (in order with the messages). */
  revoke?: (channel: string, userId: string) => void;
}

export const startProjectorThread = async (opts: ThreadOptions): Promise<{ consumer: ProjectionConsumer; running: RunningConsumer }> => {
  const worker = new Worker(new URL('./projector-thread.mjs', import.meta.url), {
    workerData: { kind: opts.kind, config: opts.config, databaseUrl: opts.databaseUrl },
  });
  const progress = progressTracker();
  let fail: (err: Error) => void = () => {};
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  done.catch(() => {});
  const started = new Promise<{ name: string }>((resolve, reject) => {
    worker.on('message', (m: FromThread) => {
      switch (m.kind) {
        case 'started':
          progress.advance(m.position);
          resolve(m);
          break;
        case 'progress':
          progress.advance(m.position, m.at);
          break;
        case 'poke-timers':
          opts.pokeTimers?.();
          break;
        case 'publish':
          // One synchronous loop per batch, as the push projector itself publishes.
          for (const a of m.announcements) {
            if (a.kind === 'message') opts.publish?.(a.message);
            else opts.revoke?.(a.channel, a.userId);
          }
          break;
        case 'failed':
          fail(new Error(m.message));
          break;
        case 'stopped':
          finish();
          break;
      }
    });
    worker.on('error', (err) => {
      reject(err);
      fail(err);
    });
    worker.on('exit', (code) => {
      const err = new Error(`projector thread exited (${code})`);
      reject(err);
      if (code === 0) finish();
      else fail(err);
    });
  });
  const { name } = await started;
  const consumer: ProjectionConsumer = {
    name,
    position: progress.position,
    waitFor: progress.waitFor,
    appliedAt: progress.appliedAt,
    checkpoint: () => Promise.reject(new Error(`${name} runs on its own thread`)),
    handle: () => Promise.reject(new Error(`${name} runs on its own thread`)),
  };
  let gone = false;
  worker.once('exit', () => {
    gone = true;
  });
  const running: RunningConsumer = {
    done,
    stop: async () => {
      // A thread that already ended (its consumer failed and it shut down) has nothing to stop.
      if (gone) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ kind: 'stop' } satisfies ToThread);
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return { consumer, running };
};
