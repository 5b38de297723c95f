// Shake history (003 /geo/getRockRecord): each user's matches from shakes, newest first. A
// ShakeMatched event (the pair's relation stream) is one row for each of the two: the later
// shaker got the earlier one, and the earlier one got the later (they heard it by push).
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Rows are keyed by (user, event id): repeating an
// event changes nothing.
import type { Projection } from './projection.js';
import { decodeCursor, handling, int, iso, page, type Db, type Page, type PageRequest } from './support.js';

const handled = handling(['ShakeMatched', 'ShakeRecordRemoved'] as const);

export const shakesProjection: Projection = {
  name: 'shakes',
  tables: ['shake_matches'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    // An entry its owner removed (domain/shakeHistory.ts) leaves their list only.
    if (e.type === 'ShakeRecordRemoved') {
      await tx.query('delete from shake_matches where user_id = $1 and match_id = $2', [e.data.userId, e.data.matchId]);
      return;
    }
    const { shakerId, matchedId, distance } = e.data;
    await tx.query(
      `insert into shake_matches (user_id, match_id, other_id, distance, shaken_at, position)
       values ($1, $3, $2, $4, $5, $6), ($2, $3, $1, $4, $5, $6) on conflict do nothing`,
      [shakerId, matchedId, event.id, distance, event.metadata.at, event.position],
    );
  },
};

export interface ShakeMatchItem {
  /** The match's id (003 `rockid`), one per side of the match. */
  matchId: string;
  userId: string;
  nickname: string;
  avatarUrl: string | null;
  sex: 'unknown' | 'male' | 'female';
  distance: number;
  at: string;
}

type Row = { match_id: string; other_id: string; nickname: string | null; avatar_url: string | null; sex: string | null; distance: number; shaken_at: Date; position: number | string };

const sexOf = (v: string | null): ShakeMatchItem['sex'] => (v === 'male' || v === 'female' ? v : 'unknown');

/** The user's matches from shakes, newest first. */
export const listShakeMatches = async (db: Db, userId: string, req: PageRequest): Promise<Page<ShakeMatchItem>> => {
  const [pos, after] = req.cursor ? decodeCursor(req.cursor, ['number', 'string'] as const) : [null, null];
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select s.match_id, s.other_id, u.nickname, u.avatar_url, u.sex, s.distance, s.shaken_at, s.position
           from shake_matches s left join users u on u.user_id = s.other_id
           where s.user_id = $1 and ($2::bigint is null or (s.position, s.match_id) < ($2, $3))
           order by s.position desc, s.match_id desc limit $4`,
          [userId, pos, after, n],
        )
      ).rows,
    (row) => ({
      matchId: row.match_id,
      userId: row.other_id,
      nickname: row.nickname ?? '',
      avatarUrl: row.avatar_url,
      sex: sexOf(row.sex),
      distance: row.distance,
      at: iso(row.shaken_at),
    }),
    (row) => [int(row.position), row.match_id],
  );
};
