// Messaging: every message by conversation and seq (and by its global log id, the position of its
// MessageSent event), each conversation's head (last seq and last message), who is in a 1:1, and
// each reader's side (cursor, settings, messages hidden for them, favorites). Queries are in
// messagingQueries.ts.
//
// Fan-out happens on read: a message writes its row and its conversation's head, never one row
// per member. Unread = head.last_seq − the reader's cursor. A sender has read what it sent: its
// cursor moves with each message. A member added to a group starts reading at the group's head.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Every statement is a keyed upsert, a keyed delete
// or an update guarded by seq, so repeating an event changes nothing.
import type { StoredEvent } from '../domain/events.js';
import type { EventOf } from '../domain/index.js';
import { parseConversationId } from '../domain/conversation.js';
import type { Projection, Tx } from './projection.js';
import { handling } from './support.js';

const handled = handling([
  'MessageSent',
  'MessageRecalled',
  'MessageDeleted',
  'ConversationRead',
  'ConversationSettingChanged',
  'ChatSkinSet',
  'MessageHiddenForMe',
  'FavoriteAdded',
  'FavoriteRemoved',
  'ContentFavoriteAdded',
  'GroupMembersAdded',
] as const);

type Sent = StoredEvent & EventOf<'MessageSent'>;

/** What a conversation's head shows of its last message; `logId` is the message's global id (its event's position). */
const headOf = (e: Sent, state: 'sent') => {
  const d = e.data;
  return { seq: d.seq, logId: e.position, messageId: d.messageId, from: d.from, msgType: d.msgType, body: d.body, at: d.at, state };
};

/**
 * A run of sends in one statement: their rows, each conversation's new head, each sender's
 * cursor, and the participants of any 1:1 they open. A hot chatroom's batch is one statement.
 */
const applySends = async (tx: Tx, sends: readonly Sent[]) => {
  const heads = new Map<string, Sent>();
  const cursors = new Map<string, { userId: string; conversationId: string; seq: number }>();
  const dms = new Map<string, [string, string]>();
  for (const e of sends) {
    const d = e.data;
    heads.set(d.conversationId, e);
    cursors.set(JSON.stringify([d.from, d.conversationId]), { userId: d.from, conversationId: d.conversationId, seq: d.seq });
    const c = parseConversationId(d.conversationId);
    if (c?.kind === 'dm' && c.ids[0] !== undefined && c.ids[1] !== undefined) dms.set(d.conversationId, [c.ids[0], c.ids[1]]);
  }
  const h = [...heads.values()];
  const r = [...cursors.values()];
  const dm = [...dms.entries()];
  await tx.query(
    `with m as (
       insert into message_log (conversation_id, seq, message_id, client_msg_id, from_id, msg_type, body, at, log_id)
       select * from unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[], $19::bigint[])
       on conflict do nothing),
     h as (
       insert into conversation_heads (conversation_id, kind, last_seq, last_message, last_at)
       select x.c, split_part(x.c, ':', 1), x.s, x.m, x.a from unnest($9::text[], $10::bigint[], $11::jsonb[], $12::timestamptz[]) as x(c, s, m, a)
       on conflict (conversation_id) do update set last_seq = excluded.last_seq, last_message = excluded.last_message, last_at = excluded.last_at
       where conversation_heads.last_seq < excluded.last_seq),
     r as (
       insert into inbox_conversations (user_id, conversation_id, read_seq)
       select * from unnest($13::text[], $14::text[], $15::bigint[])
       on conflict (user_id, conversation_id) do update set read_seq = greatest(inbox_conversations.read_seq, excluded.read_seq))
     insert into dm_participants (user_id, conversation_id, peer_id)
     select * from unnest($16::text[] || $17::text[], $18::text[] || $18::text[], $17::text[] || $16::text[])
     on conflict do nothing`,
    [
      sends.map((e) => e.data.conversationId),
      sends.map((e) => String(e.data.seq)),
      sends.map((e) => e.data.messageId),
      sends.map((e) => e.data.clientMsgId),
      sends.map((e) => e.data.from),
      sends.map((e) => e.data.msgType),
      sends.map((e) => JSON.stringify(e.data.body)),
      sends.map((e) => e.data.at),
      h.map((e) => e.data.conversationId),
      h.map((e) => String(e.data.seq)),
      h.map((e) => JSON.stringify(headOf(e, 'sent'))),
      h.map((e) => e.data.at),
      r.map((x) => x.userId),
      r.map((x) => x.conversationId),
      r.map((x) => String(x.seq)),
      dm.map(([, [a]]) => a),
      dm.map(([, [, b]]) => b),
      dm.map(([id]) => id),
      sends.map((e) => String(e.position)),
    ],
  );
};

/** A recalled or deleted message keeps its row, marked; the head shows it so if it is the last. */
const markGone = (tx: Tx, d: { conversationId: string; seq: number }, column: 'recalled_at' | 'deleted_at', state: 'recalled' | 'deleted', at: string) =>
  tx.query(
    `with m as (update message_log set ${column} = coalesce(${column}, $3) where conversation_id = $1 and seq = $2)
     update conversation_heads set last_message = jsonb_set(last_message, '{state}', to_jsonb($4::text))
     where conversation_id = $1 and last_seq = $2`,
    [d.conversationId, d.seq, at, state],
  );

const HEAD_SEQ = `coalesce((select last_seq from conversation_heads where conversation_id = $2), 0)`;

/** One setting of a reader's conversation; `hidden_seq` is the head's seq when hidden (or null). */
const upsertInbox = (tx: Tx, userId: string, conversationId: string, column: 'pinned' | 'muted' | 'skin' | 'hidden_seq', value: boolean | string | null) =>
  tx.query(
    `insert into inbox_conversations (user_id, conversation_id, ${column})
     values ($1, $2, ${column === 'hidden_seq' ? `case when $3::boolean then ${HEAD_SEQ} end` : '$3'})
     on conflict (user_id, conversation_id) do update set ${column} = excluded.${column}`,
    [userId, conversationId, value],
  );

const applyOne = async (tx: Tx, event: StoredEvent): Promise<void> => {
  const e = handled.of(event);
  if (!e) return;
  switch (e.type) {
    case 'MessageSent':
      return applySends(tx, [e]);
    case 'MessageRecalled':
      await markGone(tx, e.data, 'recalled_at', 'recalled', event.metadata.at);
      return;
    case 'MessageDeleted':
      await markGone(tx, e.data, 'deleted_at', 'deleted', event.metadata.at);
      return;
    case 'ConversationRead':
      await tx.query(
        `insert into inbox_conversations (user_id, conversation_id, read_seq) values ($1, $2, $3)
         on conflict (user_id, conversation_id) do update set read_seq = greatest(inbox_conversations.read_seq, excluded.read_seq)`,
        [e.data.userId, e.data.conversationId, e.data.seq],
      );
      return;
    case 'ConversationSettingChanged': {
      const { userId, conversationId, setting, on } = e.data;
      // Hidden until a message after the one it was hidden at.
      await upsertInbox(tx, userId, conversationId, setting === 'hidden' ? 'hidden_seq' : setting, on);
      return;
    }
    case 'ChatSkinSet':
      await upsertInbox(tx, e.data.userId, e.data.conversationId, 'skin', e.data.skin);
      return;
    case 'MessageHiddenForMe':
      await tx.query('insert into hidden_messages (user_id, conversation_id, seq) values ($1, $2, $3) on conflict do nothing', [e.data.userId, e.data.conversationId, e.data.seq]);
      return;
    case 'FavoriteAdded': {
      const d = e.data;
      await tx.query(
        `insert into favorites (user_id, favorite_id, conversation_id, seq, at, position) values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
        [d.userId, d.favoriteId, d.conversationId, d.seq, event.metadata.at, event.position],
      );
      return;
    }
    case 'ContentFavoriteAdded': {
      const d = e.data;
      await tx.query(
        `insert into favorites (user_id, favorite_id, category, content, from_id, from_name, from_head_url, at, position)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing`,
        [d.userId, d.favoriteId, d.category, d.content, d.fromId, d.fromName, d.fromHeadUrl, event.metadata.at, event.position],
      );
      return;
    }
    case 'FavoriteRemoved':
      await tx.query('delete from favorites where user_id = $1 and favorite_id = $2', [e.data.userId, e.data.favoriteId]);
      return;
    case 'GroupMembersAdded':
      await tx.query(
        `insert into inbox_conversations (user_id, conversation_id, read_seq)
         select u, $2, ${HEAD_SEQ} from unnest($1::text[]) as u
         on conflict (user_id, conversation_id) do update set read_seq = greatest(inbox_conversations.read_seq, excluded.read_seq)`,
        [e.data.userIds, `group:${e.data.groupId}`],
      );
      return;
    default:
      return;
  }
};

export const messagingProjection: Projection = {
  name: 'messaging',
  tables: ['message_log', 'conversation_heads', 'dm_participants', 'inbox_conversations', 'hidden_messages', 'favorites'],
  handles: handled.types,
  apply: applyOne,
  // Runs of sends go together (one statement per run); anything else goes alone, in order.
  async applyBatch(tx, events) {
    let run: Sent[] = [];
    for (const event of events) {
      const e = handled.of(event);
      if (e?.type === 'MessageSent') {
        run.push(e);
        continue;
      }
      if (run.length > 0) await applySends(tx, run);
      run = [];
      await applyOne(tx, event);
    }
    if (run.length > 0) await applySends(tx, run);
  },
};
