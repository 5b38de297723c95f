// chat-platform (seed 004) wire shapes: the HTTP envelope and the socket's frames. Field names are
// the seed's; ids are decimal strings, times epoch ms, coin amounts JSON numbers.
import { z } from 'zod';

/** `{result: 0, message: "操作成功", data}`; a refusal has the seed's code (L93-L145) and `data` {}. */
export const ChatPlatformEnvelope = z.strictObject({ result: z.number().int().max(0), message: z.string(), data: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]) });

const Id = z.string().min(1).max(64);
const Msg = z.record(z.string(), z.unknown());

// Client → server.
export const ChatPlatformSend = z.object({ eventType: z.literal(0), msgId: Id, channelType: z.union([z.literal(1), z.literal(2), z.literal(3)]), targetId: Id, msgType: z.number().int().min(0).max(6), msg: Msg });
export const ChatPlatformEnterOrLeave = z.object({ eventType: z.union([z.literal(1), z.literal(2)]), msgId: Id, groupId: Id });

// Server → client.
/** A stored message: the sender's success echo (no `code`) and what the other participants receive. */
export const ChatPlatformMessage = z.strictObject({
  eventType: z.literal(0),
  msgId: z.string(),
  channelType: z.number().int().min(1).max(3),
  fromId: Id,
  targetId: Id,
  datetime: z.number().int(),
  logId: z.string(),
  msgType: z.number().int().min(0).max(6),
  msg: Msg,
  senderInfo: z.strictObject({ nickname: z.string(), avatar: z.string() }),
});
/** A refused frame: eventType 0 with `code` and `content`, or the enter/leave reply (code 0 on success). */
export const ChatPlatformReply = z.strictObject({ eventType: z.number().int().min(0).max(2), msgId: z.string(), code: z.number().int().max(0), content: z.string() });
export const ChatPlatformNotice = z.object({ eventType: z.union([z.literal(3), z.literal(4), z.literal(5), z.literal(7), z.literal(10), z.literal(20), z.literal(21), z.literal(22), z.literal(23), z.literal(24), z.literal(31)]) }).passthrough();
/** eventType 10: a message recalled (`operateType` 1) or deleted (2); `logType` 1 group (or chatroom), 2 friend; `logId` is the message's global id; `channelType`/`targetId` (added) name its conversation. */
export const ChatPlatformMessageOperation = z.strictObject({
  eventType: z.literal(10),
  logType: z.union([z.literal(1), z.literal(2)]),
  logId: z.string(),
  operateType: z.union([z.literal(1), z.literal(2)]),
  userName: z.string(),
  channelType: z.number().int().min(1).max(3),
  targetId: Id,
  datetime: z.number().int(),
});
/** eventType 24: a group's members online now (`number` a string, as the seed's table types it). */
export const ChatPlatformOnline = z.strictObject({ eventType: z.literal(24), roomId: Id, number: z.string().regex(/^\d+$/), datetime: z.number().int() });
