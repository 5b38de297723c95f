// payout_account_numbers: the full number of each payout account (bank card, Alipay account),
// named by the account id the `payout-<userId>` stream records. Like pay password hashes and the
// real-name vault, the full value is a row here and never an event: the log is exported,
// replicated and read by auditors, and keeps only masked numbers. Removing an account deletes it.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table payout_account_numbers (
      account_id text primary key,
      user_id text not null,
      number text not null,
      created_at timestamptz not null default now()
    );
    create index payout_account_numbers_user on payout_account_numbers (user_id);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table if exists payout_account_numbers');
};
