// A stream's entry in the command bus (bus.ts): its mailbox, its cached state and what the bus
// knows of it, and the "fresh stream" assumption (a new stream's first batch is decided against
// the initial state without a read; see bus.ts).
import type { Command, Decider, DomainEvent } from '../../../domain/aggregate.js';
import type { Stored } from '../../../domain/events.js';
import type { Mailbox } from './mailbox.js';
import { CommandMemory } from './recent.js';

export interface CommandResult<S, E extends DomainEvent = DomainEvent> {
  /** The events this command produced (on a retry: the events it produced the first time). */
  events: Stored<E>[];
  /** The stream state after the batch this command was part of. */
  state: S;
  /** True when the command had already run and nothing new was decided. */
  replayed: boolean;
}

export interface Pending {
  /** A read joins the mailbox so it sees the state between batches, never mid-batch. */
  read?: true;
  fresh?: boolean;
  command: Command;
  resolve: (r: CommandResult<unknown>) => void;
  reject: (e: unknown) => void;
}

export interface Entry extends Mailbox<Pending> {
  streamId: string;
  // The decider that owns this stream; the bus trusts callers to use one decider per stream.
  decider: Decider<unknown, Command, DomainEvent>;
  loaded: boolean;
  /** Loaded by assumption (a fresh stream's first batch): the initial state, not read. */
  assumed: boolean;
  state: unknown;
  revision: number; // -1: no stream
  /** When this entry was last known to be at the store's head (performance.now()). */
  headAt: number;
  snapshotRevision: number;
  recent: CommandMemory;
  touchedAt: number;
}

export const resetEntry = (e: Entry, recentLimit: number): void => {
  e.state = e.decider.initialState();
  e.revision = -1;
  e.snapshotRevision = -1;
  e.recent = new CommandMemory(recentLimit);
};

/**
 * A fresh stream's first batch: the initial state stands in for the load. Only for an entry not
 * loaded yet, a batch with a fresh command and no read (a read wants what is stored).
 */
export const assumeNew = (e: Entry, batch: readonly Pending[], recentLimit: number): boolean => {
  if (e.loaded || !batch.some((p) => p.fresh) || batch.some((p) => p.read)) return false;
  resetEntry(e, recentLimit);
  e.loaded = true;
  e.assumed = true;
  return true;
};

/** The assumption did not hold, proved nothing, or an append failed: the next batch loads for real. */
export const unassume = (e: Entry): void => {
  e.assumed = false;
  e.loaded = false;
};
