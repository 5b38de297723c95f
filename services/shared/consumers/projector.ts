// Runs a projection as an EventConsumer.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below
// the checkpoint is skipped, never applied twice. An event a read model cannot apply is parked
// for that read model (parking.ts) in the same transaction that moves its checkpoint past it, so
// the read model goes on without it and never applies it twice; the other read models apply it.
// Only a failure of the database itself (retried with backoff first) stops the consumer.
import type pg from 'pg';
import type { StoredEvent } from '../event-store/port.js';
import type { EventBatch, EventConsumer } from '../event-source/port.js';
import type { Projection, Tx } from '../../../projections/projection.js';
import { loadCheckpoint, lockCheckpointSql, saveCheckpoints } from './checkpoints.js';
import { deferredTx, inline } from '../postgres/deferred.js';
import { isTransient, parkEvents, withTransientRetries, type ParkItem } from './parking.js';

export type { Projection };

export interface Progress {
  /** The highest position applied in partition "all" (embedded mode). */
  position(): number;
  /** Resolves once the position is applied. */
  waitFor(position: number, timeoutMs?: number): Promise<boolean>;
  /**
   * When the position last moved, in epoch milliseconds: when the batch was committed, not when
   * this thread heard of it (a consumer on its own thread reports its commit time).
   */
  appliedAt(): number;
}

/** Epoch milliseconds with sub-millisecond precision, comparable across threads. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export const progressTracker = () => {
  let at = 0;
  let movedAt = 0;
  let waiters: { p: number; resolve: (ok: boolean) => void }[] = [];
  return {
    position: () => at,
    appliedAt: () => movedAt,
    advance(p: number, when = epochNow()) {
      if (p <= at) return;
      at = p;
      movedAt = when;
      const ready = waiters.filter((w) => w.p <= at);
      waiters = waiters.filter((w) => w.p > at);
      for (const w of ready) w.resolve(true);
    },
    waitFor(p: number, timeoutMs = 5000) {
      if (p <= at) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const w = { p, resolve };
        waiters.push(w);
        setTimeout(() => {
          waiters = waiters.filter((x) => x !== w);
          resolve(false);
        }, timeoutMs).unref();
      });
    },
  };
};

export type ProjectionConsumer = EventConsumer & Progress;

export interface ProjectorLog {
  error(obj: object, msg: string): void;
}

/** One read model as its own consumer (tests, rebuilds). */
export const projectionConsumer = (pool: pg.Pool, projection: Projection, log?: ProjectorLog): ProjectionConsumer =>
  projectionGroupConsumer(pool, [projection], `projection:${projection.name}`, log);

/**
 * The careful pass over one read model's events: all of them under a savepoint, and if that
 * fails, each under its own, so one that cannot be applied is rolled back alone. A transient
 * failure is thrown (the whole batch is tried again later), anything else is that event's.
 */
const applyCarefully = async (client: pg.PoolClient, p: Projection, events: readonly StoredEvent[]): Promise<{ e: StoredEvent; err: unknown }[]> => {
  if (events.length === 0) return [];
  const guarded = async (fn: () => Promise<void>): Promise<unknown> => {
    await client.query('savepoint read_model');
    try {
      await fn();
      await client.query('release savepoint read_model');
      return null;
    } catch (err) {
      if (isTransient(err)) throw err;
      await client.query('rollback to savepoint read_model; release savepoint read_model');
      return err ?? new Error('unknown failure');
    }
  };
  const all = await guarded(async () => {
    if (p.applyBatch && events.length > 1) await p.applyBatch(client, events);
    else for (const e of events) await p.apply(client, e);
  });
  if (all === null) return [];
  const failed: { e: StoredEvent; err: unknown }[] = [];
  for (const e of events) {
    const err = await guarded(() => p.apply(client, e));
    if (err !== null) failed.push({ e, err });
  }
  return failed;
};

/**
 * Several read models as ONE consumer: one read of the log, one transaction and one commit per
 * batch for all of them, instead of one each (with eleven read models that was eleven reads,
 * eleven transactions and eleven WAL flushes per append, and it set the projection lag).
 * Each read model keeps its own checkpoint row (`projection:<name>`), so one can still be
 * rebuilt alone: the group starts from the lowest checkpoint and skips, per read model, what
 * that read model has already applied. When the batch fails, it runs again statement by
 * statement with savepoints: an event a read model cannot apply is parked for that read model
 * (consumer `projection:<name>`), the rest of the batch commits, and the group goes on.
 *
 * The transaction commits asynchronously (`synchronous_commit = off`): read models are derived
 * data. If PostgreSQL itself crashes, the last few hundred milliseconds of projection work may
 * be lost, rows and checkpoints together (async commit keeps transactions atomic and in order),
 * and are applied again from the log. Appends to the event store stay synchronous.
 */
export const projectionGroupConsumer = (pool: pg.Pool, projections: readonly Projection[], name = 'projection:read-models', log?: ProjectorLog): ProjectionConsumer => {
  const progress = progressTracker();
  const parts = projections.map((p) => ({ p, checkpoint: `projection:${p.name}`, handles: p.handles ? new Set(p.handles) : null }));
  const names = parts.map((x) => x.checkpoint);
  // Sorted, so every taker of these locks takes them in one order.
  const locks = [...names].sort().map(lockCheckpointSql);
  /**
   * One read model's share of the batch: all at once (deferred), or statement by statement under
   * savepoints, where an event it cannot apply is handed to `park` (two attempts: the batch as a
   * whole, then this event alone). Answers the events it skipped.
   */
  const applyPart = async (client: pg.PoolClient, tx: Tx, x: (typeof parts)[number], todo: StoredEvent[], deferred: boolean, park: (f: { e: StoredEvent; err: unknown }) => void) => {
    const mine = x.handles ? todo.filter((e) => x.handles?.has(e.type)) : todo;
    if (!deferred) {
      const failed = await applyCarefully(client, x.p, mine);
      for (const f of failed) park(f);
      return new Set(failed.map((f) => f.e));
    }
    if (x.p.applyBatch && mine.length > 1) await x.p.applyBatch(tx, mine);
    else for (const e of mine) await x.p.apply(tx, e);
    return new Set<StoredEvent>();
  };

  /**
   * One transaction for the batch: begin, the setting and the checkpoint read in one simple
   * query; every read model's writes, the checkpoint write and the commit in another (deferred:
   * see deferred.ts). Round trips are the cost at load, and this transaction holds back the
   * log's visible prefix for every reader while it is open. Not deferred, each statement goes
   * on its own under savepoints (applyCarefully), and what a read model cannot apply is parked.
   */
  const applyBatch = async (batch: EventBatch, deferred: boolean): Promise<{ applied: Map<Projection, StoredEvent[]>; parked: ParkItem[] }> => {
    const client = await pool.connect();
    const applied = new Map<Projection, StoredEvent[]>();
    const parked: ParkItem[] = [];
    let failing: { p: Projection; e: StoredEvent | undefined } | null = null;
    try {
      const opened = await client.query(
        [
          'begin; set local synchronous_commit = off',
          ...locks,
          inline('select name, position from consumer_checkpoints where name = any($1::text[]) and partition = $2', [names, batch.partition]),
        ].join(';\n'),
      );
      const at = new Map(checkpointRows(opened).map((row) => [row.name, Number(row.position)]));
      const writes = deferredTx();
      const tx: Tx = deferred ? writes : client;
      const moved: { name: string; position: number }[] = [];
      for (const x of parts) {
        const from = at.get(x.checkpoint) ?? 0;
        const todo = batch.events.filter((e) => e.position > from);
        failing = { p: x.p, e: todo[0] };
        const skipped = await applyPart(client, tx, x, todo, deferred, (f) => parked.push({ consumer: x.checkpoint, partition: batch.partition, event: f.e, error: f.err, attempts: 2 }));
        const last = todo.at(-1);
        if (last) {
          applied.set(x.p, skipped.size > 0 ? todo.filter((e) => !skipped.has(e)) : todo);
          moved.push({ name: x.checkpoint, position: last.position });
        }
      }
      failing = null;
      // Parked and passed in one transaction: never both applied and parked, never lost.
      await parkEvents(tx, parked);
      await saveCheckpoints(tx, batch.partition, moved);
      await client.query(`${writes.text()} commit`);
      return { applied, parked };
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw new ProjectionFailed(failing?.p.name ?? name.replace(/^projection:/, ''), failing?.e, err);
    } finally {
      client.release();
    }
  };

  return {
    name,
    position: progress.position,
    waitFor: progress.waitFor,
    appliedAt: progress.appliedAt,
    checkpoint: async (partition) => {
      let low = Infinity;
      for (const x of parts) low = Math.min(low, await loadCheckpoint(pool, x.checkpoint, partition));
      const p = low === Infinity ? 0 : low;
      if (partition === 'all') progress.advance(p);
      return p;
    },
    async handle(batch: EventBatch) {
      // First all of the batch's writes in two round trips; if that fails, once more statement by
      // statement, parking what a read model cannot apply (or, if it was the inlining, the batch
      // still applies). A failure of the database itself is tried again with backoff; only if it
      // lasts does the consumer stop, without moving.
      const { applied, parked } = await withTransientRetries(
        async () => {
          try {
            return await applyBatch(batch, true);
          } catch {
            return await applyBatch(batch, false);
          }
        },
        { retryable: (err) => isTransient(err instanceof ProjectionFailed ? err.reason : err) },
      );
      for (const x of parked) {
        const e = x.event;
        log?.error(
          { err: x.error, consumer: x.consumer, eventId: e.id, type: e.type, streamId: e.streamId, position: e.position },
          `${x.consumer.replace(/^projection:/, 'projection ')} parked position ${e.position ?? '?'} (${e.type} in ${e.streamId ?? '?'}): ${x.error instanceof Error ? x.error.message : String(x.error)}`,
        );
      }
      const last = batch.events.at(-1);
      if (last && batch.partition === 'all') progress.advance(last.position);
      for (const [p, events] of applied) {
        if (!p.afterCommit) continue;
        try {
          p.afterCommit(events);
        } catch {
          // afterCommit only announces committed rows; a failure there must not stop the projector.
        }
      }
    },
  };
};

/** The checkpoint rows of the opening simple query: its last result (begin, set and the locks come first). */
const checkpointRows = (opened: pg.QueryResult | pg.QueryResult[]): { name: string; position: number | string }[] => {
  const results = Array.isArray(opened) ? opened : [opened];
  const rows: unknown[] = results.at(-1)?.rows ?? [];
  return rows as { name: string; position: number | string }[];
};

export class ProjectionFailed extends Error {
  constructor(
    readonly projection: string,
    readonly event: StoredEvent | undefined,
    readonly reason: unknown,
  ) {
    super(
      `projection ${projection} stopped at ${event ? `position ${event.position} (${event.type} in ${event.streamId})` : 'a batch'}: ${
        reason instanceof Error ? reason.message : String(reason)
      }`,
    );
  }
}
