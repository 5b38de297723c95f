// RoomDetails: rooms (live, voice and chatrooms) with who is in them, their mutes, and the
// lists by status, kind and title (queries in roomViews.ts). Gift totals grow from the senders'
// wallet GiftSent events that name a room.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Membership statements are keyed upserts and
// deletes, and online and guest counts are set from the event, so repeating a room event is
// harmless; the gift total is an increment and relies on the checkpoint.
import type { StoredEvent } from '../domain/events.js';
import type { Projection, Tx } from './projection.js';
import { handling } from './support.js';

const JOIN = `with m as (insert into room_members (room_id, user_id, position) values ($1, $2, $4) on conflict do nothing)
  update rooms set online_count = $3 where room_id = $1 and status = 'open'`;
const LEAVE = `with m as (delete from room_members where room_id = $1 and user_id = $2)
  update rooms set online_count = $3 where room_id = $1 and status = 'open'`;
const GUESTS = `update rooms set guest_count = $2 where room_id = $1 and status = 'open'`;
const GUEST_COUNTS = `update rooms set guest_count = x.n from unnest($1::text[], $2::int[]) as x(r, n) where rooms.room_id = x.r and rooms.status = 'open'`;
// A gift may have created the row first (see migration 0003); the room's terms fill it in.
const CREATE = `insert into rooms (room_id, title, kind, host_id, seats, avatar_url, guests, status, created_at, opened_at) values ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $8)
  on conflict (room_id) do update set title = excluded.title, kind = excluded.kind, host_id = excluded.host_id, seats = excluded.seats,
    avatar_url = excluded.avatar_url, guests = excluded.guests, status = excluded.status, created_at = excluded.created_at, opened_at = excluded.opened_at
  where rooms.status is null`;
const CLOSE = `with m as (delete from room_members where room_id = $1)
  update rooms set status = 'closed', online_count = 0, guest_count = 0, closed_at = $2 where room_id = $1 and status = 'open'`;
// The row stays, marked (a late gift must not make it a gift-only row again); no query shows it.
const DELETE = `with m as (delete from room_members where room_id = $1), x as (delete from room_mutes where room_id = $1)
  update rooms set status = 'deleted', online_count = 0, guest_count = 0 where room_id = $1 and status in ('open', 'closed')`;

const handled = handling([
  'RoomCreated',
  'RoomMemberJoined',
  'RoomMemberLeft',
  'RoomMemberBanned',
  'RoomClosed',
  'RoomReopened',
  'RoomDeleted',
  'RoomDetailsChanged',
  'RoomGuestEntered',
  'RoomGuestLeft',
  'RoomMemberMuted',
  'RoomMemberUnmuted',
  'GiftSent',
] as const);

export const roomsProjection: Projection = {
  name: 'rooms',
  tables: ['rooms', 'room_members', 'room_mutes'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    switch (e.type) {
      case 'RoomCreated': {
        const d = e.data;
        await tx.query(CREATE, [d.roomId, d.title, d.kind, d.hostId, d.seats ?? null, d.avatarUrl ?? null, d.guests === true, event.metadata.at]);
        return;
      }
      case 'RoomMemberJoined':
        await tx.query(JOIN, [e.data.roomId, e.data.userId, e.data.onlineCount, event.position]);
        return;
      case 'RoomMemberLeft':
      case 'RoomMemberBanned':
        await tx.query(LEAVE, [e.data.roomId, e.data.userId, e.data.onlineCount]);
        return;
      case 'RoomGuestEntered':
      case 'RoomGuestLeft':
        await tx.query(GUESTS, [e.data.roomId, e.data.guestCount]);
        return;
      case 'RoomClosed':
        await tx.query(CLOSE, [e.data.roomId, event.metadata.at]);
        return;
      case 'RoomReopened':
        await tx.query(`update rooms set status = 'open', opened_at = $2 where room_id = $1 and status = 'closed'`, [e.data.roomId, event.metadata.at]);
        return;
      case 'RoomDeleted':
        await tx.query(DELETE, [e.data.roomId]);
        return;
      case 'RoomDetailsChanged':
        await tx.query(`update rooms set title = coalesce($2, title), avatar_url = coalesce($3, avatar_url) where room_id = $1 and status in ('open', 'closed')`, [
          e.data.roomId,
          e.data.title ?? null,
          e.data.avatarUrl ?? null,
        ]);
        return;
      case 'RoomMemberMuted':
        await tx.query(`insert into room_mutes (room_id, user_id, until) values ($1, $2, $3) on conflict (room_id, user_id) do update set until = excluded.until`, [
          e.data.roomId,
          e.data.userId,
          e.data.until,
        ]);
        return;
      case 'RoomMemberUnmuted':
        await tx.query('delete from room_mutes where room_id = $1 and user_id = $2', [e.data.roomId, e.data.userId]);
        return;
      case 'GiftSent': {
        const roomId = e.data.roomId;
        if (roomId === undefined) return;
        await tx.query(
          `insert into rooms (room_id, gift_total) values ($1, $2)
           on conflict (room_id) do update set gift_total = rooms.gift_total + excluded.gift_total`,
          [roomId, e.data.coinsSpent],
        );
        return;
      }
      default:
        return;
    }
  },
  // Gift totals are increments that no other room event reads or writes, so they are summed per
  // room and added once, after the rest. The rest keeps its order: a run of joins, leaves and
  // guest counts between the other room events (which go one by one) is at most four
  // statements, see applyMembers.
  async applyBatch(tx, events) {
    const gifts = new Map<string, number>();
    let run: Membership[] = [];
    let guests = new Map<string, number>();
    const flush = async () => {
      if (run.length === 1) {
        const only = run[0];
        if (only) await roomsProjection.apply(tx, only.event);
      } else if (run.length > 1) await applyMembers(tx, run);
      // Guest counts touch only guest_count, which no membership statement reads or writes.
      if (guests.size > 0) await tx.query(GUEST_COUNTS, [[...guests.keys()], [...guests.values()]]);
      run = [];
      guests = new Map();
    };
    for (const event of events) {
      const e = handled.of(event);
      if (!e) continue;
      switch (e.type) {
        case 'GiftSent':
          if (e.data.roomId !== undefined) gifts.set(e.data.roomId, (gifts.get(e.data.roomId) ?? 0) + e.data.coinsSpent);
          break;
        case 'RoomMemberJoined':
          run.push({ event, roomId: e.data.roomId, userId: e.data.userId, onlineCount: e.data.onlineCount, joined: true });
          break;
        case 'RoomMemberLeft':
        case 'RoomMemberBanned':
          run.push({ event, roomId: e.data.roomId, userId: e.data.userId, onlineCount: e.data.onlineCount, joined: false });
          break;
        case 'RoomGuestEntered':
        case 'RoomGuestLeft':
          guests.set(e.data.roomId, e.data.guestCount);
          break;
        case 'RoomCreated':
        case 'RoomClosed':
        case 'RoomReopened':
        case 'RoomDeleted':
        case 'RoomDetailsChanged':
        case 'RoomMemberMuted':
        case 'RoomMemberUnmuted':
          await flush();
          await roomsProjection.apply(tx, event);
          break;
        default:
          break;
      }
    }
    await flush();
    if (gifts.size === 0) return;
    await tx.query(
      `insert into rooms (room_id, gift_total) select * from unnest($1::text[], $2::bigint[])
       on conflict (room_id) do update set gift_total = rooms.gift_total + excluded.gift_total`,
      [[...gifts.keys()], [...gifts.values()].map(String)],
    );
  },
};

type Membership = { event: StoredEvent; roomId: string; userId: string; onlineCount: number; joined: boolean };

/**
 * Joins and leaves with no create or close between them, with the effect of JOIN and LEAVE in
 * turn: per member, a leave deletes the row and the first join after the last leave inserts it
 * (a join with no leave before it keeps a row already there, as ON CONFLICT DO NOTHING does);
 * per room, the last event sets the online count of an open room.
 */
const applyMembers = async (tx: Tx, run: readonly Membership[]) => {
  const members = new Map<string, { roomId: string; userId: string; left: boolean; joinedAt: number | null }>();
  const counts = new Map<string, number>();
  for (const m of run) {
    const key = JSON.stringify([m.roomId, m.userId]);
    const row = members.get(key) ?? { roomId: m.roomId, userId: m.userId, left: false, joinedAt: null };
    if (!m.joined) {
      row.left = true;
      row.joinedAt = null;
    } else row.joinedAt ??= m.event.position;
    members.set(key, row);
    counts.set(m.roomId, m.onlineCount);
  }
  const rows = [...members.values()];
  const left = rows.filter((r) => r.left);
  if (left.length > 0) {
    await tx.query('delete from room_members m using unnest($1::text[], $2::text[]) as x(r, u) where m.room_id = x.r and m.user_id = x.u', [
      left.map((r) => r.roomId),
      left.map((r) => r.userId),
    ]);
  }
  const joined = rows.flatMap((r) => (r.joinedAt === null ? [] : [{ ...r, joinedAt: r.joinedAt }]));
  if (joined.length > 0) {
    await tx.query(
      `insert into room_members (room_id, user_id, position) select * from unnest($1::text[], $2::text[], $3::bigint[]) on conflict do nothing`,
      [joined.map((r) => r.roomId), joined.map((r) => r.userId), joined.map((r) => String(r.joinedAt))],
    );
  }
  await tx.query(
    `update rooms set online_count = x.n from unnest($1::text[], $2::int[]) as x(r, n) where rooms.room_id = x.r and rooms.status = 'open'`,
    [[...counts.keys()], [...counts.values()]],
  );
};
