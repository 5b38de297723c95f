// What callers may read of groups. Members see their group (to anyone else it does not exist);
// auditors and operators see every group, also a dismissed one; anyone signed in finds active
// groups by name or display id (a public summary, never the join answer). The join answer and
// the applications are for the owner and admins.
import { canEditNotice, isManager, type GroupRole } from '../../../domain/group.js';
import { CodedError } from '../../../domain/errors.js';
import {
  getGroup as readGroup,
  getGroupMember as readMember,
  groupOwnerOf,
  groupRoleOf,
  listApplicationsOf,
  listGroupApplications as readApplications,
  listGroupMembers as readMembers,
  listGroupNotices as readNotices,
  listMyGroups as readMyGroups,
  listReviewInbox,
  searchGroups as readSearch,
  type ApplicationStatus,
  type PageRequest,
} from '../../../projections/queries.js';
import { notFound } from '../access.js';
import { hasRole, requireUser, type Caller } from '../caller.js';
import type { Core } from '../core.js';

interface Viewer {
  userId: string;
  /** Null for an auditor or operator who is not a member. */
  role: GroupRole | null;
}

/** A member, or an auditor or operator; anyone else gets NOT_FOUND. */
const viewer = async (core: Core, caller: Caller, groupId: string): Promise<Viewer> => {
  const { userId } = requireUser(caller);
  const role = await groupRoleOf(core.pool, groupId, userId);
  if (role === null && !hasRole(caller, 'auditor') && !hasRole(caller, 'operator')) throw notFound('group', { groupId });
  return { userId, role };
};

const mayManage = (caller: Caller, v: Viewer): boolean => isManager(v.role ?? undefined) || hasRole(caller, 'auditor') || hasRole(caller, 'operator');

type MemberRecords = { userId: string; ext: string | null; joinMethod: string | null };

/**
 * A member's join method and extension field are for the owner and admins (who record them; 003
 * release note 38: "the owner can see a member's join method"), auditors and operators, and the
 * member themselves; to other members they are null. `via` (invited or asked, as the group added
 * them) stays visible to members: the group's push channel announces it with every join.
 */
const recordsFor =
  (caller: Caller, v: Viewer) =>
  <M extends MemberRecords>(m: M): M =>
    mayManage(caller, v) || m.userId === v.userId ? m : { ...m, ext: null, joinMethod: null };

export const getGroup = async (core: Core, caller: Caller, input: { groupId: string }) => {
  const v = await viewer(core, caller, input.groupId);
  const g = await readGroup(core.pool, input.groupId);
  if (!g) throw notFound('group', { groupId: input.groupId });
  const join = mayManage(caller, v) ? g.join : { ...g.join, answer: null };
  return { ...g, join, myRole: v.role };
};

export const listGroupMembers = async (core: Core, caller: Caller, input: PageRequest & { groupId: string; q?: string | undefined }) => {
  const v = await viewer(core, caller, input.groupId);
  const page = await readMembers(core.pool, input.groupId, input);
  return { ...page, items: page.items.map(recordsFor(caller, v)) };
};

export const getGroupMember = async (core: Core, caller: Caller, input: { groupId: string; userId: string }) => {
  const v = await viewer(core, caller, input.groupId);
  const m = await readMember(core.pool, input.groupId, input.userId);
  if (!m) throw notFound('member', { groupId: input.groupId, userId: input.userId });
  return recordsFor(caller, v)(m);
};

export const searchGroups = (core: Core, caller: Caller, input: PageRequest & { q: string }) => {
  requireUser(caller);
  return readSearch(core.pool, input.q, input);
};

export const listMyGroups = (core: Core, caller: Caller, page: PageRequest) => readMyGroups(core.pool, requireUser(caller).userId, page);

/** One group's applications: its owner and admins. */
export const listGroupApplications = async (core: Core, caller: Caller, input: PageRequest & { groupId: string; status?: ApplicationStatus | undefined }) => {
  const v = await viewer(core, caller, input.groupId);
  if (!mayManage(caller, v)) throw new CodedError('FORBIDDEN', 'only the owner and admins see applications', { groupId: input.groupId });
  return readApplications(core.pool, input.groupId, input.status, input);
};

/** `review`: pending applications in the groups you run; `mine`: your own applications. */
export const listApplicationInbox = (core: Core, caller: Caller, input: PageRequest & { box: 'review' | 'mine' }) => {
  const { userId } = requireUser(caller);
  return input.box === 'review' ? listReviewInbox(core.pool, userId, input) : listApplicationsOf(core.pool, userId, input);
};

export const listGroupNotices = async (core: Core, caller: Caller, input: PageRequest & { groupId: string }) => {
  const v = await viewer(core, caller, input.groupId);
  const ownerId = (await groupOwnerOf(core.pool, input.groupId)) ?? '';
  const page = await readNotices(core.pool, input.groupId, input);
  return { ...page, items: page.items.map((n) => ({ ...n, editable: canEditNotice(v.role ?? undefined, n.authorId, ownerId) })) };
};
