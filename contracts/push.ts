// WebSocket frames of the push service (`ws://host:WS_PORT/v1/ws?token=...`), both directions.
// A message frame announces a change already committed to the read store; `seq` numbers the
// messages of one channel from 1 and rises by exactly one. A coalesced gift frame (only when
// coalescing is configured) stands for the messages `fromSeq`..`seq` of its room channel, so a
// client still sees every number accounted for.
import { z } from 'zod';
import { ConversationId, SendMessageBody } from './http/messages.js';
import { postPayloads } from './postPush.js';

export const channelKinds = ['user', 'room', 'group'] as const;
export type ChannelKind = (typeof channelKinds)[number];

/** The only place channel names are built: `channel.user(id)` is `user:<id>`. */
export const channel = {
  user: (id: string) => `user:${id}`,
  room: (id: string) => `room:${id}`,
  group: (id: string) => `group:${id}`,
} as const satisfies Record<ChannelKind, (id: string) => string>;

const CHANNEL = /^(user|room|group):([A-Za-z0-9_-]{1,64})$/;

/** ...and the only place they are read back. */
export const parseChannel = (s: string): { kind: ChannelKind; id: string } | null => {
  const m = CHANNEL.exec(s);
  const kind = m?.[1];
  const id = m?.[2];
  return (kind === 'user' || kind === 'room' || kind === 'group') && id ? { kind, id } : null;
};

/** `user:<id>`, `room:<id>` or `group:<id>`. */
export const PushChannel = z
  .string()
  .max(80)
  .regex(CHANNEL, 'must be user:<id>, room:<id> or group:<id>');
export type PushChannel = z.infer<typeof PushChannel>;

// The payload of each message type: the one place its wire shape is written. Adding a type is
// adding it here; the push projector (projections/push/messages.ts) must then produce it, and
// its exhaustive switch over domain events is where the compiler asks which event does.
const Id = z.string();
const Int = z.number().int();
const BalanceChange = z.object({ asset: z.string(), delta: Int, balanceAfter: Int });
const Time = z.string();

/**
 * Groups. On the `group:` channel (members): members, roles, mutes, cards, the profile and
 * policy, notices. On `user:` channels: a member added hears `joined` and a kicked one `kicked`
 * (after their group subscription has ended), every member of a dismissed group `group.dismissed`,
 * the owner and admins each new application, the applicant the answer, a member offered ownership
 * the offer. The join answer is never pushed.
 */
const groupPayloads = {
  'group.member': z.discriminatedUnion('action', [
    z.object({ action: z.literal('joined'), groupId: Id, userIds: z.array(Id), by: Id, via: z.enum(['created', 'invite', 'join', 'answer', 'application', 'payment']) }),
    z.object({ action: z.literal('left'), groupId: Id, userId: Id }),
    z.object({ action: z.literal('kicked'), groupId: Id, userId: Id, by: Id }),
  ]),
  'group.role': z.object({ groupId: Id, userId: Id, role: z.enum(['owner', 'admin', 'member']), by: Id }),
  'group.ownership': z.object({ action: z.enum(['offered', 'cancelled']), groupId: Id, to: Id, by: Id }),
  'group.updated': z.discriminatedUnion('what', [
    z.object({ what: z.literal('profile'), groupId: Id, by: Id, name: z.string().optional(), avatarUrl: z.string().optional(), description: z.string().optional() }),
    z.object({
      what: z.literal('permissions'),
      groupId: Id,
      by: Id,
      joinMode: z.enum(['free', 'approval', 'answer', 'invite', 'closed', 'paid']),
      question: z.string().optional(),
      fee: Int.optional(),
      membersMayAddFriends: z.boolean(),
    }),
    z.object({ what: z.literal('mute_all'), groupId: Id, by: Id, on: z.boolean() }),
    z.object({ what: z.literal('level'), groupId: Id, level: Int, expiresAt: Time.nullable() }),
  ]),
  'group.mute': z.object({ groupId: Id, userId: Id, until: Time.nullable(), by: Id }),
  'group.card': z.object({ groupId: Id, userId: Id, nickname: z.string(), by: Id }),
  'group.notice': z.object({ action: z.enum(['posted', 'edited', 'deleted']), groupId: Id, noticeId: Id, text: z.string().optional(), by: Id }),
  'group.dismissed': z.object({ groupId: Id, by: Id }),
  'group.application': z.object({ groupId: Id, applicationId: Id, applicantId: Id, message: z.string().optional() }),
  'group.application.answer': z.object({ groupId: Id, applicationId: Id, status: z.enum(['approved', 'rejected']), by: Id, reason: z.string().optional() }),
} as const;
export const pushPayloads = {
  /** The owner's ledger entry: reason, reference, each balance change with the balance after it. */
  wallet: z.object({ reason: z.string(), refId: Id, changes: z.array(BalanceChange) }),
  /** A gift in a room, its value in coins. */
  gift: z.object({ giftSendId: Id, giftId: Id, fromUserId: Id, toUserId: Id, count: Int, unitPrice: Int, roomId: Id, value: Int }),
  'room.member': z.object({ action: z.enum(['joined', 'left', 'banned']), roomId: Id, userId: Id, onlineCount: Int }),
  /** A room's lifecycle on its channel: closed (everyone is out), open again (empty), deleted for good. */
  'room.closed': z.object({ roomId: Id, by: Id }),
  /** `createdAt` and `closedAt` (the close it reopens after): absent when the room's older events did not record them. */
  'room.reopened': z.object({ roomId: Id, by: Id, title: z.string(), avatarUrl: z.string().optional(), createdAt: Time.optional(), closedAt: Time.optional() }),
  'room.deleted': z.object({ roomId: Id, by: Id }),
  /** Renamed or a new avatar: only the fields that changed. */
  'room.updated': z.object({ roomId: Id, title: z.string().optional(), avatarUrl: z.string().optional() }),
  /** A member muted until a time, or unmuted (`until` null): on the room's channel and the member's own `user:`. */
  'room.muted': z.object({ roomId: Id, userId: Id, until: z.string().nullable() }),
  transfer: z.object({
    status: z.enum(['pending', 'accepted', 'returned', 'expired']),
    transferId: Id,
    fromUserId: Id,
    toUserId: Id,
    /** Absent for cash. */
    asset: z.string().optional(),
    amount: Int,
    note: z.string().optional(),
    expiresAt: z.string().optional(),
    /** An instant payment: accepted as it was made. */
    instant: z.literal(true).optional(),
  }),
  red_packet: z.discriminatedUnion('action', [
    z.object({ action: z.literal('created'), redPacketId: Id, senderId: Id, kind: z.enum(['lucky', 'fixed']), total: Int, count: Int, greeting: z.string().optional(), expiresAt: z.string() }),
    z.object({ action: z.literal('grabbed'), redPacketId: Id, userId: Id, amount: Int, remainingCount: Int, remainingAmount: Int }),
    z.object({ action: z.literal('expired'), redPacketId: Id, senderId: Id, refundAmount: Int, remainingCount: Int }),
  ]),
  /** A message in a conversation: dm on both users' `user:` channels, a group's on `group:`, a room's (chatroom, live, voice) on `room:`. */
  message: z.object({
    conversationId: z.string(),
    seq: Int,
    messageId: Id,
    clientMsgId: z.string(),
    from: Id,
    msgType: z.string(),
    body: z.record(z.string(), z.unknown()),
    at: z.string(),
    /** The message's global id (its event's log position; absent in messages stored before it). */
    logId: Int.optional(),
  }),
  /** `logId`: the message's global id, absent when the recall or delete did not know it (older events). */
  'message.recalled': z.object({ conversationId: z.string(), seq: Int, messageId: Id, by: Id, logId: Int.optional() }),
  'message.deleted': z.object({ conversationId: z.string(), seq: Int, messageId: Id, by: Id, logId: Int.optional() }),
  /**
   * How far a reader read (unread = the conversation's last seq − this): to the reader's other
   * devices, and in a 1:1 to the other user too (a read receipt).
   */
  'conversation.read': z.object({ conversationId: z.string(), userId: Id, seq: Int }),
  reminder: z.object({ reminderId: Id, conversationId: z.string(), seq: Int.nullable(), note: z.string() }),
  /** The owner's account changed where an operator decided: a real-name review's outcome. */
  account: z.discriminatedUnion('action', [
    z.object({ action: z.literal('real_name'), status: z.enum(['approved', 'rejected']), reason: z.string().optional() }),
    /** An operator's global mute until a time, or lifted (`until` null). */
    z.object({ action: z.literal('muted'), until: z.string().nullable(), at: z.string() }),
  ]),
  /** To the target of a friend request (`user:<targetId>`): made (pending), or taken back by the requester (withdrawn). */
  'friend.request': z.object({ requesterId: Id, targetId: Id, status: z.enum(['pending', 'withdrawn']), reason: z.string().optional() }),
  /**
   * The answer, to the requester; a friendship made without an answer (`via` auto_accept: the
   * target accepts everyone; mutual_request: both asked) goes to both.
   */
  'friend.answer': z.object({ requesterId: Id, targetId: Id, status: z.enum(['accepted', 'rejected']), via: z.enum(['answer', 'auto_accept', 'mutual_request']) }),
  /** A later shake matched me (`user:<matchedId>`, the earlier shaker); `distance` in meters, rounded up to 100 m. */
  'shake.match': z.object({ shakerId: Id, matchedId: Id, distance: Int }),
  /** A new follower, to the one followed (`user:<followeeId>`); unfollows are not announced. */
  follower: z.object({ followerId: Id, followeeId: Id }),
  /**
   * The owner's name or avatar changed (`user:<userId>`, their other devices): only what changed.
   * Gateways also refresh the sender cards they hold from it (services/push/senderCards.ts).
   */
  profile: z.object({ userId: Id, nickname: z.string().optional(), avatarUrl: z.string().optional() }),
  /** A review's outcome (an avatar, a photo-wall photo, a post), to its owner (`user:<ownerId>`). */
  review: z.object({
    reviewId: Id,
    kind: z.enum(['avatar', 'photo', 'post', 'other']),
    subjectId: Id,
    mediaId: Id.optional(),
    status: z.enum(['approved', 'rejected']),
    reason: z.string().optional(),
  }),
  ...groupPayloads,
  /** An AA collection: started (to its target's channel), then paid, finished or expired (to the payee). */
  aa: z.discriminatedUnion('action', [
    z.object({
      action: z.literal('started'),
      aaId: Id,
      payeeId: Id,
      asset: z.string(),
      amountEach: Int,
      count: Int,
      note: z.string().optional(),
      expiresAt: z.string(),
    }),
    z.object({ action: z.literal('paid'), aaId: Id, payerId: Id, asset: z.string(), amount: Int, paidCount: Int, remainingCount: Int }),
    z.object({ action: z.literal('finished'), aaId: Id, asset: z.string(), paidCount: Int, total: Int }),
    z.object({ action: z.literal('expired'), aaId: Id, paidCount: Int, remainingCount: Int }),
  ]),
  ...postPayloads,
} as const;

export type PushMessageType = keyof typeof pushPayloads;
export const pushMessageTypes = Object.keys(pushPayloads) as PushMessageType[];
export const PushMessageType = z.enum(pushMessageTypes as [PushMessageType, ...PushMessageType[]]);
export type PushPayload<T extends PushMessageType> = z.infer<(typeof pushPayloads)[T]>;

/** A message before it has a seq, typed by its message type. */
export type PushDraft = { [T in PushMessageType]: { channel: string; type: T; data: PushPayload<T> } }[PushMessageType];

// Client → server.
export const SubscribeFrame = z.strictObject({
  op: z.literal('subscribe'),
  channel: PushChannel,
  /** The last seq the client holds; omitted means "from now on". */
  since: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export const UnsubscribeFrame = z.strictObject({ op: z.literal('unsubscribe'), channel: PushChannel });
export const PingFrame = z.strictObject({ op: z.literal('ping') });

/**
 * Commands over the socket, run by the same use cases as HTTP with the same idempotency (a send
 * is keyed by its clientMsgId). `id` is the client's, echoed on the answer: `ack` or `error`.
 */
const RequestId = z.string().min(1).max(64);
const RoomId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
export const SendFrame = z.strictObject({ op: z.literal('send'), id: RequestId, conversationId: ConversationId, message: SendMessageBody });
export const ReadFrame = z.strictObject({ op: z.literal('read'), id: RequestId, conversationId: ConversationId, seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
/** Enter a room (join it, and hold its channel from now on); leave it. */
export const EnterFrame = z.strictObject({ op: z.literal('enter'), id: RequestId, roomId: RoomId });
export const LeaveFrame = z.strictObject({ op: z.literal('leave'), id: RequestId, roomId: RoomId });
export const CommandFrame = z.discriminatedUnion('op', [SendFrame, ReadFrame, EnterFrame, LeaveFrame]);
export type CommandFrame = z.infer<typeof CommandFrame>;

export const ClientFrame = z.discriminatedUnion('op', [SubscribeFrame, UnsubscribeFrame, PingFrame, SendFrame, ReadFrame, EnterFrame, LeaveFrame]);
export type ClientFrame = z.infer<typeof ClientFrame>;

// Server → client.
export const MessageFrame = z.object({
  channel: PushChannel,
  seq: z.number().int().positive(),
  /** Present only on a coalesced frame: the first seq it stands for (`seq` is the last). */
  fromSeq: z.number().int().positive().optional(),
  type: PushMessageType,
  data: z.record(z.string(), z.unknown()),
  /** ISO-8601 UTC time of the change (the event's time, identical on replay). */
  at: z.string(),
});
export type MessageFrame = z.infer<typeof MessageFrame>;

/** Subscription accepted: the client holds the channel up to `seq`; replayed and live messages follow from seq + 1. */
export const SubscribedFrame = z.object({ op: z.literal('subscribed'), channel: PushChannel, seq: z.number().int().min(0) });
export const UnsubscribedFrame = z.object({ op: z.literal('unsubscribed'), channel: PushChannel });
/** `since` is older than the retained history (or ahead of it): refetch over HTTP, subscribe again without `since`. */
export const ResyncFrame = z.object({ op: z.literal('resync'), channel: PushChannel });
export const PongFrame = z.object({ op: z.literal('pong') });
/** A command frame succeeded: what its use case answered (a send: the message, with its seq). */
export const AckFrame = z.object({ op: z.literal('ack'), id: RequestId, data: z.record(z.string(), z.unknown()) });
export const pushErrorCodes = ['FORBIDDEN', 'VALIDATION_FAILED', 'UNAVAILABLE'] as const;
/** A refusal: of a subscription (with its channel), or of a command frame (with its id and the use case's coded error). */
export const ErrorFrame = z.object({
  op: z.literal('error'),
  /** FORBIDDEN, VALIDATION_FAILED, UNAVAILABLE, or for a command frame any coded error of the HTTP API. */
  code: z.string(),
  channel: PushChannel.optional(),
  id: RequestId.optional(),
  message: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorFrame = z.infer<typeof ErrorFrame>;

export const ControlFrame = z.discriminatedUnion('op', [SubscribedFrame, UnsubscribedFrame, ResyncFrame, PongFrame, AckFrame, ErrorFrame]);
export type ControlFrame = z.infer<typeof ControlFrame>;
export const ServerFrame = z.union([MessageFrame, ControlFrame]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** Data of a coalesced gift frame: the sum over the messages it replaces, per gift, sender and receiver. */
export const CoalescedGiftData = z.object({
  coalesced: z.literal(true),
  messages: z.number().int().positive(),
  count: z.number().int().min(0),
  value: z.number().int().min(0),
  gifts: z.array(
    z.object({ giftId: z.string(), fromUserId: z.string(), toUserId: z.string(), count: z.number().int(), value: z.number().int() }),
  ),
});
export type CoalescedGiftData = z.infer<typeof CoalescedGiftData>;

/** WebSocket close codes the gateway uses. */
export const pushCloseCodes = {
  /** The server is shutting down; reconnect with `since`. */
  shutdown: 1001,
  /** The session ended (expired, signed out or revoked): sign in again before reconnecting. */
  sessionEnded: 4001,
  /** The client did not read fast enough and its buffer hit the limit; reconnect with `since`. */
  slowConsumer: 4008,
} as const;
