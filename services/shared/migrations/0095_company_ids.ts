// A user's company id (004 `com_id`, shown in /user/userInfo to administrators only; issue #21):
// kept on the users read model from CompanyIdSet, beside the staff title. Null: none.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table users add column company_id text');
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table users drop column if exists company_id');
};
