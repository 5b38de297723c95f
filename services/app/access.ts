// Cross-stream policy, written once: who may reach whom. Red packets, gifts and push channels ask
// the same questions of the same aggregates.
import { accountDecider, accountStream } from '../../domain/account.js';
import { CodedError } from '../../domain/errors.js';
import { groupDecider, groupStream, isGroupMember, postRefusal, type PostRefusal } from '../../domain/group.js';
import type { RedPacketTarget } from '../../domain/redPacket.js';
import { isRoomMember, roomDecider, roomStream } from '../../domain/room.js';
import { isBlockedEitherWay, relationDecider, relationStream, type Relation } from '../../domain/relation.js';
import type { Core } from './core.js';

/**
 * For membership and existence checks on hot paths: a cached state at most this old is good
 * enough (this process sees its own writes at once; another process's lag by at most a second).
 * Balances and anything else money depends on are always read up to the head.
 */
export const cachedCheck = { maxStalenessMs: 1000 } as const;

export const notFound = (what: string, details: Record<string, unknown> = {}) => new CodedError('NOT_FOUND', `no such ${what}`, details);

/** Is the user allowed a share of a packet for this target, right now? */
export const isEligible = async (core: Core, target: RedPacketTarget, userId: string): Promise<boolean> => {
  switch (target.type) {
    case 'user':
      return target.id === userId;
    case 'group':
      return isGroupMember((await core.bus.load(groupDecider, groupStream(target.id), cachedCheck)).state, userId);
    case 'room':
      return isRoomMember((await core.bus.load(roomDecider, roomStream(target.id), cachedCheck)).state, userId);
    default: {
      const never: never = target.type;
      return never;
    }
  }
};

/**
 * Whether a user exists. An account is absent or registered, and registration is never undone,
 * so a cached registered account answers at any age, without a read of its stream (a transfer's
 * recipient, a 1:1's peer: one round trip a command); only an absent one is read again (it may
 * have registered since, in another process), as fresh as `opts` asks.
 */
export const userExists = async (core: Core, userId: string, opts?: { maxStalenessMs: number }): Promise<boolean> => {
  const stream = accountStream(userId);
  const cached = await core.bus.load(accountDecider, stream, { maxStalenessMs: Infinity });
  if (cached.state.status !== 'absent') return true;
  return (await core.bus.load(accountDecider, stream, opts)).state.status !== 'absent';
};

export const requireUserExists = async (core: Core, userId: string, what = 'user', opts?: { maxStalenessMs: number }): Promise<void> => {
  if (!(await userExists(core, userId, opts))) throw notFound(what, { userId });
};

/** A sender must be in the room it sends into (gifts, red packets). */
export const requireInRoom = async (core: Core, roomId: string, userId: string, what: string, opts?: { maxStalenessMs: number }): Promise<void> => {
  const r = await core.bus.load(roomDecider, roomStream(roomId), opts);
  if (r.state.status === 'absent' || r.state.status === 'deleted') throw notFound('room', { roomId });
  if (r.state.status === 'closed') throw new CodedError('ROOM_CLOSED', 'the room is closed', { roomId });
  if (!isRoomMember(r.state, userId)) throw new CodedError('NOT_IN_ROOM', `join the room before sending ${what} in it`, { roomId });
};

/** The sender must be able to reach the target: an existing user, a group they are in, a room they are in. */
export const requireReachable = async (core: Core, target: RedPacketTarget, senderId: string): Promise<void> => {
  switch (target.type) {
    case 'user':
      return requireUserExists(core, target.id);
    case 'group': {
      const g = await core.bus.load(groupDecider, groupStream(target.id));
      if (g.state.status === 'absent') throw notFound('group', { groupId: target.id });
      if (!isGroupMember(g.state, senderId)) throw new CodedError('FORBIDDEN', 'only members can send red packets to a group');
      return;
    }
    case 'room':
      return requireInRoom(core, target.id, senderId, 'red packets');
    default: {
      const never: never = target.type;
      return never;
    }
  }
};

/**
 * May this user post in the group now? null when yes, else why not: not a member (also of a
 * dismissed or unknown group), muted until a time, or everyone muted (the owner and admins still
 * post). Messaging (a later issue) asks this before it accepts a group message; a membership
 * check on a hot path, so a cached state of at most a second is good enough.
 */
export const mayPost = async (core: Core, groupId: string, userId: string, at: Date): Promise<PostRefusal | null> =>
  postRefusal((await core.bus.load(groupDecider, groupStream(groupId), cachedCheck)).state, userId, at.toISOString());

/** Push channels: your own `user:`, groups you belong to, and any room (rooms are public). */
export const mayListen = async (core: Core, userId: string, channel: { kind: 'user' | 'group' | 'room'; id: string }): Promise<boolean> => {
  switch (channel.kind) {
    case 'user':
      return channel.id === userId;
    case 'group':
      return isGroupMember((await core.bus.load(groupDecider, groupStream(channel.id))).state, userId);
    case 'room':
      return true;
    default: {
      const never: never = channel.kind;
      return never;
    }
  }
};

/** The relation of two users as its stream decides it (cached: one second behind other processes at most). */
export const relationBetween = async (core: Core, userId: string, otherId: string): Promise<Relation> =>
  (await core.bus.load(relationDecider, relationStream(userId, otherId), cachedCheck)).state;

/**
 * Has either of the two blocked the other? Messages, calls, matching and discovery go neither
 * way while a block stands (the social graph's own commands are refused by the relation stream
 * itself, under any concurrency; this is for the streams that cannot see it).
 */
export const isBlocked = async (core: Core, userId: string, otherId: string): Promise<boolean> =>
  userId !== otherId && isBlockedEitherWay(await relationBetween(core, userId, otherId));
