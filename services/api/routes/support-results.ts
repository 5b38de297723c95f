// Helpers for turning command results into answers.
import { CodedError } from '../../../domain/errors.js';
import type { CommandResult } from '../../shared/commands/bus.js';
import type { StoredEvent } from '../../shared/event-store/port.js';
import type { AppDeps } from '../deps.js';

/** The highest position among results; 0 when nothing was appended. */
export const positionOf = (...results: (CommandResult<unknown> | null | undefined)[]): number =>
  Math.max(0, ...results.flatMap((r) => (r ? r.events.map((e) => e.position) : [])));

/** Waits until the read models show these results (read-your-writes for the caller). */
export const settled = async (deps: AppDeps, ...results: (CommandResult<unknown> | null | undefined)[]) => {
  const p = positionOf(...results);
  if (p > 0) await deps.readModelsAt(p);
};

export const eventOf = (r: CommandResult<unknown>, type: string): StoredEvent => {
  const e = r.events.find((x) => x.type === type);
  if (!e) throw new Error(`expected a ${type} event`);
  return e;
};

export const notFound = (what: string, details: Record<string, unknown> = {}) => new CodedError('NOT_FOUND', `no such ${what}`, details);

export const balanceOf = (changes: unknown, asset: string): number | undefined => {
  if (!Array.isArray(changes)) return undefined;
  const c = (changes as { asset?: unknown; balanceAfter?: unknown }[]).find((x) => x.asset === asset);
  return typeof c?.balanceAfter === 'number' ? c.balanceAfter : undefined;
};
