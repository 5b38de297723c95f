// WebSocket frames of the push service (`ws://host:WS_PORT/v1/ws?token=...`), both directions.
// A message frame announces a change already committed to the read store; `seq` numbers the
// messages of one channel from 1 and rises by exactly one. A coalesced gift frame (only when
// coalescing is configured) stands for the messages `fromSeq`..`seq` of its room channel, so a
// client still sees every number accounted for.
import { z } from 'zod';

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
export const pushPayloads = {
  /** The owner's ledger entry: reason, reference, each balance change with the balance after it. */
  wallet: z.object({ reason: z.string(), refId: Id, changes: z.array(BalanceChange) }),
  /** A gift in a room, its value in coins. */
  gift: z.object({ giftSendId: Id, giftId: Id, fromUserId: Id, toUserId: Id, count: Int, unitPrice: Int, roomId: Id, value: Int }),
  'room.member': z.object({ action: z.enum(['joined', 'left', 'banned']), roomId: Id, userId: Id, onlineCount: Int }),
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
export const ClientFrame = z.discriminatedUnion('op', [SubscribeFrame, UnsubscribeFrame, PingFrame]);
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
export const pushErrorCodes = ['FORBIDDEN', 'VALIDATION_FAILED', 'UNAVAILABLE'] as const;
export const ErrorFrame = z.object({
  op: z.literal('error'),
  code: z.enum(pushErrorCodes),
  channel: PushChannel.optional(),
  message: z.string().optional(),
});
export type ErrorFrame = z.infer<typeof ErrorFrame>;

export const ControlFrame = z.discriminatedUnion('op', [SubscribedFrame, UnsubscribedFrame, ResyncFrame, PongFrame, ErrorFrame]);
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
