// A user account: profile and roles. Registration is serialized by the phone stream
// (phone.ts): a login claims the phone first, and only the winner registers.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { requireHttpUrl, requireId, requireText } from './rules.js';

export type Role = 'auditor' | 'operator';
export const MAX_NICKNAME_LENGTH = 40;
export const MAX_AVATAR_URL_LENGTH = 500;

export type UserRegistered = { type: 'UserRegistered'; data: { userId: string; phone: string; nickname: string } };
/** Only the fields that changed. */
export type ProfileUpdated = { type: 'ProfileUpdated'; data: { userId: string; nickname?: string; avatarUrl?: string } };
export type RoleGranted = { type: 'RoleGranted'; data: { userId: string; role: Role } };
export type AccountEvent = UserRegistered | ProfileUpdated | RoleGranted;

export type RegisterUser = { type: 'RegisterUser'; data: { userId: string; phone: string; nickname: string }; metadata: CommandMetadata };
/** The user themselves (metadata.userId, when given, must match). */
export type UpdateProfile = { type: 'UpdateProfile'; data: { userId: string; nickname?: string; avatarUrl?: string }; metadata: CommandMetadata };
/** Operators grant roles through the CLI; the service checks who may. */
export type GrantRole = { type: 'GrantRole'; data: { userId: string; role: Role }; metadata: CommandMetadata };
export type AccountCommand = RegisterUser | UpdateProfile | GrantRole;

export type Account =
  | { status: 'absent' }
  | { status: 'registered'; userId: string; phone: string; nickname: string; avatarUrl?: string; roles: readonly Role[] };

export const initialState = (): Account => ({ status: 'absent' });

export const hasRole = (s: Account, role: Role): boolean => s.status === 'registered' && s.roles.includes(role);

export const evolve = (s: Account, e: AccountEvent): Account => {
  switch (e.type) {
    case 'UserRegistered':
      return s.status === 'absent' ? { status: 'registered', userId: e.data.userId, phone: e.data.phone, nickname: e.data.nickname, roles: [] } : s;
    case 'ProfileUpdated': {
      if (s.status !== 'registered') return s;
      const next = { ...s };
      if (e.data.nickname !== undefined) next.nickname = e.data.nickname;
      if (e.data.avatarUrl !== undefined) next.avatarUrl = e.data.avatarUrl;
      return next;
    }
    case 'RoleGranted':
      return s.status === 'registered' && !s.roles.includes(e.data.role) ? { ...s, roles: [...s.roles, e.data.role] } : s;
    default:
      return s;
  }
};

const nickname = (value: string): string => requireText('nickname', typeof value === 'string' ? value.trim() : value, { max: MAX_NICKNAME_LENGTH });

const avatarUrl = (value: string): string => requireHttpUrl('avatarUrl', value, MAX_AVATAR_URL_LENGTH);

const registered = (s: Account, userId: string): Extract<Account, { status: 'registered' }> =>
  s.status === 'registered' ? s : fail('NOT_FOUND', 'no such user', { userId });

const updateProfile = (c: UpdateProfile, s: Account): AccountEvent[] => {
  const user = registered(s, c.data.userId);
  if (c.metadata.userId !== undefined && c.metadata.userId !== user.userId) return fail('FORBIDDEN', 'you may only change your own profile');
  const data: ProfileUpdated['data'] = { userId: user.userId };
  if (c.data.nickname !== undefined) {
    const name = nickname(c.data.nickname);
    if (name !== user.nickname) data.nickname = name;
  }
  if (c.data.avatarUrl !== undefined) {
    const url = avatarUrl(c.data.avatarUrl);
    if (url !== user.avatarUrl) data.avatarUrl = url;
  }
  return data.nickname === undefined && data.avatarUrl === undefined ? [] : [{ type: 'ProfileUpdated', data }];
};

export const decide = (c: AccountCommand, s: Account): AccountEvent[] => {
  switch (c.type) {
    case 'RegisterUser': {
      const { userId, phone } = c.data;
      if (s.status === 'registered') {
        // The same registration again is harmless; anything else means two users got one id.
        return s.userId === userId && s.phone === phone ? [] : fail('CONFLICT', 'this user id is taken', { userId });
      }
      return [{ type: 'UserRegistered', data: { userId: requireId('userId', userId), phone: requireId('phone', phone), nickname: nickname(c.data.nickname) } }];
    }
    case 'UpdateProfile':
      return updateProfile(c, s);
    case 'GrantRole': {
      const user = registered(s, c.data.userId);
      return user.roles.includes(c.data.role) ? [] : [{ type: 'RoleGranted', data: { userId: user.userId, role: c.data.role } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const accountStream = (userId: string): string => `user-${userId}`;

export const accountDecider: Decider<Account, AccountCommand, AccountEvent> = { initialState, evolve, decide };
