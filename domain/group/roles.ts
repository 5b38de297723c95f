// Who runs a group: one owner, admins up to the group's cap, members. Role changes and the
// ownership hand-over are decided on this stream's state, so concurrent changes never leave two
// owners or more admins than the cap.
import { fail } from '../errors.js';
import { actor, requireId } from '../rules.js';
import type { AcceptOwnership, CancelOwnershipOffer, OfferOwnership, SetMemberRole } from './commands.js';
import type { GroupEvent } from './events.js';
import { live, requireMember, requireOwner, type Group } from './state.js';

export const setRole = (c: SetMemberRole, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  requireOwner(g, by, 'appoint or dismiss admins');
  const { userId, role } = c.data;
  if (role !== 'admin' && role !== 'member') return fail('VALIDATION_FAILED', 'role must be admin or member', { field: 'role' });
  const target = requireMember(g, requireId('userId', userId));
  if (target.role === 'owner') return fail('FORBIDDEN', 'the owner changes role only by handing over ownership', { groupId: g.groupId });
  if (target.role === role) return [];
  if (role === 'admin' && g.adminCount >= g.limits.maxAdmins) {
    return fail('TOO_MANY_ADMINS', `this group has at most ${g.limits.maxAdmins} admins`, { groupId: g.groupId, max: g.limits.maxAdmins });
  }
  return [{ type: 'GroupMemberRoleChanged', data: { groupId: g.groupId, userId, role, by } }];
};

export const offer = (c: OfferOwnership, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  requireOwner(g, by, 'hand over ownership');
  const to = requireId('userId', c.data.userId);
  if (to === by) return fail('CONFLICT', 'you own this group already', { groupId: g.groupId });
  requireMember(g, to);
  if (g.offeredTo === to) return [];
  return [{ type: 'GroupOwnershipOffered', data: { groupId: g.groupId, from: by, to } }];
};

export const accept = (c: AcceptOwnership, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  if (g.offeredTo !== by) return fail('NOT_FOUND', 'no ownership offer for you in this group', { groupId: g.groupId });
  // The former owner keeps an admin seat when one is free once the new owner leaves theirs.
  const seats = g.adminCount - (g.members.get(by)?.role === 'admin' ? 1 : 0);
  const formerOwnerRole = seats < g.limits.maxAdmins ? 'admin' : 'member';
  return [{ type: 'GroupOwnershipTransferred', data: { groupId: g.groupId, from: g.ownerId, to: by, formerOwnerRole } }];
};

export const cancelOffer = (c: CancelOwnershipOffer, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  const to = g.offeredTo;
  if (by !== g.ownerId && by !== to) return fail('FORBIDDEN', 'only the owner or the member offered may cancel an ownership offer', { groupId: g.groupId });
  if (to === undefined) return [];
  return [{ type: 'GroupOwnershipOfferCancelled', data: { groupId: g.groupId, to, by } }];
};
