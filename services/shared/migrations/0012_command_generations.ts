// Idempotency keys carry their command: a generation and the id the command creates.
//
// Why: a keyed command that creates a stream (a recharge order, a room, a group) drew the new
// id inside the retried code, so a retry after a crash (or after another process took over a
// stale claim) created a second stream. The id is now allocated once, with the claim, and every
// retry of that claim reuses it. And a key reused after its TTL silently replayed the old
// answer, because the command id derived from (user, key) alone: after the TTL the key now
// starts a new generation, whose command id differs, so it acts once more (as documented).
//
// The stored answer changes form (the typed result of the use case, or its coded error, instead
// of an HTTP status and body), so answers stored before this migration are dropped: a retry of
// such a key runs its command again with the same command id (generation 0 derives the old id),
// and the command bus answers it with the first run's events.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    delete from idempotency_keys;
    -- outcome: 'ok' (body is the result) or 'error' (body is {code, message, details}).
    alter table idempotency_keys
      add column generation int not null default 0,
      add column allocated_id text,
      add column outcome text,
      drop column status_code;
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    delete from idempotency_keys;
    alter table idempotency_keys drop column generation, drop column allocated_id, drop column outcome, add column status_code int;
  `);
};
