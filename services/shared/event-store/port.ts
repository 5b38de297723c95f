// The EventStore port. Every adapter (postgres, memory, kurrentdb) passes the one contract
// suite in test/contracts/event-store.contract.ts.
//
// Revisions count from 0 per stream; a stream that does not exist has no revision.
// Positions are the global log order: strictly increasing, and a reader that has seen
// position p never later sees an event with a position <= p (no late commits are skipped).
// An event id is stored at most once in the whole store, for as long as the event exists:
// that is what lets a command id (from which event ids derive) be recognised however many
// commands its stream has taken since (see DuplicateEventIdsError).
import type { NewEvent, StoredEvent } from '../../../domain/events.js';

export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | number;

export type { EventMetadata, NewEvent, StoredEvent } from '../../../domain/events.js';

export interface AppendResult {
  /** The revision of the last event appended (the stream's current revision). */
  nextRevision: number;
  /** The global position of the last event appended. */
  position: number;
  /**
   * The global position of each event appended, in order (the last is `position`). An event's own
   * place in the log, e.g. a message's global id (chat logIds): a batch of commands appends several
   * events at once, and only the last of them sits at `position`.
   */
  positions: number[];
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
   * in the same stream is a no-op that returns the original result. An append that holds any
   * id already stored anywhere else (another revision, another stream, part of another append)
   * writes nothing and throws DuplicateEventIdsError; this check comes before the revision check.
   */
  append(streamId: string, events: NewEvent[], opts: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  readStream(streamId: string, opts?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** The stored events with these ids, in any order; ids not stored are left out. */
  readEvents(ids: readonly string[]): Promise<StoredEvent[]>;
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

/** Some of an append's event ids are already stored elsewhere (a command that already acted). */
export class DuplicateEventIdsError extends Error {
  readonly code = 'DUPLICATE_EVENT_IDS' as const;
  constructor(
    readonly streamId: string,
    /** Ids of the append that are already stored (at least one). */
    readonly eventIds: readonly string[],
  ) {
    super(`stream ${streamId}: event ids already stored at another place (${eventIds.slice(0, 3).join(', ')}${eventIds.length > 3 ? ', ...' : ''})`);
  }
}

export const isDuplicateEventIds = (e: unknown): e is DuplicateEventIdsError =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'DUPLICATE_EVENT_IDS';

export const isWrongExpectedRevision = (e: unknown): e is WrongExpectedRevisionError =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'WRONG_EXPECTED_REVISION';
