// Turning command results into answers: the event a use case needs, and read-your-writes.
import type { DomainEvent } from '../../domain/aggregate.js';
import type { Stored } from '../../domain/events.js';
import type { BalanceChange } from '../../domain/wallet/index.js';
import type { CommandResult } from '../shared/commands/bus.js';
import type { Core } from './core.js';

type AnyResult = CommandResult<unknown, DomainEvent> | null | undefined;

/** The highest position among results; 0 when nothing was appended. */
export const positionOf = (...results: AnyResult[]): number => Math.max(0, ...results.flatMap((r) => (r ? r.events.map((e) => e.position) : [])));

/** Waits until this process's read models show these results (read-your-writes for the caller). */
export const settled = async (core: Core, ...results: AnyResult[]): Promise<void> => {
  const p = positionOf(...results);
  if (p > 0) await core.readModelsAt(p);
};

/** The event of this type a command produced (a decider that did not produce it is a bug). */
export const eventOf = <E extends DomainEvent, T extends E['type']>(r: CommandResult<unknown, E>, type: T): Stored<Extract<E, { type: T }>> => {
  const e = r.events.find((x): x is Stored<Extract<E, { type: T }>> => x.type === type);
  if (!e) throw new Error(`expected a ${type} event`);
  return e;
};

/** The balance of an asset after a ledger entry. */
export const balanceAfter = (changes: readonly BalanceChange[], asset: BalanceChange['asset']): number | undefined => changes.find((c) => c.asset === asset)?.balanceAfter;
