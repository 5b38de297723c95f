// Ranking scores are updated in place (HOT): the score is no longer indexed.
//
// Why: every gift adds to six scores, and a streamer's three charm rows are updated by every
// projector batch. With `score` in an index, each update wrote a new index entry in both
// indexes and left dead ones behind; under the hot streamer the upsert cost ~46 µs per row and
// was the largest read-model statement (pg_stat_statements, `npm run bench -- --pg-stats`).
// Without it, and with room left in each page (fillfactor 70), an update stays on its page and
// touches no index: ~19 µs per row, measured the same way.
//
// The cost moves to the read: a board's top N now sorts that board's rows for the period
// (found through the primary key's (board, period, bucket) prefix), which is cheap for the
// boards a room or a day produces and is read far less often than it is written.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw('drop index ranking_scores_top');
  await knex.raw('alter table ranking_scores set (fillfactor = 70)');
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table ranking_scores reset (fillfactor)');
  await knex.raw('create index ranking_scores_top on ranking_scores (board, period, bucket, score desc, user_id)');
};
