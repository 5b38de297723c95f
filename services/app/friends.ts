// Friend requests and friends: the pair's relation stream decides (domain/relation.ts); the
// target's verification switch (socialPrivacy.ts) decides whether a request needs an answer.
import { contactsDecider, contactsStream } from '../../domain/contacts.js';
import { relationDecider, relationStream } from '../../domain/relation.js';
import { dmSettings, getFriendship as readFriendship, listFriendChanges as readFriendChanges, listFriendRequests as readRequests, listFriends as readFriends, type FriendRequestStatus, type PageRequest } from '../../projections/queries.js';
import { cachedCheck, requireUserExists } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';
import { needsVerification } from './socialPrivacy.js';

/**
 * Asks someone to be friends. `pending` until they answer, or `friends` at once when they
 * accept everyone or had asked you first. Refusals: NOT_FOUND, SELF_RELATION, BLOCKED (either
 * way), ALREADY_FRIENDS; asking again while a request is pending changes nothing. A `remark` is
 * what you will call them (004 sends it with the request); it is yours whatever they answer.
 */
export const requestFriend = (core: Core, caller: Caller, input: { userId: string; reason?: string; remark?: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'requestFriend', input, opts, async ({ meta }) => {
    const me = requireUser(caller).userId;
    await requireUserExists(core, input.userId, 'user', cachedCheck);
    const autoAccept = !(await needsVerification(core, input.userId));
    const r = await core.bus.handle(relationDecider, relationStream(me, input.userId), {
      type: 'RequestFriend',
      data: { targetId: input.userId, autoAccept, ...(input.reason !== undefined ? { reason: input.reason } : {}) },
      metadata: meta,
    });
    const remark =
      input.remark === undefined
        ? null
        : await core.bus.handle(contactsDecider, contactsStream(me), { type: 'SetRemark', data: { ownerId: me, userId: input.userId, remark: input.remark }, metadata: meta });
    await settled(core, r, remark);
    return { userId: input.userId, status: r.state.friends ? ('friends' as const) : ('pending' as const) };
  });

const answer = (core: Core, caller: Caller, input: { userId: string }, accept: boolean, opts: CommandOptions) =>
  runCommand(core, caller, accept ? 'acceptFriendRequest' : 'rejectFriendRequest', input, opts, async ({ meta }) => {
    const me = requireUser(caller).userId;
    const r = await core.bus.handle(relationDecider, relationStream(me, input.userId), { type: 'AnswerFriendRequest', data: { requesterId: input.userId, accept }, metadata: meta });
    await settled(core, r);
    return { userId: input.userId, status: accept ? ('friends' as const) : ('rejected' as const) };
  });

/** Accepts the pending request from `userId` (requests are named by their requester, as 004 does). */
export const acceptFriendRequest = (core: Core, caller: Caller, input: { userId: string }, opts: CommandOptions = {}) => answer(core, caller, input, true, opts);

export const rejectFriendRequest = (core: Core, caller: Caller, input: { userId: string }, opts: CommandOptions = {}) => answer(core, caller, input, false, opts);

/**
 * Takes back my own pending request to `userId`: it leaves their inbox (and my outbox), and they
 * hear `friend.request` with status `withdrawn`. NOT_FOUND when I have none pending to them.
 */
export const withdrawFriendRequest = (core: Core, caller: Caller, input: { userId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'withdrawFriendRequest', input, opts, async ({ meta }) => {
    const me = requireUser(caller).userId;
    const r = await core.bus.handle(relationDecider, relationStream(me, input.userId), { type: 'WithdrawFriendRequest', data: { targetId: input.userId }, metadata: meta });
    await settled(core, r);
    return { userId: input.userId, status: 'withdrawn' as const };
  });

/** Ends a friendship, for both (it is one fact of the pair). NOT_FRIENDS when there is none. */
export const removeFriend = (core: Core, caller: Caller, input: { userId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'removeFriend', input, opts, async ({ meta }) => {
    const me = requireUser(caller).userId;
    const r = await core.bus.handle(relationDecider, relationStream(me, input.userId), { type: 'RemoveFriend', data: { friendId: input.userId }, metadata: meta });
    await settled(core, r);
    return { userId: input.userId, friends: false as const };
  });

/** Requests to me (`inbox`) or from me (`outbox`), newest first. */
export const listFriendRequests = async (core: Core, caller: Caller, input: PageRequest & { box: 'inbox' | 'outbox'; status?: FriendRequestStatus | undefined }) =>
  readRequests(core.pool, requireUser(caller).userId, input.box, input);

/** My friends with my remarks, marks and tags; only the commonly used, or one tag's, when asked. */
export const listFriends = async (core: Core, caller: Caller, input: PageRequest & { commonlyUsed?: boolean | undefined; tagId?: string | undefined }) =>
  readFriends(core.pool, requireUser(caller).userId, input);

/** My friendship with a user: since when and my remark, or null when we are not friends. */
export const getFriendship = async (core: Core, caller: Caller, input: { userId: string }) => readFriendship(core.pool, requireUser(caller).userId, input.userId);

/** What changed in my friend list after a time: friends made or changed since (remark, marks, 1:1 settings), friendships ended since (at most 500 of each). */
export const listFriendChanges = async (core: Core, caller: Caller, input: { after: Date }) => readFriendChanges(core.pool, requireUser(caller).userId, input.after, 500);

/** My do-not-disturb and sticky-on-top with these users' 1:1s, messages or not (those with neither on are absent). */
export const friendSettings = async (core: Core, caller: Caller, input: { userIds: readonly string[] }) => dmSettings(core.pool, requireUser(caller).userId, input.userIds);
