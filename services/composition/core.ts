// Builds the application layer's dependencies (services/app/core.ts) for a process.
import type pg from 'pg';
import type { Core, CoreLog, HealthCheck } from '../app/core.js';
import type { PresencePort } from '../app/core.js';
import { postgresCommandLog } from '../app/commandLog.js';
import { policiesFrom } from '../app/policies.js';
import { postgresSessions } from '../app/sessions.js';
import { devSmsSink, logSms } from '../app/sms.js';
import { loginProvidersFor } from '../app/externalLogin.js';
import type { CommandBus } from '../shared/commands/bus.js';
import type { Config } from '../shared/config.js';
import type { EventStore } from '../shared/event-store/port.js';
import { parseAssets } from '../shared/assets.js';
import { parseCatalog } from '../shared/gifts.js';
import { snowflake } from '../shared/ids.js';

export interface CoreParts {
  config: Config;
  log: CoreLog;
  pool: pg.Pool;
  store: EventStore;
  bus: CommandBus;
  health: HealthCheck;
  readModelsAt(position: number): Promise<void>;
  wsPort?: () => number;
  presence?: PresencePort;
}

export const buildCore = (p: CoreParts): Core => {
  const devSms = p.config.DEV_MODE ? devSmsSink() : null;
  const ids = snowflake();
  return {
    ...p,
    wsPort: p.wsPort ?? (() => 0),
    ids,
    clock: () => new Date(),
    sessions: postgresSessions(p.pool, p.config.TOKEN_TTL_SECONDS, () => ids.next(), p.config.SESSION_CACHE_SECONDS * 1000),
    commands: postgresCommandLog(p.pool, p.config.IDEMPOTENCY_TTL_SECONDS),
    sms: devSms ?? logSms(p.log),
    devSms,
    policies: policiesFrom(p.config.APP_POLICIES),
    catalog: parseCatalog(p.config.GIFT_CATALOG),
    loginProviders: loginProvidersFor(p.config),
    assets: parseAssets(p.config.ASSETS),
  };
};
