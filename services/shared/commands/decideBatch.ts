// The pure heart of the command bus: given a stream's state and what it knows of past command
// ids, decide a batch of commands in order into one list of new events, one outcome per command.
// No I/O, no clock: the bus appends what this returns and resolves each command by its outcome,
// so the rules below are property-tested alone (test/services/commands/decideBatch.unit.test.ts).
//
// - A command whose id is known returns the events it produced the first time (a replay).
// - A second command with the same id in one batch (a twin) is answered by the first one.
// - A refusal (a coded error) fails only its own command; the state it was decided against
//   moves on without it.
// - When the bus's memory of command ids is not complete (the stream has taken more commands
//   than it remembers), a refusal or an empty decision might belong to a command that already
//   acted long ago: it is marked `unsure`, and the bus asks the store before answering. A
//   decision that produced events needs no such question: its event ids derive from its
//   command id, so the store refuses them as duplicates if it had acted.
import type { Command, Decider, DomainEvent } from '../../../domain/aggregate.js';
import type { NewEvent, StoredEvent } from '../../../domain/events.js';

export type Outcome =
  | { kind: 'new'; from: number; count: number }
  | { kind: 'replay'; events: StoredEvent[] }
  | { kind: 'twin'; of: number }
  | { kind: 'error'; error: unknown }
  /** Refused or empty, and the id might have acted before: ask the store (`result` is the answer if not). */
  | { kind: 'unsure'; result: { error: unknown } | { events: [] } };

export interface BatchDecision<S> {
  state: S;
  newEvents: NewEvent[];
  outcomes: Outcome[];
}

export interface BatchInput<S> {
  decider: Decider<S, Command, DomainEvent>;
  state: S;
  commands: readonly Command[];
  /** The first run's events of a command id this stream has seen, if it remembers them. */
  known: (commandId: string) => StoredEvent[] | undefined;
  /** Whether `known` remembers every command id the stream has ever taken. */
  complete: boolean;
  eventId: (commandId: string, index: number) => string;
}

export const decideBatch = <S>(input: BatchInput<S>): BatchDecision<S> => {
  const { decider } = input;
  let state = input.state;
  const newEvents: NewEvent[] = [];
  const outcomes: Outcome[] = [];
  const firstInBatch = new Map<string, number>();
  for (const command of input.commands) {
    const cid = command.metadata.commandId;
    const prior = input.known(cid);
    if (prior) {
      outcomes.push({ kind: 'replay', events: prior });
      continue;
    }
    const twin = firstInBatch.get(cid);
    if (twin !== undefined) {
      outcomes.push({ kind: 'twin', of: twin });
      continue;
    }
    firstInBatch.set(cid, outcomes.length);
    let decided: DomainEvent[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      outcomes.push(input.complete ? { kind: 'error', error } : { kind: 'unsure', result: { error } });
      continue;
    }
    if (decided.length === 0 && !input.complete) {
      outcomes.push({ kind: 'unsure', result: { events: [] } });
      continue;
    }
    for (const d of decided) state = decider.evolve(state, d);
    outcomes.push({ kind: 'new', from: newEvents.length, count: decided.length });
    decided.forEach((d, i) => newEvents.push({ id: input.eventId(cid, i), type: d.type, data: d.data, metadata: metadataOf(command) }));
  }
  return { state, newEvents, outcomes };
};

/** What a stored event keeps of its command's metadata. */
export const metadataOf = (c: Command): NewEvent['metadata'] => {
  const m: NewEvent['metadata'] = { at: c.metadata.at, commandId: c.metadata.commandId };
  if (c.metadata.userId !== undefined) m.userId = c.metadata.userId;
  if (c.metadata.causationId !== undefined) m.causationId = c.metadata.causationId;
  if (c.metadata.correlationId !== undefined) m.correlationId = c.metadata.correlationId;
  return m;
};
