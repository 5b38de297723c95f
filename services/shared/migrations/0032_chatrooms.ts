// Chatrooms in the rooms read model (projections/rooms.ts, projections/roomViews.ts).
//
// - rooms: an avatar, whether guests may enter and how many are inside. `status` also takes
//   'deleted': the row stays (a late gift must not bring it back as a room-less gift row) but no
//   query shows it.
// - rooms_closed: closed rooms are listed too now (`?status=closed`), in the same order as the
//   open ones (rooms_hot).
// - room_mutes: who is muted until when, for the host's and operators' view of a room. A mute
//   past its end stays until lifted or replaced; queries show those still in force.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    alter table rooms
      add column avatar_url text,
      add column guests boolean not null default false,
      add column guest_count int not null default 0;
    create index rooms_closed on rooms (online_count desc, gift_total desc, room_id desc) where status = 'closed';
    create table room_mutes (
      room_id text not null,
      user_id text not null,
      until timestamptz not null,
      primary key (room_id, user_id)
    );
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    drop table if exists room_mutes;
    drop index if exists rooms_closed;
    alter table rooms drop column if exists guest_count, drop column if exists guests, drop column if exists avatar_url;
  `);
};
