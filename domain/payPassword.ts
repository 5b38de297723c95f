// A user's pay password (stream `paypwd-<userId>`): whether one is set, which stored credential
// is current, and the count of wrong tries with the lock they lead to. The secret is not here:
// the log keeps no password and no hash of one (a pay password is usually six digits, so any hash
// of it falls to an offline search, and the log is exported, replicated and kept forever). The
// slow salted hash lives in a table under `credentialId` (services/app/payPassword.ts); the service
// compares and tells this aggregate the outcome (`matches`, `sameAsCurrent`), and this aggregate
// counts. Its mailbox serializes the tries, so every wrong one is counted exactly once however
// many arrive together, and a try after the lock is refused whatever it says, right or wrong.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { actor, reached, requireId, requirePositive } from './rules.js';

/** The lock starts after this many wrong tries in a row, at least (the seeds' apps lock after "repeated" failures). */
export const MIN_PAY_PASSWORD_FAILURES = 3;

export type PayPasswordSet = { type: 'PayPasswordSet'; data: { userId: string; credentialId: string; changed: boolean } };
/** A wrong try: `failures` in a row so far; `lockedUntil` when this one locked it. */
export type PayPasswordAttemptFailed = { type: 'PayPasswordAttemptFailed'; data: { userId: string; failures: number; maxFailures: number; lockedUntil?: string } };
/** A right try after wrong ones: the count starts again. */
export type PayPasswordFailuresCleared = { type: 'PayPasswordFailuresCleared'; data: { userId: string } };
export type PayPasswordEvent = PayPasswordSet | PayPasswordAttemptFailed | PayPasswordFailuresCleared;

/** Set or change it (the service checked an SMS code first). `sameAsCurrent`: the new one equals the one it replaces. */
export type SetPayPassword = { type: 'SetPayPassword'; data: { userId: string; credentialId: string; sameAsCurrent: boolean }; metadata: CommandMetadata };
/** One try: `matches` is the service's comparison with the current credential; the limits are configuration. */
export type TryPayPassword = {
  type: 'TryPayPassword';
  data: { userId: string; credentialId: string; matches: boolean; maxFailures: number; lockSeconds: number };
  metadata: CommandMetadata;
};
export type PayPasswordCommand = SetPayPassword | TryPayPassword;

export type PayPassword = { status: 'unset' } | { status: 'set'; userId: string; credentialId: string; failures: number; lockedUntil?: string };

export const initialState = (): PayPassword => ({ status: 'unset' });

export const evolve = (s: PayPassword, e: PayPasswordEvent): PayPassword => {
  switch (e.type) {
    case 'PayPasswordSet':
      // A new password starts with a clean count and no lock: the SMS code proved the phone.
      return { status: 'set', userId: e.data.userId, credentialId: e.data.credentialId, failures: 0 };
    case 'PayPasswordAttemptFailed':
      if (s.status !== 'set') return s;
      return e.data.lockedUntil === undefined ? { status: 'set', userId: s.userId, credentialId: s.credentialId, failures: e.data.failures } : { ...s, failures: e.data.failures, lockedUntil: e.data.lockedUntil };
    case 'PayPasswordFailuresCleared':
      return s.status === 'set' ? { status: 'set', userId: s.userId, credentialId: s.credentialId, failures: 0 } : s;
    default:
      return s;
  }
};

/** Locked now: a lock whose time has not passed. */
export const lockedAt = (s: PayPassword, metadata: CommandMetadata): boolean => s.status === 'set' && s.lockedUntil !== undefined && !reached(metadata, s.lockedUntil);

/** Wrong tries that count now: a lock that has passed starts the count again. */
const failuresAt = (s: Extract<PayPassword, { status: 'set' }>, metadata: CommandMetadata): number => (s.lockedUntil !== undefined && reached(metadata, s.lockedUntil) ? 0 : s.failures);

const owner = (c: PayPasswordCommand): string => {
  const userId = requireId('userId', c.data.userId);
  if (actor(c.metadata) !== userId) fail('FORBIDDEN', 'only its owner uses a pay password');
  return userId;
};

const tryIt = (c: TryPayPassword, s: PayPassword): PayPasswordEvent[] => {
  const userId = owner(c);
  if (s.status === 'unset') return fail('PAY_PASSWORD_NOT_SET', 'set a pay password first');
  if (lockedAt(s, c.metadata)) return fail('PAY_PASSWORD_LOCKED', 'too many wrong pay passwords; try again later', { lockedUntil: s.lockedUntil });
  const max = requirePositive('maxFailures', c.data.maxFailures);
  if (max < MIN_PAY_PASSWORD_FAILURES) fail('VALIDATION_FAILED', `maxFailures must be at least ${MIN_PAY_PASSWORD_FAILURES}`, { field: 'maxFailures' });
  const failures = failuresAt(s, c.metadata);
  // Compared against another credential (the password changed meanwhile): not a try of this one.
  if (c.data.credentialId !== s.credentialId) return fail('CONFLICT', 'the pay password changed; try again');
  if (c.data.matches) return failures > 0 || s.lockedUntil !== undefined ? [{ type: 'PayPasswordFailuresCleared', data: { userId } }] : [];
  const next = failures + 1;
  const data: PayPasswordAttemptFailed['data'] = { userId, failures: next, maxFailures: max };
  if (next >= max) data.lockedUntil = new Date(Date.parse(c.metadata.at) + requirePositive('lockSeconds', c.data.lockSeconds) * 1000).toISOString();
  return [{ type: 'PayPasswordAttemptFailed', data }];
};

export const decide = (c: PayPasswordCommand, s: PayPassword): PayPasswordEvent[] => {
  switch (c.type) {
    case 'SetPayPassword': {
      const userId = owner(c);
      if (s.status === 'set' && c.data.sameAsCurrent) return fail('PAY_PASSWORD_REUSED', 'the new pay password must differ from the previous one');
      return [{ type: 'PayPasswordSet', data: { userId, credentialId: requireId('credentialId', c.data.credentialId), changed: s.status === 'set' } }];
    }
    case 'TryPayPassword':
      return tryIt(c, s);
    default: {
      const never: never = c;
      return never;
    }
  }
};

export const payPasswordStream = (userId: string): string => `paypwd-${userId}`;

export const payPasswordDecider: Decider<PayPassword, PayPasswordCommand, PayPasswordEvent> = { initialState, evolve, decide };
