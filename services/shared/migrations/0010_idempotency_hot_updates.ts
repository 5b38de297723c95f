// An Idempotency-Key's row is completed in place (HOT): each page keeps room for it.
//
// Why: a keyed command inserts its row (the claim) and then updates it with the answer. With
// full pages the updated row moved to another page, so the update also wrote a new entry in
// both indexes and left dead ones behind; under the hot streamer the completion was the
// largest PostgreSQL statement after the append itself. With room left in each page for the
// completed version (fillfactor 40) it stays on its page and no index is touched (neither index
// covers a column the completion changes). Measured with 400 batches of 45 claims and
// completions: HOT updates 14 % → 90 %, the primary key 29 % smaller, the batches ~12 % faster.
// The heap does not grow: a full page's dead versions took the same room.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table idempotency_keys set (fillfactor = 40)');
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table idempotency_keys reset (fillfactor)');
};
