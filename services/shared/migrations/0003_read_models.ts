// Read-model tables: one set per read model in projections/, each rebuilt alone from events.
// Timers and roles are written by projections too, but live in 0002 (platform tables).
// Money and positions are int8 (parsed to JS numbers by postgres/pool.ts).
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table users (
      user_id text primary key,
      phone text not null unique,
      nickname text not null,
      avatar_url text,
      created_at timestamptz not null
    );

    create table wallet_balances (
      user_id text primary key,
      cash bigint not null,
      coins bigint not null,
      income bigint not null,
      -- the wallet stream revision + 1 of the last event applied
      version bigint not null
    );

    create table ledger_entries (
      entry_id text primary key,
      user_id text not null,
      asset text not null,
      delta bigint not null,
      balance_after bigint not null,
      reason text not null,
      ref_id text not null,
      at timestamptz not null,
      position bigint not null
    );
    create index ledger_entries_user on ledger_entries (user_id, position desc, entry_id desc);

    create table recharge_orders (
      order_id text primary key,
      user_id text not null,
      asset text not null,
      amount bigint not null,
      status text not null,
      created_at timestamptz not null,
      paid_at timestamptz
    );

    create table transfers (
      transfer_id text primary key,
      from_user_id text not null,
      to_user_id text not null,
      amount bigint not null,
      note text,
      status text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      settled_at timestamptz,
      position bigint not null
    );
    create index transfers_sent on transfers (from_user_id, position desc);
    create index transfers_received on transfers (to_user_id, position desc);

    create table red_packets (
      red_packet_id text primary key,
      sender_id text not null,
      kind text not null,
      total bigint not null,
      count int not null,
      remaining_count int not null,
      remaining_amount bigint not null,
      status text not null,
      target_type text not null,
      target_id text not null,
      greeting text,
      expires_at timestamptz not null,
      created_at timestamptz not null
    );
    create table red_packet_grabs (
      red_packet_id text not null,
      user_id text not null,
      amount bigint not null,
      share_index int not null,
      at timestamptz not null,
      primary key (red_packet_id, user_id)
    );
    create index red_packet_grabs_order on red_packet_grabs (red_packet_id, share_index);

    -- Gift totals come from wallet streams, which a partitioned event source may deliver before
    -- the room's own RoomCreated: a gift may create the row, so the room's terms are nullable
    -- and status is null until the room itself is seen.
    create table rooms (
      room_id text primary key,
      title text,
      kind text,
      host_id text,
      seats int,
      status text,
      online_count int not null default 0,
      gift_total bigint not null default 0,
      created_at timestamptz
    );
    create index rooms_hot on rooms (online_count desc, gift_total desc, room_id desc) where status = 'open';
    create table room_members (
      room_id text not null,
      user_id text not null,
      position bigint not null,
      primary key (room_id, user_id)
    );

    create table groups (
      group_id text primary key,
      name text not null,
      owner_id text not null,
      created_at timestamptz not null
    );
    create table group_members (
      group_id text not null,
      user_id text not null,
      position bigint not null,
      ord int not null,
      primary key (group_id, user_id)
    );

    -- period 'day' has bucket YYYY-MM-DD (UTC), 'week' YYYY-Www (ISO week), 'all' the empty string.
    create table ranking_scores (
      board text not null,
      period text not null,
      bucket text not null,
      user_id text not null,
      score bigint not null,
      primary key (board, period, bucket, user_id)
    );
    create index ranking_scores_top on ranking_scores (board, period, bucket, score desc, user_id);

    create table withdrawals (
      withdrawal_id text primary key,
      user_id text not null,
      asset text not null,
      amount bigint not null,
      account text not null,
      status text not null,
      reason text,
      operator_id text,
      created_at timestamptz not null,
      settled_at timestamptz,
      position bigint not null
    );
    create index withdrawals_newest on withdrawals (position desc);
    create index withdrawals_status on withdrawals (status, position desc);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`drop table if exists withdrawals, ranking_scores, group_members, groups, room_members, rooms,
    red_packet_grabs, red_packets, transfers, recharge_orders, ledger_entries, wallet_balances, users`);
};
