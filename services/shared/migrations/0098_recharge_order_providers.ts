// The provider a recharge order was created at (issue #22, RechargeOrderCreated.provider), for GET
// /v1/recharge-orders/:orderId. Orders created before have none recorded, so there is nothing to
// backfill: their rows keep null, as a rebuild would give them.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table recharge_orders add column provider text');
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table recharge_orders drop column if exists provider');
};
