// Ended friendships (004 F1's incremental `time` with `isDelete` 2; issue #21): one row per side
// of each FriendRemoved, so a client that synced at time T learns which friends it must drop. A
// friendship made again removes the row. A projection (projections/friends.ts): a rebuild refills
// it from the relation streams.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table friendship_ends (
      user_id text not null,
      friend_id text not null,
      ended_at timestamptz not null,
      position bigint not null,
      primary key (user_id, friend_id)
    );
    create index friendship_ends_since on friendship_ends (user_id, ended_at);
    create index friendships_since on friendships (user_id, since);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop index if exists friendships_since; drop table if exists friendship_ends');
};
