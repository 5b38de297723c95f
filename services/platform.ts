// Wires one process from configuration: database (embedded or DATABASE_URL), migrations, event
// store, command bus, read-model projectors, process managers, timers, HTTP API and push.
// `npm start` runs every role in one process; the distributed services run a subset (ROLES).
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type pg from 'pg';
import { resolve } from 'node:path';
import type { Config } from './shared/config.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './shared/postgres/embedded.js';
import { lockDataDir, publishConnection } from './shared/postgres/instance-lock.js';
import { migrate } from './shared/postgres/migrate.js';
import { createPool } from './shared/postgres/pool.js';
import type { EventStore } from './shared/event-store/port.js';
import { openEventSource, openEventStore } from './shared/adapters.js';
import type { EventSource, RunningConsumer } from './shared/event-source/port.js';
import { createCommandBus, type CommandBus } from './shared/commands/bus.js';
import { postgresSnapshots } from './shared/commands/snapshots.js';
import { projectionGroupConsumer, type ProjectionConsumer } from './shared/consumers/projector.js';
import { reactorConsumer } from './shared/consumers/reactor.js';
import { startProjectorThread } from './shared/consumers/thread.js';
import { startTimers, type TimerRunner } from './shared/consumers/timers.js';
import { openParkedCounts } from './shared/consumers/parking.js';
import { snowflake } from './shared/ids.js';
import { buildApp } from './api/app.js';
import { postgresSessions } from './api/auth.js';
import { postgresIdempotency } from './api/idempotency.js';
import type { AppDeps, DevSmsSink } from './api/deps.js';
import { devSmsSink, logSms } from './api/sms.js';
import { readModels } from '../projections/index.js';
import { processManagers, fireTimer } from './process/index.js';
import { freePortOn } from './shared/net.js';
import { startPushGateway } from './push/gateway.js';
import { pushProjector } from './push/projector.js';
import { createPushHistory } from '../projections/pushMessages.js';
import { groupDecider, groupStream, isGroupMember } from '../domain/group.js';
import { startHealthServer } from './shared/health-server.js';

export type Role = 'command-api' | 'query-api' | 'projector' | 'process-manager' | 'push' | 'relay';
const ALL_ROLES: readonly Role[] = ['command-api', 'query-api', 'projector', 'process-manager', 'push'];

export const parseRoles = (s: string): Set<Role> =>
  new Set(s === 'all' ? ALL_ROLES : (s.split(',').map((r) => r.trim()) as Role[]));

export interface Platform {
  config: Config;
  pool: pg.Pool;
  store: EventStore;
  bus: CommandBus;
  app: FastifyInstance | null;
  httpPort: number;
  wsPort: number;
  consumers: ProjectionConsumer[];
  devSms: DevSmsSink | null;
  /** Waits until every projector here has applied the store's current head. */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

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

/** Push channels: your own `user:`, groups you belong to, and any room (rooms are public). */
const mayListen = async (bus: CommandBus, userId: string, channel: string): Promise<boolean> => {
  const m = /^(user|group|room):(.+)$/.exec(channel);
  if (!m?.[2]) return false;
  const id = m[2];
  if (m[1] === 'user') return id === userId;
  if (m[1] === 'group') return isGroupMember((await bus.load(groupDecider, groupStream(id))).state, userId);
  return true; // rooms are public
};

export const startPlatform = async (config: Config, log: Logger, opts: { eventSource?: EventSource; store?: EventStore } = {}): Promise<Platform> => {
  const roles = parseRoles(config.ROLES);
  const cleanups: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (err) {
        log.error({ err }, 'shutdown step failed');
      }
    }
  };
  try {
    let url = config.DATABASE_URL;
    if (!url) {
      const dataDir = resolve(config.DATA_DIR);
      cleanups.push(lockDataDir(dataDir));
      const port = config.EMBEDDED_PG_PORT || (await freePortOn('127.0.0.1'));
      const pgLog = log.child({ component: 'postgres' });
      const embedded: EmbeddedPostgresHandle = await startEmbeddedPostgres({ dataDir, port, statementStats: config.EMBEDDED_PG_STATEMENT_STATS, log: (l) => pgLog.debug(l) });
      cleanups.push(() => embedded.stop());
      url = embedded.url;
      // The CLI (npm run admin / audit) finds the running database here.
      cleanups.push(publishConnection(dataDir, url));
      log.info({ dataDir, port }, 'embedded PostgreSQL started');
    }
    const applied = await migrateWithRetry(url, log);
    if (applied.length) log.info({ applied }, 'migrations applied');
    const pool = createPool({ connectionString: url, max: config.PG_POOL_SIZE });
    // An idle client losing its server (PostgreSQL restarting or stopping) is logged, not fatal.
    pool.on('error', (err) => log.warn({ err }, 'idle PostgreSQL client error'));
    cleanups.push(() => pool.end());
    const store = opts.store ?? openEventStore(config, url, pool);
    cleanups.push(() => store.close());
    const bus = createCommandBus({ store, snapshots: postgresSnapshots(pool) });
    cleanups.push(() => bus.drain());
    const source = opts.eventSource ?? openEventSource(config, store, log, config.ROLES);
    const clock = () => new Date();
    const ids = snowflake();

    // Read models and reactions.
    const consumers: ProjectionConsumer[] = [];
    const running: RunningConsumer[] = [];
    let timers: TimerRunner | null = null;
    const startConsumer = async (c: ProjectionConsumer) => {
      const r = await source.start(c);
      consumers.push(c);
      running.push(r);
      r.done.catch((err: unknown) => log.fatal({ err, consumer: c.name }, `consumer ${c.name} stopped: ${err instanceof Error ? err.message : String(err)}`));
    };
    const threaded = (t: { consumer: ProjectionConsumer; running: RunningConsumer }) => {
      consumers.push(t.consumer);
      running.push(t.running);
      t.running.done.catch((err: unknown) => log.fatal({ err, consumer: t.consumer.name }, `consumer ${t.consumer.name} stopped: ${err instanceof Error ? err.message : String(err)}`));
    };
    const onThread = config.PROJECTOR_THREAD && !opts.store && !opts.eventSource;
    cleanups.push(async () => {
      for (const r of running) await r.stop();
    });
    if (roles.has('projector')) {
      // One consumer for all read models: one log read and one commit per batch (see projector.ts),
      // on its own thread (thread.ts) unless the caller handed in its own store or source.
      if (onThread) {
        threaded(await startProjectorThread({ kind: 'read-models', config, databaseUrl: url, pokeTimers: () => timers?.poke() }));
      } else await startConsumer(projectionGroupConsumer(pool, readModels({ pokeTimers: () => timers?.poke() }), undefined, log.child({ component: 'projector' })));
    }
    if (roles.has('process-manager')) {
      for (const pm of processManagers({ bus, config, ids })) await startConsumer(reactorConsumer(pool, pm, log.child({ component: pm.name })));
      timers = startTimers(pool, (t) => fireTimer({ bus, config, ids }, t), log.child({ component: 'timers' }));
      const t = timers;
      cleanups.push(() => t.stop());
    }
    const sessions = postgresSessions(pool, config.TOKEN_TTL_SECONDS);
    let wsPort = 0;
    if (roles.has('push')) {
      const gateway = await startPushGateway({
        port: config.WS_PORT,
        host: config.HOST,
        authenticate: async (token) => (await sessions.verify(token, clock()))?.userId ?? null,
        authorize: (userId, channel) => mayListen(bus, userId, channel),
        history: createPushHistory(pool),
        maxBufferBytes: config.PUSH_MAX_BUFFER_BYTES,
        idleTimeoutSeconds: config.PUSH_IDLE_TIMEOUT_SECONDS,
        coalesceMs: config.PUSH_COALESCE_MS,
        log: log.child({ component: 'push' }),
      });
      wsPort = gateway.port;
      cleanups.push(() => gateway.close());
      if (onThread) threaded(await startProjectorThread({ kind: 'push', config, databaseUrl: url, publish: gateway.publish }));
      else await startConsumer(pushProjector({ pool, publish: gateway.publish, historyLimit: config.PUSH_HISTORY_LIMIT, log: log.child({ component: 'push-projector' }) }));
      log.info({ port: wsPort }, 'push gateway listening');
    }
    let stopped = new Set<string>();
    for (const [i, r] of running.entries()) {
      r.done.catch(() => {
        stopped = new Set([...stopped, consumers[i]?.name ?? String(i)]);
      });
    }

    const devSms = config.DEV_MODE ? devSmsSink() : null;
    const settle = async (timeoutMs = 10_000) => {
      const head = await store.headPosition();
      await Promise.all(consumers.map((c) => c.waitFor(head, timeoutMs)));
    };
    const deps: AppDeps = {
      config,
      log,
      pool,
      store,
      bus,
      ids,
      clock,
      sessions,
      idempotency: postgresIdempotency(pool, config.IDEMPOTENCY_TTL_SECONDS),
      sms: devSms ?? logSms(log),
      devSms,
      health: {
        async down() {
          const down: string[] = [];
          try {
            await store.headPosition();
          } catch {
            down.push('event-store');
          }
          try {
            await pool.query('select 1');
          } catch {
            down.push('read-store');
          }
          return [...down, ...stopped];
        },
        parked: () => openParkedCounts(pool),
        consumers: () => consumers.map((c) => ({ name: c.name, position: c.position(), running: !stopped.has(c.name) })),
        head: () => store.headPosition(),
      },
      // Read-your-writes: a command answers after this process's read models show its events.
      // Reactions (receiver credits) stay asynchronous; nothing waits for them.
      readModelsAt: async (position) => {
        await Promise.all(consumers.filter((c) => c.name.startsWith('projection:')).map((c) => c.waitFor(position, 2000)));
      },
    };

    let app: FastifyInstance | null = null;
    let httpPort = 0;
    if (roles.has('command-api') || roles.has('query-api')) {
      const a = await buildApp(deps);
      app = a;
      await a.listen({ port: config.PORT, host: config.HOST });
      const addr = a.server.address();
      httpPort = typeof addr === 'object' && addr ? addr.port : config.PORT;
      // Stop taking requests first; in-flight ones finish before the rest shuts down.
      cleanups.push(() => a.close());
      log.info({ port: httpPort }, 'HTTP API listening');
    }
    if (!app) {
      // Processes without the HTTP API still answer GET /health for their orchestrator.
      const h = await startHealthServer(config.PORT, config.HOST, deps.health);
      httpPort = h.port;
      cleanups.push(() => h.close());
    }
    return { config, pool, store, bus, app, httpPort, wsPort, consumers, devSms, settle, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
};
