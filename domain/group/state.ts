// A group's state: what its decisions need and nothing more (texts of notices, application
// messages and times live in the events and read models). Members are a persistent map so a
// 2,000-member group costs about n / 1024 entries per change, not n.
import { fail } from '../errors.js';
import { PersistentMap } from '../persistent.js';
import type { GroupLimits, JoinMethod, JoinPolicy } from './events.js';

export const MAX_GROUP_NAME_LENGTH = 100;
export const MAX_GROUP_DESCRIPTION_LENGTH = 500;
export const MAX_AVATAR_URL_LENGTH = 500;
export const MAX_QUESTION_LENGTH = 100;
export const MAX_JOIN_MESSAGE_LENGTH = 200;
export const MAX_NICKNAME_LENGTH = 40;
export const MAX_NOTICE_LENGTH = 2000;
/** A member's extension field (003 `ext`): a client's short note, one line. */
export const MAX_MEMBER_EXT_LENGTH = 500;
export const MAX_REASON_LENGTH = 200;
/** Notices kept at once; delete one to post past it (the state holds one entry per notice). */
export const MAX_NOTICES = 100;
/** A member mute lasts at most 7 days. */
export const MAX_MUTE_SECONDS = 7 * 24 * 3600;
/** Levels 0 (free) to 4; index into GroupLimits.sizeByLevel. */
export const MAX_GROUP_LEVEL = 4;
/** One stream per group holds every member: no level may go past this. */
export const GROUP_MEMBER_CEILING = 2000;
export const MAX_GROUP_ADMINS_CEILING = 100;

/** For groups created before limits were recorded, and the core policy's default. */
export const DEFAULT_GROUP_LIMITS: GroupLimits = { maxAdmins: 20, sizeByLevel: [100, 200, 500, 1000, 2000] };

export type GroupRole = 'owner' | 'admin' | 'member';

export interface GroupMember {
  role: GroupRole;
  /** Empty when unset. */
  nickname: string;
  /** ISO time; absent when never muted or lifted. */
  mutedUntil?: string;
  /** The extension field (003 `ext`); absent when unset. */
  ext?: string;
  /** How they came in; absent for the creator (and in snapshots older than the field). */
  joinMethod?: JoinMethod;
}

/** A pending application, by applicant: at most one each. */
export interface PendingApplication {
  applicationId: string;
  kind: 'approval' | 'payment';
  /** A paid join whose seat is held for its payment (`paymentRef`) until it is admitted or released. */
  heldFor?: string;
}

export interface GroupFacts {
  groupId: string;
  name: string;
  avatarUrl: string;
  description: string;
  markId?: string;
  ownerId: string;
  members: PersistentMap<GroupMember>;
  adminCount: number;
  limits: GroupLimits;
  level: number;
  levelExpiresAt?: string;
  levelTerm: number;
  join: JoinPolicy;
  membersMayAddFriends: boolean;
  muteAll: boolean;
  /** Ownership offered to this member, until accepted, withdrawn or they leave. */
  offeredTo?: string;
  applications: PersistentMap<PendingApplication>;
  /** Notice id → its author, for who may edit it. */
  notices: PersistentMap<string>;
}

/** A dismissed group keeps its profile and level on record, with no members. */
export type LiveGroup = { status: 'active' } & GroupFacts;
export type Group = { status: 'absent' } | LiveGroup | ({ status: 'dismissed' } & GroupFacts);

export const initialState = (): Group => ({ status: 'absent' });

/** For red packet eligibility, group channel subscriptions and posting. */
export const isGroupMember = (s: Group, userId: string): boolean => s.status === 'active' && s.members.has(userId);

export const roleOf = (s: Group, userId: string): GroupRole | undefined => (s.status === 'active' ? s.members.get(userId)?.role : undefined);

export const isManager = (role: GroupRole | undefined): boolean => role === 'owner' || role === 'admin';

/** The member cap at the group's current level. */
export const memberCap = (s: GroupFacts): number => s.limits.sizeByLevel[s.level] ?? s.limits.sizeByLevel.at(-1) ?? GROUP_MEMBER_CEILING;

/** Who may edit or delete a notice: the owner every notice, an admin every notice but the owner's. */
export const canEditNotice = (role: GroupRole | undefined, authorId: string, ownerId: string): boolean => role === 'owner' || (role === 'admin' && authorId !== ownerId);

/** Member ids, sorted (the persistent map has no insertion order). */
export const memberIds = (s: Group): string[] => (s.status === 'active' ? [...s.members.keys()].sort() : []);

/** Why a member may not post now, or null (the messaging context enforces it). */
export type PostRefusal = { reason: 'not_member' } | { reason: 'muted'; until: string } | { reason: 'mute_all' };

export const postRefusal = (s: Group, userId: string, at: string): PostRefusal | null => {
  const m = s.status === 'active' ? s.members.get(userId) : undefined;
  if (!m) return { reason: 'not_member' };
  if (m.mutedUntil !== undefined && Date.parse(m.mutedUntil) > Date.parse(at)) return { reason: 'muted', until: m.mutedUntil };
  if (s.status === 'active' && s.muteAll && !isManager(m.role)) return { reason: 'mute_all' };
  return null;
};

/** The group a command acts on: NOT_FOUND when absent, GROUP_DISMISSED once dismissed. */
export const live = (s: Group, groupId: string): LiveGroup => {
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such group', { groupId });
  if (s.status === 'dismissed') return fail('GROUP_DISMISSED', 'the group was dismissed', { groupId });
  return s;
};

/** The acting member's role, or FORBIDDEN for a non-member. */
export const memberRole = (g: LiveGroup, userId: string, doing: string): GroupRole =>
  g.members.get(userId)?.role ?? fail('FORBIDDEN', `only members may ${doing}`, { groupId: g.groupId });

/** The owner or an admin, else FORBIDDEN. */
export const requireManager = (g: LiveGroup, userId: string, doing: string): GroupRole => {
  const role = memberRole(g, userId, doing);
  return isManager(role) ? role : fail('FORBIDDEN', `only the owner and admins may ${doing}`, { groupId: g.groupId });
};

export const requireOwner = (g: LiveGroup, userId: string, doing: string): void => {
  if (g.ownerId !== userId) fail('FORBIDDEN', `only the owner may ${doing}`, { groupId: g.groupId });
};

/** The target must be a member: NOT_FOUND otherwise. */
export const requireMember = (g: LiveGroup, userId: string): GroupMember =>
  g.members.get(userId) ?? fail('NOT_FOUND', 'not a member of this group', { groupId: g.groupId, userId });

/** Seats held for paid joins being paid: they count against the cap like members. */
export const heldSeats = (g: GroupFacts): number => {
  let n = 0;
  for (const [, a] of g.applications.entries()) if (a.heldFor !== undefined) n += 1;
  return n;
};

/** Adding n people must not pass the cap of the group's level (held paid seats included). */
export const requireRoom = (g: LiveGroup, n: number): void => {
  const cap = memberCap(g);
  if (g.members.size + heldSeats(g) + n > cap) fail('GROUP_FULL', `the group holds at most ${cap} members at level ${g.level}`, { groupId: g.groupId, cap, members: g.members.size });
};
