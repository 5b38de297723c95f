// Signing out and ending sessions: the caller's own (sign out), one of theirs by id, all of theirs
// (optionally keeping this one), or all of a user's by an operator. An ended token stops working
// at once in this process and closes its push sockets (sessions.ts says how far and how fast the
// end reaches other processes).
import { notFound, requireUserExists } from './access.js';
import { requireRole, requireUser, type Caller } from './caller.js';
import type { Core } from './core.js';
import { hashToken } from './sessions.js';

const currentKey = (caller: Caller): string | undefined => {
  const user = requireUser(caller);
  return user.token === undefined ? undefined : hashToken(user.token);
};

export const logOut = async (core: Core, caller: Caller) => {
  const user = requireUser(caller);
  const key = currentKey(caller);
  if (key === undefined) throw notFound('session');
  return { sessionsEnded: await core.sessions.end({ userId: user.userId, key }, 'signed_out', core.clock()) };
};

export const listSessions = async (core: Core, caller: Caller) => {
  const user = requireUser(caller);
  const key = currentKey(caller);
  const items = (await core.sessions.list(user.userId, core.clock())).map(({ key: k, ...s }) => ({ ...s, current: k === key }));
  return { items, nextCursor: null };
};

export const endSession = async (core: Core, caller: Caller, input: { sessionId: string }) => {
  const user = requireUser(caller);
  const n = await core.sessions.end({ userId: user.userId, sessionId: input.sessionId }, 'revoked', core.clock());
  if (n === 0) throw notFound('session', { sessionId: input.sessionId });
  return { sessionsEnded: n };
};

export const endSessions = async (core: Core, caller: Caller, input: { keepCurrent?: boolean }) => {
  const user = requireUser(caller);
  const keep = input.keepCurrent ? currentKey(caller) : undefined;
  return { sessionsEnded: await core.sessions.end({ userId: user.userId, ...(keep !== undefined ? { exceptKey: keep } : {}) }, 'revoked', core.clock()) };
};

/** An operator ends every session of a user (a stolen phone, a compromised account). */
export const revokeUserSessions = async (core: Core, caller: Caller, input: { userId: string }) => {
  requireRole(caller, 'operator');
  await requireUserExists(core, input.userId);
  return { sessionsEnded: await core.sessions.end({ userId: input.userId }, 'revoked', core.clock()) };
};
