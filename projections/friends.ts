// Friends and friend requests: each user's friends (two rows per friendship, one per side) and
// the latest request in each direction of a pair, for the inbox and outbox.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Every statement sets rows to what the event says
// (insert-or-update, delete), so applying one twice changes nothing.
import { friendTouches, touchFriend } from './friendTouches.js';
import type { Projection } from './projection.js';
import { decodeCursor, handling, int, iso, isoOrNull, page, type Db, type Page, type PageRequest } from './support.js';

const handled = handling(['FriendRequested', 'FriendRequestAccepted', 'FriendRequestRejected', 'FriendRequestCancelled', 'FriendRequestWithdrawn', 'FriendAdded', 'FriendRemoved'] as const);

// A friendship made (again) is no longer an ended one.
const BEFRIEND = `, e as (delete from friendship_ends where (user_id = $1 and friend_id = $2) or (user_id = $2 and friend_id = $1))
  insert into friendships (user_id, friend_id, since, changed_at, position)
  values ($1, $2, $3, $3, $4), ($2, $1, $3, $3, $4) on conflict do nothing`;

const ANSWER = `update friend_requests set status = $3, answered_at = $4 where requester_id = $1 and target_id = $2 and status = 'pending'`;

export const friendsProjection: Projection = {
  name: 'friends',
  tables: ['friendships', 'friend_requests', 'friendship_ends'],
  handles: [...handled.types, ...friendTouches.types],
  async apply(tx, event) {
    // A remark or a 1:1 setting: the row's change time (friendTouches.ts).
    if (await touchFriend(tx, event)) return;
    const e = handled.of(event);
    if (!e) return;
    const at = event.metadata.at;
    switch (e.type) {
      case 'FriendRequested':
        await tx.query(
          `insert into friend_requests (requester_id, target_id, status, reason, created_at, answered_at, position) values ($1, $2, 'pending', $3, $4, null, $5)
           on conflict (requester_id, target_id) do update set status = 'pending', reason = excluded.reason, created_at = excluded.created_at, answered_at = null, position = excluded.position`,
          [e.data.requesterId, e.data.targetId, e.data.reason ?? null, at, event.position],
        );
        return;
      case 'FriendRequestAccepted':
        await tx.query(
          `with a as (update friend_requests set status = 'accepted', answered_at = $3 where requester_id = $1 and target_id = $2 and status = 'pending') ${BEFRIEND}`,
          [e.data.requesterId, e.data.targetId, at, event.position],
        );
        return;
      case 'FriendRequestRejected':
        await tx.query(ANSWER, [e.data.requesterId, e.data.targetId, 'rejected', at]);
        return;
      case 'FriendRequestCancelled':
        await tx.query(ANSWER, [e.data.requesterId, e.data.targetId, 'cancelled', at]);
        return;
      case 'FriendRequestWithdrawn':
        // Taken back: as if never sent, in the target's inbox and the requester's outbox alike.
        await tx.query(`delete from friend_requests where requester_id = $1 and target_id = $2 and status = 'pending'`, [e.data.requesterId, e.data.targetId]);
        return;
      case 'FriendAdded': {
        // Without verification the request is recorded as answered at once; when both asked,
        // the earlier request (the other way) is the one answered.
        const [from, to] = e.data.via === 'mutual_request' ? [e.data.targetId, e.data.requesterId] : [e.data.requesterId, e.data.targetId];
        await tx.query(
          `with r as (
             insert into friend_requests (requester_id, target_id, status, reason, created_at, answered_at, position) values ($5, $6, 'accepted', null, $3, $3, $4)
             on conflict (requester_id, target_id) do update set status = 'accepted', answered_at = excluded.answered_at
           ) ${BEFRIEND}`,
          [e.data.requesterId, e.data.targetId, at, event.position, from, to],
        );
        return;
      }
      case 'FriendRemoved':
        // Both sides' ended row (004's incremental friend list shows it as isDelete 2).
        await tx.query(
          `with d as (delete from friendships where (user_id = $1 and friend_id = $2) or (user_id = $2 and friend_id = $1))
           insert into friendship_ends (user_id, friend_id, ended_at, position) values ($1, $2, $3, $4), ($2, $1, $3, $4)
           on conflict (user_id, friend_id) do update set ended_at = excluded.ended_at, position = excluded.position`,
          [e.data.userId, e.data.friendId, at, event.position],
        );
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  },
};

export type FriendRequestStatus = 'pending' | 'accepted' | 'rejected' | 'cancelled';

export interface FriendRequestItem {
  /** The other user: the requester in an inbox, the target in an outbox. */
  userId: string;
  nickname: string;
  avatarUrl: string | null;
  reason: string | null;
  status: FriendRequestStatus;
  createdAt: string;
  answeredAt: string | null;
}

type RequestRow = { user_id: string; nickname: string | null; avatar_url: string | null; reason: string | null; status: FriendRequestStatus; created_at: Date; answered_at: Date | null; position: number | string };

/** Requests to me (`inbox`) or from me (`outbox`), newest first, optionally of one status. */
export const listFriendRequests = async (db: Db, userId: string, box: 'inbox' | 'outbox', req: PageRequest & { status?: FriendRequestStatus | undefined }): Promise<Page<FriendRequestItem>> => {
  const [mine, theirs] = box === 'inbox' ? ['target_id', 'requester_id'] : ['requester_id', 'target_id'];
  const [pos, after] = req.cursor ? decodeCursor(req.cursor, ['number', 'string'] as const) : [null, null];
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<RequestRow>(
          `select r.${theirs} as user_id, u.nickname, u.avatar_url, r.reason, r.status, r.created_at, r.answered_at, r.position
           from friend_requests r left join users u on u.user_id = r.${theirs}
           where r.${mine} = $1 and ($2::text is null or r.status = $2) and ($3::bigint is null or (r.position, r.${theirs}) < ($3, $4))
           order by r.position desc, r.${theirs} desc limit $5`,
          [userId, req.status ?? null, pos, after, n],
        )
      ).rows,
    (row) => ({ userId: row.user_id, nickname: row.nickname ?? '', avatarUrl: row.avatar_url, reason: row.reason, status: row.status, createdAt: iso(row.created_at), answeredAt: isoOrNull(row.answered_at) }),
    (row) => [int(row.position), row.user_id],
  );
};

export interface FriendItem {
  userId: string;
  nickname: string;
  avatarUrl: string | null;
  /** What the owner calls this friend (contacts), if anything. */
  remark: string | null;
  commonlyUsed: boolean;
  tags: { tagId: string; name: string }[];
  since: string;
}

type FriendRow = { user_id: string; nickname: string | null; avatar_url: string | null; remark: string | null; commonly_used: boolean | null; tags: { tagId: string; name: string }[]; since: Date; position: number | string };

/** A user's friends, newest first, with the owner's remarks, marks and tags; filtered by mark or tag. */
export const listFriends = async (db: Db, userId: string, req: PageRequest & { commonlyUsed?: boolean | undefined; tagId?: string | undefined }): Promise<Page<FriendItem>> => {
  const [pos, after] = req.cursor ? decodeCursor(req.cursor, ['number', 'string'] as const) : [null, null];
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<FriendRow>(
          `select f.friend_id as user_id, u.nickname, u.avatar_url, d.remark, d.commonly_used, f.since, f.position,
             coalesce((select json_agg(json_build_object('tagId', t.tag_id, 'name', t.name) order by t.position)
               from contact_tag_members m join contact_tags t on t.owner_id = m.owner_id and t.tag_id = m.tag_id
               where m.owner_id = f.user_id and m.user_id = f.friend_id), '[]'::json) as tags
           from friendships f
           left join users u on u.user_id = f.friend_id
           left join contact_details d on d.owner_id = f.user_id and d.user_id = f.friend_id
           where f.user_id = $1 and ($2::bigint is null or (f.position, f.friend_id) < ($2, $3))
             and ($4::boolean is null or coalesce(d.commonly_used, false) = $4)
             and ($5::text is null or exists (select 1 from contact_tag_members m where m.owner_id = f.user_id and m.tag_id = $5 and m.user_id = f.friend_id))
           order by f.position desc, f.friend_id desc limit $6`,
          [userId, pos, after, req.commonlyUsed ?? null, req.tagId ?? null, n],
        )
      ).rows,
    (row) => ({
      userId: row.user_id,
      nickname: row.nickname ?? '',
      avatarUrl: row.avatar_url,
      remark: row.remark,
      commonlyUsed: row.commonly_used ?? false,
      tags: row.tags,
      since: iso(row.since),
    }),
    (row) => [int(row.position), row.user_id],
  );
};

/** Which of these users are the owner's friends. */
export const friendsAmong = async (db: Db, userId: string, others: readonly string[]): Promise<Set<string>> => {
  if (others.length === 0) return new Set();
  const r = await db.query<{ friend_id: string }>('select friend_id from friendships where user_id = $1 and friend_id = any($2::text[])', [userId, [...new Set(others)]]);
  return new Set(r.rows.map((x) => x.friend_id));
};
