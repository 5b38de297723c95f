// Wires one process from configuration: database (embedded or DATABASE_URL), migrations, event
// store, command bus, the application layer, read-model projectors, process managers, timers,
// HTTP surfaces and push. `npm start` runs every role in one process; the distributed services
// run a subset (ROLES).
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type pg from 'pg';
import type { Core } from './app/core.js';
import { mayListen } from './app/access.js';
import { buildHttp } from './api/app.js';
import { v1Surface } from './api/v1.js';
import { facadeSurfaces, ownPorts } from './facades/index.js';
import { buildCore } from './composition/core.js';
import { startConsumers } from './composition/consumers.js';
import { openDatabase, type Cleanup } from './composition/database.js';
import { rolesOf, type Config } from './shared/config.js';
import { createPool } from './shared/postgres/pool.js';
import type { EventStore } from './shared/event-store/port.js';
import { openEventSource, openEventStore } from './shared/adapters.js';
import type { EventSource } from './shared/event-source/port.js';
import { createCommandBus, type CommandBus } from './shared/commands/bus.js';
import { postgresSnapshots } from './shared/commands/snapshots.js';
import type { ProjectionConsumer } from './shared/consumers/projector.js';
import { openParkedCounts } from './shared/consumers/parking.js';
import { chatPlatformPushDialect } from './push/chatPlatform.js';
import { startPushGateway } from './push/gateway.js';
import { appPushDialects } from './push/appDialects.js';
import { groupOnlineNotices } from './push/groupOnline.js';
import type { PresencePort } from './app/core.js';
import { executeCommand } from './push/commands.js';
import { createPushHistory } from '../projections/push/history.js';
import { parseChannel } from '../contracts/push.js';
import { startHealthServer } from './shared/health-server.js';
import { listenForEndedSessions } from './composition/sessionEvents.js';

export interface Platform {
  config: Config;
  core: Core;
  pool: pg.Pool;
  store: EventStore;
  bus: CommandBus;
  app: FastifyInstance | null;
  httpPort: number;
  wsPort: number;
  consumers: ProjectionConsumer[];
  /** Waits until every projector here has applied the store's current head. */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const stopper = (log: Logger, cleanups: Cleanup[]) => async () => {
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch (err) {
      log.error({ err }, 'shutdown step failed');
    }
  }
};

export const startPlatform = async (config: Config, log: Logger, opts: { eventSource?: EventSource; store?: EventStore } = {}): Promise<Platform> => {
  const roles = rolesOf(config);
  const cleanups: Cleanup[] = [];
  const stop = stopper(log, cleanups);
  try {
    const url = await openDatabase(config, log, cleanups);
    const pool = createPool({ connectionString: url, max: config.PG_POOL_SIZE });
    // An idle client losing its server (PostgreSQL restarting or stopping) is logged, not fatal.
    pool.on('error', (err) => log.warn({ err }, 'idle PostgreSQL client error'));
    cleanups.push(() => pool.end());
    const store = opts.store ?? openEventStore(config, url, pool);
    cleanups.push(() => store.close());
    const bus = createCommandBus({ store, snapshots: postgresSnapshots(pool) });
    cleanups.push(() => bus.drain());
    const source = opts.eventSource ?? openEventSource(config, store, log, config.ROLES);
    const onThread = config.PROJECTOR_THREAD && !opts.store && !opts.eventSource;
    const consumers = await startConsumers({ config, roles, log, pool, url, source, onThread, cleanups });
    const readModelConsumers = () => consumers.list.filter((c) => c.name.startsWith('projection:'));
    let wsPort = 0;
    const presence: { port: PresencePort | null } = { port: null };
    const core = buildCore({
      wsPort: () => wsPort,
      presence: { onlineAmong: (ids) => presence.port?.onlineAmong(ids) ?? new Set() },
      config,
      log,
      pool,
      store,
      bus,
      health: {
        down: () => healthOf(store, pool, consumers.stopped),
        parked: () => openParkedCounts(pool),
        consumers: () => consumers.list.map((c) => ({ name: c.name, position: c.position(), running: !consumers.stopped().includes(c.name) })),
        head: () => store.headPosition(),
      },
      // Read-your-writes: a command answers after this process's read models show its events.
      // Reactions (receiver credits) stay asynchronous; nothing waits for them.
      readModelsAt: async (position) => {
        await Promise.all(readModelConsumers().map((c) => c.waitFor(position, 2000)));
      },
    });
    if (roles.has('process-manager')) await consumers.startProcessManager(core);
    const resyncs: (() => void)[] = [];
    if (roles.has('command-api') || roles.has('query-api') || roles.has('push')) {
      const events = listenForEndedSessions(url, core.sessions, log.child({ component: 'sessions' }), () => resyncs.forEach((r) => r()));
      cleanups.push(() => events.close());
    }
    if (roles.has('push')) wsPort = await startPush(core, consumers, log, cleanups, resyncs, presence);
    const http = await startHttp(core, roles, log, cleanups);
    const settle = async (timeoutMs = 30_000) => {
      const head = await store.headPosition();
      const caught = await Promise.all(consumers.list.map((c) => c.waitFor(head, timeoutMs)));
      const behind = consumers.list.filter((_, i) => !caught[i]).map((c) => `${c.name} at ${c.position()}`);
      if (behind.length > 0) throw new Error(`not settled at ${head} after ${timeoutMs} ms: ${behind.join(', ')}`);
    };
    return { config, core, pool, store, bus, app: http.app, httpPort: http.port, wsPort, consumers: consumers.list, settle, stop };
  } catch (err) {
    await stop();
    throw err;
  }
};

const healthOf = async (store: EventStore, pool: pg.Pool, stopped: () => string[]): Promise<string[]> => {
  const down: string[] = [];
  await store.headPosition().catch(() => down.push('event-store'));
  await pool.query('select 1').catch(() => down.push('read-store'));
  return [...down, ...stopped()];
};

const startPush = async (
  core: Core,
  consumers: Awaited<ReturnType<typeof startConsumers>>,
  log: Logger,
  cleanups: Cleanup[],
  resyncs: (() => void)[],
  presence: { port: PresencePort | null },
): Promise<number> => {
  const online = groupOnlineNotices(core, log.child({ component: 'push' }), () => gateway);
  const gateway = await startPushGateway({
    port: core.config.WS_PORT,
    host: core.config.HOST,
    authenticate: async (token) => {
      const s = await core.sessions.verify(token, core.clock());
      return s ? { userId: s.userId, expiresAt: s.expiresAt, sessionKey: s.key } : null;
    },
    authorize: async (userId, channel) => {
      const ch = parseChannel(channel);
      return ch !== null && mayListen(core, userId, ch);
    },
    history: createPushHistory(core.pool),
    maxBufferBytes: core.config.PUSH_MAX_BUFFER_BYTES,
    idleTimeoutSeconds: core.config.PUSH_IDLE_TIMEOUT_SECONDS,
    coalesceMs: core.config.PUSH_COALESCE_MS,
    log: log.child({ component: 'push' }),
    execute: (principal, dialect, frame) => executeCommand(core, principal, dialect, frame),
    dialects: [chatPlatformPushDialect(core), ...appPushDialects(core)],
    onPresence: (userId) => online.changed(userId),
  });
  presence.port = gateway;
  cleanups.push(() => gateway.close());
  cleanups.push(() => online.close());
  // An ended session closes its sockets: at once when it ended here, on the NOTIFY when elsewhere.
  cleanups.push(core.sessions.onEnded((keys) => gateway.endSessions(keys)));
  resyncs.push(() => {
    const keys = gateway.sessionKeys();
    core.sessions.live(keys, core.clock()).then(
      (live) => gateway.endSessions(keys.filter((k) => !live.has(k))),
      (err: unknown) => log.warn({ err }, 'push: session recheck failed'),
    );
  });
  await consumers.startPush(gateway);
  log.info({ port: gateway.port }, 'push gateway listening');
  return gateway.port;
};

const startHttp = async (core: Core, roles: ReadonlySet<string>, log: Logger, cleanups: Cleanup[]): Promise<{ app: FastifyInstance | null; port: number }> => {
  const { config } = core;
  if (!roles.has('command-api') && !roles.has('query-api')) {
    // Processes without the HTTP API still answer GET /health for their orchestrator.
    const h = await startHealthServer(config.PORT, config.HOST, core.health);
    cleanups.push(() => h.close());
    return { app: null, port: h.port };
  }
  const httpOpts = {
    log: log as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    logRequests: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace',
  };
  const app = await buildHttp(core, [v1Surface, ...facadeSurfaces], httpOpts);
  await app.listen({ port: config.PORT, host: config.HOST });
  const addr = app.server.address();
  // Stop taking requests first; in-flight ones finish before the rest shuts down.
  cleanups.push(() => app.close());
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  log.info({ port }, 'HTTP API listening');
  // Seed apps whose clients cannot carry a path in their base URL: the facade at a port's root.
  for (const own of ownPorts(config)) {
    const a = await buildHttp(core, [own.surface], httpOpts);
    await a.listen({ port: own.port, host: config.HOST });
    cleanups.push(() => a.close());
    log.info({ app: own.app, port: own.port }, 'facade listening on its own port');
  }
  return { app, port };
};
