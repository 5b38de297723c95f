// Issue #16's leftovers through /v1 (inject on embedded PostgreSQL): people nearby filtered by
// sex and age (edge ages by Shanghai's date, unknown birthdays), shake history, withdrawing one's
// own friend request, and the rate limits on phone-book matching, location reports and search.
import t from 'tap';
import { getLocation } from '../../../projections/locations.js';
import { build, type TestApp } from '../../support/app.js';

let app: TestApp;
type User = { userId: string; token: string };
let me: User, bob: User, cat: User, dan: User, eve: User, fay: User, gus: User;

const call = async <T = Record<string, unknown>>(u: User, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
  const r = await app.inject({ method, url, headers: { authorization: `Bearer ${u.token}` }, ...(payload ? { payload } : {}) });
  return { status: r.status, body: r.json<T>() };
};
type Page = { items: { userId: string; distance: number }[]; nextCursor: string | null };

const HERE = { lat: 31.2304, lng: 121.4737 };
const north = (km: number) => ({ lat: HERE.lat + 0.009 * km, lng: HERE.lng });

/** Today's date in Asia/Shanghai moved by `days`, `years` earlier: YYYY-MM-DD. */
const shanghai = (years: number, days = 0): string => {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
};

t.before(async () => {
  app = await build(t);
  const sign = (n: string) => app.signIn(`+86137005000${n}`);
  [me, bob, cat, dan, eve, fay, gus] = await Promise.all([sign('01'), sign('02'), sign('03'), sign('04'), sign('05'), sign('06'), sign('07')]);
});

t.test('given people nearby with and without sex and birthday, when filtered, then exactly those of that sex and age range are listed, nearest first', async (t) => {
  // bob: male, 30 today. cat: female, 30 tomorrow (29 today). dan: said nothing. eve: male, 18 today. fay: female, 40.
  await call(bob, 'PATCH', '/v1/me/profile', { sex: 'male', birthday: shanghai(30) });
  await call(cat, 'PATCH', '/v1/me/profile', { sex: 'female', birthday: shanghai(30, 1) });
  await call(eve, 'PATCH', '/v1/me/profile', { sex: 'male', birthday: shanghai(18) });
  await call(fay, 'PATCH', '/v1/me/profile', { sex: 'female', birthday: shanghai(40) });
  t.match((await call(cat, 'GET', `/v1/users/${cat.userId}`)).body, { age: 29 }, "the profile's own age agrees");
  await call(me, 'POST', '/v1/geo/location', HERE);
  for (const [u, km] of [[bob, 1], [cat, 2], [dan, 3], [eve, 4], [fay, 4.5]] as const) await call(u, 'POST', '/v1/geo/location', north(km));
  const ids = async (q: string) => {
    const r = await call<Page>(me, 'GET', `/v1/geo/nearby${q}`);
    t.equal(r.status, 200, q);
    return r.body.items.map((i) => i.userId);
  };
  t.same(await ids(''), [bob.userId, cat.userId, dan.userId, eve.userId, fay.userId], 'unfiltered: everyone, nearest first');
  t.same(await ids('?sex=male'), [bob.userId, eve.userId]);
  t.same(await ids('?sex=female'), [cat.userId, fay.userId]);
  t.same(await ids('?minAge=30'), [bob.userId, fay.userId], '30 today counts; 30 tomorrow does not; an unknown birthday never matches');
  t.same(await ids('?maxAge=29'), [cat.userId, eve.userId], '29 until tomorrow');
  t.same(await ids('?minAge=18&maxAge=18'), [eve.userId], 'both ends included');
  t.same(await ids('?minAge=29&maxAge=30'), [bob.userId, cat.userId]);
  t.same(await ids('?sex=female&minAge=31'), [fay.userId]);
  t.same(await ids('?sex=male&minAge=19&maxAge=29'), []);
  t.same(await ids('?sex=male&radius=2000'), [bob.userId], 'the radius still cuts');
  const first = await call<Page>(me, 'GET', '/v1/geo/nearby?sex=female&limit=1');
  const second = await call<Page>(me, 'GET', `/v1/geo/nearby?sex=female&limit=1&cursor=${first.body.nextCursor}`);
  t.same([first.body.items.map((i) => i.userId), second.body.items.map((i) => i.userId), second.body.nextCursor], [[cat.userId], [fay.userId], null], 'paged');

  await call(cat, 'PATCH', '/v1/me/profile', { birthday: null });
  t.same(await ids('?maxAge=29'), [eve.userId], 'a cleared birthday is unknown again');
  await call(fay, 'PATCH', '/v1/me/profile', { sex: 'unknown' });
  t.same(await ids('?sex=female'), [cat.userId], 'a sex changed back to unknown');
  t.match(await call(me, 'GET', '/v1/geo/nearby?minAge=30&maxAge=20'), { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  t.match(await call(me, 'GET', '/v1/geo/nearby?sex=unknown'), { status: 400 });
  t.match(await call(me, 'GET', '/v1/geo/nearby?minAge=-1'), { status: 400 });
});

t.test('given shakes that match, when each asks for their history, then both see the match, newest first, paged; a block records nothing', async (t) => {
  t.same((await call(bob, 'POST', '/v1/geo/shake', HERE)).body, { match: null });
  t.match((await call(cat, 'POST', '/v1/geo/shake', north(0.3))).body, { match: { userId: bob.userId, distance: 400 } });
  t.match((await call(dan, 'POST', '/v1/geo/shake', north(0.1))).body, { match: { userId: bob.userId } });
  type History = { items: { matchId: string; userId: string; distance: number; sex: string; at: string }[]; nextCursor: string | null };
  const bobs = await call<History>(bob, 'GET', '/v1/geo/shakes');
  t.same(bobs.body.items.map((i) => [i.userId, i.distance, i.sex]), [[dan.userId, 200, 'unknown'], [cat.userId, 400, 'female']], 'the earlier shaker has both, newest first');
  t.same((await call<History>(cat, 'GET', '/v1/geo/shakes')).body.items.map((i) => [i.userId, i.distance, i.sex]), [[bob.userId, 400, 'male']]);
  const one = await call<History>(bob, 'GET', '/v1/geo/shakes?limit=1');
  const two = await call<History>(bob, 'GET', `/v1/geo/shakes?limit=1&cursor=${one.body.nextCursor}`);
  t.same([...one.body.items, ...two.body.items].map((i) => i.userId), [dan.userId, cat.userId]);
  t.equal(two.body.nextCursor, null);
  t.same((await call<History>(gus, 'GET', '/v1/geo/shakes')).body.items, [], 'no shakes, no history');

  await call(gus, 'POST', `/v1/users/${bob.userId}/block`);
  const after = await call<{ match: { userId: string } | null }>(gus, 'POST', '/v1/geo/shake', HERE);
  t.not(after.body.match?.userId, bob.userId, 'the blocked are never matched');
  t.notOk((await call<History>(bob, 'GET', '/v1/geo/shakes')).body.items.some((i) => i.userId === gus.userId));
});

t.test('given my pending request, when I withdraw it, then it leaves their inbox; withdrawing again or what is not mine is NOT_FOUND', async (t) => {
  type Requests = { items: { userId: string; status: string }[] };
  await call(dan, 'POST', '/v1/friend-requests', { userId: eve.userId, reason: 'hi' });
  t.same((await call<Requests>(eve, 'GET', '/v1/friend-requests?box=inbox')).body.items.map((i) => i.userId), [dan.userId]);
  t.match(await call(eve, 'POST', `/v1/friend-requests/${dan.userId}/withdraw`), { status: 404, body: { error: { code: 'NOT_FOUND' } } }, 'the target cannot withdraw it');
  t.match(await call(dan, 'POST', `/v1/friend-requests/${eve.userId}/withdraw`), { status: 200, body: { userId: eve.userId, status: 'withdrawn' } });
  t.same((await call<Requests>(eve, 'GET', '/v1/friend-requests?box=inbox')).body.items, [], 'gone from the inbox');
  t.same((await call<Requests>(dan, 'GET', '/v1/friend-requests?box=outbox')).body.items, [], 'and from the outbox');
  t.match((await call(eve, 'GET', `/v1/users/${dan.userId}/relation`)).body, { request: null, friends: false });
  t.match(await call(eve, 'POST', `/v1/friend-requests/${dan.userId}/accept`), { status: 404 }, 'nothing left to accept');
  t.match(await call(dan, 'POST', `/v1/friend-requests/${eve.userId}/withdraw`), { status: 404, body: { error: { code: 'NOT_FOUND' } } }, 'none left to withdraw');
  t.match(await call(dan, 'POST', '/v1/friend-requests', { userId: eve.userId }), { status: 201, body: { status: 'pending' } }, 'asking again');
  t.same((await call<Requests>(eve, 'GET', '/v1/friend-requests?box=inbox')).body.items.map((i) => [i.userId, i.status]), [[dan.userId, 'pending']]);
});

t.test('given a user at the limit, when they match phone books, report locations or search again, then TOO_MANY_REQUESTS with retryAfterMs, and nothing is done', async (t) => {
  const refused = (r: { status: number; body: Record<string, unknown> }, what: string) => {
    t.match(r, { status: 429, body: { error: { code: 'TOO_MANY_REQUESTS' } } }, what);
    const wait = (r.body as { error?: { details?: { retryAfterMs?: unknown } } }).error?.details?.retryAfterMs;
    t.ok(typeof wait === 'number' && wait > 0, `${what}: retryAfterMs ${String(wait)}`);
  };
  for (let i = 0; i < 5; i++) t.equal((await call(gus, 'POST', '/v1/phone-book/matches', { phones: ['13700500002'] })).status, 200, `phone book ${i + 1} of the burst`);
  refused(await call(gus, 'POST', '/v1/phone-book/matches', { phones: ['13700500002'] }), 'phone book over the burst');

  for (let i = 0; i < 10; i++) t.equal((await call(gus, 'POST', '/v1/geo/location', north(i))).status, 200);
  refused(await call(gus, 'POST', '/v1/geo/location', north(20)), 'location over the burst');
  const kept = await getLocation(app.platform.pool, gus.userId, new Date(0));
  t.same(kept && kept.lat, north(9).lat, 'the refused report was not stored');

  for (let i = 0; i < 20; i++) t.equal((await call(gus, 'GET', i % 2 ? '/v1/users/by-nickname?q=bo' : '/v1/users/search?q=13700500002')).status, 200);
  refused(await call(gus, 'GET', '/v1/users/by-nickname?q=bo'), 'nickname search over the burst');
  refused(await call(gus, 'GET', '/v1/users/search?q=13700500002'), 'search by phone shares the bucket');
  t.equal((await call(bob, 'GET', '/v1/users/by-nickname?q=bo')).status, 200, 'another user has their own bucket');
  t.equal((await call(gus, 'POST', '/v1/geo/shake', HERE)).status, 200, 'other calls are not limited');
});
