// What two users are to each other: follows both ways, blocks both ways, a pending friend
// request and who asked, and friendship. One stream per unordered pair (`relation-<a>-<b>`, the
// two ids ordered) decides all of it, so every rule between the two holds under concurrency:
// the stream's mailbox (and its expected revision across processes) puts the pair's commands in
// one order. "A blocked user cannot follow or request", "a second request is a no-op" and "two
// opposite requests make one friendship" are each a line of `decide`, never a race.
//
// Friends are explicit (a request and its answer, 002/003/004). Follows are separate and may be
// one-sided (001); apps that call a mutual follow a friend (000) read it from the follows.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { actor, requireId, requireText } from './rules.js';

export const MAX_REQUEST_REASON_LENGTH = 100;

export type UserFollowed = { type: 'UserFollowed'; data: { followerId: string; followeeId: string } };
export type UserUnfollowed = { type: 'UserUnfollowed'; data: { followerId: string; followeeId: string } };
export type FriendRequested = { type: 'FriendRequested'; data: { requesterId: string; targetId: string; reason?: string } };
/** The target said yes: friends from now on. */
export type FriendRequestAccepted = { type: 'FriendRequestAccepted'; data: { requesterId: string; targetId: string } };
export type FriendRequestRejected = { type: 'FriendRequestRejected'; data: { requesterId: string; targetId: string } };
/** A pending request ended unanswered because one of the two blocked the other. */
export type FriendRequestCancelled = { type: 'FriendRequestCancelled'; data: { requesterId: string; targetId: string; cancelledBy: string } };
/**
 * Friends without an answer: the target accepts everyone (verification off), or had asked the
 * requester first (their pending request counts as the answer: `mutual_request`).
 */
export type FriendAdded = { type: 'FriendAdded'; data: { requesterId: string; targetId: string; via: 'auto_accept' | 'mutual_request' } };
/** Friendship is one fact of the pair: removing it ends it for both. */
/** The requester took back their own pending request: it is gone from the target's inbox. */
export type FriendRequestWithdrawn = { type: 'FriendRequestWithdrawn'; data: { requesterId: string; targetId: string } };
/**
 * A shake matched someone who shook a moment earlier (003 `/geo/findRandom`): recorded on the
 * pair's stream, so a block standing or racing it decides; `distance` as shown (100 m steps).
 */
export type ShakeMatched = { type: 'ShakeMatched'; data: { shakerId: string; matchedId: string; distance: number } };
export type FriendRemoved = { type: 'FriendRemoved'; data: { userId: string; friendId: string } };
export type UserBlocked = { type: 'UserBlocked'; data: { blockerId: string; blockedId: string } };
export type UserUnblocked = { type: 'UserUnblocked'; data: { blockerId: string; blockedId: string } };
export type RelationEvent =
  | UserFollowed
  | UserUnfollowed
  | FriendRequested
  | FriendRequestAccepted
  | FriendRequestRejected
  | FriendRequestCancelled
  | FriendRequestWithdrawn
  | ShakeMatched
  | FriendAdded
  | FriendRemoved
  | UserBlocked
  | UserUnblocked;

// The acting user is metadata.userId; `targetId` (or `requesterId`, `friendId`) is the other one.
export type Follow = { type: 'Follow'; data: { targetId: string }; metadata: CommandMetadata };
export type Unfollow = { type: 'Unfollow'; data: { targetId: string }; metadata: CommandMetadata };
/** `autoAccept`: the target's privacy setting (no verification), looked up by the service. */
export type RequestFriend = { type: 'RequestFriend'; data: { targetId: string; reason?: string; autoAccept: boolean }; metadata: CommandMetadata };
export type AnswerFriendRequest = { type: 'AnswerFriendRequest'; data: { requesterId: string; accept: boolean }; metadata: CommandMetadata };
/** Takes back my own pending request to `targetId`; NOT_FOUND when there is none. */
export type WithdrawFriendRequest = { type: 'WithdrawFriendRequest'; data: { targetId: string }; metadata: CommandMetadata };
/** Records that my shake matched `matchedId` (found by the service); nothing while a block stands. */
export type RecordShakeMatch = { type: 'RecordShakeMatch'; data: { matchedId: string; distance: number }; metadata: CommandMetadata };
export type RemoveFriend = { type: 'RemoveFriend'; data: { friendId: string }; metadata: CommandMetadata };
/** Blocking also ends the follows between the two (both ways) and cancels a pending request. */
export type Block = { type: 'Block'; data: { targetId: string }; metadata: CommandMetadata };
export type Unblock = { type: 'Unblock'; data: { targetId: string }; metadata: CommandMetadata };
export type RelationCommand = Follow | Unfollow | RequestFriend | AnswerFriendRequest | WithdrawFriendRequest | RecordShakeMatch | RemoveFriend | Block | Unblock;

export interface Relation {
  /** The users of the pair who follow the other one (0, 1 or 2 ids). */
  following: readonly string[];
  /** The users of the pair who block the other one. */
  blocking: readonly string[];
  friends: boolean;
  /** The pending friend request, if any (at most one: a second one either repeats it or answers it). */
  request: { requesterId: string; targetId: string } | null;
}

export const initialState = (): Relation => ({ following: [], blocking: [], friends: false, request: null });

export const isFollowing = (s: Relation, followerId: string): boolean => s.following.includes(followerId);
export const isBlocking = (s: Relation, blockerId: string): boolean => s.blocking.includes(blockerId);
/** Messages, calls, matching and discovery go neither way while either blocks the other. */
export const isBlockedEitherWay = (s: Relation): boolean => s.blocking.length > 0;

const without = (ids: readonly string[], id: string): readonly string[] => ids.filter((x) => x !== id);
const withId = (ids: readonly string[], id: string): readonly string[] => (ids.includes(id) ? ids : [...ids, id]);

export const evolve = (s: Relation, e: RelationEvent): Relation => {
  switch (e.type) {
    case 'UserFollowed':
      return { ...s, following: withId(s.following, e.data.followerId) };
    case 'UserUnfollowed':
      return { ...s, following: without(s.following, e.data.followerId) };
    case 'FriendRequested':
      return { ...s, request: { requesterId: e.data.requesterId, targetId: e.data.targetId } };
    case 'FriendRequestAccepted':
    case 'FriendAdded':
      return { ...s, friends: true, request: null };
    case 'FriendRequestRejected':
    case 'FriendRequestCancelled':
    case 'FriendRequestWithdrawn':
      return { ...s, request: null };
    case 'FriendRemoved':
      return { ...s, friends: false };
    case 'UserBlocked':
      return { ...s, blocking: withId(s.blocking, e.data.blockerId) };
    case 'UserUnblocked':
      return { ...s, blocking: without(s.blocking, e.data.blockerId) };
    case 'ShakeMatched':
      return s;
    default:
      return s;
  }
};

/** The acting user and the other one; a relation with yourself is refused. */
const pair = (metadata: CommandMetadata, otherId: string, field: string): [string, string] => {
  const me = actor(metadata);
  const other = requireId(field, otherId);
  return me === other ? fail('SELF_RELATION', 'that is you', { field }) : [me, other];
};

/** Neither may reach the other while a block stands; the details say who blocks whom. */
const refuseBlocked = (s: Relation, me: string, other: string): void => {
  if (isBlocking(s, other)) fail('BLOCKED', 'this user has blocked you', { userId: other, blockedBy: 'them' });
  if (isBlocking(s, me)) fail('BLOCKED', 'you have blocked this user; unblock them first', { userId: other, blockedBy: 'you' });
};

const reasonOf = (reason: string | undefined): string | undefined => {
  if (reason === undefined) return undefined;
  const text = requireText('reason', typeof reason === 'string' ? reason.trim() : reason, { max: MAX_REQUEST_REASON_LENGTH, blank: true });
  return text === '' ? undefined : text;
};

const requestFriend = (c: RequestFriend, s: Relation): RelationEvent[] => {
  const [me, other] = pair(c.metadata, c.data.targetId, 'targetId');
  refuseBlocked(s, me, other);
  if (s.friends) return fail('ALREADY_FRIENDS', 'you are friends already', { userId: other });
  if (s.request?.requesterId === me) return [];
  if (s.request?.requesterId === other) return [{ type: 'FriendAdded', data: { requesterId: me, targetId: other, via: 'mutual_request' } }];
  if (c.data.autoAccept) return [{ type: 'FriendAdded', data: { requesterId: me, targetId: other, via: 'auto_accept' } }];
  const reason = reasonOf(c.data.reason);
  return [{ type: 'FriendRequested', data: { requesterId: me, targetId: other, ...(reason !== undefined ? { reason } : {}) } }];
};

const answer = (c: AnswerFriendRequest, s: Relation): RelationEvent[] => {
  const [me, requester] = pair(c.metadata, c.data.requesterId, 'requesterId');
  if (s.request?.requesterId === requester && s.request.targetId === me) {
    const data = { requesterId: requester, targetId: me };
    return [c.data.accept ? { type: 'FriendRequestAccepted', data } : { type: 'FriendRequestRejected', data }];
  }
  // Accepting again once friends is a harmless repeat; anything else has no request to answer.
  if (c.data.accept && s.friends) return [];
  return fail('NOT_FOUND', 'no pending friend request from this user', { requesterId: requester });
};

const withdraw = (c: WithdrawFriendRequest, s: Relation): RelationEvent[] => {
  const [me, other] = pair(c.metadata, c.data.targetId, 'targetId');
  return s.request?.requesterId === me
    ? [{ type: 'FriendRequestWithdrawn', data: { requesterId: me, targetId: other } }]
    : fail('NOT_FOUND', 'you have no pending friend request to this user', { userId: other });
};

const shakeMatch = (c: RecordShakeMatch, s: Relation): RelationEvent[] => {
  const [me, other] = pair(c.metadata, c.data.matchedId, 'matchedId');
  const distance = c.data.distance;
  if (!Number.isSafeInteger(distance) || distance < 0) return fail('VALIDATION_FAILED', 'distance must be whole meters', { field: 'distance' });
  return isBlockedEitherWay(s) ? [] : [{ type: 'ShakeMatched', data: { shakerId: me, matchedId: other, distance } }];
};

const block = (c: Block, s: Relation): RelationEvent[] => {
  const [me, other] = pair(c.metadata, c.data.targetId, 'targetId');
  if (isBlocking(s, me)) return [];
  const unfollows: RelationEvent[] = s.following.map((follower) => ({
    type: 'UserUnfollowed',
    data: { followerId: follower, followeeId: follower === me ? other : me },
  }));
  const cancelled: RelationEvent[] = s.request ? [{ type: 'FriendRequestCancelled', data: { ...s.request, cancelledBy: me } }] : [];
  return [...unfollows, ...cancelled, { type: 'UserBlocked', data: { blockerId: me, blockedId: other } }];
};

export const decide = (c: RelationCommand, s: Relation): RelationEvent[] => {
  switch (c.type) {
    case 'Follow': {
      const [me, other] = pair(c.metadata, c.data.targetId, 'targetId');
      refuseBlocked(s, me, other);
      return isFollowing(s, me) ? [] : [{ type: 'UserFollowed', data: { followerId: me, followeeId: other } }];
    }
    case 'Unfollow': {
      const [me, other] = pair(c.metadata, c.data.targetId, 'targetId');
      return isFollowing(s, me) ? [{ type: 'UserUnfollowed', data: { followerId: me, followeeId: other } }] : [];
    }
    case 'RequestFriend':
      return requestFriend(c, s);
    case 'AnswerFriendRequest':
      return answer(c, s);
    case 'WithdrawFriendRequest':
      return withdraw(c, s);
    case 'RecordShakeMatch':
      return shakeMatch(c, s);
    case 'RemoveFriend': {
      const [me, other] = pair(c.metadata, c.data.friendId, 'friendId');
      return s.friends ? [{ type: 'FriendRemoved', data: { userId: me, friendId: other } }] : fail('NOT_FRIENDS', 'you are not friends', { userId: other });
    }
    case 'Block':
      return block(c, s);
    case 'Unblock': {
      const [me, other] = pair(c.metadata, c.data.targetId, 'targetId');
      return isBlocking(s, me) ? [{ type: 'UserUnblocked', data: { blockerId: me, blockedId: other } }] : [];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

/** The pair's one stream, whichever of the two asks: the ids in order. */
export const relationStream = (userId: string, otherId: string): string => (userId < otherId ? `relation-${userId}-${otherId}` : `relation-${otherId}-${userId}`);

export const relationDecider: Decider<Relation, RelationCommand, RelationEvent> = { initialState, evolve, decide };
