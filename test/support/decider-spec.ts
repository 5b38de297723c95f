// Given/when/then for deciders: given past events, when a command, then these new events (or
// this error). Assertions throw, so a failing step fails the tap test that runs it.
import assert from 'node:assert/strict';
import type { Command, CommandMetadata, Decider, DomainEvent } from '../../domain/aggregate.js';
import { isDomainError, type DomainErrorCode } from '../../domain/errors.js';

export interface Then<S, E> {
  /** Asserts the exact events and returns them; also checks evolve accepts them. */
  then(expected: E[]): E[];
  /** Asserts the command is refused with this code (and, when given, details containing these entries). */
  thenThrows(code: DomainErrorCode, details?: Record<string, unknown>): void;
  /** The state after the given events and the decided ones, for assertions the events don't show. */
  thenState(): S;
}

export interface Given<S, C, E> {
  when(command: C): Then<S, E>;
  /** The state the given events build. */
  state(): S;
}

export const stateOf = <S, C extends Command, E extends DomainEvent>(d: Decider<S, C, E>, events: readonly E[]): S =>
  events.reduce((s, e) => d.evolve(s, e), d.initialState());

export const spec = <S, C extends Command, E extends DomainEvent>(d: Decider<S, C, E>) => ({
  given(events: readonly E[]): Given<S, C, E> {
    return {
      state: () => stateOf(d, events),
      when(command: C): Then<S, E> {
        const decided = () => d.decide(command, stateOf(d, events));
        return {
          then(expected) {
            const actual = decided();
            assert.deepStrictEqual(actual, expected);
            stateOf(d, [...events, ...actual]);
            return actual;
          },
          thenThrows(code, details) {
            let caught: unknown;
            try {
              const actual = decided();
              assert.fail(`expected ${code}, got events ${JSON.stringify(actual)}`);
            } catch (e) {
              caught = e;
            }
            if (!isDomainError(caught)) throw caught;
            assert.equal(caught.code, code, caught.message);
            if (details) assert.deepStrictEqual({ ...caught.details, ...details }, caught.details, `details ${JSON.stringify(caught.details)}`);
          },
          thenState: () => stateOf(d, [...events, ...decided()]),
        };
      },
    };
  },
});

/** Command metadata for tests: a fixed time and a command id; pass the acting user when it matters. */
export const meta = (at: string, userId?: string, commandId = 'cmd-1'): CommandMetadata => (userId === undefined ? { commandId, at } : { commandId, at, userId });
