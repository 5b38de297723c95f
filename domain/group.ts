// A chat group (stream `group-<id>`, at most 2,000 members): who belongs, who runs it (owner,
// admins up to the group's cap, members), how people join (policy, applications, invitations,
// payment), who may post (mutes), its profile, notices and level. Every rule is decided here, on
// this one stream, so concurrent approvals, kicks and role changes never leave two owners, more
// admins than the cap or a member over the cap of the group's level. The parts live in group/.
import type { Decider } from './aggregate.js';
import type { GroupCommand } from './group/commands.js';
import { decide } from './group/decide.js';
import type { GroupEvent } from './group/events.js';
import { evolve } from './group/evolve.js';
import { initialState, type Group } from './group/state.js';

export type * from './group/commands.js';
export type * from './group/events.js';
export {
  DEFAULT_GROUP_LIMITS,
  GROUP_MEMBER_CEILING,
  MAX_GROUP_LEVEL,
  MAX_GROUP_NAME_LENGTH,
  MAX_MEMBER_EXT_LENGTH,
  MAX_MUTE_SECONDS,
  canEditNotice,
  initialState,
  isGroupMember,
  isManager,
  memberCap,
  memberIds,
  postRefusal,
  roleOf,
  type Group,
  type GroupMember,
  type GroupRole,
  type LiveGroup,
  type PostRefusal,
} from './group/state.js';
export { decide, evolve };

export const groupStream = (groupId: string): string => `group-${groupId}`;

export const groupDecider: Decider<Group, GroupCommand, GroupEvent> = { initialState, evolve, decide };
