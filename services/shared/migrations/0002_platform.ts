// Platform tables: consumer checkpoints, snapshots, idempotency records, durable timers, auth.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table consumer_checkpoints (
      name text not null,
      partition text not null,
      position bigint not null,
      updated_at timestamptz not null default now(),
      primary key (name, partition)
    );
    create table snapshots (
      stream_id text primary key,
      version int not null,
      revision bigint not null,
      body jsonb not null
    );
    -- Idempotency-Key records: the original status and body, for at least the configured TTL.
    create table idempotency_keys (
      user_id text not null,
      key text not null,
      request_hash text not null,
      status_code int,
      body jsonb,
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      primary key (user_id, key)
    );
    create index idempotency_keys_created on idempotency_keys (created_at);
    -- Durable timers ("do X at time T"), written by the timers projection from events.
    create table timers (
      timer_id text primary key,
      due_at timestamptz not null,
      kind text not null,
      payload jsonb not null,
      cause_event_id text not null
    );
    create index timers_due on timers (due_at);
    create table sessions (
      token_hash text primary key,
      user_id text not null,
      roles text[] not null default '{}',
      expires_at timestamptz not null,
      created_at timestamptz not null default now()
    );
    create index sessions_user on sessions (user_id);
    create table sms_codes (
      phone text primary key,
      code_hash text not null,
      sent_at timestamptz not null,
      expires_at timestamptz not null,
      failed_attempts int not null default 0
    );
    create table roles (
      user_id text not null,
      role text not null,
      primary key (user_id, role)
    );
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table if exists roles, sms_codes, sessions, timers, idempotency_keys, snapshots, consumer_checkpoints');
};
