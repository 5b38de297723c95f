// A display number's claim: the short number people see and search for (001 `heiNum`, 002/003
// `IMNo`). The first event of `display-number-<n>` binds the number to one user for ever: a
// number that user later gives up (a vanity number replaces it) stays claimed by them, so it is
// never given to anyone else. Like phone.ts, a later claim emits nothing and the caller reads the
// holder from the state: registration draws candidates from a sequence and skips a taken one.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { requireId } from './rules.js';

/** Five to twelve digits, no leading zero (sequence numbers are 7-9 digits; vanity numbers may be shorter or longer). */
const DISPLAY_NUMBER = /^[1-9][0-9]{4,11}$/;

export const isDisplayNumber = (value: string): boolean => typeof value === 'string' && DISPLAY_NUMBER.test(value);

export const requireDisplayNumber = (field: string, value: string): string =>
  isDisplayNumber(value) ? value : fail('VALIDATION_FAILED', `${field} must be 5-12 digits without a leading zero`, { field });

export type DisplayNumberClaimed = { type: 'DisplayNumberClaimed'; data: { displayNumber: string; userId: string } };
export type DisplayNumberEvent = DisplayNumberClaimed;

export type ClaimDisplayNumber = { type: 'ClaimDisplayNumber'; data: { displayNumber: string; userId: string }; metadata: CommandMetadata };
export type DisplayNumberCommand = ClaimDisplayNumber;

export type DisplayNumberClaim = { status: 'unclaimed' } | { status: 'claimed'; displayNumber: string; userId: string };

export const initialState = (): DisplayNumberClaim => ({ status: 'unclaimed' });

export const evolve = (s: DisplayNumberClaim, e: DisplayNumberEvent): DisplayNumberClaim => {
  switch (e.type) {
    case 'DisplayNumberClaimed':
      return s.status === 'unclaimed' ? { status: 'claimed', displayNumber: e.data.displayNumber, userId: e.data.userId } : s;
    default:
      return s;
  }
};

export const decide = (c: DisplayNumberCommand, s: DisplayNumberClaim): DisplayNumberEvent[] => {
  switch (c.type) {
    case 'ClaimDisplayNumber':
      if (s.status === 'claimed') return [];
      return [{ type: 'DisplayNumberClaimed', data: { displayNumber: requireDisplayNumber('displayNumber', c.data.displayNumber), userId: requireId('userId', c.data.userId) } }];
    default: {
      const unknown: never = c.type;
      return unknown;
    }
  }
};

export const displayNumberStream = (displayNumber: string): string => `display-number-${displayNumber}`;

export const displayNumberDecider: Decider<DisplayNumberClaim, DisplayNumberCommand, DisplayNumberEvent> = { initialState, evolve, decide };
