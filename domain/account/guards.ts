// Checks every account decision shares: the account exists, and the actor is its owner.
import type { CommandMetadata } from '../aggregate.js';
import { fail } from '../errors.js';
import type { Account, RegisteredAccount } from './types.js';

export const registered = (s: Account, userId: string): RegisteredAccount => (s.status === 'registered' ? s : fail('NOT_FOUND', 'no such user', { userId }));

/** The owner's own change: an acting user, when given, must be the owner (services pass it; process steps may not). */
export const ownedBy = (s: Account, userId: string, metadata: CommandMetadata, what = 'profile'): RegisteredAccount => {
  const user = registered(s, userId);
  if (metadata.userId !== undefined && metadata.userId !== user.userId) return fail('FORBIDDEN', `you may only change your own ${what}`);
  return user;
};
