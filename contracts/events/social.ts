// Stored event payloads of messaging (conversations, inboxes) and the social graph (relations,
// contacts); part of contracts/events.ts.
import { z } from 'zod';
import { Count, Id, Time } from './primitives.js';

const messageTypes = ['text', 'image', 'voice', 'video', 'file', 'location', 'card', 'gift', 'red_packet', 'transfer', 'system', 'custom'] as const;
const messageRef = { conversationId: z.string().min(1), seq: Count, messageId: Id, by: Id };
export const conversation = {
  MessageSent: z.object({
    conversationId: z.string().min(1),
    seq: Count,
    messageId: Id,
    clientMsgId: z.string().min(1),
    from: Id,
    msgType: z.enum(messageTypes),
    body: z.record(z.string(), z.unknown()),
    at: Time,
  }),
  MessageRecalled: z.object({ ...messageRef, logId: Count.optional() }),
  MessageDeleted: z.object({ ...messageRef, logId: Count.optional() }),
};

const setting = z.enum(['pinned', 'muted', 'hidden']);
export const inbox = {
  ConversationRead: z.object({ userId: Id, conversationId: z.string().min(1), seq: Count }),
  ConversationSettingChanged: z.object({ userId: Id, conversationId: z.string().min(1), setting, on: z.boolean() }),
  ChatSkinSet: z.object({ userId: Id, conversationId: z.string().min(1), skin: z.string().nullable() }),
  MessageHiddenForMe: z.object({ userId: Id, conversationId: z.string().min(1), seq: Count }),
  ReminderScheduled: z.object({ userId: Id, reminderId: Id, conversationId: z.string().min(1), seq: Count.nullable(), note: z.string(), dueAt: Time }),
  ReminderCancelled: z.object({ userId: Id, reminderId: Id }),
  ReminderDue: z.object({ userId: Id, reminderId: Id, conversationId: z.string().min(1), seq: Count.nullable(), note: z.string() }),
  FavoriteAdded: z.object({ userId: Id, favoriteId: Id, conversationId: z.string().min(1), seq: Count }),
  FavoriteRemoved: z.object({ userId: Id, favoriteId: Id }),
  ContentFavoriteAdded: z.object({
    userId: Id,
    favoriteId: Id,
    category: z.enum(['text', 'image', 'voice', 'video', 'sticker', 'link']),
    content: z.string().min(1),
    fromId: z.string().min(1),
    fromName: z.string(),
    fromHeadUrl: z.string(),
    digest: z.string().min(1),
  }),
};

const follow = z.object({ followerId: Id, followeeId: Id });
const request = z.object({ requesterId: Id, targetId: Id });
const blocking = z.object({ blockerId: Id, blockedId: Id });
export const relation = {
  UserFollowed: follow,
  UserUnfollowed: follow,
  FriendRequested: z.object({ requesterId: Id, targetId: Id, reason: z.string().optional() }),
  FriendRequestAccepted: request,
  FriendRequestRejected: request,
  FriendRequestCancelled: z.object({ requesterId: Id, targetId: Id, cancelledBy: Id }),
  FriendRequestWithdrawn: request,
  ShakeMatched: z.object({ shakerId: Id, matchedId: Id, distance: z.number().int().min(0) }),
  FriendAdded: z.object({ requesterId: Id, targetId: Id, via: z.enum(['auto_accept', 'mutual_request']) }),
  FriendRemoved: z.object({ userId: Id, friendId: Id }),
  UserBlocked: blocking,
  UserUnblocked: blocking,
};

const contactOf = { ownerId: Id, userId: Id };
const tagOf = { ownerId: Id, tagId: Id };
export const contacts = {
  RemarkSet: z.object({ ...contactOf, remark: z.string() }),
  RemarkCleared: z.object(contactOf),
  CommonlyUsedSet: z.object({ ...contactOf, commonlyUsed: z.boolean() }),
  TagCreated: z.object({ ...tagOf, name: z.string() }),
  TagRenamed: z.object({ ...tagOf, name: z.string() }),
  TagDeleted: z.object(tagOf),
  FriendsTagged: z.object({ ...tagOf, userIds: z.array(Id) }),
  FriendUntagged: z.object({ ...tagOf, userId: Id }),
};

/** A user's own shake history: entries they removed (domain/shakeHistory.ts). */
export const shakeHistory = {
  ShakeRecordRemoved: z.object({ userId: Id, matchId: Id }),
};
