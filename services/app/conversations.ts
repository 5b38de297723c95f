// Conversations: who may read and send, sending (the client's message id is the idempotency
// key), recall, delete, delete-for-me and history. The reader's side (cursors, settings,
// reminders, favorites, the conversation list) is in inbox.ts.
import {
  conversationDecider,
  conversationStream,
  parseConversationId,
  type ConversationKind,
  type MessageType,
  type SendVerdict,
} from '../../domain/conversation.js';
import { CodedError } from '../../domain/errors.js';
import { groupDecider, groupStream, isGroupMember, postRefusal, type PostRefusal } from '../../domain/group.js';
import { isBlockedEitherWay, isBlocking } from '../../domain/relation.js';
import { isRoomMember, roomDecider, roomMutedUntil, roomStream, type Room } from '../../domain/room.js';
import { getMessage, listMessages, type MessageView } from '../../projections/queries.js';
import { uuidFromName } from '../shared/ids.js';
import { cachedCheck, notFound, relationBetween, userExists } from './access.js';
import { globalMuteOf } from './accountMutes.js';
import { hasRole, requireUser, type Caller, type UserCaller } from './caller.js';
import { commandMetadata, runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { rateLimiter, type RateLimiter } from './rateLimit.js';
import { eventOf, settled } from './results.js';

export type Conversation = { id: string; kind: ConversationKind; ids: string[] };

/** A conversation id as clients write it, or VALIDATION_FAILED. */
export const conversationOf = (id: string): Conversation => {
  const c = parseConversationId(id);
  if (!c) throw new CodedError('VALIDATION_FAILED', 'conversationId is dm:<userId>:<userId> (ordered, two different users), group:<groupId> or room:<roomId>', { field: 'conversationId' });
  return { id, ...c };
};

const only = (c: Conversation): string => c.ids[0] ?? '';

/** What the sender may not send itself: money cards come from the money flows, system messages from operators. */
const productTypes: ReadonlySet<MessageType> = new Set(['red_packet', 'transfer', 'gift']);

/**
 * Who may read: a 1:1's two users, a group's members, anyone signed in for a room (rooms are
 * public), and guests for a room that admits them. Anyone else is told it does not exist.
 */
export const requireReader = async (core: Core, caller: Caller, c: Conversation): Promise<void> => {
  if (caller.kind === 'guest' && c.kind === 'room') {
    const room = await requireRoom(core, c);
    if (!room.guests) throw notFound('conversation');
    return;
  }
  const user = requireUser(caller);
  switch (c.kind) {
    case 'dm':
      if (!c.ids.includes(user.userId)) throw notFound('conversation');
      return;
    case 'group':
      if (!isGroupMember((await core.bus.load(groupDecider, groupStream(only(c)), cachedCheck)).state, user.userId)) throw notFound('conversation');
      return;
    case 'room':
      await requireRoom(core, c);
      return;
    default: {
      const never: never = c.kind;
      return never;
    }
  }
};

type PresentRoom = Extract<Room, { status: 'open' | 'closed' }>;

/** The room of a room conversation, open or closed; an unknown or deleted one does not exist. */
const requireRoom = async (core: Core, c: Conversation): Promise<PresentRoom> => {
  const r = (await core.bus.load(roomDecider, roomStream(only(c)), cachedCheck)).state;
  if (r.status === 'absent' || r.status === 'deleted') throw notFound('conversation');
  return r;
};

const refuse = (refused: Extract<SendVerdict, object>['refused'], message: string, details?: Record<string, unknown>): SendVerdict => ({ refused, message, ...(details ? { details } : {}) });

/** A 1:1: the peer exists, neither blocked the other, and where the app's policy says so they are friends. */
const dmVerdict = async (core: Core, user: UserCaller, c: Conversation): Promise<SendVerdict> => {
  if (!c.ids.includes(user.userId)) return refuse('NOT_A_MEMBER', 'you are not in this conversation');
  const peer = c.ids.find((id) => id !== user.userId) ?? '';
  if (!(await userExists(core, peer, cachedCheck))) throw notFound('user', { userId: peer });
  const relation = await relationBetween(core, user.userId, peer);
  if (isBlockedEitherWay(relation)) return refuse('BLOCKED', 'one of you blocked the other', { blockedBy: isBlocking(relation, peer) ? 'them' : 'you' });
  if (core.policies[user.app].dmFriendsOnly && !relation.friends) return refuse('NOT_FRIENDS', 'only friends message each other in this app', { userId: peer });
  return true;
};

const groupRefusal = (r: PostRefusal): SendVerdict => {
  switch (r.reason) {
    case 'not_member':
      return refuse('NOT_A_MEMBER', 'only members send to a group');
    case 'muted':
      return refuse('MUTED', 'you are muted in this group', { until: r.until });
    case 'mute_all':
      return refuse('MUTED', 'everyone but the owner and admins is muted in this group', { muteAll: true });
    default: {
      const never: never = r;
      return never;
    }
  }
};

/** Membership, existence, blocks and mutes: the rules a send must pass (the verdict goes into the command). */
const verdictFor = async (core: Core, user: UserCaller, c: Conversation): Promise<SendVerdict> => {
  // An operator's global mute closes groups and rooms (not 1:1s) until it ends.
  const globalMute = c.kind === 'dm' ? null : await globalMuteOf(core, user.userId);
  if (globalMute !== null) return refuse('MUTED', 'you are muted', { until: globalMute });
  switch (c.kind) {
    case 'dm':
      return dmVerdict(core, user, c);
    case 'group': {
      const g = await core.bus.load(groupDecider, groupStream(only(c)), cachedCheck);
      if (g.state.status === 'absent') throw notFound('conversation');
      const refusal = postRefusal(g.state, user.userId, core.clock().toISOString());
      return refusal === null ? true : groupRefusal(refusal);
    }
    case 'room': {
      const r = await requireRoom(core, c);
      if (r.status === 'closed') return refuse('ROOM_CLOSED', 'the room is closed');
      if (!isRoomMember(r, user.userId)) return refuse('NOT_IN_ROOM', 'join the room before sending in it');
      const until = roomMutedUntil(r, user.userId, core.clock().toISOString());
      return until === null ? true : refuse('MUTED', 'you are muted in this room', { until });
    }
    default: {
      const never: never = c.kind;
      return never;
    }
  }
};

const limiters = new WeakMap<Core, RateLimiter>();
const limiterOf = (core: Core): RateLimiter => {
  let l = limiters.get(core);
  if (!l) limiters.set(core, (l = rateLimiter()));
  return l;
};

/** The id of a message: the same for every resend of one client message id by one sender. */
export const messageIdFor = (conversationId: string, from: string, clientMsgId: string): string => uuidFromName(`message\u0000${conversationId}\u0000${from}\u0000${clientMsgId}`);

export interface SendInput {
  conversationId: string;
  clientMsgId: string;
  msgType: MessageType;
  body: Record<string, unknown>;
}

/**
 * Sends a message. A resend with the same client message id (from the same sender into the same
 * conversation) is the same command: it returns the original message and never makes a second.
 */
export const sendMessage = async (core: Core, caller: Caller, input: SendInput, opts: CommandOptions = {}): Promise<MessageView> => {
  if (caller.kind === 'guest') throw new CodedError('GUEST_NOT_ALLOWED', 'guests cannot send messages; sign in first');
  const user = requireUser(caller);
  const c = conversationOf(input.conversationId);
  if (productTypes.has(input.msgType)) throw new CodedError('FORBIDDEN', `${input.msgType} messages are sent by sending the money itself`, { field: 'msgType' });
  if (input.msgType === 'system' && !hasRole(caller, 'operator')) throw new CodedError('FORBIDDEN', 'only operators send system messages', { field: 'msgType' });
  const policy = core.policies[user.app];
  const wait = limiterOf(core).take(user.userId, core.clock().getTime(), { perSecond: policy.messagesPerSecond, burst: policy.messageBurst });
  const allowed = wait > 0 ? refuse('TOO_MANY_REQUESTS', 'sending too fast; try again shortly', { retryAfterMs: wait }) : await verdictFor(core, user, c);
  const messageId = messageIdFor(c.id, user.userId, input.clientMsgId);
  const r = await core.bus.handle(conversationDecider, conversationStream(c.id), {
    type: 'SendMessage',
    data: { conversationId: c.id, messageId, clientMsgId: input.clientMsgId, from: user.userId, msgType: input.msgType, body: input.body, allowed },
    metadata: commandMetadata(core, caller, `msg:${messageId}`, opts),
  });
  await settled(core, r);
  const sent = eventOf(r, 'MessageSent');
  // logId: the message's global id, the position of its event (as message_log.log_id).
  return { ...sent.data, logId: sent.position, state: 'sent' };
};

/**
 * The global id of a conversation's message, for a recall's or delete's event (its notices name
 * it). A row not there yet (this process's read models behind another's send) is waited for once.
 */
const logIdAt = async (core: Core, conversationId: string, seq: number): Promise<number | undefined> => {
  const found = await getMessage(core.pool, conversationId, seq);
  if (found) return found.logId ?? undefined;
  await core.readModelsAt(await core.store.headPosition());
  return (await getMessage(core.pool, conversationId, seq))?.logId ?? undefined;
};

const withLogId = (logId: number | undefined) => (logId === undefined ? {} : { logId });

/** Group owners, room hosts and operators remove anyone's message; others only their own. */
const isModerator = async (core: Core, user: UserCaller, c: Conversation): Promise<boolean> => {
  if (hasRole(user, 'operator')) return true;
  if (c.kind === 'group') {
    const g = (await core.bus.load(groupDecider, groupStream(only(c)), cachedCheck)).state;
    return g.status === 'active' && g.ownerId === user.userId;
  }
  if (c.kind === 'room') return (await requireRoom(core, c)).hostId === user.userId;
  return false;
};

export const recallMessage = (core: Core, caller: Caller, input: { conversationId: string; seq: number }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'recallMessage', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const c = conversationOf(input.conversationId);
    await requireReader(core, caller, c);
    const windowMs = core.policies[user.app].recallWindowMs;
    const logId = await logIdAt(core, c.id, input.seq);
    const data = { conversationId: c.id, seq: input.seq, windowMs, ...withLogId(logId) };
    const r = await core.bus.handle(conversationDecider, conversationStream(c.id), { type: 'RecallMessage', data, metadata: meta });
    await settled(core, r);
    return { conversationId: c.id, seq: input.seq, logId: logId ?? null, state: 'recalled' as const };
  });

export const deleteMessage = (core: Core, caller: Caller, input: { conversationId: string; seq: number }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'deleteMessage', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const c = conversationOf(input.conversationId);
    await requireReader(core, caller, c);
    const moderator = await isModerator(core, user, c);
    const logId = await logIdAt(core, c.id, input.seq);
    const data = { conversationId: c.id, seq: input.seq, moderator, ...withLogId(logId) };
    const r = await core.bus.handle(conversationDecider, conversationStream(c.id), { type: 'DeleteMessage', data, metadata: meta });
    await settled(core, r);
    return { conversationId: c.id, seq: input.seq, logId: logId ?? null, state: 'deleted' as const };
  });

/** The conversation's last seq, read up to the store's head (a cursor is checked against it). */
export const lastSeqOf = async (core: Core, c: Conversation): Promise<number> => (await core.bus.load(conversationDecider, conversationStream(c.id))).state.lastSeq;

const seqIn = (field: 'after' | 'before', seq: number, lo: number, hi: number): number => {
  if (!Number.isSafeInteger(seq) || seq < lo || seq > hi) throw new CodedError('VALIDATION_FAILED', `${field} must be between ${lo} and ${hi}`, { field, lastSeq: hi - (field === 'before' ? 1 : 0) });
  return seq;
};

/**
 * History by cursor: `after` pages forward (offline catch-up: ask after the highest seq you hold,
 * then after `next`, until hasMore is false), `before` pages back; neither gives the newest page.
 */
export const history = async (core: Core, caller: Caller, input: { conversationId: string; after?: number | undefined; before?: number | undefined; limit: number }) => {
  const c = conversationOf(input.conversationId);
  await requireReader(core, caller, c);
  if (input.after !== undefined && input.before !== undefined) throw new CodedError('VALIDATION_FAILED', 'give after or before, not both', { field: 'after' });
  const lastSeq = await lastSeqOf(core, c);
  const after = input.after === undefined ? undefined : seqIn('after', input.after, 0, lastSeq);
  const before = input.before === undefined ? (after === undefined ? lastSeq + 1 : undefined) : seqIn('before', input.before, 1, lastSeq + 1);
  const viewerId = caller.kind === 'user' ? caller.userId : null;
  const page = await listMessages(core.pool, { conversationId: c.id, viewerId, after, before, limit: input.limit });
  return { ...page, lastSeq };
};
