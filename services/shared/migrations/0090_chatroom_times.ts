// Chatroom times (004 C1/C2 `createTime`, `openTime`, `closeTime`; issue #21): when a room was last
// opened (created or reopened) and last closed, kept by the rooms projection beside created_at.
// Rows from before this migration take their creation as their opening; a rebuild sets both from
// the log.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    alter table rooms add column opened_at timestamptz, add column closed_at timestamptz;
    update rooms set opened_at = created_at where opened_at is null;
    create index rooms_created on rooms (created_at) where status in ('open', 'closed');
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop index if exists rooms_created; alter table rooms drop column if exists opened_at, drop column if exists closed_at');
};
