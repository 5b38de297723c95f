// When each friend row last changed (004 F1's incremental `time`; issue #21): made, or its owner's
// remark, commonly-used mark, do-not-disturb or sticky-on-top changed (projections/friendTouches.ts).
// Existing rows start at their `since`; a rebuild of the friends read model stamps the later
// changes from the log. Null is read as `since` (rows written without it).
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table friendships add column changed_at timestamptz; update friendships set changed_at = since');
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table friendships drop column if exists changed_at');
};
