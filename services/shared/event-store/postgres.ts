// The PostgreSQL adapter of the EventStore port (schema and guarantees: migrations/0001).
//
// Readers of the global log see only rows whose transaction is older than every transaction
// still in flight, so they see a gap-free prefix: a reader that has seen position p never later
// finds a committed event below p. The price: any long write transaction in the database
// (an append or not) holds the visible prefix back until it ends.
import { BroadcastChannel } from 'node:worker_threads';
import type pg from 'pg';
import { createClient, createPool } from '../postgres/pool.js';
import { createAppendBatcher } from './postgres-batch.js';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from './port.js';
import { subscriptionSet } from './subscriptions.js';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** A shared pool; when absent the store creates (and closes) its own of poolSize. */
  pool?: pg.Pool;
  poolSize?: number;
}

const CHANNEL = 'es_events';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata';
const VISIBLE = 'tx < pg_snapshot_xmin(pg_current_snapshot())';
/** Pending-but-invisible events (held back by an older transaction) are retried within a few ms. */
const FIRST_BACKOFF_MS = 2;
const MAX_BACKOFF_MS = 5;
/** An idle subscriber looks once a second anyway, in case a wake-up was lost with its sender. */
const IDLE_POLL_MS = 1000;

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: StoredEvent['metadata'];
}

const toStored = (r: EventRow): StoredEvent => ({
  id: r.event_id,
  type: r.type,
  data: r.data,
  metadata: r.metadata,
  streamId: r.stream_id,
  revision: r.revision,
  position: r.position,
});

/** One LISTEN connection per store, shared by all its subscribers; a notification only wakes. */
class Listener {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  readonly wakers = new Set<() => void>();

  constructor(private readonly connectionString: string) {}

  /** Resolves once LISTEN is active; reconnects after a lost connection. */
  ensure(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('event store closed'));
    this.connecting ??= this.connect().catch((err: unknown) => {
      this.connecting = null;
      throw err;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = createClient(this.connectionString);
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      this.connecting = null;
      // Notifications may have been missed: every subscriber re-reads (and reconnects).
      this.wakeAll();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => this.wakeAll());
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    this.client = client;
  }

  wakeAll(): void {
    for (const wake of this.wakers) wake();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting?.catch(() => {});
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}

export const createPostgresEventStore = (opts: PostgresEventStoreOptions): EventStore => {
  const pool = opts.pool ?? createPool({ connectionString: opts.connectionString, max: opts.poolSize ?? 10 });
  const ownsPool = opts.pool === undefined;
  const listener = new Listener(opts.connectionString);
  const subscriptions = subscriptionSet();

  // Wake-ups after commit: this store's subscribers at once; the other threads of this process
  // (projector threads) through a BroadcastChannel, at once and without PostgreSQL; other
  // processes through one NOTIFY per tick (a NOTIFY inside the append would serialize commits;
  // see migration 0001). A NOTIFY lost to a crash right after commit costs other processes at
  // most IDLE_POLL_MS.
  const threads = new BroadcastChannel(CHANNEL);
  threads.unref();
  threads.onmessage = () => listener.wakeAll();
  let notifyScheduled = false;
  let notifyUpTo = 0;
  let closing = false;
  const committed = (position: number) => {
    listener.wakeAll();
    notifyUpTo = Math.max(notifyUpTo, position);
    if (notifyScheduled) return;
    notifyScheduled = true;
    setImmediate(() => {
      notifyScheduled = false;
      if (closing) return; // an append that returned while the store was closing
      threads.postMessage(notifyUpTo);
      pool.query(`select pg_notify('${CHANNEL}', $1)`, [String(notifyUpTo)]).catch(() => {});
    });
  };

  // Every append goes through es_append_many, alone or with appends to other streams.
  const batched = createAppendBatcher(pool);

  const append = async (streamId: string, events: NewEvent[], o: { expectedRevision: ExpectedRevision }): Promise<AppendResult> => {
    if (events.length === 0) throw new Error(`stream ${streamId}: append needs at least one event`);
    const r = await batched(streamId, events, o.expectedRevision);
    committed(r.position);
    return r;
  };

  const readStream = async (streamId: string, o: ReadStreamOptions = {}): Promise<StoredEvent[]> => {
    const r = await pool.query<EventRow>({
      name: 'es-read-stream',
      text: `select ${COLUMNS} from es_events where stream_id = $1 and revision >= $2 order by revision limit $3`,
      values: [streamId, o.fromRevision ?? 0, o.limit ?? null],
    });
    return r.rows.map(toStored);
  };

  const readEvents = async (ids: readonly string[]): Promise<StoredEvent[]> => {
    // Event ids are UUIDs here (the column's type): anything else cannot be stored.
    ids = ids.filter((id) => UUID.test(id));
    if (ids.length === 0) return [];
    const r = await pool.query<EventRow>({
      name: 'es-read-events',
      text: `select ${COLUMNS} from es_events where event_id = any($1::uuid[])`,
      values: [ids],
    });
    return r.rows.map(toStored);
  };

  const readAll = async (fromPosition: number, limit: number): Promise<StoredEvent[]> => {
    // Named: every subscriber runs this many times a second; parsed and planned once per connection.
    const r = await pool.query<EventRow>({
      name: 'es-read-all',
      text: `select ${COLUMNS} from es_events where position > $1 and ${VISIBLE} order by position limit $2`,
      values: [fromPosition, limit],
    });
    return r.rows.map(toStored);
  };

  const headPosition = async (): Promise<number> => {
    const r = await pool.query<{ position: number }>(`select position from es_events where ${VISIBLE} order by position desc limit 1`);
    return r.rows[0]?.position ?? 0;
  };

  /** Committed events past `position` that the visible prefix has not reached yet. */
  const pendingAfter = async (position: number): Promise<boolean> => {
    const r = await pool.query<{ position: number }>('select position from es_events order by position desc limit 1');
    return (r.rows[0]?.position ?? 0) > position;
  };

  const subscribeAll = (s: SubscribeOptions): Subscription => {
    const batchSize = s.batchSize ?? 500;
    let closed = false;
    let signals = 0;
    let wakeUp: (() => void) | null = null;
    const wake = () => {
      signals++;
      wakeUp?.();
    };
    /** Resolves on a wake-up, or after ms when given. */
    const sleep = (ms?: number) =>
      new Promise<void>((resolve) => {
        const timer = ms === undefined ? undefined : setTimeout(() => wakeUp?.(), ms);
        wakeUp = () => {
          clearTimeout(timer);
          wakeUp = null;
          resolve();
        };
      });

    const run = async () => {
      let position = s.fromPosition;
      let backoff = 0;
      listener.wakers.add(wake);
      try {
        while (!closed) {
          // LISTEN is active before each read, so no commit after the read goes unnoticed.
          await listener.ensure();
          const seen = signals;
          const events = await readAll(position, batchSize);
          if (closed) return;
          const last = events[events.length - 1];
          if (last) {
            await s.onEvents(events);
            position = last.position;
            backoff = 0;
          } else if (signals !== seen) {
            continue;
          } else if (await pendingAfter(position)) {
            // Committed but held back by an older transaction in flight: retry soon, since its
            // end may not notify (it need not be an append).
            backoff = Math.min(MAX_BACKOFF_MS, backoff === 0 ? FIRST_BACKOFF_MS : backoff * 2);
            await sleep(backoff);
          } else if (signals === seen && !closed) {
            backoff = 0;
            await sleep(IDLE_POLL_MS);
          }
        }
      } catch (err) {
        // Any failure (the handler's or the database's) ends the subscription, undelivered
        // events stay undelivered; the owner decides whether to start again from its checkpoint.
        closed = true;
        s.onError?.(err);
      } finally {
        listener.wakers.delete(wake);
      }
    };

    return subscriptions.track(() => {
      closed = true;
      wake(); // also bumps signals, so a loop between its read and its sleep does not sleep
    }, run());
  };

  const close = async () => {
    closing = true;
    threads.close();
    await subscriptions.closeAll();
    await listener.close();
    if (ownsPool) await pool.end();
  };

  return { append, readStream, readEvents, readAll, headPosition, subscribeAll, close };
};
