// How an account is known: registration, roles, its display number, linked external identities,
// a bound phone, and the record that its password changed. Uniqueness across accounts (one phone,
// one number, one external identity per account) is decided by the claim streams (phone.ts,
// displayNumber.ts, externalIdentity.ts); the service claims first and only the holder gets here.
import { requireDisplayNumber } from '../displayNumber.js';
import { fail } from '../errors.js';
import { externalProviders } from '../externalIdentity.js';
import { requireId } from '../rules.js';
import { ownedBy, registered } from './guards.js';
import { nickname } from './profile.js';
import type { Account, AccountEvent, AssignDisplayNumber, BindPhone, GrantRole, LinkExternalIdentity, RecordPasswordChange, RegisterUser, ReplaceDisplayNumber } from './types.js';

export const registerUser = (c: RegisterUser, s: Account): AccountEvent[] => {
  const { userId, phone } = c.data;
  if (s.status === 'registered') {
    // The same registration again is harmless; anything else means two users got one id.
    return s.userId === userId && s.phone === phone ? [] : fail('CONFLICT', 'this user id is taken', { userId });
  }
  const data = { userId: requireId('userId', userId), ...(phone !== undefined ? { phone: requireId('phone', phone) } : {}), nickname: nickname(c.data.nickname) };
  return [{ type: 'UserRegistered', data }];
};

export const grantRole = (c: GrantRole, s: Account): AccountEvent[] => {
  const user = registered(s, c.data.userId);
  return user.roles.includes(c.data.role) ? [] : [{ type: 'RoleGranted', data: { userId: user.userId, role: c.data.role } }];
};

/** A user keeps the first number assigned: a second assignment (a racing registration) adds nothing. */
export const assignDisplayNumber = (c: AssignDisplayNumber, s: Account): AccountEvent[] => {
  const user = registered(s, c.data.userId);
  const displayNumber = requireDisplayNumber('displayNumber', c.data.displayNumber);
  return user.displayNumber !== undefined ? [] : [{ type: 'DisplayNumberAssigned', data: { userId: user.userId, displayNumber } }];
};

export const replaceDisplayNumber = (c: ReplaceDisplayNumber, s: Account): AccountEvent[] => {
  const user = registered(s, c.data.userId);
  const displayNumber = requireDisplayNumber('displayNumber', c.data.displayNumber);
  if (user.displayNumber === displayNumber) return [];
  if (user.displayNumber === undefined) return [{ type: 'DisplayNumberAssigned', data: { userId: user.userId, displayNumber } }];
  return [{ type: 'DisplayNumberReplaced', data: { userId: user.userId, displayNumber, previous: user.displayNumber } }];
};

export const linkExternalIdentity = (c: LinkExternalIdentity, s: Account): AccountEvent[] => {
  const user = ownedBy(s, c.data.userId, c.metadata, 'account');
  const { provider, subject } = c.data;
  if (!externalProviders.includes(provider)) return fail('VALIDATION_FAILED', `provider must be one of ${externalProviders.join(', ')}`, { field: 'provider' });
  const linked = user.externalIdentities.find((x) => x.provider === provider);
  if (linked?.subject === subject) return [];
  if (linked) return fail('CONFLICT', `another ${provider} account is already linked`, { provider });
  return [{ type: 'ExternalIdentityLinked', data: { userId: user.userId, provider, subject: requireId('subject', subject) } }];
};

export const bindPhone = (c: BindPhone, s: Account): AccountEvent[] => {
  const user = ownedBy(s, c.data.userId, c.metadata, 'account');
  const phone = requireId('phone', c.data.phone);
  if (user.phone === phone) return [];
  if (user.phone !== undefined) return fail('CONFLICT', 'this account already has a phone', { field: 'phone' });
  return [{ type: 'PhoneBound', data: { userId: user.userId, phone } }];
};

export const recordPasswordChange = (c: RecordPasswordChange, s: Account): AccountEvent[] => {
  const user = registered(s, c.data.userId);
  if (!['set', 'change', 'reset'].includes(c.data.via)) return fail('VALIDATION_FAILED', 'via must be set, change or reset', { field: 'via' });
  return [{ type: 'PasswordChanged', data: { userId: user.userId, via: c.data.via } }];
};
