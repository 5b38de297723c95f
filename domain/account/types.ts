// The account aggregate's vocabulary (user-<userId>): events, commands and state. The decisions
// are in the sibling files and ../account.ts; this file holds only types and limits, so each of
// them can import it without a cycle.
import type { CommandMetadata } from '../aggregate.js';
import type { ExternalProvider } from '../externalIdentity.js';

export type Role = 'auditor' | 'operator';
export type Sex = 'unknown' | 'male' | 'female';

export const MAX_NICKNAME_LENGTH = 40;
export const MAX_AVATAR_URL_LENGTH = 500;

/** Free-text place names or codes, as each app sends them (003 adds `district`). */
export interface Region {
  country?: string;
  province?: string;
  city?: string;
  district?: string;
}

/** The dating and IM profile the seeds show (000 set-info/edit-info, 001 update, 002/003 updateProfile). */
export interface ProfileDetails {
  sex: Sex;
  /** `YYYY-MM-DD`; the age is derived from it when read. */
  birthday?: string;
  signature?: string;
  region?: Region;
  hobbies: readonly string[];
  relationshipStatus?: string;
  purpose?: string;
  description?: string;
}

/** Switches the owner sets; every read of another user honours them. */
export interface Privacy {
  /** Others may find me by my phone number (002/003 `searchMobile`). */
  searchMobile: boolean;
  /** Adding me as a friend needs my approval (002/003 `needAuth`; the relations context reads it). */
  needAuth: boolean;
  /** Notifications to my devices (001 `push_enable`, 003 `newNotification`). */
  pushEnabled: boolean;
}

export const defaultPrivacy: Privacy = { searchMobile: true, needAuth: true, pushEnabled: true };

/** Real-name verification: 0 none, 1 pending, 2 approved, 3 rejected in the seeds' numbering. Only masked values live here. */
export type RealName =
  | { status: 'none' }
  | { status: 'pending' | 'approved'; maskedName: string; maskedIdNumber: string }
  | { status: 'rejected'; maskedName: string; maskedIdNumber: string; reason?: string };

/** Only the fields that changed; `null` clears a field. */
export type ProfileDetailsChange = {
  sex?: Sex;
  birthday?: string | null;
  signature?: string | null;
  region?: Region | null;
  hobbies?: string[];
  relationshipStatus?: string | null;
  purpose?: string | null;
  description?: string | null;
};

export type UserRegistered = { type: 'UserRegistered'; data: { userId: string; phone?: string; nickname: string } };
/** Only the fields that changed. */
export type ProfileUpdated = { type: 'ProfileUpdated'; data: { userId: string; nickname?: string; avatarUrl?: string } };
export type RoleGranted = { type: 'RoleGranted'; data: { userId: string; role: Role } };
export type ProfileDetailsUpdated = { type: 'ProfileDetailsUpdated'; data: { userId: string } & ProfileDetailsChange };
/** The whole photo wall, in order (000 `photolist` replaces it). */
export type PhotoWallSet = { type: 'PhotoWallSet'; data: { userId: string; photos: string[] } };
export type PrivacyChanged = { type: 'PrivacyChanged'; data: { userId: string; searchMobile?: boolean; needAuth?: boolean; pushEnabled?: boolean } };
export type RealNameSubmitted = { type: 'RealNameSubmitted'; data: { userId: string; maskedName: string; maskedIdNumber: string } };
export type RealNameApproved = { type: 'RealNameApproved'; data: { userId: string; operatorId: string } };
export type RealNameRejected = { type: 'RealNameRejected'; data: { userId: string; operatorId: string; reason?: string } };
export type DisplayNumberAssigned = { type: 'DisplayNumberAssigned'; data: { userId: string; displayNumber: string } };
/** A new number (a vanity number, later bought) replaces the old, which is retired for ever. */
export type DisplayNumberReplaced = { type: 'DisplayNumberReplaced'; data: { userId: string; displayNumber: string; previous: string } };
export type ExternalIdentityLinked = { type: 'ExternalIdentityLinked'; data: { userId: string; provider: ExternalProvider; subject: string } };
export type PhoneBound = { type: 'PhoneBound'; data: { userId: string; phone: string } };
/** A password was set, changed or reset. The hash itself is not an event (see services/app/passwords.ts). */
export type PasswordChanged = { type: 'PasswordChanged'; data: { userId: string; via: 'set' | 'change' | 'reset' } };
/** A global mute set (until a time) or lifted (`until` null) by an operator (`by`). */
export type AccountMuted = { type: 'AccountMuted'; data: { userId: string; until: string | null; by: string } };
/** An operator made the user internal staff with a job title (004 `position`), or (null) ended it. */
export type StaffPositionSet = { type: 'StaffPositionSet'; data: { userId: string; position: string | null; by: string } };

export const MAX_STAFF_POSITION_LENGTH = 40;

/** An operator set the user's company id (004 `com_id`, shown to administrators), or (null) cleared it. */
export type CompanyIdSet = { type: 'CompanyIdSet'; data: { userId: string; companyId: string | null; by: string } };

export const MAX_COMPANY_ID_LENGTH = 64;

export type AccountEvent =
  | UserRegistered
  | ProfileUpdated
  | RoleGranted
  | ProfileDetailsUpdated
  | PhotoWallSet
  | PrivacyChanged
  | RealNameSubmitted
  | RealNameApproved
  | RealNameRejected
  | DisplayNumberAssigned
  | DisplayNumberReplaced
  | ExternalIdentityLinked
  | PhoneBound
  | PasswordChanged
  | AccountMuted
  | StaffPositionSet
  | CompanyIdSet;

type Cmd<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };

/** `phone` is absent for an account made by a third-party login (it may bind one later). */
export type RegisterUser = Cmd<'RegisterUser', { userId: string; phone?: string; nickname: string }>;
/** The user themselves (metadata.userId, when given, must match). */
export type UpdateProfile = Cmd<'UpdateProfile', { userId: string; nickname?: string; avatarUrl?: string }>;
/** Operators grant roles through the CLI; the service checks who may. */
export type GrantRole = Cmd<'GrantRole', { userId: string; role: Role }>;
/** Absent fields stay; `null` clears. The owner only. */
export type UpdateProfileDetails = Cmd<'UpdateProfileDetails', { userId: string } & ProfileDetailsChange>;
export type SetPhotoWall = Cmd<'SetPhotoWall', { userId: string; photos: string[] }>;
export type SetPrivacy = Cmd<'SetPrivacy', { userId: string; searchMobile?: boolean; needAuth?: boolean; pushEnabled?: boolean }>;
/** Masked by the service (realName.ts `maskRealName`); the full values never enter the log. */
export type SubmitRealName = Cmd<'SubmitRealName', { userId: string; maskedName: string; maskedIdNumber: string }>;
/** An operator's review (the role is the service's check; the acting user is the operator). */
export type DecideRealName = Cmd<'DecideRealName', { userId: string; decision: 'approve' | 'reject'; reason?: string }>;
/** The number must already be claimed for this user (displayNumber.ts). A user keeps the first number assigned. */
export type AssignDisplayNumber = Cmd<'AssignDisplayNumber', { userId: string; displayNumber: string }>;
/** The seam for vanity numbers: the new number is claimed for this user first; the old one is retired. */
export type ReplaceDisplayNumber = Cmd<'ReplaceDisplayNumber', { userId: string; displayNumber: string }>;
/** The identity is claimed for this user first (externalIdentity.ts). */
export type LinkExternalIdentity = Cmd<'LinkExternalIdentity', { userId: string; provider: ExternalProvider; subject: string }>;
/** The phone is claimed for this user first (phone.ts); an account binds one phone. */
export type BindPhone = Cmd<'BindPhone', { userId: string; phone: string }>;
export type RecordPasswordChange = Cmd<'RecordPasswordChange', { userId: string; via: 'set' | 'change' | 'reset' }>;

/** An operator mutes the user everywhere (groups and rooms) until a time; `until` null lifts it. */
export type MuteAccount = Cmd<'MuteAccount', { userId: string; until: string | null; by: string }>;
/** An operator sets the user's staff job title; null: no longer staff. */
export type SetStaffPosition = Cmd<'SetStaffPosition', { userId: string; position: string | null; by: string }>;
/** An operator sets the user's company id; null clears it. */
export type SetCompanyId = Cmd<'SetCompanyId', { userId: string; companyId: string | null; by: string }>;

export type AccountCommand =
  | RegisterUser
  | UpdateProfile
  | GrantRole
  | UpdateProfileDetails
  | SetPhotoWall
  | SetPrivacy
  | SubmitRealName
  | DecideRealName
  | AssignDisplayNumber
  | ReplaceDisplayNumber
  | LinkExternalIdentity
  | BindPhone
  | RecordPasswordChange
  | MuteAccount
  | SetStaffPosition
  | SetCompanyId;

export interface RegisteredAccount {
  status: 'registered';
  userId: string;
  phone?: string;
  nickname: string;
  avatarUrl?: string;
  roles: readonly Role[];
  displayNumber?: string;
  details: ProfileDetails;
  photos: readonly string[];
  privacy: Privacy;
  realName: RealName;
  externalIdentities: readonly { provider: ExternalProvider; subject: string }[];
  hasPassword: boolean;
  /** Muted everywhere until then (an operator's global mute); absent when not muted. */
  mutedUntil?: string;
  /** Internal staff's job title (004 `position`), set by operators; absent for everyone else. */
  staffPosition?: string;
  /** The company the user belongs to (004 `com_id`), set by operators; absent when none. */
  companyId?: string;
}

export type Account = { status: 'absent' } | RegisteredAccount;
