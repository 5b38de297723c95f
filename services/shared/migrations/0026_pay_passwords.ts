// pay_password_credentials: the slow salted hash of each pay password a user set, named by the
// credential id the `paypwd-<userId>` stream records as current.
//
// Why a table and not the event: a pay password is usually six digits, so any hash of it falls to
// an offline search of a million candidates, and the log is exported, replicated (Kafka) and
// readable by auditors, forever. Here the hash sits with the other secrets (sessions, SMS codes),
// can be deleted, and leaves with no export. A replaced credential is deleted once the new one is
// current; a row no event names (a crash between the two) is never read and goes with the next set.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table pay_password_credentials (
      credential_id text primary key,
      user_id text not null,
      hash text not null,
      created_at timestamptz not null default now()
    );
    create index pay_password_credentials_user on pay_password_credentials (user_id);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table if exists pay_password_credentials');
};
