// What the use cases need, built once per process by the composition root (services/platform.ts,
// the CLI's services/composition/cli.ts, tests). A plain record: no container, no globals.
import type pg from 'pg';
import type { AssetRules } from '../../domain/assets.js';
import type { CommandBus } from '../shared/commands/bus.js';
import type { Config } from '../shared/config.js';
import type { EventStore } from '../shared/event-store/port.js';
import type { IdGenerator } from '../shared/ids.js';
import type { CatalogGift } from '../shared/gifts.js';
import type { CommandLog } from './commandLog.js';
import type { AppName, Policy } from './policies.js';
import type { Sessions } from './sessions.js';
import type { ObjectStore } from '../shared/objects/port.js';
import type { ExternalProvider } from '../../domain/externalIdentity.js';

/** What a third-party login provider vouches for: its stable id of the account, and what it shows of it. */
export interface ExternalAssertion {
  provider: ExternalProvider;
  subject: string;
  nickname?: string;
  avatarUrl?: string;
}

/**
 * A third-party login provider (Weibo, WeChat): turns what the app got from the provider's SDK
 * (a token, a code) into the account it stands for, or null when the provider does not vouch
 * for it. Dev mode has a signed sandbox (externalLogin.ts); real adapters come with the facades.
 */
export interface LoginProvider {
  verify(credential: string, now: Date): Promise<ExternalAssertion | null>;
}

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

export interface CoreLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Who is online (the push gateway's sockets per user); services/app/presence.ts reads it. */
export interface PresencePort {
  /** Which of these users are online now. */
  onlineAmong(userIds: readonly string[]): ReadonlySet<string>;
}

export interface Core {
  config: Config;
  log: CoreLog;
  /** The read store: read models and the tables of sessions, codes and keys. */
  pool: pg.Pool;
  store: EventStore;
  bus: CommandBus;
  ids: IdGenerator;
  clock: () => Date;
  sessions: Sessions;
  commands: CommandLog;
  sms: SmsProvider;
  devSms: DevSmsSink | null;
  health: HealthCheck;
  policies: Record<AppName, Policy>;
  catalog: readonly CatalogGift[];
  /** Third-party login providers that are configured (the sandbox's, in dev mode). */
  loginProviders: Partial<Record<ExternalProvider, LoginProvider>>;
  /** The configured assets by id (ASSETS over the defaults; services/shared/assets.ts). */
  assets: Readonly<Record<string, AssetRules>>;
  /** The push gateway's port (0 when this process runs no push): facades hand out socket URLs. */
  wsPort(): number;
  /** Where uploaded bytes live; unset, the store MEDIA_STORE names (services/shared/objects/). */
  objects?: ObjectStore;
  /** Waits until this process's read models reflect a position (read-your-writes), bounded. */
  readModelsAt(position: number): Promise<void>;
  /** Who is online (the push gateway's sockets); unset in a process without push: nobody. */
  presence?: PresencePort;
}
