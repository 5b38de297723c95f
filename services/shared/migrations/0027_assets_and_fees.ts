// Read-model columns for assets beyond cash/coins/income, instant payments and withdrawal fees.
//
// - wallet_balances.assets: the balances of every other asset (bty, ycc, ...) as a JSON object;
//   cash, coins and income keep their columns, so existing readers are unchanged.
// - transfers.asset / instant, red_packets.asset: what a transfer or packet moves (cash before
//   assets existed, hence the default) and whether a transfer was paid at once.
// - withdrawals.fee: held with the amount, paid to the platform on approval, returned on rejection.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    alter table wallet_balances add column assets jsonb not null default '{}'::jsonb;
    alter table transfers add column asset text not null default 'cash', add column instant boolean not null default false;
    alter table red_packets add column asset text not null default 'cash';
    alter table withdrawals add column fee bigint not null default 0;
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    alter table withdrawals drop column if exists fee;
    alter table red_packets drop column if exists asset;
    alter table transfers drop column if exists instant, drop column if exists asset;
    alter table wallet_balances drop column if exists assets;
  `);
};
