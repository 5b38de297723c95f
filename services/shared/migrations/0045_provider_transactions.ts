// provider_transactions: which recharge order each payment provider transaction paid.
//
// A recharge order confirms once per order (its stream), but one provider transaction must also pay
// at most one order: an Apple receipt's transaction sent with two orders, or a forged mapping of a
// real Alipay trade to another order, would otherwise credit twice. The first order to claim a
// transaction keeps it (primary key, insert … on conflict do nothing); a claim by another order is
// refused before any command is sent. A retry for the same order finds its own claim and goes on.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table provider_transactions (
      provider text not null,
      provider_tx_id text not null,
      order_id text not null,
      claimed_at timestamptz not null default now(),
      primary key (provider, provider_tx_id)
    );
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table if exists provider_transactions');
};
