// Follows and blocks: one relation stream per pair of users decides them (domain/relation.ts);
// the lists and counts are read models (projections/follows.ts, blocks.ts).
import { initialState, isBlocking, isFollowing, relationDecider, relationStream, type RelationCommand } from '../../domain/relation.js';
import { getFollowCounts, listBlocked as readBlocked, listFollows, type PageRequest } from '../../projections/queries.js';
import { cachedCheck, relationBetween, requireUserExists } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandContext, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

type PairCommand = 'Follow' | 'Unfollow' | 'Block' | 'Unblock';

/** Sends one of the caller's pair commands to the pair's stream, after checking the other user exists. */
const onPair = async (core: Core, caller: Caller, { meta }: CommandContext, type: PairCommand, targetId: string) => {
  const me = requireUser(caller).userId;
  await requireUserExists(core, targetId, 'user', cachedCheck);
  const command: RelationCommand = { type, data: { targetId }, metadata: meta };
  const r = await core.bus.handle(relationDecider, relationStream(me, targetId), command);
  await settled(core, r);
  return { me, state: r.state };
};

/** Follow someone: NOT_FOUND, SELF_RELATION, BLOCKED (either way); following twice is harmless. */
export const follow = (core: Core, caller: Caller, input: { userId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'follow', input, opts, async (ctx) => {
    const { state } = await onPair(core, caller, ctx, 'Follow', input.userId);
    return { userId: input.userId, following: true, followedBy: isFollowing(state, input.userId) };
  });

export const unfollow = (core: Core, caller: Caller, input: { userId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'unfollow', input, opts, async (ctx) => {
    const { state } = await onPair(core, caller, ctx, 'Unfollow', input.userId);
    return { userId: input.userId, following: false, followedBy: isFollowing(state, input.userId) };
  });

/** Block someone: the follows between you end both ways and a pending request is cancelled. */
export const block = (core: Core, caller: Caller, input: { userId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'block', input, opts, async (ctx) => {
    const { state } = await onPair(core, caller, ctx, 'Block', input.userId);
    return { userId: input.userId, blocking: true, blockedBy: isBlocking(state, input.userId) };
  });

export const unblock = (core: Core, caller: Caller, input: { userId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'unblock', input, opts, async (ctx) => {
    const { state } = await onPair(core, caller, ctx, 'Unblock', input.userId);
    return { userId: input.userId, blocking: false, blockedBy: isBlocking(state, input.userId) };
  });

/**
 * What the caller and another user are to each other (000's is-hate both ways, IsFocus), read
 * from their relation stream, and the other user's counts. Asked about yourself: only counts.
 */
export const getRelation = async (core: Core, caller: Caller, input: { userId: string }) => {
  const me = requireUser(caller).userId;
  await requireUserExists(core, input.userId, 'user', cachedCheck);
  const s = me === input.userId ? initialState() : await relationBetween(core, me, input.userId);
  const request = s.request === null ? null : s.request.requesterId === me ? ('sent' as const) : ('received' as const);
  return {
    userId: input.userId,
    following: isFollowing(s, me),
    followedBy: isFollowing(s, input.userId),
    friends: s.friends,
    request,
    blocking: isBlocking(s, me),
    blockedBy: isBlocking(s, input.userId),
    counts: await getFollowCounts(core.pool, input.userId),
  };
};

type FollowList = PageRequest & { mutual?: boolean | undefined };

const followList = async (core: Core, caller: Caller, side: 'following' | 'followers', input: FollowList) => {
  const me = requireUser(caller).userId;
  const [list, counts] = await Promise.all([listFollows(core.pool, me, side, input), getFollowCounts(core.pool, me)]);
  return { ...list, count: counts[side] };
};

/** Who follows me, newest first, with my count; `mutual: false` gives those I do not follow back. */
export const listFollowers = (core: Core, caller: Caller, input: FollowList) => followList(core, caller, 'followers', input);

/** Whom I follow, newest first, with my count; `mutual: true` gives mutual follows (000's friends). */
export const listFollowing = (core: Core, caller: Caller, input: FollowList) => followList(core, caller, 'following', input);

/** My blacklist, newest first. */
export const listBlocked = async (core: Core, caller: Caller, input: PageRequest) => readBlocked(core.pool, requireUser(caller).userId, input);
