// Blocks: whom each user has blocked, for their blacklist, and for discovery (nearby, shake,
// random, search, phone-book matching), which leaves out everyone blocked either way.
// Decisions never read this table: the relation stream decides whether a block stands.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Rows are keyed by (blocker, blocked): repeating an
// event changes nothing.
import type { Projection } from './projection.js';
import { decodeCursor, handling, int, iso, page, type Db, type Page, type PageRequest } from './support.js';

const handled = handling(['UserBlocked', 'UserUnblocked'] as const);

export const blocksProjection: Projection = {
  name: 'blocks',
  tables: ['blocks'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    switch (e.type) {
      case 'UserBlocked':
        await tx.query('insert into blocks (blocker_id, blocked_id, since, position) values ($1, $2, $3, $4) on conflict do nothing', [
          e.data.blockerId,
          e.data.blockedId,
          event.metadata.at,
          event.position,
        ]);
        return;
      case 'UserUnblocked':
        await tx.query('delete from blocks where blocker_id = $1 and blocked_id = $2', [e.data.blockerId, e.data.blockedId]);
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  },
};

/**
 * SQL for "no block between $me and <column>", either way: discovery queries add it to their
 * WHERE with the caller's id as the given parameter. Two lookups, each a primary-key probe (an OR
 * in one subquery would scan).
 */
export const notBlockedSql = (me: string, column: string): string =>
  `not exists (select 1 from blocks b where b.blocker_id = ${me} and b.blocked_id = ${column}) and not exists (select 1 from blocks b where b.blocker_id = ${column} and b.blocked_id = ${me})`;

export interface BlockedItem {
  userId: string;
  nickname: string;
  avatarUrl: string | null;
  since: string;
}

type Row = { user_id: string; nickname: string | null; avatar_url: string | null; since: Date; position: number | string };

/** The users this user has blocked, newest first. */
export const listBlocked = async (db: Db, userId: string, req: PageRequest): Promise<Page<BlockedItem>> => {
  const [pos, after] = req.cursor ? decodeCursor(req.cursor, ['number', 'string'] as const) : [null, null];
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select b.blocked_id as user_id, u.nickname, u.avatar_url, b.since, b.position
           from blocks b left join users u on u.user_id = b.blocked_id
           where b.blocker_id = $1 and ($2::bigint is null or (b.position, b.blocked_id) < ($2, $3))
           order by b.position desc, b.blocked_id desc limit $4`,
          [userId, pos, after, n],
        )
      ).rows,
    (row) => ({ userId: row.user_id, nickname: row.nickname ?? '', avatarUrl: row.avatar_url, since: iso(row.since) }),
    (row) => [int(row.position), row.user_id],
  );
};
