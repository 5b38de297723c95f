// Presence: who is online, as the push gateway knows it (sockets per user), behind a port so the
// application layer asks one question and does not know sockets. Online counts of a group are its
// members who are online. In the single-process run the port is the gateway's own table; in a
// process without the push role nobody reads as online (0). With several gateways each knows its
// own sockets only: see services/push/presence.ts and README "chat-platform (004)".
import { groupMemberIds, userGroupIds } from '../../projections/queries.js';
import type { Caller } from './caller.js';
import type { Core, PresencePort } from './core.js';
import { getGroup } from './groups.js';

export type { PresencePort };

/** The online members of a group (no access check: for the gateway's own notices). */
export const countOnlineMembers = async (core: Core, groupId: string): Promise<number> => {
  const presence = core.presence;
  if (!presence) return 0;
  return presence.onlineAmong(await groupMemberIds(core.pool, groupId)).size;
};

/** The groups whose online count a user's coming or going changes (at most 2,000). */
export const groupsOfUser = (core: Core, userId: string): Promise<string[]> => userGroupIds(core.pool, userId, 2000);

/** How many of a group's members are online; for its members (and operators, auditors), like the group itself. */
export const getGroupOnlineNumber = async (core: Core, caller: Caller, input: { groupId: string }) => {
  await getGroup(core, caller, input);
  return { groupId: input.groupId, onlineNumber: await countOnlineMembers(core, input.groupId) };
};
