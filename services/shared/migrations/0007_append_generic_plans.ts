// es_append_many plans its statements once per connection, not once per call.
//
// Why: a plpgsql statement is a cached plan, but with the default plan_cache_mode PostgreSQL
// keeps choosing a custom plan when the statement takes arrays, and so re-plans the function's
// CTEs on every call. Under a hot packet that planning was as costly as the statements
// themselves (pg_stat_statements with track_planning: ~1 ms of planning per call, against
// ~1.9 ms of execution). Every statement in the function is a probe by key or a set-based
// write whose plan does not depend on the values, so the generic plan is the right one.
import type { Knex } from 'knex';

const signature = 'es_append_many(text[], text[], bigint[], int[], uuid[], text[], jsonb[], jsonb[])';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`alter function ${signature} set plan_cache_mode = force_generic_plan`);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`alter function ${signature} reset plan_cache_mode`);
};
