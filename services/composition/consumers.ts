// The consumers a process runs, by role: the read models (on their own thread unless a test
// hands in its own store or source), the process manager and its timers, and the push projector
// feeding the gateway. Each running consumer is watched: one that stops is named by health.
import type { Logger } from 'pino';
import type pg from 'pg';
import type { Core } from '../app/core.js';
import { fireTimer } from '../app/timers.js';
import { readModels } from '../../projections/index.js';
import { processManagers } from '../process/index.js';
import type { PushMessage } from '../../projections/push/store.js';
import { pushProjector } from '../push/projector.js';
import type { Config, Role } from '../shared/config.js';
import type { EventSource, RunningConsumer } from '../shared/event-source/port.js';
import { projectionGroupConsumer, type ProjectionConsumer } from '../shared/consumers/projector.js';
import { reactorConsumer } from '../shared/consumers/reactor.js';
import { startProjectorThread } from '../shared/consumers/thread.js';
import { startTimers, type TimerRunner } from '../shared/consumers/timers.js';
import type { Cleanup } from './database.js';

export interface Consumers {
  list: ProjectionConsumer[];
  /** Names of consumers that stopped (for health). */
  stopped(): string[];
  /** Starts the push projector once the gateway exists to publish to. */
  startPush(gateway: { publish(m: PushMessage): void; revoke(channel: string, userId: string): void }): Promise<void>;
  startProcessManager(core: Core): Promise<void>;
}

export const startConsumers = async (opts: {
  config: Config;
  roles: ReadonlySet<Role>;
  log: Logger;
  pool: pg.Pool;
  url: string;
  source: EventSource;
  onThread: boolean;
  cleanups: Cleanup[];
}): Promise<Consumers> => {
  const { config, log, pool, source, onThread } = opts;
  const list: ProjectionConsumer[] = [];
  const running: RunningConsumer[] = [];
  let stopped: string[] = [];
  let timers: TimerRunner | null = null;
  const watch = (c: ProjectionConsumer, r: RunningConsumer) => {
    list.push(c);
    running.push(r);
    r.done.catch((err: unknown) => {
      stopped = [...stopped, c.name];
      log.fatal({ err, consumer: c.name }, `consumer ${c.name} stopped: ${err instanceof Error ? err.message : String(err)}`);
    });
  };
  const start = async (c: ProjectionConsumer) => watch(c, await source.start(c));
  opts.cleanups.push(async () => {
    for (const r of running) await r.stop();
  });
  if (opts.roles.has('projector')) {
    // One consumer for all read models: one log read and one commit per batch (see projector.ts).
    if (onThread) {
      const t = await startProjectorThread({ kind: 'read-models', config, databaseUrl: opts.url, pokeTimers: () => timers?.poke() });
      watch(t.consumer, t.running);
    } else await start(projectionGroupConsumer(pool, readModels({ pokeTimers: () => timers?.poke() }), undefined, log.child({ component: 'projector' })));
  }
  return {
    list,
    stopped: () => stopped,
    async startPush(gateway) {
      const { publish, revoke } = gateway;
      if (onThread) {
        const t = await startProjectorThread({ kind: 'push', config, databaseUrl: opts.url, publish, revoke });
        watch(t.consumer, t.running);
      } else await start(pushProjector({ pool, publish, revoke, historyLimit: config.PUSH_HISTORY_LIMIT, log: log.child({ component: 'push-projector' }) }));
    },
    async startProcessManager(core) {
      for (const pm of processManagers(core)) await start(reactorConsumer(pool, pm, log.child({ component: pm.name })));
      const t = startTimers(pool, (timer) => fireTimer(core, timer), log.child({ component: 'timers' }));
      timers = t;
      opts.cleanups.push(() => t.stop());
    },
  };
};
