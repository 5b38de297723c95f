// Runs a process manager as an EventConsumer: it reacts to events by issuing commands whose
// ids derive from the triggering event id, so a re-delivered event acts once (the command bus
// recognises the id). Reactions of one batch run concurrently; commands to the same stream
// still run in order through that stream's mailbox. The checkpoint moves after the batch.
import type pg from 'pg';
import type { StoredEvent } from '../event-store/port.js';
import type { EventBatch } from '../event-source/port.js';
import { isDomainError } from '../../../domain/errors.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoints.js';
import { progressTracker, type ProjectionConsumer } from './projector.js';

export interface ProcessManager {
  name: string;
  handles: readonly string[];
  react(event: StoredEvent): Promise<void>;
}

export interface ReactorLog {
  warn(obj: object, msg: string): void;
}

export const reactorConsumer = (pool: pg.Pool, pm: ProcessManager, log: ReactorLog, retries = 5): ProjectionConsumer => {
  const name = `process:${pm.name}`;
  const handles = new Set(pm.handles);
  const progress = progressTracker();
  const applied = new Map<string, number>();
  const reactOnce = async (e: StoredEvent) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await pm.react(e);
        return;
      } catch (err) {
        // A refusal is a decision, not a fault: record it and move on.
        if (isDomainError(err)) {
          log.warn({ processManager: pm.name, eventId: e.id, type: e.type, code: err.code }, 'reaction refused');
          return;
        }
        if (attempt >= retries) throw err;
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
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
      await Promise.all(todo.filter((e) => handles.has(e.type)).map(reactOnce));
      const last = todo.at(-1);
      if (last) {
        await saveCheckpoint(pool, name, batch.partition, last.position, { durable: false });
        applied.set(batch.partition, last.position);
        if (batch.partition === 'all') progress.advance(last.position);
      }
    },
  };
};
