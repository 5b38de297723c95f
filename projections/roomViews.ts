// The queries of the rooms read model (projections/rooms.ts): one room, the lists, the mutes in
// force. A deleted room is in no answer, and neither is a row that only holds gift totals.
import type { RoomKind } from '../domain/room.js';
import { decodeCursor, int, iso, isoOrNull, page, type Db, type Page, type PageRequest } from './support.js';

export type ListedRoomStatus = 'open' | 'closed';

export interface RoomMute {
  userId: string;
  until: string;
}

export interface RoomDetails {
  roomId: string;
  title: string;
  kind: RoomKind;
  hostId: string;
  status: ListedRoomStatus;
  onlineCount: number;
  giftTotal: number;
  seats: number | null;
  avatarUrl: string | null;
  /** Guests (devices without an account) may enter. */
  guests: boolean;
  guestCount: number;
  /** In joining order; only when asked for. */
  members?: string[];
  /** Mutes in force, soonest end first; only when asked for. */
  mutes?: RoomMute[];
  /** When it was created, last opened (created or reopened) and last closed (null: never). */
  createdAt: string | null;
  openedAt: string | null;
  closedAt: string | null;
}

type Row = {
  room_id: string;
  title: string;
  kind: RoomKind;
  host_id: string;
  status: ListedRoomStatus;
  online_count: number;
  gift_total: number | string;
  seats: number | null;
  avatar_url: string | null;
  guests: boolean;
  guest_count: number;
  created_at: Date | null;
  opened_at: Date | null;
  closed_at: Date | null;
};

const COLUMNS = 'room_id, title, kind, host_id, status, online_count, gift_total, seats, avatar_url, guests, guest_count, created_at, opened_at, closed_at';

const view = (r: Row): RoomDetails => ({
  roomId: r.room_id,
  title: r.title,
  kind: r.kind,
  hostId: r.host_id,
  status: r.status,
  onlineCount: r.online_count,
  giftTotal: int(r.gift_total),
  seats: r.seats,
  avatarUrl: r.avatar_url,
  guests: r.guests,
  guestCount: r.guest_count,
  createdAt: isoOrNull(r.created_at),
  openedAt: isoOrNull(r.opened_at),
  closedAt: isoOrNull(r.closed_at),
});

/** The mutes of a room still in force at `at`. */
export const listRoomMutes = async (db: Db, roomId: string, at: Date): Promise<RoomMute[]> => {
  const r = await db.query<{ user_id: string; until: Date }>('select user_id, until from room_mutes where room_id = $1 and until > $2 order by until, user_id', [roomId, at]);
  return r.rows.map((m) => ({ userId: m.user_id, until: iso(m.until) }));
};

export const getRoom = async (db: Db, roomId: string, opts: { withMembers?: boolean; mutesAt?: Date } = {}): Promise<RoomDetails | null> => {
  const r = await db.query<Row>(`select ${COLUMNS} from rooms where room_id = $1 and status in ('open', 'closed')`, [roomId]);
  const row = r.rows[0];
  if (!row) return null;
  const room = view(row);
  if (opts.withMembers) {
    const m = await db.query<{ user_id: string }>('select user_id from room_members where room_id = $1 order by position, user_id', [roomId]);
    room.members = m.rows.map((x) => x.user_id);
  }
  if (opts.mutesAt) room.mutes = await listRoomMutes(db, roomId, opts.mutesAt);
  return room;
};

export interface RoomListRequest extends PageRequest {
  /** Open rooms when not given. */
  status?: ListedRoomStatus | undefined;
  kind?: RoomKind | undefined;
  /** The title contains this, ignoring case. */
  q?: string | undefined;
  /** Created at or after / at or before (004's chatroom list `startTime`/`endTime`). */
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
}

// The status is part of the statement's text, not a parameter, so each list is planned against
// its own partial index (rooms_hot, rooms_closed).
const inStatus: Record<ListedRoomStatus, string> = { open: "status = 'open'", closed: "status = 'closed'" };

/** Rooms of a status, hottest first: online count, then gift total, then room id (for a stable order). */
export const listRooms = async (db: Db, req: RoomListRequest): Promise<Page<RoomDetails>> => {
  const after = req.cursor === undefined ? null : decodeCursor(req.cursor, ['number', 'number', 'string'] as const);
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select ${COLUMNS} from rooms where ${inStatus[req.status ?? 'open']}
             and ($5::text is null or kind = $5)
             and ($6::text is null or strpos(lower(title), lower($6)) > 0)
             and ($7::timestamptz is null or created_at >= $7) and ($8::timestamptz is null or created_at <= $8)
             and ($1::int is null or (online_count, gift_total, room_id) < ($1::int, $2::bigint, $3::text))
           order by online_count desc, gift_total desc, room_id desc limit $4`,
          [after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, n, req.kind ?? null, req.q ?? null, req.createdFrom ?? null, req.createdTo ?? null],
        )
      ).rows,
    view,
    (r) => [r.online_count, int(r.gift_total), r.room_id],
  );
};
