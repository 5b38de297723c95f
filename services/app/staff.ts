// Internal staff (seed 004 `position`): operators give users a job title; a title is shown only
// between staff (a staff member sees other staff's titles; nobody else sees any), as 004's
// /user/userInfo says ("only when both users are internal staff"). Every answer that carries a
// title reads it through this module, so the rule is written once. A user's company id (004
// `com_id`) is set by operators too and shown to administrators (the operator role) only, through
// operatorUserView.ts.
import { accountDecider, accountStream } from '../../domain/account.js';
import { staffCards, staffPositions, type StaffCard } from '../../projections/queries.js';
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

/** Sets (or, with null, clears) the company a user belongs to (004 `com_id`); operators only. */
export const setCompanyId = (core: Core, caller: Caller, input: { userId: string; companyId: string | null }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'setCompanyId', input, opts, async ({ meta }) => {
    requireRole(caller, 'operator');
    const by = requireUser(caller).userId;
    const r = await core.bus.handle(accountDecider, accountStream(input.userId), { type: 'SetCompanyId', data: { userId: input.userId, companyId: input.companyId, by }, metadata: meta });
    if (r.state.status === 'absent') throw notFound('user', { userId: input.userId });
    await settled(core, r);
    return { userId: input.userId, companyId: r.state.companyId ?? null };
  });

/** The job titles the caller may see among these users: none unless the caller is staff. */
export const visibleStaffPositions = async (core: Core, caller: Caller, input: { userIds: readonly string[] }): Promise<Map<string, string>> => {
  if (caller.kind !== 'user') return new Map();
  const me = caller.userId;
  const found = await staffPositions(core.pool, [me, ...input.userIds]);
  if (!found.has(me)) return new Map();
  return new Map([...found].filter(([id]) => input.userIds.includes(id)));
};

export interface StaffBrief {
  nickname: string;
  avatarUrl: string | null;
  /** The user's job title when the caller may see it (both are staff), else null. */
  position: string | null;
}

/** The cards of the users the caller reads, with the caller's own, in one read. */
const cardsWithReader = async (core: Core, caller: Caller, userIds: readonly string[]) => {
  if (caller.kind !== 'guest') requireUser(caller);
  const reader = caller.kind === 'user' ? caller.userId : null;
  const cards = await staffCards(core.pool, reader === null ? userIds : [reader, ...userIds]);
  const readerIsStaff = reader !== null && (cards.get(reader)?.staffPosition ?? null) !== null;
  const positionOf = (c: StaffCard): string | null => (readerIsStaff ? c.staffPosition : null);
  return { cards, positionOf };
};

/** Names, avatars and the titles the caller may see, of these users (004's UserBrief); unknown ids are absent. */
export const staffBriefs = async (core: Core, caller: Caller, input: { userIds: readonly string[] }): Promise<Map<string, StaffBrief>> => {
  const { cards, positionOf } = await cardsWithReader(core, caller, input.userIds);
  const wanted = new Set(input.userIds);
  return new Map([...cards].filter(([id]) => wanted.has(id)).map(([id, c]) => [id, { nickname: c.nickname, avatarUrl: c.avatarUrl, position: positionOf(c) }]));
};

/**
 * What the caller may see of a user's place in the organisation: the job title (null unless both
 * are staff). The company id is in the operators' view of the user (operatorUserView.ts).
 */
export const organisationOf = async (core: Core, caller: Caller, input: { userId: string }): Promise<{ position: string | null }> => {
  const { cards, positionOf } = await cardsWithReader(core, caller, [input.userId]);
  const card = cards.get(input.userId);
  return { position: card ? positionOf(card) : null };
};
