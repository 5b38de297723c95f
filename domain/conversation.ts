// A conversation: 1:1 (an ordered pair of users), a group's, or a room's (a chatroom or a live
// or voice room: one kind, since the room says which it is). Its
// stream gives every message the next seq, gap-free and never reused; recall and delete do not
// consume one. A hot chatroom is one stream serialized by its mailbox (group commit), like a hot
// red packet. Who may send is the application layer's question (membership, blocks, mutes,
// guests), passed in as `allowed`; what a message is and who may take it back is decided here.
//
// The state keeps only the last RETAINED messages (their sender and time, for recall and delete):
// a conversation's history is its read model, and a snapshot of a busy chatroom stays small.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail, type DomainErrorCode } from './errors.js';
import { PersistentMap } from './persistent.js';
import { actor, requireId } from './rules.js';

export type ConversationKind = 'dm' | 'group' | 'room';
export const messageTypes = ['text', 'image', 'voice', 'video', 'file', 'location', 'card', 'gift', 'red_packet', 'transfer', 'system', 'custom'] as const;
export type MessageType = (typeof messageTypes)[number];

/** Messages whose sender and time the state keeps (recall and delete reach no further back). */
export const RETAINED = 2000;
/** A message body as stored: at most this many bytes of JSON. */
export const MAX_BODY_BYTES = 8 * 1024;

export type MessageSent = {
  type: 'MessageSent';
  data: { conversationId: string; seq: number; messageId: string; clientMsgId: string; from: string; msgType: MessageType; body: Record<string, unknown>; at: string };
};
/** `logId`: the message's global id (its MessageSent's log position) when the application knew it; absent in older events. */
export type MessageRecalled = { type: 'MessageRecalled'; data: { conversationId: string; seq: number; messageId: string; by: string; logId?: number } };
export type MessageDeleted = { type: 'MessageDeleted'; data: { conversationId: string; seq: number; messageId: string; by: string; logId?: number } };
export type ConversationEvent = MessageSent | MessageRecalled | MessageDeleted;

type Cmd<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };
/**
 * The application layer's verdict on the sender (a member, not blocked, not muted, within its
 * rate), decided before the command and carried in it, so that a resend of a message already
 * taken is answered with the original even where a new one would now be refused.
 */
export type SendVerdict = true | { refused: DomainErrorCode; message: string; details?: Record<string, unknown> };
export type SendMessage = Cmd<
  'SendMessage',
  { conversationId: string; messageId: string; clientMsgId: string; from: string; msgType: MessageType; body: Record<string, unknown>; allowed: SendVerdict }
>;
/**
 * The sender takes a message back within `windowMs` (the app's policy). `logId` (optional): the
 * message's global id as the application found it, copied into the event so that notices name it.
 */
export type RecallMessage = Cmd<'RecallMessage', { conversationId: string; seq: number; windowMs: number; logId?: number }>;
/** The sender, or a moderator of the conversation (the application layer says so), removes it for everyone. */
export type DeleteMessage = Cmd<'DeleteMessage', { conversationId: string; seq: number; moderator: boolean; logId?: number }>;
export type ConversationCommand = SendMessage | RecallMessage | DeleteMessage;

type Retained = { messageId: string; from: string; at: number; gone?: 'recalled' | 'deleted' };
export type Conversation = { lastSeq: number; recent: PersistentMap<Retained> };

export const initialState = (): Conversation => ({ lastSeq: 0, recent: PersistentMap.empty() });

export const evolve = (s: Conversation, e: ConversationEvent): Conversation => {
  switch (e.type) {
    case 'MessageSent': {
      const recent = s.recent.set(String(e.data.seq), { messageId: e.data.messageId, from: e.data.from, at: Date.parse(e.data.at) }).delete(String(e.data.seq - RETAINED));
      return { lastSeq: e.data.seq, recent };
    }
    case 'MessageRecalled':
    case 'MessageDeleted': {
      const m = s.recent.get(String(e.data.seq));
      return m ? { ...s, recent: s.recent.set(String(e.data.seq), { ...m, gone: e.type === 'MessageRecalled' ? 'recalled' : 'deleted' }) } : s;
    }
    default:
      return s;
  }
};

const bodyBytes = (body: Record<string, unknown>): number => JSON.stringify(body).length;

const send = (c: SendMessage, s: Conversation): ConversationEvent[] => {
  const d = c.data;
  if (d.allowed !== true) return fail(d.allowed.refused, d.allowed.message, { conversationId: d.conversationId, ...d.allowed.details });
  requireId('messageId', d.messageId);
  requireId('from', d.from);
  if (typeof d.clientMsgId !== 'string' || d.clientMsgId.length === 0 || d.clientMsgId.length > 64) fail('VALIDATION_FAILED', 'clientMsgId must be 1-64 characters', { field: 'clientMsgId' });
  if (!(messageTypes as readonly string[]).includes(d.msgType)) fail('VALIDATION_FAILED', 'unknown message type', { field: 'msgType' });
  if (bodyBytes(d.body) > MAX_BODY_BYTES) fail('VALIDATION_FAILED', `a message body holds at most ${MAX_BODY_BYTES} bytes`, { field: 'body' });
  const data = { conversationId: d.conversationId, seq: s.lastSeq + 1, messageId: d.messageId, clientMsgId: d.clientMsgId, from: d.from, msgType: d.msgType, body: d.body, at: c.metadata.at };
  return [{ type: 'MessageSent', data }];
};

const retained = (s: Conversation, seq: number): Retained => {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > s.lastSeq) return fail('NOT_FOUND', 'no such message', { seq });
  return s.recent.get(String(seq)) ?? fail('RECALL_WINDOW_PASSED', `only the last ${RETAINED} messages can be taken back`, { seq });
};

/** The log id a recall or delete carries into its event: a positive safe integer, or none. */
const logIdOf = (logId: number | undefined): { logId?: number } => {
  if (logId === undefined) return {};
  if (!Number.isSafeInteger(logId) || logId < 1) return fail('VALIDATION_FAILED', 'logId must be a positive integer', { field: 'logId' });
  return { logId };
};

export const decide = (c: ConversationCommand, s: Conversation): ConversationEvent[] => {
  switch (c.type) {
    case 'SendMessage':
      return send(c, s);
    case 'RecallMessage': {
      const by = actor(c.metadata);
      const m = retained(s, c.data.seq);
      if (m.from !== by) return fail('FORBIDDEN', 'only the sender recalls a message', { seq: c.data.seq });
      if (m.gone) return [];
      if (Date.parse(c.metadata.at) - m.at > c.data.windowMs) return fail('RECALL_WINDOW_PASSED', 'too late to recall this message', { seq: c.data.seq, windowMs: c.data.windowMs });
      return [{ type: 'MessageRecalled', data: { conversationId: c.data.conversationId, seq: c.data.seq, messageId: m.messageId, by, ...logIdOf(c.data.logId) } }];
    }
    case 'DeleteMessage': {
      const by = actor(c.metadata);
      const m = retained(s, c.data.seq);
      if (m.from !== by && !c.data.moderator) return fail('FORBIDDEN', 'only the sender or a moderator deletes a message', { seq: c.data.seq });
      if (m.gone) return [];
      return [{ type: 'MessageDeleted', data: { conversationId: c.data.conversationId, seq: c.data.seq, messageId: m.messageId, by, ...logIdOf(c.data.logId) } }];
    }
    default: {
      const never: never = c;
      return never;
    }
  }
};

/** `dm:<a>:<b>` with the two ids ordered (never the same user twice); `group:<id>`; `room:<id>`. */
export const conversationId = (kind: ConversationKind, ...ids: string[]): string => (kind === 'dm' ? `dm:${[...ids].sort().join(':')}` : `${kind}:${ids[0] ?? ''}`);

export const parseConversationId = (id: string): { kind: ConversationKind; ids: string[] } | null => {
  const [kind, ...ids] = id.split(':');
  if (kind === 'dm' && ids.length === 2 && ids.every((x) => x.length > 0) && (ids[0] ?? '') < (ids[1] ?? '')) return { kind, ids };
  if ((kind === 'group' || kind === 'room') && ids.length === 1 && (ids[0] ?? '').length > 0) return { kind, ids };
  return null;
};

export const conversationStream = (id: string): string => `conversation-${id.replaceAll(':', '-')}`;

export const conversationDecider: Decider<Conversation, ConversationCommand, ConversationEvent> = { initialState, evolve, decide };
