// What a read model is to the projector runtime (services/shared/consumers/projector.ts).
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice.
import type { StoredEvent } from '../domain/events.js';

/**
 * What a read model writes through. Writes only: the projector may collect the statements and
 * send them together at commit (services/shared/postgres/deferred.ts), so no answer comes back.
 */
export interface Tx {
  query(text: string, values?: readonly unknown[]): Promise<unknown>;
}

export interface Projection {
  name: string;
  /** The tables this projection owns; a rebuild empties them. */
  tables: readonly string[];
  /** Event types it reads; others only advance the checkpoint. */
  handles?: readonly string[];
  apply(tx: Tx, event: StoredEvent): Promise<void>;
  /**
   * Optional: the same effect as apply over each event in order, in fewer statements. The
   * events are a contiguous slice of the log past the checkpoint, filtered by `handles`.
   */
  applyBatch?(tx: Tx, events: readonly StoredEvent[]): Promise<void>;
  /** Runs after the batch committed (publish to push, wake timers). Never throws into the projector. */
  afterCommit?(events: StoredEvent[]): void;
}
