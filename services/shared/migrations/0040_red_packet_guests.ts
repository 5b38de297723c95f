// Guest reservations of red-packet shares (projections/redPacketGuests.ts): which device holds
// which mark of which packet, and who claimed it. Sign-in reads a device's unclaimed ones.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table red_packet_guest_shares (
      red_packet_id text not null,
      mark text not null,
      device_id text not null,
      asset text not null,
      amount bigint not null,
      share_index int not null,
      reserved_at timestamptz not null,
      claimed_by text,
      claimed_at timestamptz,
      primary key (red_packet_id, mark)
    );
    create index red_packet_guest_shares_device on red_packet_guest_shares (device_id) where claimed_by is null;
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`drop table if exists red_packet_guest_shares;`);
};
