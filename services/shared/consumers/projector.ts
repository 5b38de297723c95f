// Runs a projection as an EventConsumer.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below
// the checkpoint is skipped, never applied twice. A projection that throws rolls back, stops
// with one clear log line and does not advance; it resumes from the same event on restart.
import type pg from 'pg';
import type { StoredEvent } from '../event-store/port.js';
import type { EventBatch, EventConsumer } from '../event-source/port.js';
import type { Projection } from '../../../projections/projection.js';

export type { Projection };
import { loadCheckpoint, saveCheckpoint } from './checkpoints.js';

export interface Progress {
  /** The highest position applied in partition "all" (embedded mode). */
  position(): number;
  /** Resolves once the position is applied. */
  waitFor(position: number, timeoutMs?: number): Promise<boolean>;
}

export const progressTracker = () => {
  let at = 0;
  let waiters: { p: number; resolve: (ok: boolean) => void }[] = [];
  return {
    position: () => at,
    advance(p: number) {
      if (p <= at) return;
      at = p;
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

export const projectionConsumer = (pool: pg.Pool, projection: Projection): ProjectionConsumer => {
  const progress = progressTracker();
  const handles = projection.handles ? new Set(projection.handles) : null;
  return {
    name: `projection:${projection.name}`,
    position: progress.position,
    waitFor: progress.waitFor,
    checkpoint: async (partition) => {
      const p = await loadCheckpoint(pool, `projection:${projection.name}`, partition);
      if (partition === 'all') progress.advance(p);
      return p;
    },
    async handle(batch: EventBatch) {
      const client = await pool.connect();
      let applied: StoredEvent[] = [];
      let current: StoredEvent | undefined;
      try {
        await client.query('begin');
        const r = await client.query<{ position: number }>(
          'select position from consumer_checkpoints where name = $1 and partition = $2 for update',
          [`projection:${projection.name}`, batch.partition],
        );
        const from = r.rows[0]?.position ?? 0;
        applied = batch.events.filter((e) => e.position > from);
        for (const e of applied) {
          current = e;
          if (!handles || handles.has(e.type)) await projection.apply(client, e);
        }
        const last = applied.at(-1);
        if (last) await saveCheckpoint(client, `projection:${projection.name}`, batch.partition, last.position);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw new ProjectionFailed(projection.name, current, err);
      } finally {
        client.release();
      }
      const last = applied.at(-1);
      if (last && batch.partition === 'all') progress.advance(last.position);
      if (applied.length > 0 && projection.afterCommit) {
        try {
          projection.afterCommit(applied);
        } catch {
          // afterCommit only announces committed rows; a failure there must not stop the projector.
        }
      }
    },
  };
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
