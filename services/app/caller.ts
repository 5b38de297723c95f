// Who is asking. Every use case takes the caller; surfaces (/v1, facades, the push gateway, the
// CLI) only say who it is, and the use case decides what that caller may do.
import { CodedError } from '../../domain/errors.js';
import type { AppName } from './policies.js';

export type Role = 'auditor' | 'operator';

export type Caller =
  /** A signed-in account; `roles` come with its session. */
  | { kind: 'user'; userId: string; roles: readonly string[]; app: AppName; token?: string }
  /** A device without an account (chat-platform guests): it may read what its app's policy allows. */
  | { kind: 'guest'; deviceId: string; app: AppName }
  /** No credentials at all (sign-in, health, the payment provider's signed callback), or a token whose session ended (and why). */
  | { kind: 'anonymous'; app: AppName; sessionEnded?: SessionEndReason }
  /** The product itself acting for an operator at a console (the admin CLI) or for a timer. */
  | { kind: 'system'; name: 'cli' | 'timers' | 'payments' };

/** Why a token no longer works: a client may say "signed in on another device" (004 -1007) rather than "sign in". */
export type SessionEndReason = 'signed_out' | 'revoked' | 'replaced' | 'password_reset' | 'expired';

export const anonymous = (app: AppName = 'core'): Caller => ({ kind: 'anonymous', app });
/** A device without an account; its id is only as good as the device's secrecy (see README: guests). */
export const guestCaller = (deviceId: string, app: AppName = 'core'): Caller => ({ kind: 'guest', deviceId, app });

const endedMessages: Record<SessionEndReason, string> = {
  signed_out: 'this session was signed out; sign in again',
  revoked: 'this session was revoked; sign in again',
  replaced: 'signed in on another device of this kind; sign in again',
  password_reset: 'the password was reset; sign in again',
  expired: 'this session expired; sign in again',
};
export const systemCaller = (name: 'cli' | 'timers' | 'payments'): Caller => ({ kind: 'system', name });

export type UserCaller = Extract<Caller, { kind: 'user' }>;

/** The signed-in user, or UNAUTHENTICATED. */
export const requireUser = (c: Caller): UserCaller => {
  if (c.kind === 'anonymous' && c.sessionEnded) throw new CodedError('UNAUTHENTICATED', endedMessages[c.sessionEnded], { sessionEnded: c.sessionEnded });
  if (c.kind !== 'user') throw new CodedError('UNAUTHENTICATED', 'sign in first');
  return c;
};

/** An operator (a user with the role, or the operator CLI), or FORBIDDEN / UNAUTHENTICATED. */
export const requireRole = (c: Caller, role: Role): Caller => {
  if (c.kind === 'system' && c.name === 'cli') return c;
  const user = requireUser(c);
  if (!user.roles.includes(role)) throw new CodedError('FORBIDDEN', `requires the ${role} role`);
  return user;
};

export const hasRole = (c: Caller, role: Role): boolean => (c.kind === 'system' && c.name === 'cli') || (c.kind === 'user' && c.roles.includes(role));

/** The scope an Idempotency-Key belongs to: the same key from two callers is two commands. */
export const keyScope = (c: Caller): string => {
  switch (c.kind) {
    case 'user':
      return c.userId; // as before the application layer, so generation 0 keeps its command ids
    case 'guest':
      return `guest:${c.deviceId}`;
    case 'anonymous':
      return 'anonymous';
    case 'system':
      return `system:${c.name}`;
    default: {
      const never: never = c;
      return never;
    }
  }
};

/** The acting user id for command metadata, when there is one. */
export const actingUser = (c: Caller): string | undefined => (c.kind === 'user' ? c.userId : c.kind === 'system' && c.name === 'cli' ? 'operator-cli' : undefined);
