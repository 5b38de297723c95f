// Parked events (migration 0011): an event a consumer could not apply is written here with its
// error, and the consumer goes on past it instead of stopping every later event behind it. A
// parked event is never applied again by the consumer itself: it waits for an operator
// (`npm run admin -- parked`, `retry-parked`, see services/app/parked.ts).
//
// Who parks what, and how safely:
// - read models and push park inside the batch's own transaction, beside the checkpoint: the event
//   is either parked and passed, or neither (redelivery repeats the attempt);
// - the process manager parks (a synchronous commit) before it moves its checkpoint past the event;
// - the timer loop parks a timer the domain refused, then deletes the timer.
// A row is unique per (consumer, event id): an event delivered again that fails again updates it.
import type pg from 'pg';
import type { Tx } from '../../../projections/projection.js';
import type { StoredEvent } from '../event-store/port.js';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export type ParkedStatus = 'parked' | 'retried' | 'resolved';

export interface ParkedError {
  code: string | null;
  message: string;
  stack: string | null;
}

export interface ParkedEvent {
  id: string;
  consumer: string;
  partition: string;
  position: number | null;
  streamId: string | null;
  revision: number | null;
  eventId: string;
  type: string;
  detail: Record<string, unknown> | null;
  error: ParkedError;
  attempts: number;
  status: ParkedStatus;
  parkedAt: string;
  retriedAt: string | null;
  resolvedAt: string | null;
}

/** What is parked: a log event, or (consumer `timers`) a timer, described by `detail`. */
export interface ParkItem {
  consumer: string;
  partition: string;
  event: Pick<StoredEvent, 'id' | 'type'> & Partial<Pick<StoredEvent, 'position' | 'streamId' | 'revision'>>;
  detail?: Record<string, unknown>;
  error: unknown;
  attempts: number;
}

/** The consumer name of the timer loop's parked timers. */
export const TIMERS_CONSUMER = 'timers';

// Enough to read the cause; a stack of a deep async chain or a giant message stays bounded.
const MESSAGE_LIMIT = 2000;
const STACK_LIMIT = 4000;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export const describeError = (err: unknown): ParkedError => {
  const o = typeof err === 'object' && err !== null ? (err as { code?: unknown; message?: unknown; stack?: unknown }) : {};
  const message = typeof o.message === 'string' ? o.message : String(err);
  return {
    code: typeof o.code === 'string' || typeof o.code === 'number' ? String(o.code) : null,
    message: clip(message, MESSAGE_LIMIT),
    stack: typeof o.stack === 'string' ? clip(o.stack, STACK_LIMIT) : null,
  };
};

// SQLSTATE classes that say "try again", not "this event cannot be applied": connection (08),
// transaction rollback (40: serialization failure, deadlock), insufficient resources (53),
// operator intervention (57: shutdown, cancel) and system errors (58).
const TRANSIENT_CLASSES = new Set(['08', '40', '53', '57', '58']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN', 'EHOSTUNREACH']);

/**
 * A failure of the database or the connection rather than of the event: parking on it would park
 * every event while PostgreSQL restarts. Such a batch is retried with backoff instead, and if it
 * keeps failing the consumer stops (health names it).
 */
export const isTransient = (err: unknown): boolean => {
  const o = typeof err === 'object' && err !== null ? (err as { code?: unknown; message?: unknown }) : {};
  if (typeof o.code === 'string') {
    if (NETWORK_CODES.has(o.code)) return true;
    if (/^[0-9A-Z]{5}$/.test(o.code) && TRANSIENT_CLASSES.has(o.code.slice(0, 2))) return true;
  }
  return typeof o.message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(o.message);
};

export interface RetryOptions {
  retries?: number;
  baseMs?: number;
  /** Which failures to try again (default: transient ones). */
  retryable?: (err: unknown) => boolean;
}

/** Runs fn; a transient failure runs it again after 200 ms, 400 ms, … (about 6 s over 5 retries). */
export const withTransientRetries = async <T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> => {
  const { retries = 5, baseMs = 200, retryable = isTransient } = opts;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= retries || !retryable(err)) throw err;
      await new Promise((r) => setTimeout(r, baseMs * 2 ** attempt));
    }
  }
};

/**
 * Parks items in one statement (through a deferred transaction too: it needs no answer). An item
 * parked before updates its row: the new error, attempts added, and open again.
 */
export const parkEvents = async (db: Tx, items: readonly ParkItem[]): Promise<void> => {
  if (items.length === 0) return;
  const rows = items.map((x) => {
    const e = describeError(x.error);
    return {
      c: x.consumer,
      p: x.partition,
      pos: x.event.position ?? null,
      s: x.event.streamId ?? null,
      r: x.event.revision ?? null,
      e: x.event.id,
      t: x.event.type,
      d: x.detail ?? null,
      ec: e.code,
      em: e.message,
      es: e.stack,
      a: x.attempts,
    };
  });
  await db.query(
    `insert into parked_events (consumer, partition, position, stream_id, revision, event_id, type, detail, error_code, error_message, error_stack, attempts)
     select x.c, x.p, x.pos, x.s, x.r, x.e, x.t, x.d, x.ec, x.em, x.es, x.a
       from jsonb_to_recordset($1::jsonb) as x(c text, p text, pos bigint, s text, r bigint, e text, t text, d jsonb, ec text, em text, es text, a int)
     on conflict (consumer, event_id) do update set
       error_code = excluded.error_code, error_message = excluded.error_message, error_stack = excluded.error_stack,
       attempts = parked_events.attempts + excluded.attempts, status = 'parked', resolved_at = null`,
    [JSON.stringify(rows)],
  );
};

/** Open (parked or retried) events per consumer. */
export const openParkedCounts = async (db: Queryable): Promise<Record<string, number>> => {
  const r = await db.query<{ consumer: string; n: number }>(`select consumer, count(*)::int as n from parked_events where status <> 'resolved' group by consumer order by consumer`);
  return Object.fromEntries(r.rows.map((x) => [x.consumer, x.n]));
};

// int8 columns arrive as numbers (postgres/pool.ts) or strings (another pool): both are read.
type Row = {
  id: string | number;
  consumer: string;
  partition: string;
  position: string | number | null;
  stream_id: string | null;
  revision: string | number | null;
  event_id: string;
  type: string;
  detail: Record<string, unknown> | null;
  error_code: string | null;
  error_message: string;
  error_stack: string | null;
  attempts: number;
  status: ParkedStatus;
  parked_at: Date;
  retried_at: Date | null;
  resolved_at: Date | null;
};

const nullableNumber = (v: string | number | null) => (v === null ? null : Number(v));
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

const toParked = (x: Row): ParkedEvent => ({
  id: String(x.id),
  consumer: x.consumer,
  partition: x.partition,
  position: nullableNumber(x.position),
  streamId: x.stream_id,
  revision: nullableNumber(x.revision),
  eventId: x.event_id,
  type: x.type,
  detail: x.detail,
  error: { code: x.error_code, message: x.error_message, stack: x.error_stack },
  attempts: x.attempts,
  status: x.status,
  parkedAt: x.parked_at.toISOString(),
  retriedAt: iso(x.retried_at),
  resolvedAt: iso(x.resolved_at),
});

export interface ParkedFilter {
  consumer?: string;
  /** Only these ids. */
  ids?: readonly string[];
  /** Resolved ones too (default: open only). */
  all?: boolean;
  limit?: number;
}

/** Parked events in the order they were parked (oldest first). */
export const listParked = async (db: Queryable, f: ParkedFilter = {}): Promise<ParkedEvent[]> => {
  const r = await db.query<Row>(
    `select * from parked_events
      where ($1::text is null or consumer = $1) and ($2::bigint[] is null or id = any($2::bigint[])) and ($3 or status <> 'resolved')
      order by id limit $4`,
    [f.consumer ?? null, f.ids ?? null, f.all === true, f.limit ?? 1000],
  );
  return r.rows.map(toParked);
};

/** A retry applied it. */
export const markResolved = async (db: Tx, ids: readonly string[]): Promise<void> => {
  if (ids.length === 0) return;
  await db.query(`update parked_events set status = 'resolved', retried_at = now(), resolved_at = now() where id = any($1::bigint[])`, [ids]);
};

/** A retry failed again: the row stays open with this error. */
export const markRetryFailed = async (db: Queryable, id: string, err: unknown): Promise<void> => {
  const e = describeError(err);
  await db.query(
    `update parked_events set status = 'retried', retried_at = now(), attempts = attempts + 1, error_code = $2, error_message = $3, error_stack = $4 where id = $1`,
    [id, e.code, e.message, e.stack],
  );
};
