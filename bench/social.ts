// The social graph's scenarios of `npm run bench`: a celebrity followed and then unfollowed by
// every bench user at once (the hot key: every follow is a cold relation stream of its own, but
// all of them land on the celebrity's one counts row), and people-nearby queries over a table
// of stored locations in one dense city.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Client, TestUser } from '../test/support/client.js';
import { each, runLoad, type LoadResult } from './load.js';

/** The celebrity's followers count, as any client reads it. */
export const followersOf = async (c: Client, viewer: TestUser, celebrity: TestUser): Promise<number> => {
  const r = await c.call<{ counts?: { followers: number } }>('GET', `/v1/users/${celebrity.userId}/relation`, { token: viewer.token });
  return r.body.counts?.followers ?? Number.NaN;
};

/** Every fan follows (POST) or unfollows (DELETE) the celebrity, up to `concurrency` requests in flight at once. */
export const followStorm = (c: Client, celebrity: TestUser, fans: readonly TestUser[], concurrency: number, method: 'POST' | 'DELETE'): Promise<LoadResult> => {
  let i = 0;
  return runLoad(c.base, { concurrency, label: `${fans.length} ${method === 'POST' ? 'follow' : 'unfollow'} one user`, total: fans.length }, {
    next: () => {
      const u = fans[i++];
      return u ? { method, path: `/v1/users/${celebrity.userId}/follow`, token: u.token, key: randomUUID() } : null;
    },
  });
};

// A dense city: Shanghai's center, 50 × 50 km. 0.45° of latitude and 0.53° of longitude there.
const CITY = { lat: 31.23, lng: 121.47, dLat: 0.45, dLng: 0.53 };
const somewhere = () => ({ lat: CITY.lat + (Math.random() - 0.5) * CITY.dLat, lng: CITY.lng + (Math.random() - 0.5) * CITY.dLng });

/**
 * Stores `count` locations of accounts that exist only in the read models (setup: written
 * straight into the users and user_locations tables, 10,000 per statement), then has the bench
 * users report theirs in the same city over HTTP.
 */
export const seedLocations = async (pool: pg.Pool, c: Client, users: readonly TestUser[], count: number): Promise<void> => {
  for (let k = 0; k < count; k += 10_000) {
    const n = Math.min(10_000, count - k);
    const ids = Array.from({ length: n }, (_, i) => `geo-bench-${k + i}`);
    const spots = ids.map(() => somewhere());
    await pool.query(
      `with u as (insert into users (user_id, phone, nickname, created_at) select id, '+999' || id, 'near ' || id, now() from unnest($1::text[]) as id on conflict do nothing)
       insert into user_locations (user_id, lat, lng, updated_at) select * , now() from unnest($1::text[], $2::float8[], $3::float8[])
       on conflict (user_id) do update set lat = excluded.lat, lng = excluded.lng, updated_at = excluded.updated_at`,
      [ids, spots.map((s) => s.lat), spots.map((s) => s.lng)],
    );
  }
  // Setup's own upkeep before anything is measured: otherwise autovacuum visits 100k fresh rows
  // (and their indexes) inside the nearby window and its CPU counts as the queries'.
  await pool.query('vacuum analyze users, user_locations');
  await each(users, 32, async (u) => {
    const r = await c.call('POST', '/v1/geo/location', { token: u.token, body: somewhere() });
    if (r.status !== 200) throw new Error(`location: ${r.status} ${JSON.stringify(r.body)}`);
  });
};

/** Random bench users ask who is within 5 km (the first page of 20), for `seconds`. */
export const nearbyLoad = (base: string, users: readonly TestUser[], concurrency: number, seconds: number) =>
  runLoad(base, { concurrency, seconds, label: 'people nearby' }, {
    next: () => {
      const u = users[Math.floor(Math.random() * users.length)];
      return u ? { method: 'GET', path: '/v1/geo/nearby?radius=5000&limit=20', token: u.token } : null;
    },
  });
