// Friendship reads beside the friend list (friends.ts): one friendship's start and the owner's
// remark (004 /user/userInfo `addTime`, `remark`), and what changed since a time (004 F1's
// incremental `time`): friends made or changed since (`friendships.changed_at`: the remark, the
// commonly-used mark, do-not-disturb, sticky-on-top; friendTouches.ts), and friendships ended
// since (`friendship_ends`).
import { conversationId } from '../domain/conversation.js';
import type { FriendItem } from './friends.js';
import { iso, type Db } from './support.js';

/** The owner's friendship with another user: since when, and the owner's remark; null when not friends. */
export const getFriendship = async (db: Db, owner: string, friend: string): Promise<{ since: string; remark: string | null } | null> => {
  const r = await db.query<{ since: Date; remark: string | null }>(
    `select f.since, d.remark from friendships f left join contact_details d on d.owner_id = f.user_id and d.user_id = f.friend_id
     where f.user_id = $1 and f.friend_id = $2`,
    [owner, friend],
  );
  const row = r.rows[0];
  return row ? { since: iso(row.since), remark: row.remark } : null;
};

export interface FriendChanges {
  /** Friends made, or whose row changed, after the time; the latest change first. */
  changed: FriendItem[];
  /** Friendships ended after the time (and not made again), newest first. */
  ended: { userId: string; endedAt: string }[];
}

type Row = { user_id: string; nickname: string | null; avatar_url: string | null; remark: string | null; commonly_used: boolean | null; since: Date };

/** What changed in the owner's friend list after `after` (at most `limit` of each kind). */
export const listFriendChanges = async (db: Db, owner: string, after: Date, limit: number): Promise<FriendChanges> => {
  // A null change time is a row written before the column (read as made, never changed).
  const [changed, ended] = await Promise.all([
    db.query<Row>(
      `select f.friend_id as user_id, u.nickname, u.avatar_url, d.remark, d.commonly_used, f.since
       from friendships f left join users u on u.user_id = f.friend_id
       left join contact_details d on d.owner_id = f.user_id and d.user_id = f.friend_id
       where f.user_id = $1 and coalesce(f.changed_at, f.since) > $2 order by coalesce(f.changed_at, f.since) desc, f.friend_id desc limit $3`,
      [owner, after, limit],
    ),
    db.query<{ friend_id: string; ended_at: Date }>('select friend_id, ended_at from friendship_ends where user_id = $1 and ended_at > $2 order by ended_at desc, friend_id desc limit $3', [
      owner,
      after,
      limit,
    ]),
  ]);
  return {
    changed: changed.rows.map((r) => ({ userId: r.user_id, nickname: r.nickname ?? '', avatarUrl: r.avatar_url, remark: r.remark, commonlyUsed: r.commonly_used ?? false, tags: [], since: iso(r.since) })),
    ended: ended.rows.map((r) => ({ userId: r.friend_id, endedAt: iso(r.ended_at) })),
  };
};

/**
 * The owner's 1:1 settings (do-not-disturb, sticky-on-top) with these users, whether or not a
 * message was ever sent: a conversation's settings outlive its emptiness (the inbox's list only
 * shows conversations with messages). Users with neither setting on are absent.
 */
export const dmSettings = async (db: Db, owner: string, others: readonly string[]): Promise<Map<string, { muted: boolean; pinned: boolean }>> => {
  const peers = [...new Set(others)].filter((id) => id !== owner);
  if (peers.length === 0) return new Map();
  const r = await db.query<{ peer_id: string; muted: boolean; pinned: boolean }>(
    `select o.peer_id, i.muted, i.pinned from unnest($2::text[], $3::text[]) as o(peer_id, conversation_id)
     join inbox_conversations i on i.user_id = $1 and i.conversation_id = o.conversation_id
     where i.muted or i.pinned`,
    [owner, peers, peers.map((p) => conversationId('dm', owner, p))],
  );
  return new Map(r.rows.map((x) => [x.peer_id, { muted: x.muted, pinned: x.pinned }]));
};
