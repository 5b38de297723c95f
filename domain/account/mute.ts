// An operator's global mute (chat-platform /user/muted): the user's sends to groups and rooms are
// refused until the time passes. Who may mute is the service's check (the operator role); the
// decision only needs the account to exist and the end to lie after the command's time.
import { fail } from '../errors.js';
import { registered } from './guards.js';
import type { Account, AccountEvent, MuteAccount } from './types.js';

/** Until when the account is muted at `at` (ISO), or null. */
export const accountMutedUntil = (s: Account, at: string): string | null => (s.status === 'registered' && s.mutedUntil !== undefined && s.mutedUntil > at ? s.mutedUntil : null);

export const muteAccount = (c: MuteAccount, s: Account): AccountEvent[] => {
  const user = registered(s, c.data.userId);
  const { until, by } = c.data;
  if (until === null) return user.mutedUntil === undefined ? [] : [{ type: 'AccountMuted', data: { userId: user.userId, until: null, by } }];
  if (!(until > c.metadata.at)) return fail('VALIDATION_FAILED', 'a mute must end after now', { field: 'until' });
  return [{ type: 'AccountMuted', data: { userId: user.userId, until, by } }];
};
