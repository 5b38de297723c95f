// Read models of identity (issue #16): an account made by a third-party login has no phone until
// it binds one; search by phone honours the owner's `searchMobile`; display_numbers maps each
// display number to its user (retired numbers stay, marked, so they are never shown as someone's).
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    alter table users alter column phone drop not null;
    alter table users add column search_mobile boolean not null default true;
    create table display_numbers (
      display_number text primary key,
      user_id text not null,
      status text not null,
      assigned_at timestamptz not null,
      retired_at timestamptz
    );
    create unique index display_numbers_active_user on display_numbers (user_id) where status = 'active';
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    drop table if exists display_numbers;
    alter table users drop column search_mobile;
    -- A rebuild refills users; rows without a phone cannot satisfy the old constraint.
    delete from users where phone is null;
    alter table users alter column phone set not null;
  `);
};
