// What the owner and admins note about a member: an extension field (003 `ext`) and how the member
// came in (003 `joinType`). An invitation the group records itself; for someone who asked to join,
// the group cannot tell whether they found it by its number or by its QR code, so a manager records
// that channel. What the group saw stands: an invited member was never a request, and a request
// was never an invitation (CONFLICT either way).
import { fail } from '../errors.js';
import { actor, requireId, requireText } from '../rules.js';
import type { RecordJoinMethod, SetMemberExt } from './commands.js';
import type { GroupEvent, RecordedJoinMethod } from './events.js';
import { MAX_MEMBER_EXT_LENGTH, live, requireManager, requireMember, type Group } from './state.js';

export const setMemberExt = (c: SetMemberExt, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  requireManager(g, by, "set a member's extension field");
  const { userId, ext } = c.data;
  const target = requireMember(g, requireId('userId', userId));
  requireText('ext', ext, { max: MAX_MEMBER_EXT_LENGTH, blank: true });
  return (target.ext ?? '') === ext ? [] : [{ type: 'GroupMemberExtSet', data: { groupId: g.groupId, userId, ext, by } }];
};

const recordable: readonly RecordedJoinMethod[] = ['invitation', 'search', 'qr_code'];

export const recordJoinMethod = (c: RecordJoinMethod, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  requireManager(g, by, 'record how members joined');
  const { userId, method } = c.data;
  const target = requireMember(g, requireId('userId', userId));
  if (!recordable.includes(method)) return fail('VALIDATION_FAILED', `method must be one of ${recordable.join(', ')}`, { field: 'method' });
  const known = target.joinMethod;
  if (known === method) return [];
  if (known === 'invitation') return fail('CONFLICT', 'this member was invited in; the group recorded that itself', { groupId: g.groupId, userId, joinMethod: known });
  if (method === 'invitation') return fail('CONFLICT', 'this member was not invited in', { groupId: g.groupId, userId, ...(known !== undefined ? { joinMethod: known } : {}) });
  return [{ type: 'GroupMemberJoinMethodRecorded', data: { groupId: g.groupId, userId, method, by } }];
};
