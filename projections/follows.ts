// Follows: who follows whom, and each user's counts (following, followers) for profiles and lists.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. The counts move only by the rows a statement
// really inserted or deleted (never by the events alone), so they equal the follows rows even if
// an event were applied twice.
//
// A celebrity followed by thousands at once is one hot counts row. A batch is folded first: per
// pair only its end state matters (the relation stream alternates follow and unfollow), and the
// counts change by the rows that changed, summed per user: one statement per batch, one update
// of the celebrity's row, however many of their follows the batch holds.
import type { StoredEvent } from '../domain/events.js';
import type { Projection, Tx } from './projection.js';
import { decodeCursor, handling, int, iso, page, type Db, type Page, type PageRequest } from './support.js';

const handled = handling(['UserFollowed', 'UserUnfollowed'] as const);

interface EdgeChange {
  followerId: string;
  followeeId: string;
  /** The pair's state at the end of the batch. */
  following: boolean;
  at: string;
  position: number;
}

/** The end state of each pair in a batch, in order of first appearance. */
export const foldFollows = (events: readonly StoredEvent[]): EdgeChange[] => {
  const edges = new Map<string, EdgeChange>();
  for (const event of events) {
    const e = handled.of(event);
    if (!e) continue;
    const { followerId, followeeId } = e.data;
    edges.set(JSON.stringify([followerId, followeeId]), { followerId, followeeId, following: e.type === 'UserFollowed', at: event.metadata.at, position: event.position });
  }
  return [...edges.values()];
};

// One statement: delete the pairs that end unfollowed, upsert those that end followed (a pair
// followed again within the batch keeps one row with its latest time), then add to each user's
// counts what those two really changed. `xmax = 0` tells an inserted row from an updated one.
const APPLY = `
  with del as (
    delete from follows f using unnest($1::text[], $2::text[]) as d(follower_id, followee_id)
    where f.follower_id = d.follower_id and f.followee_id = d.followee_id
    returning f.follower_id, f.followee_id
  ), ins as (
    insert into follows (follower_id, followee_id, since, position)
    select * from unnest($3::text[], $4::text[], $5::timestamptz[], $6::bigint[])
    on conflict (follower_id, followee_id) do update set since = excluded.since, position = excluded.position
    returning follower_id, followee_id, (xmax = 0) as inserted
  ), deltas (user_id, following, followers) as (
    select follower_id, 1, 0 from ins where inserted
    union all select followee_id, 0, 1 from ins where inserted
    union all select follower_id, -1, 0 from del
    union all select followee_id, 0, -1 from del
  )
  insert into follow_counts (user_id, following, followers)
  select user_id, sum(following), sum(followers) from deltas group by user_id
  on conflict (user_id) do update
    set following = follow_counts.following + excluded.following, followers = follow_counts.followers + excluded.followers`;

const applyFollows = async (tx: Tx, events: readonly StoredEvent[]): Promise<void> => {
  const edges = foldFollows(events);
  if (edges.length === 0) return;
  const gone = edges.filter((x) => !x.following);
  const kept = edges.filter((x) => x.following);
  await tx.query(APPLY, [
    gone.map((x) => x.followerId),
    gone.map((x) => x.followeeId),
    kept.map((x) => x.followerId),
    kept.map((x) => x.followeeId),
    kept.map((x) => x.at),
    kept.map((x) => x.position),
  ]);
};

export const followsProjection: Projection = {
  name: 'follows',
  tables: ['follows', 'follow_counts'],
  handles: handled.types,
  apply: (tx, event) => applyFollows(tx, [event]),
  applyBatch: applyFollows,
};

export interface FollowCounts {
  following: number;
  followers: number;
}

export const getFollowCounts = async (db: Db, userId: string): Promise<FollowCounts> => {
  const r = await db.query<{ following: number | string; followers: number | string }>('select following, followers from follow_counts where user_id = $1', [userId]);
  const row = r.rows[0];
  return row ? { following: int(row.following), followers: int(row.followers) } : { following: 0, followers: 0 };
};

export interface FollowItem {
  userId: string;
  nickname: string;
  avatarUrl: string | null;
  since: string;
  /** Both follow each other (000 calls that a friend). */
  mutual: boolean;
}

type Row = { user_id: string; nickname: string | null; avatar_url: string | null; since: Date; position: number | string; mutual: boolean };

/**
 * The people a user follows (`following`) or who follow them (`followers`), newest first.
 * `mutual` filters to those who follow back (true) or do not (false: 000's "applications").
 */
export const listFollows = async (db: Db, userId: string, side: 'following' | 'followers', req: PageRequest & { mutual?: boolean | undefined }): Promise<Page<FollowItem>> => {
  const [mine, theirs] = side === 'following' ? ['follower_id', 'followee_id'] : ['followee_id', 'follower_id'];
  const [pos, after] = req.cursor ? decodeCursor(req.cursor, ['number', 'string'] as const) : [null, null];
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select f.${theirs} as user_id, u.nickname, u.avatar_url, f.since, f.position, m.mutual
           from follows f
           cross join lateral (select exists (select 1 from follows b where b.follower_id = f.followee_id and b.followee_id = f.follower_id) as mutual) m
           left join users u on u.user_id = f.${theirs}
           where f.${mine} = $1 and ($2::bigint is null or (f.position, f.${theirs}) < ($2, $3)) and ($4::boolean is null or m.mutual = $4)
           order by f.position desc, f.${theirs} desc limit $5`,
          [userId, pos, after, req.mutual ?? null, n],
        )
      ).rows,
    (row) => ({ userId: row.user_id, nickname: row.nickname ?? '', avatarUrl: row.avatar_url, since: iso(row.since), mutual: row.mutual }),
    (row) => [int(row.position), row.user_id],
  );
};
