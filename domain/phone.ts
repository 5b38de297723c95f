// A phone number's claim: the first event of `phone-<phone>` binds the phone to one user id.
// Concurrent first logins race on this stream's first append; optimistic concurrency lets one
// win. A later claim produces no events, and the caller reads the winner from the state, so
// every racer logs in as the same user and only the winner registers an account.
import type { CommandMetadata, Decider } from './aggregate.js';
import { requireId } from './rules.js';

export type PhoneClaimed = { type: 'PhoneClaimed'; data: { phone: string; userId: string } };
export type PhoneEvent = PhoneClaimed;

/** `userId` is a freshly generated id, used only if this claim wins. */
export type ClaimPhone = { type: 'ClaimPhone'; data: { phone: string; userId: string }; metadata: CommandMetadata };
export type PhoneCommand = ClaimPhone;

export type PhoneClaim = { status: 'unclaimed' } | { status: 'claimed'; phone: string; userId: string };

export const initialState = (): PhoneClaim => ({ status: 'unclaimed' });

export const evolve = (s: PhoneClaim, e: PhoneEvent): PhoneClaim => {
  switch (e.type) {
    case 'PhoneClaimed':
      return s.status === 'unclaimed' ? { status: 'claimed', phone: e.data.phone, userId: e.data.userId } : s;
    default:
      return s;
  }
};

export const decide = (c: PhoneCommand, s: PhoneClaim): PhoneEvent[] => {
  switch (c.type) {
    case 'ClaimPhone':
      if (s.status === 'claimed') return [];
      return [{ type: 'PhoneClaimed', data: { phone: requireId('phone', c.data.phone), userId: requireId('userId', c.data.userId) } }];
    default: {
      const unknown: never = c.type;
      return unknown;
    }
  }
};

export const phoneStream = (phone: string): string => `phone-${phone}`;

export const phoneDecider: Decider<PhoneClaim, PhoneCommand, PhoneEvent> = { initialState, evolve, decide };
