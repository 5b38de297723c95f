// Shake history (003 /geo/getRockRecord): one row per side of each ShakeMatched event, so each
// user's matches are one index range, newest first. A projection (projections/shakes.ts): a
// rebuild refills it from the relation streams.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table shake_matches (
      user_id text not null,
      match_id text not null,
      other_id text not null,
      distance integer not null,
      shaken_at timestamptz not null,
      position bigint not null,
      primary key (user_id, match_id)
    );
    create index shake_matches_history on shake_matches (user_id, position desc, match_id);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table if exists shake_matches');
};
