// Messaging read models (projections/messages.ts, projections/inbox.ts).
//
// - message_log: every message of a conversation by seq (history by cursor both ways, offline
//   catch-up "after seq n"); recalled and deleted ones keep their row, marked.
// - conversation_heads: each conversation's last seq and last message, one row per conversation:
//   unread counts are computed on read (last seq − the reader's cursor), never stored per member
//   per message, so a message to a 500-member group writes one row here, not 500.
// - dm_participants: who is in a 1:1 conversation (two rows, written by its first message).
// - inbox_conversations: a reader's cursor and settings per conversation (own messages count as
//   read: the sender's cursor moves with each message it sends). A hidden conversation keeps the
//   seq it was hidden at and shows again when a later message arrives.
// - hidden_messages (deleted for me) and favorites.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table message_log (
      conversation_id text not null,
      seq bigint not null,
      message_id text not null unique,
      client_msg_id text not null,
      from_id text not null,
      msg_type text not null,
      body jsonb not null,
      at timestamptz not null,
      recalled_at timestamptz,
      deleted_at timestamptz,
      primary key (conversation_id, seq)
    );
    create table conversation_heads (
      conversation_id text primary key,
      kind text not null,
      last_seq bigint not null,
      last_message jsonb not null,
      last_at timestamptz not null
    ) with (fillfactor = 70);
    create table dm_participants (
      user_id text not null,
      conversation_id text not null,
      peer_id text not null,
      primary key (user_id, conversation_id)
    );
    create table inbox_conversations (
      user_id text not null,
      conversation_id text not null,
      read_seq bigint not null default 0,
      pinned boolean not null default false,
      muted boolean not null default false,
      hidden_seq bigint,
      skin text,
      primary key (user_id, conversation_id)
    ) with (fillfactor = 70);
    create table hidden_messages (
      user_id text not null,
      conversation_id text not null,
      seq bigint not null,
      primary key (user_id, conversation_id, seq)
    );
    create table favorites (
      user_id text not null,
      favorite_id text not null,
      conversation_id text not null,
      seq bigint not null,
      at timestamptz not null,
      position bigint not null,
      primary key (user_id, favorite_id)
    );
    create index favorites_by_user on favorites (user_id, position desc);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table if exists favorites, hidden_messages, inbox_conversations, dm_participants, conversation_heads, message_log');
};
