// Posts over /v1, issue #22's additions: a post's media must be the poster's own uploads; the
// moments cover; the per-friend switches as readers meet them (timelines, one post, a like);
// search by text and month; gifts received on my posts (paid once whatever the retries, the audit
// closing); deleting a comment by its id alone.
import t from 'tap';
import { build, type TestApp } from '../../support/app.js';
import { auditClean, recharge, wallet } from '../../support/money.js';
import { upload } from '../../support/uploads.js';

type User = { userId: string; token: string };
type Post = { postId: string; text: string; media: { type: string; id: string }[] };
type Page<T> = { items: T[]; nextCursor: string | null };
type Reply<T> = { status: number; body: T };

const app: TestApp = await build(t);
let phones = 0;
const signIn = (): Promise<User> => app.signIn(`+86136${String(++phones).padStart(8, '0')}`);
const call = async <T = Record<string, unknown>>(u: User, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, key?: string): Promise<Reply<T>> => {
  const headers: Record<string, string> = { authorization: `Bearer ${u.token}`, ...(key ? { 'idempotency-key': key } : {}) };
  const r = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: r.status, body: r.json<T>() };
};
const head = () => app.platform.store.headPosition();
const befriend = async (a: User, b: User) => {
  await call(a, 'POST', '/v1/friend-requests', { userId: b.userId });
  await call(b, 'POST', `/v1/friend-requests/${a.userId}/accept`);
};
const post = (u: User, body: object) => call<Post>(u, 'POST', '/v1/posts', body);
const ids = (p: Reply<Page<Post>>) => p.body.items.map((x) => x.postId);

t.test("given uploads of two users, when ann attaches bob's, an unknown id or an image as a video, then it is refused and nothing is posted", async (t) => {
  const [ann, bob] = [await signIn(), await signIn()];
  const [mine, bobs] = [await upload(app, ann), await upload(app, bob)];
  const before = await head();
  const refusals: [object, number, string][] = [
    [{ text: 'x', media: [{ type: 'image', id: bobs }] }, 404, 'NOT_FOUND'],
    [{ text: 'x', media: [{ type: 'image', id: mine }, { type: 'image', id: bobs }] }, 404, 'NOT_FOUND'],
    [{ text: 'x', media: [{ type: 'image', id: 'nosuchmedia' }] }, 404, 'NOT_FOUND'],
    [{ text: 'x', media: [{ type: 'video', id: mine }] }, 400, 'VALIDATION_FAILED'],
  ];
  for (const [body, status, code] of refusals) {
    const r = await post(ann, body);
    t.equal(r.status, status, JSON.stringify(body));
    t.match(r.body, { error: { code, details: { mediaId: String } } }, JSON.stringify(body));
  }
  t.equal(await head(), before, 'no refusal wrote anything');
  const ok = await post(ann, { text: 'mine', media: [{ type: 'image', id: mine }] });
  t.match(ok, { status: 201, body: { media: [{ type: 'image', id: mine }] } }, 'her own upload is taken');
  const edit = await call(ann, 'PUT', `/v1/posts/${ok.body.postId}`, { text: 'swap', media: [{ type: 'image', id: bobs }] });
  t.match(edit, { status: 404, body: { error: { code: 'NOT_FOUND' } } }, 'an edit is held to the same rule');
  t.match(await call<Post>(bob, 'GET', `/v1/posts/${ok.body.postId}`), { body: { text: 'mine' } }, 'the post is as it was');
});

t.test('given an image of hers, when ann sets her moments cover, then anyone reads it; others\' and non-images are refused', async (t) => {
  const [ann, bob] = [await signIn(), await signIn()];
  t.match(await call(bob, 'GET', `/v1/users/${ann.userId}/feed-cover`), { status: 200, body: { userId: ann.userId, mediaId: null, url: null } }, 'none yet');
  const [img, voice, bobs] = [await upload(app, ann), await upload(app, ann, 'voice'), await upload(app, bob)];
  const set = await call(ann, 'PUT', '/v1/me/feed-cover', { mediaId: img });
  t.match(set, { status: 200, body: { userId: ann.userId, mediaId: img, url: new RegExp(`/v1/media/${img}/content$`) } });
  t.match(await call(bob, 'GET', `/v1/users/${ann.userId}/feed-cover`), { status: 200, body: { mediaId: img } });
  const before = await head();
  t.match(await call(ann, 'PUT', '/v1/me/feed-cover', { mediaId: bobs }), { status: 404, body: { error: { code: 'NOT_FOUND' } } });
  t.match(await call(ann, 'PUT', '/v1/me/feed-cover', { mediaId: voice }), { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  t.match(await call(ann, 'PUT', '/v1/me/feed-cover', { mediaId: 'x y' }), { status: 400 });
  t.match(await call(ann, 'PUT', '/v1/me/feed-cover', { mediaId: img }), { status: 200 }, 'the same cover again');
  t.equal(await head(), before, 'refusals and the repeat wrote nothing');
  t.match(await call(ann, 'GET', '/v1/users/nosuchuser/feed-cover'), { status: 404 });
});

t.test('given friends, when a switch stands, then the hidden posts are gone from every read and every act, and back when it is lifted', async (t) => {
  const [ann, bob, cy] = [await signIn(), await signIn(), await signIn()];
  await befriend(ann, bob);
  const pub = (await post(ann, { text: 'ann public' })).body.postId;
  const fr = (await post(ann, { text: 'ann friends', visibility: { mode: 'friends' } })).body.postId;
  const bobs = (await post(bob, { text: 'bob public' })).body.postId;
  t.same(ids(await call<Page<Post>>(bob, 'GET', '/v1/feed')).sort(), [pub, fr, bobs].sort(), 'before: bob sees both of ann\'s');

  t.match(await call(ann, 'PUT', `/v1/me/feed-switches/${bob.userId}`, { switch: 'hideMine', on: true }), { status: 200, body: { userId: bob.userId, switch: 'hideMine', on: true } });
  t.same(ids(await call<Page<Post>>(bob, 'GET', '/v1/feed')), [bobs], "ann's posts are hidden from bob's feed");
  t.same(ids(await call<Page<Post>>(bob, 'GET', `/v1/users/${ann.userId}/posts`)), [], 'and from her page');
  t.match(await call(bob, 'GET', `/v1/posts/${pub}`), { status: 404 }, 'even the public one');
  const before = await head();
  t.match(await call(bob, 'PUT', `/v1/posts/${pub}/like`), { status: 404 }, 'nor may he like it');
  t.match(await call(bob, 'POST', `/v1/posts/${pub}/comments`, { text: 'hi' }), { status: 404 });
  t.equal(await head(), before, 'nothing written');
  t.same(ids(await call<Page<Post>>(cy, 'GET', `/v1/users/${ann.userId}/posts`)), [pub], 'a stranger still sees her public post');
  t.same(ids(await call<Page<Post>>(ann, 'GET', '/v1/feed')).sort(), [pub, fr, bobs].sort(), "ann still sees bob's");
  t.match(await call(ann, 'GET', '/v1/me/feed-switches'), { body: { items: [{ userId: bob.userId, hideMine: true, hideTheirs: false }] } });

  await call(ann, 'PUT', `/v1/me/feed-switches/${bob.userId}`, { switch: 'hideMine', on: false });
  t.same(ids(await call<Page<Post>>(bob, 'GET', '/v1/feed')).sort(), [pub, fr, bobs].sort(), 'lifted: back at once');

  await call(bob, 'PUT', `/v1/me/feed-switches/${ann.userId}`, { switch: 'hideTheirs', on: true });
  t.same(ids(await call<Page<Post>>(bob, 'GET', '/v1/feed')), [bobs], "bob chose not to see ann's");
  t.same(ids(await call<Page<Post>>(ann, 'GET', `/v1/users/${bob.userId}/posts`)), [bobs], "ann still sees bob's");

  const refusedBefore = await head();
  t.match(await call(ann, 'PUT', `/v1/me/feed-switches/${cy.userId}`, { switch: 'hideMine', on: true }), { status: 409, body: { error: { code: 'NOT_FRIENDS' } } }, 'a switch names a friend');
  t.match(await call(ann, 'PUT', `/v1/me/feed-switches/${ann.userId}`, { switch: 'hideMine', on: true }), { status: 409, body: { error: { code: 'SELF_RELATION' } } });
  t.match(await call(ann, 'PUT', `/v1/me/feed-switches/${bob.userId}`, { switch: 'sometimes', on: true }), { status: 400 });
  t.match(await call(ann, 'PUT', `/v1/me/feed-switches/${cy.userId}`, { switch: 'hideMine', on: false }), { status: 200, body: { on: false } }, 'off needs no friend and changes nothing');
  t.equal(await head(), refusedBefore, 'nothing written');
});

t.test('given posts across months, when ann searches by text and month, then only the matches come back', async (t) => {
  const ann = await signIn();
  const a = (await post(ann, { text: 'Sunny beach day' })).body.postId;
  await post(ann, { text: 'rainy office' });
  const pct = (await post(ann, { text: '100% sure' })).body.postId;
  const month = new Date().toISOString().slice(0, 7);
  t.same(ids(await call<Page<Post>>(ann, 'GET', '/v1/me/posts?text=BEACH')), [a], 'case-insensitive');
  t.same(ids(await call<Page<Post>>(ann, 'GET', `/v1/me/posts?text=beach&month=${month}`)), [a]);
  t.same(ids(await call<Page<Post>>(ann, 'GET', '/v1/me/posts?text=beach&month=2001-01')), [], 'another month');
  t.same(ids(await call<Page<Post>>(ann, 'GET', `/v1/me/posts?text=${encodeURIComponent('0%')}`)), [pct], 'a % is taken literally');
  t.same(ids(await call<Page<Post>>(ann, 'GET', '/v1/me/posts?text=_')), [], 'so is _');
  t.match(await call(ann, 'GET', '/v1/me/posts?month=2001-13'), { status: 400 });
});

t.test('given a post, when fans give gifts with retried and concurrent keys, then the author lists each once, is paid once, and the audit closes', async (t) => {
  const [ann, bob, cy] = [await signIn(), await signIn(), await signIn()];
  await Promise.all([recharge(t, app, bob, 1000, 'coins'), recharge(t, app, cy, 1000, 'coins')]);
  const p = (await post(ann, { text: 'gift me' })).body.postId;
  const first = await call<{ giftSendId: string; sentAt: string }>(bob, 'POST', `/v1/posts/${p}/gifts`, { giftId: 'star', count: 1, toUserId: ann.userId }, 'g-1');
  t.match(first, { status: 201, body: { coinsSpent: 52, sentAt: String } });
  const retries = await Promise.all([1, 2, 3].map(() => call(bob, 'POST', `/v1/posts/${p}/gifts`, { giftId: 'star', count: 1, toUserId: ann.userId }, 'g-1')));
  t.ok(retries.every((r) => JSON.stringify(r.body) === JSON.stringify(first.body)), 'retries answer the first gift');
  await Promise.all([1, 2].map((i) => call(cy, 'POST', `/v1/posts/${p}/gifts`, { giftId: 'rose', count: 2 }, `c-${i}`)));
  // (The authors' income still follows the gifts in the background: compare the payer's coins, not the log's head.)
  const coinsBefore = (await wallet(app, cy)).coins;
  t.match(await call(cy, 'POST', `/v1/posts/${p}/gifts`, { giftId: 'rose', count: 1, toUserId: cy.userId }), { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } }, 'a receiver other than the author');
  t.equal((await wallet(app, cy)).coins, coinsBefore, 'nothing paid');

  const got = await call<Page<{ giftSendId: string; senderId: string; postId: string; giftId: string; count: number; coinsSpent: number; sender: { nickname: string } }>>(ann, 'GET', '/v1/me/post-gifts?limit=2');
  t.equal(got.status, 200);
  t.same(got.body.items.map((g) => [g.senderId, g.giftId, g.count, g.postId]), [[cy.userId, 'rose', 2, p], [cy.userId, 'rose', 2, p]], 'newest first');
  const rest = await call<Page<{ giftSendId: string }>>(ann, 'GET', `/v1/me/post-gifts?limit=2&cursor=${got.body.nextCursor ?? ''}`);
  t.same(rest.body.items.map((g) => g.giftSendId), [first.body.giftSendId], 'the retried gift is listed once');
  t.same((await call<Page<unknown>>(bob, 'GET', '/v1/me/post-gifts')).body.items, [], 'a giver receives nothing');
  await auditClean(t, app, 'after gifts on a post');
  t.match(await wallet(app, bob), { coins: 948 }, 'bob paid once');
  t.match(await wallet(app, ann), { income: Math.floor(52 / 2) + 2 * Math.floor(2 / 2) }, "ann's income once per gift");
});

t.test('given comments, when deleted by id alone, then the writer and the post\'s author may, others not, unknown ids are 404', async (t) => {
  const [ann, bob, cy] = [await signIn(), await signIn(), await signIn()];
  const p = (await post(ann, { text: 'talk' })).body.postId;
  const c1 = (await call<{ commentId: string }>(bob, 'POST', `/v1/posts/${p}/comments`, { text: 'one' })).body.commentId;
  const c2 = (await call<{ commentId: string }>(bob, 'POST', `/v1/posts/${p}/comments`, { text: 'two' })).body.commentId;
  const before = await head();
  t.match(await call(cy, 'DELETE', `/v1/comments/${c1}`), { status: 403, body: { error: { code: 'FORBIDDEN' } } });
  t.match(await call(cy, 'DELETE', '/v1/comments/nosuchcomment'), { status: 404 });
  t.equal(await head(), before, 'refusals wrote nothing');
  t.match(await call(bob, 'DELETE', `/v1/comments/${c1}`), { status: 200, body: { postId: p, commentId: c1, deleted: true } }, 'its writer');
  t.match(await call(ann, 'DELETE', `/v1/comments/${c2}`), { status: 200, body: { postId: p } }, "the post's author");
  t.match(await call(ann, 'GET', `/v1/posts/${p}`), { body: { commentCount: 0 } });
});

t.test('given the app, when the OpenAPI document is read, then the new routes are in it with their schemas', async (t) => {
  const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
  for (const [path, method] of [
    ['/v1/me/feed-cover', 'put'],
    ['/v1/users/{userId}/feed-cover', 'get'],
    ['/v1/me/feed-switches/{userId}', 'put'],
    ['/v1/me/feed-switches', 'get'],
    ['/v1/me/post-gifts', 'get'],
    ['/v1/comments/{commentId}', 'delete'],
  ] as const) {
    t.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`);
  }
});
