// Push read model: every message the push service announces, numbered per channel.
//
// - push_channels holds each channel's counter. The projector takes the next seq with an
//   upsert on this row inside its batch transaction, so the row lock orders concurrent writers
//   and commit order equals seq order: seq rises by exactly one per channel, with no holes.
// - push_messages keeps the last PUSH_HISTORY_LIMIT messages of a channel for resume;
//   oldest_seq says where the retained range starts, so a resume knows when it is too old.
// - push_red_packet_channels remembers where a red packet was sent, because a grab event does
//   not repeat its target.
// The checkpoint lives in consumer_checkpoints (0002).
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table push_channels (
      channel text primary key,
      last_seq bigint not null,
      oldest_seq bigint not null default 1
    );
    create table push_messages (
      channel text not null,
      seq bigint not null,
      type text not null,
      data jsonb not null,
      at timestamptz not null,
      primary key (channel, seq)
    );
    create table push_red_packet_channels (
      red_packet_id text primary key,
      channel text not null
    );
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table if exists push_red_packet_channels, push_messages, push_channels');
};
