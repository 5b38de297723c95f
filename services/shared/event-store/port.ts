// The EventStore port. Every adapter (postgres, memory, kurrentdb) passes the one contract
// suite in test/contracts/event-store.contract.ts.
//
// Revisions count from 0 per stream; a stream that does not exist has no revision.
// Positions are the global log order: strictly increasing, and a reader that has seen
// position p never later sees an event with a position <= p (no late commits are skipped).

export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | number;

export interface EventMetadata {
  commandId?: string;
  causationId?: string;
  correlationId?: string;
  userId?: string;
  /** ISO-8601 UTC time the command was accepted. */
  at: string;
  [key: string]: unknown;
}

export interface NewEvent {
  /** A UUID. Derived from the command id, so a retried command re-appends the same ids. */
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface StoredEvent extends NewEvent {
  streamId: string;
  revision: number;
  position: number;
}

export interface AppendResult {
  /** The revision of the last event appended (the stream's current revision). */
  nextRevision: number;
  /** The global position of the last event appended. */
  position: number;
}

export interface ReadStreamOptions {
  fromRevision?: number;
  limit?: number;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events with position > fromPosition. */
  fromPosition: number;
  /** Called with batches in position order; the next batch waits until this resolves. */
  onEvents: (events: StoredEvent[]) => Promise<void>;
  onError?: (err: unknown) => void;
  batchSize?: number;
}

export interface EventStore {
  /**
   * Appends all events in one transaction. Throws WrongExpectedRevisionError when the stream's
   * revision does not match. Re-appending events whose ids are already stored at the same place
   * in the same stream is a no-op that returns the original result.
   */
  append(streamId: string, events: NewEvent[], opts: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  readStream(streamId: string, opts?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Events with position > fromPosition, in position order. */
  readAll(fromPosition: number, limit: number): Promise<StoredEvent[]>;
  /** The highest position a reader can see now (0 when empty). */
  headPosition(): Promise<number>;
  subscribeAll(opts: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION' as const;
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | null,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual === null ? 'no stream' : actual}`);
  }
}

export const isWrongExpectedRevision = (e: unknown): e is WrongExpectedRevisionError =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'WRONG_EXPECTED_REVISION';
