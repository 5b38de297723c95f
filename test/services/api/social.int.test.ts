// Follows, blocks, the relation summary, nickname search and phone-book matching through /v1
// (inject on embedded PostgreSQL): every endpoint, its refusals, and that a refusal changes nothing.
import t from 'tap';
import { isBlocked } from '../../../services/app/access.js';
import { build, type TestApp } from '../../support/app.js';

let app: TestApp;
type User = { userId: string; token: string };
let ann: User, bob: User, cat: User, dan: User;

const as = (u: User) => ({ authorization: `Bearer ${u.token}` });
const call = async <T = Record<string, unknown>>(u: User | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
  const r = await app.inject({ method, url, ...(u ? { headers: as(u) } : {}), ...(payload ? { payload } : {}) });
  return { status: r.status, body: r.json<T>() };
};
const head = async () => (await app.platform.store.headPosition());

t.before(async () => {
  app = await build(t);
  ann = await app.signIn('+8613900000001');
  bob = await app.signIn('+8613900000002');
  cat = await app.signIn('+8613900000003');
  dan = await app.signIn('+8613900000004');
  for (const [u, nickname] of [[ann, 'Annie'], [bob, 'bobby_tables'], [cat, 'Catherine'], [dan, 'Ann']] as const) {
    await call(u, 'PATCH', '/v1/me', { nickname });
  }
});

t.test('follow: counts, lists with mutual marks, unfollow, and repeats that change nothing', async (t) => {
  t.match(await call(ann, 'POST', `/v1/users/${bob.userId}/follow`), { status: 200, body: { userId: bob.userId, following: true, followedBy: false } });
  const before = await head();
  t.match(await call(ann, 'POST', `/v1/users/${bob.userId}/follow`), { status: 200, body: { following: true } }, 'following twice is harmless');
  t.equal(await head(), before, 'and appends nothing');
  t.match(await call(bob, 'POST', `/v1/users/${ann.userId}/follow`), { status: 200, body: { following: true, followedBy: true } });
  await call(cat, 'POST', `/v1/users/${bob.userId}/follow`);

  const followers = await call<{ items: { userId: string; mutual: boolean; nickname: string }[]; count: number; nextCursor: string | null }>(bob, 'GET', '/v1/me/followers');
  t.equal(followers.body.count, 2);
  t.same(followers.body.items.map((i) => [i.userId, i.mutual]), [[cat.userId, false], [ann.userId, true]], 'newest first; ann follows back');
  t.equal(followers.body.items[1]?.nickname, 'Annie');
  const applications = await call<{ items: { userId: string }[] }>(bob, 'GET', '/v1/me/followers?mutual=false');
  t.same(applications.body.items.map((i) => i.userId), [cat.userId], "000's applications: followers not followed back");
  const page1 = await call<{ items: unknown[]; nextCursor: string }>(bob, 'GET', '/v1/me/followers?limit=1');
  t.equal(page1.body.items.length, 1);
  const page2 = await call<{ items: { userId: string }[]; nextCursor: string | null }>(bob, 'GET', `/v1/me/followers?limit=1&cursor=${page1.body.nextCursor}`);
  t.same(page2.body.items.map((i) => i.userId), [ann.userId]);
  t.equal(page2.body.nextCursor, null);
  const following = await call<{ items: { userId: string; mutual: boolean }[]; count: number }>(ann, 'GET', '/v1/me/following?mutual=true');
  t.same([following.body.count, following.body.items.map((i) => i.userId)], [1, [bob.userId]], "mutual follows: 000's friends");

  const rel = await call(cat, 'GET', `/v1/users/${bob.userId}/relation`);
  t.match(rel.body, { following: true, followedBy: false, friends: false, request: null, blocking: false, blockedBy: false, counts: { followers: 2, following: 1 } });

  t.match(await call(cat, 'DELETE', `/v1/users/${bob.userId}/follow`), { status: 200, body: { following: false } });
  const after = await head();
  t.match(await call(cat, 'DELETE', `/v1/users/${bob.userId}/follow`), { status: 200, body: { following: false } }, 'unfollowing twice is harmless');
  t.equal(await head(), after);
  t.match((await call(cat, 'GET', `/v1/users/${bob.userId}/relation`)).body, { following: false, counts: { followers: 1 } });
});

t.test('follow refusals: unknown user, yourself, bad ids, no token; none appends', async (t) => {
  const before = await head();
  t.match(await call(ann, 'POST', '/v1/users/123456789/follow'), { status: 404, body: { error: { code: 'NOT_FOUND' } } });
  t.match(await call(ann, 'POST', `/v1/users/${ann.userId}/follow`), { status: 409, body: { error: { code: 'SELF_RELATION' } } });
  t.match(await call(ann, 'POST', '/v1/users/not%20an%20id/follow'), { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  t.match(await call(null, 'POST', `/v1/users/${bob.userId}/follow`), { status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  t.match(await call(ann, 'GET', '/v1/users/123456789/relation'), { status: 404 });
  t.match(await call(ann, 'GET', '/v1/me/followers?cursor=garbage'), { status: 400 });
  t.match(await call(ann, 'GET', '/v1/me/followers?mutual=maybe'), { status: 400 });
  t.equal(await head(), before, 'the log did not move');
});

t.test('an Idempotency-Key replays the first answer', async (t) => {
  const key = { 'idempotency-key': 'follow-dan-1' };
  const first = await app.inject({ method: 'POST', url: `/v1/users/${dan.userId}/follow`, headers: { ...as(cat), ...key } });
  const again = await app.inject({ method: 'POST', url: `/v1/users/${dan.userId}/follow`, headers: { ...as(cat), ...key } });
  t.equal(again.text, first.text);
  t.equal((await app.inject({ method: 'POST', url: `/v1/users/${bob.userId}/follow`, headers: { ...as(cat), ...key } })).json<{ error: { code: string } }>().error.code, 'IDEMPOTENCY_KEY_REUSED');
});

t.test('blocks: both directions, follows end, the blocked cannot follow, lists and unblock', async (t) => {
  await call(dan, 'POST', `/v1/users/${ann.userId}/follow`);
  await call(ann, 'POST', `/v1/users/${dan.userId}/follow`);
  t.match(await call(ann, 'POST', `/v1/users/${dan.userId}/block`), { status: 200, body: { blocking: true, blockedBy: false } });
  t.match((await call(dan, 'GET', `/v1/users/${ann.userId}/relation`)).body, { following: false, followedBy: false, blocking: false, blockedBy: true });
  t.match((await call(ann, 'GET', `/v1/users/${dan.userId}/relation`)).body, { blocking: true, blockedBy: false });
  const before = await head();
  t.match(await call(dan, 'POST', `/v1/users/${ann.userId}/follow`), { status: 409, body: { error: { code: 'BLOCKED', details: { blockedBy: 'them' } } } });
  t.match(await call(ann, 'POST', `/v1/users/${dan.userId}/follow`), { status: 409, body: { error: { code: 'BLOCKED', details: { blockedBy: 'you' } } } });
  t.match(await call(ann, 'POST', `/v1/users/${ann.userId}/block`), { status: 409, body: { error: { code: 'SELF_RELATION' } } });
  t.match(await call(ann, 'POST', '/v1/users/987654321/block'), { status: 404 });
  t.equal(await head(), before);
  t.notOk((await call<{ items: { userId: string }[] }>(ann, 'GET', '/v1/me/followers')).body.items.some((i) => i.userId === dan.userId), 'the block ended the follow');
  const core = app.platform.core;
  t.same([await isBlocked(core, dan.userId, ann.userId), await isBlocked(core, ann.userId, dan.userId), await isBlocked(core, ann.userId, bob.userId)], [true, true, false], 'isBlocked: either way, for messages and calls');

  const list = await call<{ items: { userId: string; nickname: string }[] }>(ann, 'GET', '/v1/me/blocked');
  t.same(list.body.items.map((i) => [i.userId, i.nickname]), [[dan.userId, 'Ann']]);
  t.same((await call<{ items: unknown[] }>(dan, 'GET', '/v1/me/blocked')).body.items, [], 'a blacklist is its owner’s');
  t.match(await call(dan, 'DELETE', `/v1/users/${ann.userId}/block`), { status: 200, body: { blocking: false, blockedBy: true } }, "dan cannot lift ann's block");
  t.match(await call(ann, 'DELETE', `/v1/users/${dan.userId}/block`), { status: 200, body: { blocking: false } });
  t.same((await call<{ items: unknown[] }>(ann, 'GET', '/v1/me/blocked')).body.items, []);
  t.match(await call(dan, 'POST', `/v1/users/${ann.userId}/follow`), { status: 200 }, 'following works again');
});

t.test('nickname search: contains, exact and prefix first, case-insensitive, never yourself or the blocked', async (t) => {
  const r = await call<{ items: { userId: string; nickname: string }[] }>(cat, 'GET', '/v1/users/by-nickname?q=ann');
  t.same(r.body.items.map((i) => i.nickname), ['Ann', 'Annie'], 'exact, then prefix; "Catherine" does not contain ann');
  const all = await call<{ items: { nickname: string }[] }>(bob, 'GET', '/v1/users/by-nickname?q=A');
  t.same(all.body.items.map((i) => i.nickname), ['Ann', 'Annie', 'Catherine'], 'prefixes first, then the rest; never the caller');
  t.same((await call<{ items: unknown[] }>(ann, 'GET', '/v1/users/by-nickname?q=%25')).body.items, [], 'LIKE wildcards are literal');
  t.same((await call<{ items: { nickname: string }[] }>(ann, 'GET', '/v1/users/by-nickname?q=_')).body.items.map((i) => i.nickname), ['bobby_tables']);
  const p1 = await call<{ items: { nickname: string }[]; nextCursor: string }>(cat, 'GET', '/v1/users/by-nickname?q=n&limit=1');
  const p2 = await call<{ items: { nickname: string }[] }>(cat, 'GET', `/v1/users/by-nickname?q=n&limit=5&cursor=${p1.body.nextCursor}`);
  t.same([...p1.body.items, ...p2.body.items].map((i) => i.nickname), ['Ann', 'Annie'], 'paged');

  await call(ann, 'POST', `/v1/users/${cat.userId}/block`);
  t.notOk((await call<{ items: { userId: string }[] }>(cat, 'GET', '/v1/users/by-nickname?q=ann')).body.items.some((i) => i.userId === ann.userId), 'who blocked me is not found');
  t.notOk((await call<{ items: { userId: string }[] }>(ann, 'GET', '/v1/users/by-nickname?q=cat')).body.items.some((i) => i.userId === cat.userId), 'nor whom I blocked');
  await call(ann, 'DELETE', `/v1/users/${cat.userId}/block`);
  t.match(await call(ann, 'GET', '/v1/users/by-nickname?q='), { status: 400 });
  t.match(await call(ann, 'GET', `/v1/users/by-nickname?q=${'x'.repeat(41)}`), { status: 400 });
});

t.test('phone-book matching: E.164 normalisation, the number as sent, blocks and unknown numbers left out', async (t) => {
  const r = await call<{ matches: { phone: string; userId: string; friend: boolean }[] }>(ann, 'POST', '/v1/phone-book/matches', {
    phones: ['139 0000 0002', '+86 139-0000-0003', '008613900000004', '+8613900000001', '12345', '+8613999999999', 'not a phone'],
  });
  t.same(
    r.body.matches.map((m) => [m.phone, m.userId, m.friend]),
    [
      ['139 0000 0002', bob.userId, false],
      ['+86 139-0000-0003', cat.userId, false],
      ['008613900000004', dan.userId, false],
    ],
    'my own number, unregistered and invalid numbers are not matches',
  );
  await call(bob, 'POST', `/v1/users/${ann.userId}/block`);
  const blocked = await call<{ matches: { userId: string }[] }>(ann, 'POST', '/v1/phone-book/matches', { phones: ['13900000002'] });
  t.same(blocked.body.matches, [], 'someone who blocked me is as if unregistered');
  await call(bob, 'DELETE', `/v1/users/${ann.userId}/block`);
  t.match(await call(cat, 'PATCH', '/v1/me/privacy', { searchMobile: false }), { status: 200 });
  const hidden = await call<{ matches: { userId: string }[] }>(ann, 'POST', '/v1/phone-book/matches', { phones: ['13900000002', '13900000003'] });
  t.same(hidden.body.matches.map((m) => m.userId), [bob.userId], 'who turned searchMobile off is as if unregistered');
  await call(cat, 'PATCH', '/v1/me/privacy', { searchMobile: true });
  t.match(await call(ann, 'POST', '/v1/phone-book/matches', { phones: [] }), { status: 400 });
  t.match(await call(ann, 'POST', '/v1/phone-book/matches', { phones: Array.from({ length: 1001 }, () => '1') }), { status: 400 });
});
