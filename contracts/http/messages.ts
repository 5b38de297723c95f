// Conversations and messages: the HTTP shapes, and the message a client sends (the WebSocket's
// send frame reuses it, contracts/push.ts).
import { z } from 'zod';
import { errorResponses, HttpUrl, Id, IsoTime, ListQuery, page, text } from '../common.js';
import { guestHeaders } from './rooms.js';

/** `dm:<userId>:<userId>` (ordered), `group:<groupId>`, `room:<roomId>`. */
export const ConversationId = z
  .string()
  .max(140)
  .regex(/^(dm:[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{1,64}|group:[A-Za-z0-9_-]{1,64}|room:[A-Za-z0-9_-]{1,64})$/, 'must be dm:<userId>:<userId>, group:<groupId> or room:<roomId>');

/** The client's id for a message: a resend with the same one returns the original message. */
export const ClientMsgId = z.string().min(1).max(64).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII');

const Seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const QuerySeq = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Size = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Duration = z.number().int().min(0).max(24 * 3600 * 1000);

const Words = text({ min: 1, max: 5000, multiline: true }).refine((v) => v.trim().length > 0, 'must not be blank');

/** What each kind of message carries. Money cards and gifts come from the money flows, not from here. */
const bodies = {
  text: z.strictObject({ text: Words }),
  image: z.strictObject({ url: HttpUrl, width: Size.optional(), height: Size.optional(), thumbUrl: HttpUrl.optional() }),
  voice: z.strictObject({ url: HttpUrl, durationMs: Duration }),
  video: z.strictObject({ url: HttpUrl, durationMs: Duration.optional(), thumbUrl: HttpUrl.optional() }),
  file: z.strictObject({ url: HttpUrl, name: text({ min: 1, max: 255 }), size: Size }),
  location: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), name: text({ max: 200 }).optional(), address: text({ max: 500 }).optional() }),
  /** A contact card: a user others can add. */
  card: z.strictObject({ userId: Id }),
  /** Operators only. */
  system: z.strictObject({ text: Words }),
  /** The app's own payload (a sticker, a poll, ...): any JSON object; 8 KB in all at most. */
  custom: z.strictObject({ kind: text({ min: 1, max: 64 }), data: z.record(z.string(), z.unknown()) }),
} as const;

const sendOf = <T extends keyof typeof bodies>(msgType: T) => z.strictObject({ clientMsgId: ClientMsgId, msgType: z.literal(msgType), body: bodies[msgType] });

export const SendMessageBody = z.discriminatedUnion('msgType', [
  sendOf('text'),
  sendOf('image'),
  sendOf('voice'),
  sendOf('video'),
  sendOf('file'),
  sendOf('location'),
  sendOf('card'),
  sendOf('system'),
  sendOf('custom'),
]);
export type SendMessageBody = z.infer<typeof SendMessageBody>;

export const Message = z.object({
  conversationId: z.string(),
  seq: z.number().int(),
  /**
   * The message's global id: unique across conversations, growing within one (the log position of
   * its MessageSent event). Null only for a message stored before log ids that the read model could
   * not date back (until it is rebuilt). `GET /v1/messages/by-log-id/:logId` finds it again.
   */
  logId: z.number().int().nullable(),
  messageId: z.string(),
  clientMsgId: z.string(),
  from: z.string(),
  msgType: z.string(),
  /** Null once recalled or deleted. */
  body: z.record(z.string(), z.unknown()).nullable(),
  at: IsoTime,
  state: z.enum(['sent', 'recalled', 'deleted']),
});

const conversationParams = z.strictObject({ id: ConversationId });
const messageParams = z.strictObject({ id: ConversationId, seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export const sendMessage = { params: conversationParams, body: SendMessageBody, response: { 201: Message, ...errorResponses } } as const;

/** A room's history is also open to guests (X-Device-Id) where the room admits them. */
export const listMessages = {
  params: conversationParams,
  headers: guestHeaders,
  querystring: z.strictObject({ after: QuerySeq.optional(), before: QuerySeq.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
  response: {
    200: z.object({ items: z.array(Message), lastSeq: z.number().int(), next: z.number().int().nullable(), hasMore: z.boolean() }),
    ...errorResponses,
  },
} as const;

const MessageState = (state: 'recalled' | 'deleted') => z.object({ conversationId: z.string(), seq: z.number().int(), logId: z.number().int().nullable(), state: z.literal(state) });
export const recallMessage = { params: messageParams, response: { 200: MessageState('recalled'), ...errorResponses } } as const;
export const deleteMessage = { params: messageParams, response: { 200: MessageState('deleted'), ...errorResponses } } as const;
export const hideMessage = {
  params: messageParams,
  response: { 200: z.object({ conversationId: z.string(), seq: z.number().int(), hidden: z.literal(true) }), ...errorResponses },
} as const;

export const markRead = {
  params: conversationParams,
  body: z.strictObject({ seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  response: { 200: z.object({ conversationId: z.string(), readSeq: z.number().int(), unread: z.number().int() }), ...errorResponses },
} as const;

const Conversation = z.object({
  conversationId: z.string(),
  kind: z.string(),
  peerId: z.string().nullable(),
  lastSeq: z.number().int(),
  lastMessage: z.record(z.string(), z.unknown()).nullable(),
  lastAt: IsoTime.nullable(),
  readSeq: z.number().int(),
  unread: z.number().int(),
  pinned: z.boolean(),
  muted: z.boolean(),
  skin: z.string().nullable(),
});

export const listConversations = { querystring: ListQuery, response: { 200: page(Conversation), ...errorResponses } } as const;
export const getConversation = { params: conversationParams, response: { 200: Conversation, ...errorResponses } } as const;
export const getUnread = { response: { 200: z.object({ total: z.number().int(), conversations: z.number().int() }), ...errorResponses } } as const;

export const changeConversation = {
  params: conversationParams,
  body: z
    .strictObject({ pinned: z.boolean().optional(), muted: z.boolean().optional(), hidden: z.boolean().optional(), skin: text({ min: 1, max: 64 }).nullable().optional() })
    .refine((b) => Object.keys(b).length > 0, 'change at least one setting'),
  response: {
    200: z.object({ conversationId: z.string(), pinned: z.boolean(), muted: z.boolean(), hidden: z.boolean(), skin: z.string().nullable() }),
    ...errorResponses,
  },
} as const;

const Reminder = z.object({ reminderId: z.string(), conversationId: z.string(), seq: z.number().int().nullable(), note: z.string(), dueAt: IsoTime });
export const scheduleReminder = {
  body: z.strictObject({ conversationId: ConversationId, seq: Seq.optional(), note: text({ max: 200, multiline: true }).default(''), dueAt: z.iso.datetime({ offset: true }) }),
  response: { 201: Reminder, ...errorResponses },
} as const;
export const listReminders = { response: { 200: z.object({ items: z.array(Reminder) }), ...errorResponses } } as const;
export const cancelReminder = {
  params: z.strictObject({ id: Id }),
  response: { 200: z.object({ reminderId: z.string(), cancelled: z.literal(true) }), ...errorResponses },
} as const;

const FavoriteCategory = z.enum(['text', 'image', 'voice', 'video', 'sticker', 'link']);
/** A saved item as the client sent it (a content favorite, 003/002): no message behind it. */
const FavoriteItem = z.object({ category: FavoriteCategory, content: z.string(), fromId: z.string(), fromName: z.string(), fromHeadUrl: z.string() });
const Favorite = z.object({ favoriteId: z.string(), at: IsoTime, message: Message.nullable(), content: FavoriteItem.nullable() });
export const addContentFavorite = {
  body: z.strictObject({
    category: FavoriteCategory,
    content: text({ min: 1, max: 8000, multiline: true }).refine((v) => v.trim().length > 0, 'must not be blank'),
    fromId: text({ min: 1, max: 64 }),
    fromName: text({ max: 100 }).default(''),
    fromHeadUrl: z.union([z.literal(''), HttpUrl]).default(''),
  }),
  response: { 201: z.object({ favoriteId: z.string() }), ...errorResponses },
} as const;
export const addFavorite = { body: z.strictObject({ conversationId: ConversationId, seq: Seq }), response: { 201: z.object({ favoriteId: z.string() }), ...errorResponses } } as const;
export const listFavorites = { querystring: ListQuery, response: { 200: page(Favorite), ...errorResponses } } as const;
export const removeFavorite = {
  params: z.strictObject({ id: Id }),
  response: { 200: z.object({ favoriteId: z.string(), removed: z.literal(true) }), ...errorResponses },
} as const;

/** The message a global log id names (`Message.logId`), where the caller may read its conversation (404 otherwise). */
export const getMessageByLogId = {
  params: z.strictObject({ logId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
  headers: guestHeaders,
  response: { 200: Message, ...errorResponses },
} as const;
