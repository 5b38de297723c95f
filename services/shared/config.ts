// The one place the environment is read. Parsed once at start-up; a bad value stops the
// process with a readable message. Secrets have no defaults outside dev mode.
import { z } from 'zod';
import { assetsProblem } from './assets.js';
import { paymentOrderConfigShape } from './paymentOrderConfig.js';
import { purchaseConfigShape } from './purchaseConfig.js';

const bool = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])])
  .transform((v) => v === true || v === '1' || v === 'true' || v === 'on' || v === 'yes');

const duration = z.coerce.number().int().positive();

export const roleNames = ['command-api', 'query-api', 'projector', 'process-manager', 'push', 'relay'] as const;
export type Role = (typeof roleNames)[number];
/** What `all` runs: every role of the embedded single process (the relay is for Kafka only). */
const allRoles: readonly Role[] = ['command-api', 'query-api', 'projector', 'process-manager', 'push'];
const isRole = (r: string): r is Role => (roleNames as readonly string[]).includes(r);

export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    WS_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    HOST: z.string().default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./.data'),
    DEV_MODE: bool.default(false),
    DATABASE_URL: z.string().url().optional(),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /** Load pg_stat_statements into embedded PostgreSQL (diagnostics; `npm run bench -- --pg-stats`). */
    EMBEDDED_PG_STATEMENT_STATS: bool.default(false),
    EVENT_STORE: z.enum(['postgres', 'kurrentdb']).default('postgres'),
    EVENT_SOURCE: z.enum(['store', 'kafka']).default('store'),
    KURRENTDB_URL: z.string().optional(),
    KAFKA_BROKERS: z.string().optional(),
    KAFKA_TOPIC: z.string().default('events'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Which parts this process runs; `all` is the embedded single process. */
    ROLES: z
      .string()
      .default('all')
      .refine((s) => s === 'all' || s.split(',').every((r) => isRole(r.trim())), { message: `all, or a comma list of ${roleNames.join(', ')}` }),
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(64 * 1024),
    /** Connections per process: a commit waits for its WAL flush, so concurrency needs connections. */
    PG_POOL_SIZE: z.coerce.number().int().positive().default(16),
    /** Read models project on their own thread, so their round trips never queue behind HTTP. */
    PROJECTOR_THREAD: bool.default(true),
    /** Consumers of the store's log wait this long after a part-full batch, so batches grow under load (event-source/store.ts). */
    CONSUMER_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(0),
    TOKEN_TTL_SECONDS: duration.default(30 * 24 * 3600),
    TRANSFER_EXPIRY_SECONDS: duration.default(24 * 3600),
    RED_PACKET_EXPIRY_SECONDS: duration.default(24 * 3600),
    /** New-users-only red packets: a grabber registered at most this long before the packet was made. */
    RED_PACKET_NEW_USER_SECONDS: duration.default(7 * 24 * 3600),
    IDEMPOTENCY_TTL_SECONDS: duration.default(24 * 3600),
    GIFT_INCOME_SHARE_PERCENT: z.coerce.number().int().min(0).max(100).default(50),
    /** How many coins one minor unit of cash buys, and one unit of income. */
    EXCHANGE_RATE_CASH_TO_COINS: z.coerce.number().int().positive().default(1),
    EXCHANGE_RATE_INCOME_TO_COINS: z.coerce.number().int().positive().default(1),
    /** HMAC secret shared with the payment provider. Required unless DEV_MODE. */
    PAYMENT_PROVIDER_SECRET: z.string().min(16).optional(),
    SMS_RESEND_SECONDS: duration.default(60),
    /** The gift catalog as JSON ([{giftId, name, price, animation?}]); a default catalog otherwise. */
    GIFT_CATALOG: z.string().optional(),
    /** Public origins of the HTTP and push listeners, for absolute URLs facades hand out (else the request's host). */
    PUBLIC_HTTP_URL: z.string().url().optional(),
    PUBLIC_WS_URL: z.string().url().optional(),
    /** A seed app also served at the root of a port of its own (HTTP only; sockets stay on WS_PORT). */
    APP_PORT_VPARTY: z.coerce.number().int().min(0).max(65535).optional(),
    APP_PORT_HEIHEI_LIVE: z.coerce.number().int().min(0).max(65535).optional(),
    APP_PORT_CHAT_WALLET: z.coerce.number().int().min(0).max(65535).optional(),
    APP_PORT_IM_GROUPS_WALLET: z.coerce.number().int().min(0).max(65535).optional(),
    APP_PORT_CHAT_PLATFORM: z.coerce.number().int().min(0).max(65535).optional(),
    /** Assets as JSON keyed by id, over the defaults (services/shared/assets.ts): decimals, minimum, allows, withdrawalFee. */
    ASSETS: z.string().optional(),
    /** chat-wallet (002): the key its payment backend signs `/chat/recharge` with (HMAC-SHA256). Without it those calls are refused. */
    CHAT_WALLET_SIGN_KEY: z.string().min(16).optional(),
    /** HMAC secret that signs QR receipts (services/app/receipts.ts). Without it (and without DEV_MODE) receipts are off. */
    RECEIPT_SECRET: z.string().min(16).optional(),
    /** How long a QR receipt can be paid, unless its payee asks for less. */
    RECEIPT_TTL_SECONDS: duration.default(24 * 3600),
    /** Wrong pay passwords in a row before the lock (at least 3), and how long the lock lasts. */
    PAY_PASSWORD_MAX_FAILURES: z.coerce.number().int().min(3).max(100).default(5),
    PAY_PASSWORD_LOCK_SECONDS: duration.default(3 * 3600),
    /** Unpaid AA collections refuse payments after this (a collection may ask for less). */
    AA_EXPIRY_SECONDS: duration.default(24 * 3600),
    /** Per-app policy overrides as JSON ({"chat-platform": {"guests": false}}); see services/app/policies.ts. */
    APP_POLICIES: z.string().optional(),
    PUSH_MAX_BUFFER_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
    PUSH_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(8).default(60),
    PUSH_COALESCE_MS: z.coerce.number().int().min(0).default(0),
    PUSH_HISTORY_LIMIT: z.coerce.number().int().positive().default(1000),
    /** Groups' online-count notices (004 eventType 24) are sent at most once per this many ms per group. */
    PUSH_ONLINE_NOTICE_MS: z.coerce.number().int().min(50).default(2000),
    /** Token lookups are cached per process this long; an ended session is refused at once here and elsewhere within this bound even if its notice is lost. */
    SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    /** The first display number handed out (then +1 per user): 7 digits by default. */
    DISPLAY_NUMBER_BASE: z.coerce.number().int().min(10_000).max(100_000_000_000).default(1_000_000),
    /** At most 5 wrong passwords per account in a window this long; the window starts with its first try. */
    PASSWORD_LOCK_SECONDS: duration.default(15 * 60),
    /** How long a PC's QR sign-in request waits for a phone to confirm it and for the PC to collect its session. */
    QR_LOGIN_TTL_SECONDS: duration.default(120),
    /** HMAC secret of the dev-mode third-party login sandbox (Weibo/WeChat stand-ins); a dev-only value when unset. */
    LOGIN_SANDBOX_SECRET: z.string().min(16).optional(),
    // How long a reported location is listed in "people nearby" (README, Social graph: locations
    // are a table, not events, and expire); and how far back a shake finds other shakers.
    LOCATION_TTL_SECONDS: duration.default(2 * 3600),
    SHAKE_WINDOW_SECONDS: duration.default(60),
    // Media (README, Media): where uploaded bytes live (the disk under DATA_DIR, or S3-compatible
    // storage such as MinIO), the largest upload per kind, the pixel limit that refuses
    // decompression bombs, and the longest side of a thumbnail.
    MEDIA_STORE: z.enum(['disk', 's3']).default('disk'),
    S3_ENDPOINT: z.string().url().optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z.string().min(3).default('moneyrooms-media'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    MEDIA_MAX_IMAGE_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
    MEDIA_MAX_VOICE_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
    MEDIA_MAX_VIDEO_BYTES: z.coerce.number().int().positive().default(100 * 1024 * 1024),
    MEDIA_MAX_FILE_BYTES: z.coerce.number().int().positive().default(20 * 1024 * 1024),
    MEDIA_MAX_PIXELS: z.coerce.number().int().positive().default(40_000_000),
    MEDIA_THUMBNAIL_PX: z.coerce.number().int().min(16).max(2048).default(320),
    ...purchaseConfigShape,
    ...paymentOrderConfigShape,
  })
  .superRefine((c, ctx) => {
    if (!c.DEV_MODE && !c.PAYMENT_PROVIDER_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['PAYMENT_PROVIDER_SECRET'], message: 'required when DEV_MODE is off' });
    }
    const assets = assetsProblem(c.ASSETS);
    if (assets) ctx.addIssue({ code: 'custom', path: ['ASSETS'], message: assets });
    if (c.EVENT_STORE === 'kurrentdb' && !c.KURRENTDB_URL) {
      ctx.addIssue({ code: 'custom', path: ['KURRENTDB_URL'], message: 'required when EVENT_STORE=kurrentdb' });
    }
    if (c.EVENT_SOURCE === 'kafka' && !c.KAFKA_BROKERS) {
      ctx.addIssue({ code: 'custom', path: ['KAFKA_BROKERS'], message: 'required when EVENT_SOURCE=kafka' });
    }
  });

export type Config = z.output<typeof ConfigSchema>;

/** The roles a process runs, from ROLES (checked by the schema). */
export const rolesOf = (c: Config): ReadonlySet<Role> => new Set(c.ROLES === 'all' ? allRoles : c.ROLES.split(',').map((r) => r.trim()).filter(isRole));

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError listing every bad variable. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const known = Object.keys(ConfigSchema.shape ?? {});
  const picked = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && v !== '' && (known.length === 0 || known.includes(k))));
  const r = ConfigSchema.safeParse(picked);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return r.data;
};

/** The dev-mode login sandbox signs its credentials with this (there is no sandbox without dev mode). */
export const loginSandboxSecret = (c: Config): string => c.LOGIN_SANDBOX_SECRET ?? 'dev-only-sandbox-login-secret';

/** In dev mode the sandbox provider signs with this; production must configure a secret. */
export const paymentSecret = (c: Config): string => c.PAYMENT_PROVIDER_SECRET ?? 'dev-only-sandbox-provider-secret';

/** The key that signs receipts: RECEIPT_SECRET, a dev-only value in dev mode, else none (receipts are off). */
export const receiptSecret = (c: Config): string | null => c.RECEIPT_SECRET ?? (c.DEV_MODE ? 'dev-only-receipt-signing-secret' : null);
