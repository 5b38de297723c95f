// RoomDetails: rooms with who is in them, and the open rooms hottest first, for /v1/rooms.
// Gift totals grow from the senders' wallet GiftSent events that name a room.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Membership statements are keyed upserts and
// deletes, and online counts are set from the event, so repeating a room event is harmless;
// the gift total is an increment and relies on the checkpoint.
import type { RoomKind } from '../domain/room.js';
import type { StoredEvent } from '../domain/events.js';
import type { Projection, Tx } from './projection.js';
import { decodeCursor, handling, int, page, type Db, type Page, type PageRequest } from './support.js';


const JOIN = `with m as (insert into room_members (room_id, user_id, position) values ($1, $2, $4) on conflict do nothing)
  update rooms set online_count = $3 where room_id = $1 and status = 'open'`;
const LEAVE = `with m as (delete from room_members where room_id = $1 and user_id = $2)
  update rooms set online_count = $3 where room_id = $1 and status = 'open'`;


const handled = handling(['RoomCreated', 'RoomMemberJoined', 'RoomMemberLeft', 'RoomMemberBanned', 'RoomClosed', 'GiftSent'] as const);

export const roomsProjection: Projection = {
  name: 'rooms',
  tables: ['rooms', 'room_members'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    switch (e.type) {
      case 'RoomCreated': {
        const d = e.data;
        // A gift may have created the row first (see the migration); the room's terms fill it in.
        await tx.query(
          `insert into rooms (room_id, title, kind, host_id, seats, status, created_at) values ($1, $2, $3, $4, $5, 'open', $6)
           on conflict (room_id) do update set title = excluded.title, kind = excluded.kind, host_id = excluded.host_id,
             seats = excluded.seats, status = excluded.status, created_at = excluded.created_at
           where rooms.status is null`,
          [d.roomId, d.title, d.kind, d.hostId, d.seats ?? null, event.metadata.at],
        );
        return;
      }
      case 'RoomMemberJoined':
        await tx.query(JOIN, [e.data.roomId, e.data.userId, e.data.onlineCount, event.position]);
        return;
      case 'RoomMemberLeft':
      case 'RoomMemberBanned':
        await tx.query(LEAVE, [e.data.roomId, e.data.userId, e.data.onlineCount]);
        return;
      case 'RoomClosed':
        await tx.query(
          `with m as (delete from room_members where room_id = $1)
           update rooms set status = 'closed', online_count = 0 where room_id = $1 and status = 'open'`,
          [e.data.roomId],
        );
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
  // room and added once, after the rest. The rest keeps its order: a run of joins and leaves
  // between creates and closes (which go one by one) is three statements, see applyMembers.
  async applyBatch(tx, events) {
    const gifts = new Map<string, number>();
    let run: Membership[] = [];
    const flush = async () => {
      if (run.length === 1) {
        const only = run[0];
        if (only) await roomsProjection.apply(tx, only.event);
      } else if (run.length > 1) await applyMembers(tx, run);
      run = [];
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
        case 'RoomCreated':
        case 'RoomClosed':
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

export interface RoomDetails {
  roomId: string;
  title: string;
  kind: RoomKind;
  hostId: string;
  status: 'open' | 'closed';
  onlineCount: number;
  giftTotal: number;
  seats: number | null;
  /** In joining order; only when asked for. */
  members?: string[];
}

type Row = {
  room_id: string;
  title: string;
  kind: RoomKind;
  host_id: string;
  status: 'open' | 'closed';
  online_count: number;
  gift_total: number | string;
  seats: number | null;
};

const COLUMNS = 'room_id, title, kind, host_id, status, online_count, gift_total, seats';

const view = (r: Row): RoomDetails => ({
  roomId: r.room_id,
  title: r.title,
  kind: r.kind,
  hostId: r.host_id,
  status: r.status,
  onlineCount: r.online_count,
  giftTotal: int(r.gift_total),
  seats: r.seats,
});

export const getRoom = async (db: Db, roomId: string, opts: { withMembers?: boolean } = {}): Promise<RoomDetails | null> => {
  // A row with a null status only holds gift totals for a room not seen yet: not a room.
  const r = await db.query<Row>(`select ${COLUMNS} from rooms where room_id = $1 and status is not null`, [roomId]);
  const row = r.rows[0];
  if (!row) return null;
  if (!opts.withMembers) return view(row);
  const m = await db.query<{ user_id: string }>('select user_id from room_members where room_id = $1 order by position, user_id', [roomId]);
  return { ...view(row), members: m.rows.map((x) => x.user_id) };
};

/** Open rooms, hottest first: online count, then gift total, then room id (for a stable order). */
export const listRooms = async (db: Db, req: PageRequest): Promise<Page<RoomDetails>> => {
  const after = req.cursor === undefined ? null : decodeCursor(req.cursor, ['number', 'number', 'string'] as const);
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select ${COLUMNS} from rooms where status = 'open'
             and ($1::int is null or (online_count, gift_total, room_id) < ($1::int, $2::bigint, $3::text))
           order by online_count desc, gift_total desc, room_id desc limit $4`,
          [after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, n],
        )
      ).rows,
    view,
    (r) => [r.online_count, int(r.gift_total), r.room_id],
  );
};
