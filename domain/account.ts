// A user account (`user-<userId>`): profile, extended details, privacy switches, real-name
// verification, display number, linked identities and roles. Registration is serialized by a
// claim stream (phone.ts, externalIdentity.ts): a sign-in claims first, and only the winner
// registers. The vocabulary is in account/types.ts; the decisions by theme in account/*.ts.
import type { Decider } from './aggregate.js';
import { assignDisplayNumber, bindPhone, grantRole, linkExternalIdentity, recordPasswordChange, registerUser, replaceDisplayNumber } from './account/identity.js';
import { setPhotoWall, setPrivacy, updateProfile, updateProfileDetails } from './account/profile.js';
import { muteAccount } from './account/mute.js';
import { setCompanyId, setStaffPosition } from './account/staff.js';
import { decideRealName, submitRealName } from './account/realName.js';
import { defaultPrivacy, type Account, type AccountCommand, type AccountEvent, type ProfileDetails, type ProfileDetailsChange, type Role } from './account/types.js';

export * from './account/types.js';
export { maskIdNumber, maskName, realNameOf } from './account/realName.js';

export const initialState = (): Account => ({ status: 'absent' });

export const hasRole = (s: Account, role: Role): boolean => s.status === 'registered' && s.roles.includes(role);

const emptyDetails: ProfileDetails = { sex: 'unknown', hobbies: [] };

/** Applies a details change: absent fields stay, `null` clears. */
const withDetails = (d: ProfileDetails, change: ProfileDetailsChange): ProfileDetails => {
  const next: ProfileDetails = { ...d };
  if (change.sex !== undefined) next.sex = change.sex;
  if (change.hobbies !== undefined) next.hobbies = change.hobbies;
  if (change.region === null) delete next.region;
  else if (change.region !== undefined) next.region = change.region;
  for (const key of ['birthday', 'signature', 'relationshipStatus', 'purpose', 'description'] as const) {
    const v = change[key];
    if (v === null) delete next[key];
    else if (v !== undefined) next[key] = v;
  }
  return next;
};

const evolveRegistered = (s: Extract<Account, { status: 'registered' }>, e: AccountEvent): Account => {
  switch (e.type) {
    case 'UserRegistered':
      return s;
    case 'ProfileUpdated':
      return { ...s, ...(e.data.nickname !== undefined ? { nickname: e.data.nickname } : {}), ...(e.data.avatarUrl !== undefined ? { avatarUrl: e.data.avatarUrl } : {}) };
    case 'RoleGranted':
      return s.roles.includes(e.data.role) ? s : { ...s, roles: [...s.roles, e.data.role] };
    case 'ProfileDetailsUpdated':
      return { ...s, details: withDetails(s.details, e.data) };
    case 'PhotoWallSet':
      return { ...s, photos: e.data.photos };
    case 'PrivacyChanged': {
      const { userId: _userId, ...switches } = e.data;
      return { ...s, privacy: { ...s.privacy, ...switches } };
    }
    case 'RealNameSubmitted':
      return { ...s, realName: { status: 'pending', maskedName: e.data.maskedName, maskedIdNumber: e.data.maskedIdNumber } };
    case 'RealNameApproved':
      return s.realName.status === 'none' ? s : { ...s, realName: { status: 'approved', maskedName: s.realName.maskedName, maskedIdNumber: s.realName.maskedIdNumber } };
    case 'RealNameRejected': {
      if (s.realName.status === 'none') return s;
      const { maskedName, maskedIdNumber } = s.realName;
      return { ...s, realName: { status: 'rejected', maskedName, maskedIdNumber, ...(e.data.reason !== undefined ? { reason: e.data.reason } : {}) } };
    }
    case 'DisplayNumberAssigned':
      return s.displayNumber === undefined ? { ...s, displayNumber: e.data.displayNumber } : s;
    case 'DisplayNumberReplaced':
      return { ...s, displayNumber: e.data.displayNumber };
    case 'ExternalIdentityLinked':
      return { ...s, externalIdentities: [...s.externalIdentities, { provider: e.data.provider, subject: e.data.subject }] };
    case 'PhoneBound':
      return { ...s, phone: e.data.phone };
    case 'PasswordChanged':
      return { ...s, hasPassword: true };
    case 'AccountMuted': {
      const { mutedUntil: _old, ...rest } = s;
      return e.data.until === null ? rest : { ...rest, mutedUntil: e.data.until };
    }
    case 'StaffPositionSet': {
      const { staffPosition: _old, ...rest } = s;
      return e.data.position === null ? rest : { ...rest, staffPosition: e.data.position };
    }
    case 'CompanyIdSet': {
      const { companyId: _old, ...rest } = s;
      return e.data.companyId === null ? rest : { ...rest, companyId: e.data.companyId };
    }
    default:
      return s;
  }
};

export const evolve = (s: Account, e: AccountEvent): Account => {
  if (s.status === 'registered') return evolveRegistered(s, e);
  if (e.type !== 'UserRegistered') return s;
  return {
    status: 'registered',
    userId: e.data.userId,
    ...(e.data.phone !== undefined ? { phone: e.data.phone } : {}),
    nickname: e.data.nickname,
    roles: [],
    details: emptyDetails,
    photos: [],
    privacy: defaultPrivacy,
    realName: { status: 'none' },
    externalIdentities: [],
    hasPassword: false,
  };
};

export const decide = (c: AccountCommand, s: Account): AccountEvent[] => {
  switch (c.type) {
    case 'RegisterUser':
      return registerUser(c, s);
    case 'UpdateProfile':
      return updateProfile(c, s);
    case 'GrantRole':
      return grantRole(c, s);
    case 'UpdateProfileDetails':
      return updateProfileDetails(c, s);
    case 'SetPhotoWall':
      return setPhotoWall(c, s);
    case 'SetPrivacy':
      return setPrivacy(c, s);
    case 'SubmitRealName':
      return submitRealName(c, s);
    case 'DecideRealName':
      return decideRealName(c, s);
    case 'AssignDisplayNumber':
      return assignDisplayNumber(c, s);
    case 'ReplaceDisplayNumber':
      return replaceDisplayNumber(c, s);
    case 'LinkExternalIdentity':
      return linkExternalIdentity(c, s);
    case 'BindPhone':
      return bindPhone(c, s);
    case 'RecordPasswordChange':
      return recordPasswordChange(c, s);
    case 'MuteAccount':
      return muteAccount(c, s);
    case 'SetStaffPosition':
      return setStaffPosition(c, s);
    case 'SetCompanyId':
      return setCompanyId(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const accountStream = (userId: string): string => `user-${userId}`;

export const accountDecider: Decider<Account, AccountCommand, AccountEvent> = { initialState, evolve, decide };
