// Where people are, for "people nearby" and shake. Not a projection: positions are not events
// (see migration 0018). The use case (services/app/geo.ts) writes the latest report per user and
// reads with the caller's clock; a row older than the lifetime it passes is never listed, and
// each write deletes up to PURGE_PER_WRITE expired rows (oldest first), so expired rows never
// outnumber the writes that made them and no background job is needed. Blocks (blocks.ts) are
// honoured by every query: nobody blocked either way is listed.
import { notBlockedSql } from './blocks.js';
import type { Db } from './support.js';

export const EARTH_RADIUS_M = 6_371_008.8;
const PURGE_PER_WRITE = 10;

/** Great-circle distance in meters (haversine), the same formula the queries use. */
export const distanceM = (lat1: number, lng1: number, lat2: number, lng2: number): number => {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
};

/** The haversine distance in SQL from ($lat, $lng) to the row's (lat, lng) of `t`. */
const distanceSql = (t: string, lat: string, lng: string) =>
  `(${2 * EARTH_RADIUS_M} * asin(least(1, sqrt(power(sin(radians(${t}.lat - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(${t}.lat)) * power(sin(radians(${t}.lng - ${lng}) / 2), 2)))))`;

/**
 * Upserts the user's latest point in `table` and deletes up to PURGE_PER_WRITE other rows whose
 * `timeColumn` is before `expiredBefore`, oldest first, in one statement. Table and column are
 * this file's constants, never input.
 */
const savePoint = (db: Db, table: 'user_locations' | 'user_shakes', timeColumn: 'updated_at' | 'shaken_at', p: { userId: string; lat: number; lng: number; at: Date; expiredBefore: Date }) =>
  db.query(
    `with saved as (
       insert into ${table} (user_id, lat, lng, ${timeColumn}) values ($1, $2, $3, $4)
       on conflict (user_id) do update set lat = excluded.lat, lng = excluded.lng, ${timeColumn} = excluded.${timeColumn}
     ), purged as (
       delete from ${table} where user_id in (
         select user_id from ${table} where ${timeColumn} < $5 and user_id <> $1 order by ${timeColumn} limit ${PURGE_PER_WRITE})
     ) select 1`,
    [p.userId, p.lat, p.lng, p.at, p.expiredBefore],
  );

export interface Location {
  lat: number;
  lng: number;
  updatedAt: Date;
}

export const saveLocation = async (db: Db, userId: string, lat: number, lng: number, at: Date, expiredBefore: Date): Promise<void> => {
  await savePoint(db, 'user_locations', 'updated_at', { userId, lat, lng, at, expiredBefore });
};

export const clearLocation = async (db: Db, userId: string): Promise<void> => {
  await db.query('delete from user_locations where user_id = $1', [userId]);
};

/** The user's last reported location, if it is still alive. */
export const getLocation = async (db: Db, userId: string, expiredBefore: Date): Promise<Location | null> => {
  const r = await db.query<{ lat: number; lng: number; updated_at: Date }>('select lat, lng, updated_at from user_locations where user_id = $1 and updated_at >= $2', [userId, expiredBefore]);
  const row = r.rows[0];
  return row ? { lat: row.lat, lng: row.lng, updatedAt: row.updated_at } : null;
};

export interface NearbyRow {
  userId: string;
  nickname: string;
  avatarUrl: string | null;
  distanceM: number;
}

/**
 * Registered users with a live location within `radiusM` of (lat, lng), nearest first (then by
 * id), skipping `offset`. The index is walked nearest-first for exactly the rows the page needs
 * (offset + limit), then cut to the circle: the cost follows the page, not how many people live
 * in the circle, and a sparse area ends the walk as early as a dense one.
 */
export const findNearby = async (
  db: Db,
  q: { userId: string; lat: number; lng: number; radiusM: number; expiredBefore: Date; limit: number; offset: number },
): Promise<NearbyRow[]> => {
  // Named: prepared once per connection. Planning it took a third of its time (--pg-stats), and
  // its plan does not depend on the values (the walk is the plan for any point and page).
  const r = await db.query<{ user_id: string; nickname: string; avatar_url: string | null; distance: number }>({
    name: 'find-nearby',
    text: `select x.user_id, x.nickname, x.avatar_url, x.distance from (
       select l.user_id, u.nickname, u.avatar_url, ${distanceSql('l', '$2', '$3')} as distance
       from user_locations l join users u on u.user_id = l.user_id
       where l.updated_at >= $4 and l.user_id <> $1 and ${notBlockedSql('$1', 'l.user_id')}
       order by l.earth <-> ll_to_earth($2, $3)
       limit $6::int + $7::int
     ) x
     where x.distance <= $5
     order by x.distance, x.user_id limit $6 offset $7`,
    values: [q.userId, q.lat, q.lng, q.expiredBefore, q.radiusM, q.limit, q.offset],
  });
  return r.rows.map((row) => ({ userId: row.user_id, nickname: row.nickname, avatarUrl: row.avatar_url, distanceM: row.distance }));
};

export interface NearbyFilters {
  sex?: 'male' | 'female' | undefined;
  /** Birthdays (YYYY-MM-DD) of the ages asked for: on or before, and after; unknown birthdays never match. */
  bornOnOrBefore?: string | undefined;
  bornAfter?: string | undefined;
}

type WalkRow = { walked: number; reach: number | null; user_id: string | null; nickname: string | null; avatar_url: string | null; distance: number | null };

/**
 * findNearby with filters on the users' sex and birthday. The filters cannot go inside the walk's
 * LIMIT (a walk for N matching rows goes on past the circle, to the whole table, when few match),
 * so the walk reads a window of the nearest rows, filters them, and grows the window (doubling)
 * only while it came back short of the page and still inside the circle. Its cost follows the
 * page divided by the share that matches, never more than the people in the circle (times two).
 */
export const findNearbyFiltered = async (
  db: Db,
  q: { userId: string; lat: number; lng: number; radiusM: number; expiredBefore: Date; limit: number; offset: number } & NearbyFilters,
): Promise<NearbyRow[]> => {
  const wanted = q.limit + q.offset;
  for (let window = Math.max(64, wanted * 4); ; window *= 2) {
    const r = await db.query<WalkRow>({
      name: 'find-nearby-filtered',
      text: `with walk as (
         select l.user_id, u.nickname, u.avatar_url, u.sex, u.birthday, ${distanceSql('l', '$2', '$3')} as distance
         from user_locations l join users u on u.user_id = l.user_id
         where l.updated_at >= $4 and l.user_id <> $1 and ${notBlockedSql('$1', 'l.user_id')}
         order by l.earth <-> ll_to_earth($2, $3)
         limit $8
       )
       select w.walked::int, w.reach, p.user_id, p.nickname, p.avatar_url, p.distance
       from (select count(*) as walked, max(distance) as reach from walk) w
       left join lateral (
         select user_id, nickname, avatar_url, distance from walk
         where distance <= $5 and ($9::text is null or sex = $9) and ($10::date is null or birthday <= $10) and ($11::date is null or birthday > $11)
         order by distance, user_id limit $6 offset $7
       ) p on true`,
      values: [q.userId, q.lat, q.lng, q.expiredBefore, q.radiusM, q.limit, q.offset, window, q.sex ?? null, q.bornOnOrBefore ?? null, q.bornAfter ?? null],
    });
    const first = r.rows[0];
    const rows = r.rows.flatMap((row) => (row.user_id === null ? [] : [{ userId: row.user_id, nickname: row.nickname ?? '', avatarUrl: row.avatar_url, distanceM: row.distance ?? 0 }]));
    // Done when the page is full, the table ran out, or the window already reaches past the circle.
    if (rows.length >= q.limit || !first || first.walked < window || (first.reach ?? 0) > q.radiusM) return rows;
  }
};

/**
 * Records a shake and answers the nearest other user who shook since `since` (the window), or
 * null. Shakes older than the window are deleted a few per write, like locations.
 */
export const shakeAndMatch = async (db: Db, q: { userId: string; lat: number; lng: number; at: Date; since: Date }): Promise<NearbyRow | null> => {
  await savePoint(db, 'user_shakes', 'shaken_at', { ...q, expiredBefore: q.since });
  const r = await db.query<{ user_id: string; nickname: string; avatar_url: string | null; distance: number }>(
    `select l.user_id, u.nickname, u.avatar_url, ${distanceSql('l', '$2', '$3')} as distance
     from user_shakes l join users u on u.user_id = l.user_id
     where l.shaken_at >= $4 and l.user_id <> $1 and ${notBlockedSql('$1', 'l.user_id')}
     order by distance, l.shaken_at desc, l.user_id limit 1`,
    [q.userId, q.lat, q.lng, q.since],
  );
  const row = r.rows[0];
  return row ? { userId: row.user_id, nickname: row.nickname, avatarUrl: row.avatar_url, distanceM: row.distance } : null;
};
