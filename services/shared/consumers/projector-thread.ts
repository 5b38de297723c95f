// The projector thread's entry (see thread.ts): the same read models, event store and event
// source as the main thread would use, on this thread's own pool.
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import { createPool } from '../postgres/pool.js';
import { openEventSource, openEventStore } from '../adapters.js';
import { readModels } from '../../../projections/index.js';
import { projectionGroupConsumer } from './projector.js';
import type { FromThread, ThreadKind, ToThread } from './thread.js';
import { pushProjector } from '../../push/projector.js';
import type { Announcement } from '../../push/projector.js';

const port = parentPort;
if (!port) throw new Error('projector-thread runs as a worker');
const tell = (m: FromThread) => port.postMessage(m);
const { kind, config, databaseUrl } = workerData as { kind: ThreadKind; config: Config; databaseUrl: string };
const log = createLogger(config, 'projector-thread');

const main = async () => {
  // A batch holds one connection; the spare ones serve checkpoint reads and the log reader.
  const pool = createPool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', (err) => log.warn({ err }, 'idle PostgreSQL client error'));
  const store = openEventStore(config, databaseUrl, pool);
  const source = openEventSource(config, store, log, `${config.ROLES}-projector`);
  // Push messages (and revocations, in order with them) are announced by the gateway on the main
  // thread: a batch's go in one message.
  let published: Announcement[] = [];
  const inner =
    kind === 'push'
      ? pushProjector({
          pool,
          publish: (m) => published.push({ kind: 'message', message: m }),
          revoke: (channel, userId) => published.push({ kind: 'revoke', channel, userId }),
          historyLimit: config.PUSH_HISTORY_LIMIT,
          log: log.child({ component: 'push-projector' }),
        })
      : projectionGroupConsumer(pool, readModels({ pokeTimers: () => tell({ kind: 'poke-timers' }) }), undefined, log.child({ component: 'projector' }));
  const consumer = {
    ...inner,
    handle: async (batch: Parameters<typeof inner.handle>[0]) => {
      try {
        await inner.handle(batch);
      } finally {
        if (published.length > 0) tell({ kind: 'publish', announcements: published });
        published = [];
      }
      tell({ kind: 'progress', position: inner.position(), at: inner.appliedAt() });
    },
  };
  const running = await source.start(consumer);
  tell({ kind: 'started', name: inner.name, position: inner.position() });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.stop();
    await store.close();
    await pool.end();
    tell({ kind: 'stopped' });
    port.close();
  };
  running.done.catch((err: unknown) => {
    tell({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    void stop();
  });
  port.on('message', (m: ToThread) => {
    if (m.kind === 'stop') void stop();
  });
};

main().catch((err: unknown) => {
  tell({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
