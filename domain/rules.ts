// Checks shared by the aggregates. decide repeats what the HTTP schemas already checked
// (defence in depth): a process manager or a facade may build a command without them.
import type { CommandMetadata } from './aggregate.js';
import { fail } from './errors.js';

/** Money and counts: positive safe integers of minor units. */
export const requirePositive = (field: string, value: number): number =>
  Number.isSafeInteger(value) && value > 0 ? value : fail('VALIDATION_FAILED', `${field} must be a positive safe integer`, { field, value });

/** Fees and counts that may be zero: non-negative safe integers. */
export const requireNonNegative = (field: string, value: number): number =>
  Number.isSafeInteger(value) && value >= 0 ? value : fail('VALIDATION_FAILED', `${field} must be a non-negative safe integer`, { field, value });

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

// Free text that enters an event. PostgreSQL cannot store NUL or an unpaired UTF-16 surrogate
// (one such value fails the whole group-committed append it travels in), and other control
// characters forge what other users' screens and logs show. Multi-line text keeps tab and line
// breaks. The same rule as the HTTP contracts' `text` (contracts/common.ts), repeated here
// because the domain imports nothing.
const CONTROL = /[\u0000-\u001F\u007F]/;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** With the u flag a surrogate pair is one code point; only an unpaired half is category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

export interface TextRule {
  /** Longest value in UTF-16 units. */
  max: number;
  /** Tab and line breaks allowed (notes, greetings, reasons). */
  multiline?: boolean;
  /** Empty or whitespace-only allowed (optional notes); otherwise something must be written. */
  blank?: boolean;
}

/** Refuses text that cannot be stored or shown; the error never echoes the value (it may be what cannot be stored). */
export const requireText = (field: string, value: string, rule: TextRule): string => {
  if (typeof value !== 'string' || value.length > rule.max || (!rule.blank && value.trim().length === 0)) {
    return fail('VALIDATION_FAILED', `${field} must be ${rule.blank ? 0 : 1}-${rule.max} characters`, { field });
  }
  if ((rule.multiline ? CONTROL_EXCEPT_LINES : CONTROL).test(value) || LONE_SURROGATE.test(value)) {
    return fail('VALIDATION_FAILED', `${field} must not contain control characters or unpaired surrogates`, { field });
  }
  return value;
};

/** A link other users' apps load (avatars): http or https with a host, never `javascript:` or `data:`. */
export const requireHttpUrl = (field: string, value: string, max: number): string =>
  /^https?:\/\/[^/?#\s]/i.test(requireText(field, value, { max })) ? value : fail('VALIDATION_FAILED', `${field} must be an http or https URL`, { field });
