// Who is in a group: creation, invitations, joining by the join policy, applications, leaving,
// kicks and dismissal. Every count is checked against this stream's own state, so concurrent
// approvals and invitations (serialized per stream) never pass the cap of the group's level.
import { fail } from '../errors.js';
import { actor, requireId, requireText } from '../rules.js';
import type {
  AddGroupMembers,
  AdmitPaidJoin,
  CreateGroup,
  DecideJoin,
  DismissGroup,
  JoinGroup,
  KickGroupMembers,
  RemoveGroupMember,
} from './commands.js';
import type { GroupEvent, GroupLimits, JoinVia } from './events.js';
import {
  GROUP_MEMBER_CEILING,
  MAX_AVATAR_URL_LENGTH,
  MAX_GROUP_ADMINS_CEILING,
  MAX_GROUP_DESCRIPTION_LENGTH,
  MAX_GROUP_LEVEL,
  MAX_GROUP_NAME_LENGTH,
  MAX_JOIN_MESSAGE_LENGTH,
  MAX_REASON_LENGTH,
  DEFAULT_GROUP_LIMITS,
  heldSeats,
  isManager,
  live,
  memberIds,
  memberRole,
  requireManager,
  requireRoom,
  type Group,
  type LiveGroup,
} from './state.js';

const requireLimits = (l: GroupLimits): GroupLimits => {
  const count = (n: number, max: number) => Number.isSafeInteger(n) && n >= 0 && n <= max;
  const sizes = l.sizeByLevel;
  if (!count(l.maxAdmins, MAX_GROUP_ADMINS_CEILING) || sizes.length !== MAX_GROUP_LEVEL + 1 || !sizes.every((n) => count(n, GROUP_MEMBER_CEILING) && n >= 1)) {
    return fail('VALIDATION_FAILED', `limits need maxAdmins 0-${MAX_GROUP_ADMINS_CEILING} and ${MAX_GROUP_LEVEL + 1} sizes of 1-${GROUP_MEMBER_CEILING}`, { field: 'limits' });
  }
  return { maxAdmins: l.maxAdmins, sizeByLevel: [...sizes] };
};

export const create = (c: CreateGroup, s: Group): GroupEvent[] => {
  if (s.status !== 'absent') return fail('CONFLICT', 'this group already exists', { groupId: c.data.groupId });
  const { groupId, name, ownerId, markId, avatarUrl, description } = c.data;
  requireId('groupId', groupId);
  requireId('ownerId', ownerId);
  requireText('name', name, { max: MAX_GROUP_NAME_LENGTH });
  if (avatarUrl !== undefined) requireText('avatarUrl', avatarUrl, { max: MAX_AVATAR_URL_LENGTH, blank: true });
  if (description !== undefined) requireText('description', description, { max: MAX_GROUP_DESCRIPTION_LENGTH, multiline: true, blank: true });
  const limits = requireLimits(c.data.limits ?? DEFAULT_GROUP_LIMITS);
  const members = [...new Set([ownerId, ...c.data.memberIds.map((id) => requireId('memberIds[]', id))])];
  const cap = limits.sizeByLevel[0] ?? GROUP_MEMBER_CEILING;
  if (members.length > cap) return fail('GROUP_FULL', `a new group holds at most ${cap} members`, { groupId, cap, members: members.length });
  const optional = { ...(markId !== undefined ? { markId: requireId('markId', markId) } : {}), ...(avatarUrl ? { avatarUrl } : {}), ...(description ? { description } : {}) };
  return [{ type: 'GroupCreated', data: { groupId, name, ownerId, memberIds: members, ...optional, limits } }];
};

const membersAdded = (g: LiveGroup, userIds: string[], addedBy: string, via: JoinVia): GroupEvent => ({ type: 'GroupMembersAdded', data: { groupId: g.groupId, userIds, addedBy, via } });

/** Invitations add at once: the owner and admins always; members only where anyone may be invited in. */
export const add = (c: AddGroupMembers, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  const role = memberRole(g, by, 'add members');
  if (!isManager(role) && g.join.mode !== 'free' && g.join.mode !== 'invite') {
    return fail('FORBIDDEN', `only the owner and admins add members to a group whose join mode is ${g.join.mode}`, { groupId: g.groupId, mode: g.join.mode });
  }
  const fresh = [...new Set(c.data.userIds.map((id) => requireId('userIds[]', id)))].filter((id) => !g.members.has(id));
  if (fresh.length === 0) return [];
  requireRoom(g, fresh.length);
  return [membersAdded(g, fresh, by, 'invite')];
};

/** A kick of `target` by `by`: never the owner, never yourself, admins never other admins. */
const requireKickable = (g: LiveGroup, by: string, target: string): void => {
  const byRole = requireManager(g, by, 'remove other members');
  if (target === g.ownerId) fail('FORBIDDEN', 'the owner cannot be removed', { groupId: g.groupId });
  if (target === by) fail('FORBIDDEN', 'leave the group instead of removing yourself', { groupId: g.groupId });
  if (byRole === 'admin' && g.members.get(target)?.role === 'admin') fail('FORBIDDEN', 'only the owner may remove an admin', { groupId: g.groupId, userId: target });
};

const memberRemoved = (g: LiveGroup, userId: string, removedBy: string): GroupEvent => ({ type: 'GroupMemberRemoved', data: { groupId: g.groupId, userId, removedBy } });

export const remove = (c: RemoveGroupMember, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  const { userId } = c.data;
  if (userId === by) {
    if (by === g.ownerId) return fail('FORBIDDEN', 'the owner cannot leave: transfer ownership or dismiss the group', { groupId: g.groupId });
    return g.members.has(by) ? [memberRemoved(g, by, by)] : [];
  }
  requireKickable(g, by, userId);
  return g.members.has(userId) ? [memberRemoved(g, userId, by)] : [];
};

/** Every target is checked before anything is decided: one refused target refuses the batch. */
export const kick = (c: KickGroupMembers, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  requireManager(g, by, 'remove other members');
  const targets = [...new Set(c.data.userIds.map((id) => requireId('userIds[]', id)))];
  for (const t of targets) requireKickable(g, by, t);
  return targets.filter((t) => g.members.has(t)).map((t) => memberRemoved(g, t, by));
};

export const dismiss = (c: DismissGroup, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  if (by !== g.ownerId) return fail('FORBIDDEN', 'only the owner may dismiss the group', { groupId: g.groupId });
  if (heldSeats(g) > 0) return fail('CONFLICT', 'a paid join is being paid; dismiss once it is settled', { groupId: g.groupId });
  return [{ type: 'GroupDismissed', data: { groupId: g.groupId, by, memberIds: memberIds(g) } }];
};

/** Answers compare without case, width or surrounding spaces ("Blue " = "blue" = "ｂｌｕｅ"). */
const normalized = (v: string): string => v.normalize('NFKC').trim().toLowerCase();

const reviewersOf = (g: LiveGroup): string[] => [...g.members.entries()].filter(([, m]) => isManager(m.role)).map(([id]) => id).sort();

const requireMessage = (message: string | undefined, why: string): string => {
  if (message === undefined || message.trim().length === 0) return fail('VALIDATION_FAILED', `message is required: ${why}`, { field: 'message' });
  return message;
};

export const join = (c: JoinGroup, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  const { message, applicationId } = c.data;
  if (message !== undefined) requireText('message', message, { max: MAX_JOIN_MESSAGE_LENGTH, blank: true });
  if (g.members.has(by) || g.applications.has(by)) return [];
  const { mode, question, answer, fee } = g.join;
  if (mode === 'invite' || mode === 'closed') return fail('JOIN_CLOSED', mode === 'invite' ? 'this group is joined by invitation only' : 'this group takes no new members', { groupId: g.groupId, mode });
  requireRoom(g, 1);
  const request = (kind: 'approval' | 'payment', extra: { message?: string; fee?: number }, reviewerIds: string[]): GroupEvent[] => [
    { type: 'GroupJoinRequested', data: { groupId: g.groupId, applicationId: requireId('applicationId', applicationId), applicantId: by, kind, ...extra, reviewerIds } },
  ];
  switch (mode) {
    case 'free':
      return [membersAdded(g, [by], by, 'join')];
    case 'answer': {
      const given = requireMessage(message, 'answer the question');
      if (normalized(given) !== normalized(answer ?? '')) return fail('WRONG_ANSWER', 'that is not the answer', { groupId: g.groupId });
      return [membersAdded(g, [by], by, 'answer')];
    }
    case 'approval': {
      const text = question ? requireMessage(message, 'answer the question') : message;
      return request('approval', text ? { message: text } : {}, reviewersOf(g));
    }
    case 'paid':
      return request('payment', { fee: fee ?? 0 }, []);
    default: {
      const never: never = mode;
      return never;
    }
  }
};

export const decideJoin = (c: DecideJoin, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  requireManager(g, by, 'decide applications');
  const { applicantId, approve, reason } = c.data;
  const app = g.applications.get(applicantId) ?? fail('NOT_FOUND', 'no pending application from this user', { groupId: g.groupId, applicantId });
  const ids = { groupId: g.groupId, applicationId: app.applicationId, applicantId };
  if (!approve) {
    if (app.heldFor !== undefined) return fail('CONFLICT', 'this paid join is being paid; it cannot be rejected now', ids);
    if (reason !== undefined) requireText('reason', reason, { max: MAX_REASON_LENGTH, multiline: true, blank: true });
    return [{ type: 'GroupJoinRejected', data: { ...ids, by, ...(reason ? { reason } : {}) } }];
  }
  if (app.kind === 'payment') return fail('CONFLICT', 'a paid join is settled by its payment, not approved', ids);
  requireRoom(g, 1);
  return [{ type: 'GroupJoinApproved', data: { ...ids, by } }, membersAdded(g, [applicantId], by, 'application')];
};

/** The fee is paid: the applicant joins, into the seat held for the payment if any (a repeat, once they are in, does nothing). */
export const admitPaidJoin = (c: AdmitPaidJoin, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const { applicantId, paymentRef } = c.data;
  requireId('paymentRef', paymentRef);
  if (g.members.has(applicantId)) return [];
  const app = g.applications.get(applicantId);
  if (app?.kind !== 'payment') return fail('NOT_FOUND', 'no paid join waiting for this user', { groupId: g.groupId, applicantId });
  // A held seat is already counted against the cap (it is this applicant's, whichever payment held it).
  if (app.heldFor === undefined) requireRoom(g, 1);
  return [
    { type: 'GroupJoinApproved', data: { groupId: g.groupId, applicationId: app.applicationId, applicantId, by: applicantId, paymentRef } },
    membersAdded(g, [applicantId], applicantId, 'payment'),
  ];
};
