// Runs a process manager as an EventConsumer: it reacts to events by issuing commands whose
// ids derive from the triggering event id, so a re-delivered event acts once (the command bus
// recognises the id). Reactions of one batch run concurrently; commands to the same stream
// still run in order through that stream's mailbox. The checkpoint moves after the batch.
//
// A step never stops the consumer (every money flow of every user would stop behind it) and is
// never dropped: a fault (not a domain error) is retried with backoff (about 3 s in all), then
// the event is parked (parking.ts) and the consumer goes on; a step the domain refuses is parked
// at once, since trying again cannot change a decision. Either way the flow stays unfinished
// until an operator retries it, and the audit reports it (parked, and stale_flow once old).
import type pg from 'pg';
import type { StoredEvent } from '../event-store/port.js';
import type { EventBatch } from '../event-source/port.js';
import { isDomainError } from '../../../domain/errors.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoints.js';
import { progressTracker, type ProjectionConsumer } from './projector.js';
import { parkEvents } from './parking.js';

export interface ProcessManager {
  name: string;
  handles: readonly string[];
  react(event: StoredEvent): Promise<void>;
}

export interface ReactorLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ReactorOptions {
  /** Attempts after the first for a step that fails with a fault (default 5). */
  retries?: number;
  /** First backoff; it doubles per attempt (default 100 ms: 0.1 + 0.2 + … + 1.6 = 3.1 s). */
  backoffMs?: number;
}

export const reactorConsumer = (pool: pg.Pool, pm: ProcessManager, log: ReactorLog, opts: ReactorOptions = {}): ProjectionConsumer => {
  const name = `process:${pm.name}`;
  const retries = opts.retries ?? 5;
  const backoffMs = opts.backoffMs ?? 100;
  const handles = new Set(pm.handles);
  const progress = progressTracker();
  const applied = new Map<string, number>();
  const park = async (e: StoredEvent, partition: string, err: unknown, attempts: number) => {
    // Written (and flushed) before the checkpoint can move past the event. If even this fails,
    // the batch throws and the consumer stops without moving: nothing is lost.
    await parkEvents(pool, [{ consumer: name, partition, event: e, error: err, attempts }]);
    log.error(
      { err, processManager: pm.name, eventId: e.id, type: e.type, streamId: e.streamId, position: e.position, attempts },
      `${name} parked ${e.type} at position ${e.position}: ${isDomainError(err) ? `refused (${err.code})` : 'failed'} after ${attempts} attempt(s)`,
    );
  };
  const reactOnce = async (e: StoredEvent, partition: string) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await pm.react(e);
        return;
      } catch (err) {
        // A refusal is a decision: asking again gets the same answer. It must not vanish either:
        // the money it was to move is stuck until someone looks.
        if (isDomainError(err) || attempt > retries) return park(e, partition, err, attempt);
        log.warn({ err, processManager: pm.name, eventId: e.id, type: e.type, attempt }, 'reaction failed; retrying');
        await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
      }
    }
  };
  return {
    name,
    position: progress.position,
    waitFor: progress.waitFor,
    appliedAt: progress.appliedAt,
    checkpoint: async (partition) => {
      const p = await loadCheckpoint(pool, name, partition);
      if (partition === 'all') progress.advance(p);
      return p;
    },
    async handle(batch: EventBatch) {
      // Reactions are idempotent (derived command ids), so the checkpoint only saves work after a
      // restart: it is read once per partition and written without waiting for the WAL flush.
      const from = applied.get(batch.partition) ?? (await loadCheckpoint(pool, name, batch.partition));
      const todo = batch.events.filter((e) => e.position > from);
      await Promise.all(todo.filter((e) => handles.has(e.type)).map((e) => reactOnce(e, batch.partition)));
      const last = todo.at(-1);
      if (last) {
        await saveCheckpoint(pool, name, batch.partition, last.position, { durable: false });
        applied.set(batch.partition, last.position);
        if (batch.partition === 'all') progress.advance(last.position);
      }
    },
  };
};
