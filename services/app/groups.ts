// Groups: created by an owner with members; members added and removed (the group aggregate
// decides who may).
import { accountDecider, accountStream } from '../../domain/account.js';
import { groupDecider, groupStream, type Group } from '../../domain/group.js';
import { getGroup as readGroup } from '../../projections/queries.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

/** Sorted: the state keeps members in a persistent set, which has no insertion order. */
const membersOf = (s: Group) => (s.status === 'active' ? [...s.members.values()].sort() : []);

const mustExist = async (core: Core, userIds: readonly string[]) => {
  const unique = [...new Set(userIds)];
  const states = await Promise.all(unique.map((id) => core.bus.load(accountDecider, accountStream(id))));
  const missing = unique.filter((_, i) => states[i]?.state.status === 'absent');
  if (missing.length > 0) throw notFound('user', { userIds: missing });
};

export const createGroup = (core: Core, caller: Caller, input: { name: string; memberIds: string[] }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'createGroup', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    await mustExist(core, input.memberIds);
    const groupId = newId();
    const r = await core.bus.handle(groupDecider, groupStream(groupId), {
      type: 'CreateGroup',
      data: { groupId, name: input.name, ownerId: user.userId, memberIds: input.memberIds },
      metadata: meta,
    });
    await settled(core, r);
    return { groupId };
  });

export const addGroupMembers = (core: Core, caller: Caller, input: { groupId: string; userIds: string[] }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'addGroupMembers', input, opts, async ({ meta }) => {
    requireUser(caller);
    await mustExist(core, input.userIds);
    const r = await core.bus.handle(groupDecider, groupStream(input.groupId), { type: 'AddGroupMembers', data: input, metadata: meta });
    await settled(core, r);
    return { memberIds: membersOf(r.state) };
  });

export const removeGroupMember = (core: Core, caller: Caller, input: { groupId: string; userId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'removeGroupMember', input, opts, async ({ meta }) => {
    requireUser(caller);
    const r = await core.bus.handle(groupDecider, groupStream(input.groupId), { type: 'RemoveGroupMember', data: input, metadata: meta });
    await settled(core, r);
    return { memberIds: membersOf(r.state) };
  });

/** Only members see a group; to anyone else it does not exist. */
export const getGroup = async (core: Core, caller: Caller, input: { groupId: string }) => {
  const user = requireUser(caller);
  const g = await readGroup(core.pool, input.groupId);
  if (!g || !g.memberIds.includes(user.userId)) throw notFound('group');
  return g;
};
