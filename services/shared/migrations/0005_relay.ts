// The relay's checkpoint: the highest global position whose event the broker acknowledged.
// One row per relay name; written after each acknowledged batch (see services/relay/relay.ts).
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table relay_checkpoints (
      name text primary key,
      position bigint not null,
      updated_at timestamptz not null default now()
    )
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table relay_checkpoints');
};
