// The event vocabulary every layer shares: what a stored event is, whatever store holds it.
// Adapters (services/shared/event-store) store and read these; projections, process steps and
// the audit read them; the command bus returns them typed by the aggregate that decided them.
import type { DomainEvent } from './aggregate.js';

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

/** Where an event sits: its stream, its revision in that stream, its place in the global log. */
export interface StoredPlace {
  streamId: string;
  revision: number;
  position: number;
}

/** A stored event of any type, as an adapter reads it. */
export type StoredEvent = NewEvent & StoredPlace;

/** A stored event of a known domain type (the bus returns these; see domain/index.ts for the union). */
export type Stored<E extends DomainEvent> = E & { id: string; metadata: EventMetadata } & StoredPlace;
