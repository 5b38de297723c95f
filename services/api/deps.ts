// What the HTTP app needs, passed in by server.ts (or a test). No DI container.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../shared/config.js';
import type { EventStore } from '../shared/event-store/port.js';
import type { CommandBus } from '../shared/commands/bus.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Sessions } from './auth.js';
import type { IdempotencyStore } from './idempotency.js';

export interface SmsProvider {
  send(phone: string, text: string): Promise<void>;
}

/** The dev-mode SMS sink: keeps the latest code per phone for GET /v1/dev/sms-codes/:phone. */
export interface DevSmsSink extends SmsProvider {
  latest(phone: string): string | null;
}

export interface ConsumerStatus {
  name: string;
  /** The global log position it has applied (partition "all"). */
  position: number;
  /** False once it stopped (health is 503 then). */
  running: boolean;
}

export interface HealthCheck {
  /** Resolves to the names of parts that are down (empty when healthy). */
  down(): Promise<string[]>;
  /** Open parked events per consumer (parked_events): the product works, an operator has work. */
  parked?(): Promise<Record<string, number>>;
  /** This process's consumers, for metrics. */
  consumers?(): readonly ConsumerStatus[];
  /** The log's head position, for metrics. */
  head?(): Promise<number>;
}

export interface AppDeps {
  config: Config;
  log: Logger;
  pool: pg.Pool;
  store: EventStore;
  bus: CommandBus;
  ids: IdGenerator;
  clock: () => Date;
  sessions: Sessions;
  idempotency: IdempotencyStore;
  sms: SmsProvider;
  devSms: DevSmsSink | null;
  health: HealthCheck;
  /** Wait until the read models reflect a position (read-your-writes), bounded by a timeout. */
  readModelsAt(position: number): Promise<void>;
}
