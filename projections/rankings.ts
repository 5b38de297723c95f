// Rankings: gift boards per period. 'rich' scores senders by coins spent, 'charm' scores
// receivers by the coins spent on them; each gift counts in its UTC day, its ISO week and 'all'.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. That is what keeps the increment below exact:
// unlike the other models, a score is a sum, so this one relies on the checkpoint.
import type { Projection } from './projection.js';
import { handling, int, type Db, type Page } from './support.js';

export type RankingBoard = 'rich' | 'charm';
export type RankingPeriod = 'day' | 'week' | 'all';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The bucket a time falls in: YYYY-MM-DD (UTC) for 'day', ISO YYYY-Www for 'week', '' for 'all'. */
export const rankingBucket = (period: RankingPeriod, at: Date): string => {
  switch (period) {
    case 'day':
      return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
    case 'week': {
      // ISO 8601: weeks start on Monday and week 1 holds the year's first Thursday, so the
      // week belongs to the year of its Thursday.
      const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
      const weekday = (at.getUTCDay() + 6) % 7;
      const thursday = new Date(day + (3 - weekday) * 86_400_000);
      const year = thursday.getUTCFullYear();
      const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
      return `${year}-W${pad(week)}`;
    }
    case 'all':
      return '';
    default: {
      const unknown: never = period;
      return unknown;
    }
  }
};


const handled = handling(['GiftSent'] as const);

export const rankingsProjection: Projection = {
  name: 'rankings',
  tables: ['ranking_scores'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    if (e.type !== 'GiftSent') return;
    const at = new Date(event.metadata.at);
    const { fromUserId, toUserId, coinsSpent } = e.data;
    // Six rows, one statement; no two share a key (the boards differ), as ON CONFLICT requires.
    await tx.query(
      `insert into ranking_scores (board, period, bucket, user_id, score)
       select b.board, p.period, p.bucket, case b.board when 'rich' then $1::text else $2::text end, $3::bigint
       from (values ('rich'), ('charm')) as b(board), (values ('day', $4::text), ('week', $5::text), ('all', '')) as p(period, bucket)
       on conflict (board, period, bucket, user_id) do update set score = ranking_scores.score + excluded.score`,
      [fromUserId, toUserId, coinsSpent, rankingBucket('day', at), rankingBucket('week', at)],
    );
  },
  // One statement per batch: the scores are summed per key here (500 gifts to one streamer are
  // three charm rows), so no key appears twice in the upsert, as ON CONFLICT requires.
  async applyBatch(tx, events) {
    const scores = new Map<string, { board: RankingBoard; period: RankingPeriod; bucket: string; userId: string; score: number }>();
    const add = (board: RankingBoard, period: RankingPeriod, bucket: string, userId: string, score: number) => {
      const key = JSON.stringify([board, period, bucket, userId]);
      const row = scores.get(key);
      if (row) row.score += score;
      else scores.set(key, { board, period, bucket, userId, score });
    };
    for (const event of events) {
      const e = handled.of(event);
      if (!e) continue;
      if (e.type !== 'GiftSent') continue;
      const at = new Date(event.metadata.at);
      const { fromUserId, toUserId, coinsSpent } = e.data;
      for (const period of ['day', 'week', 'all'] as const) {
        const bucket = rankingBucket(period, at);
        add('rich', period, bucket, fromUserId, coinsSpent);
        add('charm', period, bucket, toUserId, coinsSpent);
      }
    }
    if (scores.size === 0) return;
    const rows = [...scores.values()];
    await tx.query(
      `insert into ranking_scores (board, period, bucket, user_id, score)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
       on conflict (board, period, bucket, user_id) do update set score = ranking_scores.score + excluded.score`,
      [rows.map((r) => r.board), rows.map((r) => r.period), rows.map((r) => r.bucket), rows.map((r) => r.userId), rows.map((r) => String(r.score))],
    );
  },
};

export interface RankingItem {
  rank: number;
  userId: string;
  nickname: string;
  score: number;
}

/** The top `limit` of a board for the period containing `now`; ties share no rank (user id breaks them). */
export const listRanking = async (db: Db, board: RankingBoard, period: RankingPeriod, now: Date, limit: number): Promise<Page<RankingItem>> => {
  type Row = { user_id: string; nickname: string; score: number | string };
  const r = await db.query<Row>(
    `select s.user_id, coalesce(u.nickname, '') as nickname, s.score
     from ranking_scores s left join users u on u.user_id = s.user_id
     where s.board = $1 and s.period = $2 and s.bucket = $3
     order by s.score desc, s.user_id limit $4`,
    [board, period, rankingBucket(period, now), limit],
  );
  return { items: r.rows.map((row, i) => ({ rank: i + 1, userId: row.user_id, nickname: row.nickname, score: int(row.score) })), nextCursor: null };
};
