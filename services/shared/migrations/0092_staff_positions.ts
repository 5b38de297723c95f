// Internal staff's job titles (004 `position`, shown only between staff; issue #21): kept on the
// users read model from StaffPositionSet. Null: not staff.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table users add column staff_position text');
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table users drop column if exists staff_position');
};
