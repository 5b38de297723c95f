// Finding people: by nickname, by phone-book numbers, at random. Queries over the users read
// model (users.ts) and blocks (blocks.ts): nobody blocked either way, and never the caller, is
// in an answer. Privacy switches are the use case's (services/app/discovery.ts) to apply.
import { notBlockedSql } from './blocks.js';
import { decodeCursor, page, type Db, type Page, type PageRequest } from './support.js';

export interface PersonRow {
  userId: string;
  nickname: string;
  avatarUrl: string | null;
}

/** LIKE's own characters in a user's query match themselves. */
const likeLiteral = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

type SearchRow = { user_id: string; nickname: string; avatar_url: string | null; rank: number };

/**
 * Users whose nickname contains `q` (case-insensitive): exact matches first, then prefixes, then
 * the rest, each by nickname and id. A trigram index (migration 0018) serves the LIKE.
 */
export const searchByNickname = async (db: Db, me: string, q: string, req: PageRequest): Promise<Page<PersonRow>> => {
  const needle = q.toLowerCase();
  const [rank, name, after] = req.cursor ? decodeCursor(req.cursor, ['number', 'string', 'string'] as const) : [null, null, null];
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<SearchRow>(
          `select u.user_id, u.nickname, u.avatar_url, r.rank
           from users u
           cross join lateral (select case when lower(u.nickname) = $2 then 0 when lower(u.nickname) like $3 escape '\\' then 1 else 2 end as rank) r
           where lower(u.nickname) like $4 escape '\\' and u.user_id <> $1 and ${notBlockedSql('$1', 'u.user_id')}
             and ($5::int is null or (r.rank, u.nickname, u.user_id) > ($5, $6, $7))
           order by r.rank, u.nickname, u.user_id limit $8`,
          [me, needle, `${likeLiteral(needle)}%`, `%${likeLiteral(needle)}%`, rank, name, after, n],
        )
      ).rows,
    (row) => ({ userId: row.user_id, nickname: row.nickname, avatarUrl: row.avatar_url }),
    (row) => [row.rank, row.nickname, row.user_id],
  );
};

/** Registered users holding these phone numbers (E.164), other than the caller and anyone blocked either way. */
export const usersByPhones = async (db: Db, me: string, phones: readonly string[]): Promise<(PersonRow & { phone: string })[]> => {
  if (phones.length === 0) return [];
  const r = await db.query<{ user_id: string; nickname: string; avatar_url: string | null; phone: string }>(
    `select u.user_id, u.nickname, u.avatar_url, u.phone from users u
     where u.phone = any($2::text[]) and u.user_id <> $1 and ${notBlockedSql('$1', 'u.user_id')}
     order by u.phone`,
    [me, [...new Set(phones)]],
  );
  return r.rows.map((row) => ({ userId: row.user_id, nickname: row.nickname, avatarUrl: row.avatar_url, phone: row.phone }));
};

/** Below this many users a random pick reads them all; above, it samples pages first. */
const SAMPLE_ABOVE = 5000;

const randomFrom = async (db: Db, me: string, n: number, samplePercent: number | null): Promise<PersonRow[]> => {
  const r = await db.query<{ user_id: string; nickname: string; avatar_url: string | null }>(
    `select u.user_id, u.nickname, u.avatar_url from users u ${samplePercent === null ? '' : `tablesample system (${samplePercent})`}
     where u.user_id <> $1 and ${notBlockedSql('$1', 'u.user_id')}
     order by random() limit $2`,
    [me, n],
  );
  return r.rows.map((row) => ({ userId: row.user_id, nickname: row.nickname, avatarUrl: row.avatar_url }));
};

/**
 * Up to `n` users picked at random (000's slot-machine list). A large table is sampled by pages
 * (TABLESAMPLE SYSTEM, about 20 × n rows) instead of sorting every user; a sample that comes
 * up short is retried over the whole table.
 */
export const randomUsers = async (db: Db, me: string, n: number): Promise<PersonRow[]> => {
  const est = await db.query<{ n: number }>(`select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'users'::regclass`);
  const users = est.rows[0]?.n ?? 0;
  if (users < SAMPLE_ABOVE) return randomFrom(db, me, n, null);
  const percent = Math.min(100, Math.max(0.01, (100 * n * 20) / users));
  const sampled = await randomFrom(db, me, n, Number(percent.toFixed(4)));
  return sampled.length >= n ? sampled : randomFrom(db, me, n, null);
};
