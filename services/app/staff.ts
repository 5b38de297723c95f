// Internal staff (seed 004 `position`): operators give users a job title; a title is shown only
// between staff (a staff member sees other staff's titles; nobody else sees any), as 004's
// /user/userInfo says ("only when both users are internal staff").
import { accountDecider, accountStream } from '../../domain/account.js';
import { staffPositions } from '../../projections/queries.js';
import { notFound } from './access.js';
import { requireRole, requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

/** Sets (or, with null, ends) a user's staff job title; operators only. */
export const setStaffPosition = (core: Core, caller: Caller, input: { userId: string; position: string | null }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'setStaffPosition', input, opts, async ({ meta }) => {
    requireRole(caller, 'operator');
    const by = requireUser(caller).userId;
    const r = await core.bus.handle(accountDecider, accountStream(input.userId), { type: 'SetStaffPosition', data: { userId: input.userId, position: input.position, by }, metadata: meta });
    if (r.state.status === 'absent') throw notFound('user', { userId: input.userId });
    await settled(core, r);
    return { userId: input.userId, position: r.state.staffPosition ?? null };
  });

/** The job titles the caller may see among these users: none unless the caller is staff. */
export const visibleStaffPositions = async (core: Core, caller: Caller, input: { userIds: readonly string[] }): Promise<Map<string, string>> => {
  if (caller.kind !== 'user') return new Map();
  const me = caller.userId;
  const found = await staffPositions(core.pool, [me, ...input.userIds]);
  if (!found.has(me)) return new Map();
  return new Map([...found].filter(([id]) => input.userIds.includes(id)));
};
