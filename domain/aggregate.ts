// The shape every aggregate file exports. The domain is pure: time, ids, the acting user and
// any randomness arrive in the command (its metadata), never from the environment.

export interface CommandMetadata {
  commandId: string;
  userId?: string;
  /** ISO-8601 UTC, from the service clock. */
  at: string;
  /** The event that caused this command (process managers, timers). */
  causationId?: string;
  correlationId?: string;
}

export interface DomainEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface Command {
  type: string;
  data: Record<string, unknown>;
  metadata: CommandMetadata;
}

export interface Decider<S, C extends Command, E extends DomainEvent> {
  initialState: () => S;
  evolve: (state: S, event: E) => S;
  /** Returns the new events, or throws a DomainError. */
  decide: (command: C, state: S) => E[];
}
