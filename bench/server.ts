// The process `npm run bench` measures (a child of bench/run.ts): the real product, started by
// the same startPlatform as `npm start`, on a temp DATA_DIR, plus the naive baseline app on its
// own port against the same PostgreSQL. Talks to its parent over IPC.
//
// Projection lag is observed from inside, without changing the product: every append the
// command bus makes is timed at its return (the commit), and again when every read-model
// projector has applied its position (the same signal read-your-writes waits on).
import { loadConfig } from '../services/shared/config.js';
import { createLogger } from '../services/shared/logger.js';
import { startPlatform } from '../services/platform.js';
import { epochNow } from '../services/shared/consumers/projector.js';
import { createPool } from '../services/shared/postgres/pool.js';
import { buildNaiveApp, setupNaiveSchema } from './naive/app.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Histogram } from './load.js';

export type ToServer = { kind: 'lag'; label: string } | { kind: 'settle' } | { kind: 'stop' };
export type FromServer =
  | { kind: 'ready'; url: string; naiveUrl: string; dbUrl: string; poolSize: number }
  | { kind: 'settled'; ms: number; head: number }
  | { kind: 'lag'; label: string; samples: number; p50: number; p99: number; max: number; timeouts: number; byConsumer: Record<string, number>; heardP99: number; loopDelayP99: number };

const send = (m: FromServer) => process.send?.(m);

const main = async () => {
  // The bench's group holds every bench user (1,000 by default): over a free group's cap of 100,
  // so the core's caps are raised to the ceiling here (an operator's APP_POLICIES still wins).
  const benchPolicies = JSON.stringify({ core: { groupSizeByLevel: [2000, 2000, 2000, 2000, 2000] } });
  const config = loadConfig({ DEV_MODE: 'true', ROLES: 'all', APP_POLICIES: benchPolicies, ...process.env, LOG_LEVEL: 'error' });
  const log = createLogger(config, 'bench-server');
  const platform = await startPlatform(config, log);
  const dbUrl = platform.pool.options.connectionString ?? '';

  const projectors = platform.consumers.filter((c) => c.name.startsWith('projection:'));
  let label = '';
  // Two clocks per append: until each read model's batch committed (the projection lag: a reader
  // of PostgreSQL sees the row from then on), and until this thread heard of it (what
  // read-your-writes waits on; a projector on its own thread reports through this thread's
  // event loop).
  let lag = new Histogram();
  let heard = new Histogram();
  let timeouts = 0;
  let each = new Map<string, Histogram>();
  const append = platform.store.append.bind(platform.store);
  platform.store.append = async (streamId, events, o) => {
    const r = await append(streamId, events, o);
    if (label !== '') {
      const t0 = epochNow();
      const mine = label;
      const one = (c: (typeof projectors)[number]) =>
        c.waitFor(r.position, 10_000).then((ok) => {
          // Already applied when the append returned (this thread was busy): no lag to count.
          const committed = Math.max(0, c.appliedAt() - t0);
          if (ok && mine === label) {
            const h = each.get(c.name) ?? new Histogram();
            h.record(committed);
            each.set(c.name, h);
          }
          return ok ? committed : null;
        });
      void Promise.all(projectors.map(one)).then((done) => {
        if (mine !== label) return;
        if (done.every((d) => d !== null)) {
          lag.record(Math.max(...(done as number[])));
          heard.record(epochNow() - t0);
        } else timeouts++;
      });
    }
    return r;
  };

  const naivePool = createPool({ connectionString: dbUrl, max: config.PG_POOL_SIZE });
  await setupNaiveSchema(naivePool);
  const naive = await buildNaiveApp(naivePool);
  await naive.listen({ port: 0, host: '127.0.0.1' });
  const addr = naive.server.address();
  const naivePort = typeof addr === 'object' && addr ? addr.port : 0;

  // The main thread's event-loop delay: a projector thread's progress (what read-your-writes and
  // this lag wait on) is a message the main thread handles between requests.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  // Settled: every consumer (read models, push, process managers) has applied the store's head,
  // and the head did not move meanwhile (a process manager's reaction, say the receiver's credit
  // for a gift, is an append of its own). What the requests set off is then done.
  const settle = async () => {
    const t0 = performance.now();
    let head = -1;
    for (let round = 0; round < 100; round++) {
      const now = await platform.store.headPosition();
      if (now === head) break;
      head = now;
      // A consumer still behind after 30 s is reported and the run goes on (the report's settle
      // time shows the wait); a throw here would leave the bench waiting for 'settled' for ever.
      await platform.settle(30_000).catch((err: unknown) => console.error(`bench server: ${String(err)}`));
    }
    send({ kind: 'settled', ms: performance.now() - t0, head });
  };
  process.on('message', (m: ToServer) => {
    if (m.kind === 'settle') void settle();
    else if (m.kind === 'lag') {
      const loopDelayP99 = loop.percentile(99) / 1e6;
      loop.reset();
      // Report the window that ends now, start the next one.
      send({
        kind: 'lag',
        label,
        samples: lag.n,
        p50: lag.quantile(0.5),
        p99: lag.quantile(0.99),
        max: lag.quantile(1),
        timeouts,
        byConsumer: Object.fromEntries([...each].map(([n, h]) => [n, h.quantile(0.99)])),
        heardP99: heard.quantile(0.99),
        loopDelayP99,
      });
      label = m.label;
      lag = new Histogram();
      heard = new Histogram();
      each = new Map();
      timeouts = 0;
    } else {
      void (async () => {
        await naive.close();
        await naivePool.end();
        await platform.stop();
        process.exit(0);
      })();
    }
  });
  // An orphaned child (the bench died) stops itself.
  process.on('disconnect', () => void platform.stop().finally(() => process.exit(1)));
  send({ kind: 'ready', url: `http://127.0.0.1:${platform.httpPort}`, naiveUrl: `http://127.0.0.1:${naivePort}`, dbUrl, poolSize: config.PG_POOL_SIZE });
};

main().catch((err: unknown) => {
  process.stderr.write(`bench server failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
