// Checks shared by the aggregates. decide repeats what the HTTP schemas already checked
// (defence in depth): a process manager or a facade may build a command without them.
import type { CommandMetadata } from './aggregate.js';
import { fail } from './errors.js';

/** Money and counts: positive safe integers of minor units. */
export const requirePositive = (field: string, value: number): number =>
  Number.isSafeInteger(value) && value > 0 ? value : fail('VALIDATION_FAILED', `${field} must be a positive safe integer`, { field, value });

export const requireId = (field: string, value: string): string =>
  typeof value === 'string' && value.length > 0 ? value : fail('VALIDATION_FAILED', `${field} must be a non-empty id`, { field });

/** A sum that would leave the safe integer range is refused rather than rounded. */
export const safeAdd = (field: string, a: number, b: number): number => {
  const sum = a + b;
  return Number.isSafeInteger(sum) ? sum : fail('VALIDATION_FAILED', `${field} would exceed the safe integer range`, { field });
};

export const safeMultiply = (field: string, a: number, b: number): number => {
  const product = a * b;
  return Number.isSafeInteger(product) ? product : fail('VALIDATION_FAILED', `${field} would exceed the safe integer range`, { field });
};

const instant = (field: string, iso: string): number => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fail('VALIDATION_FAILED', `${field} must be an ISO-8601 time`, { field, value: iso }) : ms;
};

/** True when the command's time has reached the deadline. Parses, never reads a clock. */
export const reached = (metadata: CommandMetadata, deadline: string): boolean => instant('metadata.at', metadata.at) >= instant('deadline', deadline);

export const requireTime = (field: string, iso: string): string => {
  instant(field, iso);
  return iso;
};

/** The acting user; commands that authorize by person need one. */
export const actor = (metadata: CommandMetadata): string => metadata.userId ?? fail('UNAUTHENTICATED', 'this command needs an acting user');
