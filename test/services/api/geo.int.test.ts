// Locations, people nearby, shake and random through /v1 (inject on embedded PostgreSQL), and
// the locations table's lifetime with explicit times.
import t from 'tap';
import { distanceM, findNearby, getLocation, saveLocation } from '../../../projections/locations.js';
import { build, type TestApp } from '../../support/app.js';

let app: TestApp;
type User = { userId: string; token: string };
let ann: User, bob: User, cat: User, dan: User, eve: User, fay: User;

const call = async <T = Record<string, unknown>>(u: User | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
  const r = await app.inject({ method, url, ...(u ? { headers: { authorization: `Bearer ${u.token}` } } : {}), ...(payload ? { payload } : {}) });
  return { status: r.status, body: r.json<T>() };
};
type Near = { items: { userId: string; distance: number; nickname: string }[]; nextCursor: string | null };

// Shanghai, People's Square; 0.009° of latitude is ~1 km.
const HERE = { lat: 31.2304, lng: 121.4737 };
const north = (km: number) => ({ lat: HERE.lat + 0.009 * km, lng: HERE.lng });

t.before(async () => {
  app = await build(t);
  [ann, bob, cat, dan, eve, fay] = await Promise.all([app.signIn('+8613700200001'), app.signIn('+8613700200002'), app.signIn('+8613700200003'), app.signIn('+8613700200004'), app.signIn('+8613700200005'), app.signIn('+8613700200006')]);
  await call(bob, 'PATCH', '/v1/me', { nickname: 'Bob' });
});

t.test('nearby: only those with a live location within the radius, nearest first, distances rounded up, paged', async (t) => {
  t.match(await call(ann, 'GET', '/v1/geo/nearby'), { status: 409, body: { error: { code: 'LOCATION_UNKNOWN' } } }, 'not listed yourself, you see nobody');
  const saved = await call<{ expiresAt: string }>(ann, 'POST', '/v1/geo/location', HERE);
  t.equal(saved.status, 200);
  t.ok(Math.abs(Date.parse(saved.body.expiresAt) - Date.now() - 2 * 3600_000) < 60_000, 'listed for two hours');
  await call(bob, 'POST', '/v1/geo/location', north(1));
  await call(cat, 'POST', '/v1/geo/location', north(3.04));
  await call(dan, 'POST', '/v1/geo/location', north(8));
  await call(eve, 'POST', '/v1/geo/location', { lat: 39.9042, lng: 116.4074 });

  const near = await call<Near>(ann, 'GET', '/v1/geo/nearby');
  t.same(near.body.items.map((i) => [i.userId, i.distance]), [[bob.userId, 1100], [cat.userId, 3100]], 'within 5 km; 1,001 m shows as 1,100 m (rounded up to 100 m)');
  t.equal(near.body.items[0]?.nickname, 'Bob');
  t.notOk(JSON.stringify(near.body).includes('31.2'), 'no coordinates of others in the answer');
  const wide = await call<Near>(ann, 'GET', '/v1/geo/nearby?radius=10000&limit=2');
  t.same(wide.body.items.map((i) => i.userId), [bob.userId, cat.userId]);
  const rest = await call<Near>(ann, 'GET', `/v1/geo/nearby?radius=10000&limit=2&cursor=${wide.body.nextCursor}`);
  t.same([rest.body.items.map((i) => i.userId), rest.body.nextCursor], [[dan.userId], null]);
  t.same((await call<Near>(ann, 'GET', '/v1/geo/nearby?radius=100')).body.items, []);

  await call(bob, 'POST', '/v1/geo/location', north(6));
  t.same((await call<Near>(ann, 'GET', '/v1/geo/nearby')).body.items.map((i) => i.userId), [cat.userId], 'a new report replaces the old one');
  t.match(await call(cat, 'DELETE', '/v1/geo/location'), { status: 200, body: { cleared: true } });
  t.same((await call<Near>(ann, 'GET', '/v1/geo/nearby')).body.items, [], 'cleared: gone at once');
  t.match(await call(cat, 'GET', '/v1/geo/nearby'), { status: 409 });
});

t.test('blocks either way hide people nearby, in shake and in the random pick', async (t) => {
  await call(fay, 'POST', '/v1/geo/location', north(0.5));
  t.ok((await call<Near>(ann, 'GET', '/v1/geo/nearby')).body.items.some((i) => i.userId === fay.userId));
  await call(fay, 'POST', `/v1/users/${ann.userId}/block`);
  t.notOk((await call<Near>(ann, 'GET', '/v1/geo/nearby')).body.items.some((i) => i.userId === fay.userId), 'who blocked me is not near me');
  t.same((await call<Near>(fay, 'GET', '/v1/geo/nearby')).body.items, [], 'nor whom I blocked');
  for (let i = 0; i < 5; i++) {
    const pick = await call<{ items: { userId: string }[] }>(ann, 'GET', '/v1/geo/random?limit=50');
    t.notOk(pick.body.items.some((p) => p.userId === fay.userId || p.userId === ann.userId), 'never myself nor the blocked');
    t.equal(pick.body.items.length, 4, 'everyone else');
  }
  await call(fay, 'DELETE', `/v1/users/${ann.userId}/block`);
});

t.test('shake: the nearest other shaker within the window, or nobody', async (t) => {
  t.same((await call(ann, 'POST', '/v1/geo/shake', HERE)).body, { match: null }, 'nobody shook yet');
  t.match(await call(bob, 'POST', '/v1/geo/shake', north(2)), { status: 200, body: { match: { userId: ann.userId, distance: 2100 } } });
  await call(cat, 'POST', '/v1/geo/shake', north(0.2));
  t.match((await call(ann, 'POST', '/v1/geo/shake', HERE)).body, { match: { userId: cat.userId } }, 'the nearest one');
  await call(cat, 'POST', `/v1/users/${ann.userId}/block`);
  t.match((await call(ann, 'POST', '/v1/geo/shake', HERE)).body, { match: { userId: bob.userId } }, 'a blocker is never matched');
});

t.test('bad coordinates and bad paging are refused; nothing is stored', async (t) => {
  for (const body of [{ lat: 91, lng: 0 }, { lat: 0, lng: -180.5 }, { lat: '1', lng: 2 }, { lat: 1 }, { lat: 1, lng: 2, x: 1 }]) {
    t.match(await call(dan, 'POST', '/v1/geo/location', body), { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } }, JSON.stringify(body));
    t.match(await call(dan, 'POST', '/v1/geo/shake', body), { status: 400 });
  }
  const at = await getLocation(app.platform.pool, dan.userId, new Date(0));
  t.same(at && [at.lat, at.lng], [north(8).lat, north(8).lng], "dan's last good report stands");
  t.match(await call(ann, 'GET', '/v1/geo/nearby?radius=50'), { status: 400 });
  t.match(await call(ann, 'GET', '/v1/geo/nearby?radius=50001'), { status: 400 });
  t.match(await call(ann, 'GET', '/v1/geo/nearby?cursor=WzEwMDAwXQ'), { status: 400 }, 'past the deepest page');
  t.match(await call(ann, 'GET', '/v1/geo/random?limit=0'), { status: 400 });
  t.match(await call(null, 'POST', '/v1/geo/location', HERE), { status: 401 });
});

t.test('a location lives LOCATION_TTL_SECONDS; later writes delete expired rows', async (t) => {
  const pool = app.platform.pool;
  const t0 = new Date('2030-01-01T00:00:00Z');
  const hours = (h: number) => new Date(t0.getTime() + h * 3600_000);
  await pool.query('delete from user_locations');
  await saveLocation(pool, 'old-1', HERE.lat, HERE.lng, t0, hours(-2));
  await saveLocation(pool, 'old-2', HERE.lat, HERE.lng, t0, hours(-2));
  t.ok(await getLocation(pool, 'old-1', hours(-1)), 'alive within its lifetime');
  t.equal(await getLocation(pool, 'old-1', hours(1)), null, 'expired once older than the lifetime');
  await saveLocation(pool, 'new', HERE.lat, HERE.lng, hours(3), hours(1));
  const left = await pool.query<{ user_id: string }>('select user_id from user_locations order by user_id');
  t.same(left.rows.map((r) => r.user_id), ['new'], 'the write purged the expired rows');
  t.same(await findNearby(pool, { userId: 'x', lat: HERE.lat, lng: HERE.lng, radiusM: 5000, expiredBefore: hours(1), limit: 10, offset: 0 }), [], 'users without an account are not listed');
});

t.test('the earth is round: across the antimeridian and over a pole, neighbours are found', async (t) => {
  t.ok(Math.abs(distanceM(HERE.lat, HERE.lng, north(1).lat, HERE.lng) - 1000.8) < 1, 'haversine: 0.009° of latitude is ~1 km');
  const pairs: [{ lat: number; lng: number }, { lat: number; lng: number }][] = [
    [{ lat: 0, lng: 179.999 }, { lat: 0, lng: -179.999 }],
    [{ lat: 89.999, lng: 0 }, { lat: 89.999, lng: 180 }],
    [{ lat: -33.9, lng: -179.9995 }, { lat: -33.9, lng: 179.9995 }],
  ];
  for (const [a, b] of pairs) {
    await call(ann, 'POST', '/v1/geo/location', a);
    await call(bob, 'POST', '/v1/geo/location', b);
    const near = await call<Near>(ann, 'GET', '/v1/geo/nearby?radius=1000');
    const expected = Math.max(100, Math.ceil(distanceM(a.lat, a.lng, b.lat, b.lng) / 100) * 100);
    t.same(near.body.items.map((i) => [i.userId, i.distance]), [[bob.userId, expected]], `${JSON.stringify(a)} and ${JSON.stringify(b)} are ${expected} m apart`);
  }
});
