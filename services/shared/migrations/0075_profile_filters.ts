// Sex and birthday in the users read model, for the nearby filters (GET /v1/geo/nearby?sex=&minAge=&maxAge=).
// The account stream holds them (ProfileDetailsUpdated); the users projection copies them here.
// Rows of users who set them before this migration are filled by rebuilding `users` from the log
// (`audit rebuild users --swap`). No index: the filters are applied to the rows a nearest-first
// walk of user_locations reads (projections/locations.ts), joined by primary key.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    alter table users add column sex text not null default 'unknown';
    alter table users add column birthday date;
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    alter table users drop column birthday;
    alter table users drop column sex;
  `);
};
