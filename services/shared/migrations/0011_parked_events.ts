// parked_events: what a consumer could not apply, kept for an operator instead of stopping it.
//
// Why: a read model that threw, or a process-manager step that kept failing, used to stop its
// consumer for good (every later event waited behind it), and a step the domain refused was only
// logged. Now the consumer writes the event here and goes on; health and metrics count the open
// rows, `npm run admin -- parked` lists them and `retry-parked` applies them again.
//
// One row per (consumer, event): a redelivered event that fails again updates its row. The log
// columns (position, stream, revision) are null for a timer, whose row says what it was in
// `detail`. Status: parked (waiting), retried (an operator's retry failed again; still waiting,
// with that error), resolved (a retry applied it).
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table parked_events (
      id bigserial primary key,
      consumer text not null,
      partition text not null,
      position bigint,
      stream_id text,
      revision bigint,
      event_id text not null,
      type text not null,
      detail jsonb,
      error_code text,
      error_message text not null,
      error_stack text,
      attempts int not null default 1,
      status text not null default 'parked' check (status in ('parked', 'retried', 'resolved')),
      parked_at timestamptz not null default now(),
      retried_at timestamptz,
      resolved_at timestamptz,
      unique (consumer, event_id)
    );
    create index parked_events_open on parked_events (consumer, id) where status <> 'resolved';
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table parked_events');
};
