// Posts over /v1 (inject on embedded PostgreSQL): publishing and its refusals, edits and
// deletion, likes (a second like is a no-op), comments with replies and deletion, listens,
// visibility and blocks as readers see them, the timelines, and gifts on a post paying its author
// once whatever the retries.
import t from 'tap';
import { build, type TestApp } from '../../support/app.js';
import { auditClean, recharge, wallet } from '../../support/money.js';
import { upload } from '../../support/uploads.js';

type User = { userId: string; token: string };
type Post = { postId: string; authorId: string; text: string; likeCount: number; commentCount: number; listenCount: number; giftValue: number; giftCount: number; likedByMe: boolean; visibility: unknown; media: unknown[] };
type Page<T> = { items: T[]; nextCursor: string | null };

const app: TestApp = await build(t);
let phones = 0;
const signIn = (): Promise<User> => app.signIn(`+86137${String(++phones).padStart(8, '0')}`);
const call = async <T = Record<string, unknown>>(u: User, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, key?: string) => {
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
const ids = (p: { body: Page<Post> }) => p.body.items.map((x) => x.postId);

t.test('given a user, when they publish, edit and delete, then the post follows; empty and malformed posts are refused and change nothing', async (t) => {
  const ann = await signIn();
  const p = await post(ann, { kind: 'moment', text: 'hello world', media: [{ type: 'image', id: await upload(app, ann) }], location: { lat: 22.5, lng: 114.1, name: 'Shenzhen' } });
  t.equal(p.status, 201);
  t.match(p.body, { authorId: ann.userId, text: 'hello world', review: 'none', visibility: { mode: 'public', userIds: [] }, likeCount: 0 });

  const [img, vid] = [await upload(app, ann), await upload(app, ann, 'video')];
  const before = await head();
  const refusals: [object, number, string][] = [
    [{ text: '   ' }, 400, 'EMPTY_POST'],
    [{}, 400, 'EMPTY_POST'],
    [{ text: 'x', media: Array.from({ length: 10 }, (_, i) => ({ type: 'image', id: `i${i}` })) }, 400, 'VALIDATION_FAILED'],
    [{ text: 'x', media: [{ type: 'image', id: img }, { type: 'video', id: vid }] }, 400, 'VALIDATION_FAILED'],
    [{ kind: 'voice', text: 'no clip' }, 400, 'VALIDATION_FAILED'],
    [{ text: 'x', visibility: { mode: 'only', userIds: [] } }, 400, 'VALIDATION_FAILED'],
    [{ text: 'x', visibility: { mode: 'sometimes' } }, 400, 'VALIDATION_FAILED'],
    [{ text: 'x', mentions: ['999999999'] }, 404, 'NOT_FOUND'],
    [{ text: 'x\u0000' }, 400, 'VALIDATION_FAILED'],
  ];
  for (const [body, status, code] of refusals) {
    const r = await post(ann, body);
    t.equal(r.status, status, JSON.stringify(body));
    t.match(r.body, { error: { code } }, JSON.stringify(body));
  }
  t.equal(await head(), before, 'no refusal wrote anything');

  const edited = await call<Post>(ann, 'PUT', `/v1/posts/${p.body.postId}`, { text: 'hello again', visibility: { mode: 'private' } });
  t.match(edited, { status: 200, body: { text: 'hello again', media: [], visibility: { mode: 'private' } } });
  const bob = await signIn();
  t.match(await call(bob, 'PUT', `/v1/posts/${p.body.postId}`, { text: 'mine now' }), { status: 404 }, 'a private post is nobody else\'s to see, let alone edit');
  t.match(await call(ann, 'DELETE', `/v1/posts/${p.body.postId}`), { status: 200, body: { deleted: true } });
  t.match(await call(ann, 'DELETE', `/v1/posts/${p.body.postId}`), { status: 200 }, 'deleting again is harmless');
  t.match(await call(ann, 'GET', `/v1/posts/${p.body.postId}`), { status: 404 });
  t.same(ids(await call<Page<Post>>(ann, 'GET', '/v1/me/posts')), []);
});

t.test('given friends, when a post names a stranger in its list, then AUDIENCE_NOT_FRIENDS names them and nothing is written', async (t) => {
  const [ann, bob, eve] = [await signIn(), await signIn(), await signIn()];
  await befriend(ann, bob);
  const before = await head();
  const r = await post(ann, { text: 'for some', visibility: { mode: 'only', userIds: [bob.userId, eve.userId] } });
  t.match(r, { status: 409, body: { error: { code: 'AUDIENCE_NOT_FRIENDS', details: { userIds: [eve.userId] } } } });
  t.equal(await head(), before);
  t.equal((await post(ann, { text: 'for bob', visibility: { mode: 'only', userIds: [bob.userId] } })).status, 201);
});

t.test('likes once per user, unlikes; comments with replies, deletion by writer or author; listens; nothing on a deleted post', async (t) => {
  const [ann, bob, cat] = [await signIn(), await signIn(), await signIn()];
  const p = (await post(ann, { kind: 'voice', media: [{ type: 'voice', id: await upload(app, ann, 'voice') }] })).body;
  const url = `/v1/posts/${p.postId}`;
  t.match(await call(bob, 'PUT', `${url}/like`), { status: 200, body: { liked: true, likeCount: 1 } });
  const before = await head();
  t.match(await call(bob, 'PUT', `${url}/like`), { status: 200, body: { liked: true, likeCount: 1 } }, 'liking twice is a no-op, not an error');
  t.equal(await head(), before);
  t.match(await call(cat, 'PUT', `${url}/like`), { body: { likeCount: 2 } });
  t.match(await call(cat, 'DELETE', `${url}/like`), { body: { liked: false, likeCount: 1 } });
  t.match((await call<Post>(bob, 'GET', url)).body, { likeCount: 1, likedByMe: true });
  t.match((await call<Post>(cat, 'GET', url)).body, { likedByMe: false });

  const c1 = await call<{ commentId: string }>(bob, 'POST', `${url}/comments`, { text: 'nice voice' });
  t.match(c1, { status: 201, body: { userId: bob.userId, replyTo: null, commentCount: 1 } });
  const reply = await call(ann, 'POST', `${url}/comments`, { text: 'thanks!', replyTo: c1.body.commentId });
  t.match(reply, { status: 201, body: { replyTo: { commentId: c1.body.commentId, userId: bob.userId }, commentCount: 2 } });
  t.match(await call(cat, 'POST', `${url}/comments`, { text: 'x', replyTo: 'nope' }), { status: 404 });
  t.match(await call(cat, 'POST', `${url}/comments`, { text: '  ' }), { status: 400 });
  t.match(await call(cat, 'PUT', `${url}/comments/${c1.body.commentId}/like`), { status: 200, body: { liked: true, likeCount: 1 } });
  t.match(await call(cat, 'DELETE', `${url}/comments/${c1.body.commentId}`), { status: 403, body: { error: { code: 'FORBIDDEN' } } });
  const list = await call<Page<{ commentId: string; likeCount: number; likedByMe: boolean }>>(cat, 'GET', `${url}/comments`);
  t.same(list.body.items.map((c) => [c.commentId, c.likeCount, c.likedByMe]), [[c1.body.commentId, 1, true], [(reply.body as { commentId: string }).commentId, 0, false]]);
  t.match(await call(ann, 'DELETE', `${url}/comments/${c1.body.commentId}`), { status: 200 }, "the post's author deletes any comment");
  t.equal((await call<Page<unknown>>(cat, 'GET', `${url}/comments`)).body.items.length, 1);

  t.match(await call(cat, 'POST', `${url}/listens`), { status: 200, body: { listenCount: 1 } });
  t.match(await call(bob, 'POST', `${url}/listens`), { status: 200, body: { listenCount: 2 } });
  t.match((await call<Post>(ann, 'GET', url)).body, { listenCount: 2, commentCount: 1, likeCount: 1 });

  await call(ann, 'DELETE', url);
  t.match(await call(bob, 'POST', `${url}/comments`, { text: 'late' }), { status: 409, body: { error: { code: 'POST_DELETED' } } });
  t.match(await call(bob, 'PUT', `${url}/like`), { status: 409, body: { error: { code: 'POST_DELETED' } } });
});

t.test('readers see what the rules let them: friends, lists, private, blocks; timelines and filters', async (t) => {
  const [ann, bob, cat, eve] = [await signIn(), await signIn(), await signIn(), await signIn()];
  await befriend(ann, bob);
  await befriend(ann, cat);
  const pub = (await post(ann, { text: 'public', media: [{ type: 'image', id: await upload(app, ann) }] })).body.postId;
  const friends = (await post(ann, { text: 'friends', visibility: { mode: 'friends' } })).body.postId;
  const onlyBob = (await post(ann, { text: 'bob only', visibility: { mode: 'only', userIds: [bob.userId] } })).body.postId;
  const notBob = (await post(ann, { text: 'not bob', visibility: { mode: 'except', userIds: [bob.userId] } })).body.postId;
  const mine = (await post(ann, { text: 'diary', visibility: { mode: 'private' } })).body.postId;
  const bobs = (await post(bob, { text: 'bob public', media: [{ type: 'video', id: await upload(app, bob, 'video') }] })).body.postId;

  const timeline = (u: User) => call<Page<Post>>(u, 'GET', `/v1/users/${ann.userId}/posts`);
  t.same(ids(await timeline(ann)), [mine, notBob, onlyBob, friends, pub], 'the author sees all');
  t.same(ids(await timeline(bob)), [onlyBob, friends, pub]);
  t.same(ids(await timeline(cat)), [notBob, friends, pub]);
  t.same(ids(await timeline(eve)), [pub], 'a stranger sees the public post');
  t.equal((await call(eve, 'GET', `/v1/posts/${friends}`)).status, 404);
  t.equal((await call(eve, 'PUT', `/v1/posts/${friends}/like`)).status, 404, 'nor may they like it');
  t.equal((await call(bob, 'POST', `/v1/posts/${notBob}/comments`, { text: 'hi' })).status, 404);

  t.same(ids(await call<Page<Post>>(bob, 'GET', '/v1/feed')), [bobs, onlyBob, friends, pub], "bob's feed: his and his friends' posts he may see");
  t.same(ids(await call<Page<Post>>(bob, 'GET', '/v1/feed?mediaType=video')), [bobs]);
  t.same(ids(await call<Page<Post>>(ann, 'GET', `/v1/users/${ann.userId}/posts?withMedia=true`)), [pub], 'the album');
  const month = new Date().toISOString().slice(0, 7);
  t.same(ids(await call<Page<Post>>(ann, 'GET', `/v1/me/posts?month=${month}`)).length, 5);
  t.same(ids(await call<Page<Post>>(ann, 'GET', '/v1/me/posts?month=2001-01')), []);
  const paged = await call<Page<Post>>(ann, 'GET', '/v1/me/posts?limit=2');
  const next = await call<Page<Post>>(ann, 'GET', `/v1/me/posts?limit=2&cursor=${paged.body.nextCursor ?? ''}`);
  t.same([...ids(paged), ...ids(next)], [mine, notBob, onlyBob, friends]);

  await call(eve, 'POST', `/v1/users/${ann.userId}/follow`);
  t.same(ids(await call<Page<Post>>(eve, 'GET', '/v1/posts?list=followed')), [pub], 'followed: what a follower may see');
  const news = ids(await call<Page<Post>>(eve, 'GET', '/v1/posts?list=new&limit=100'));
  t.ok(news.includes(pub) && news.includes(bobs) && !news.includes(friends), 'new: public posts only');
  await call(eve, 'PUT', `/v1/posts/${bobs}/like`);
  await call(cat, 'PUT', `/v1/posts/${bobs}/like`);
  t.equal(ids(await call<Page<Post>>(eve, 'GET', '/v1/posts?list=hot'))[0], bobs, 'hot: the most liked first');

  await call(bob, 'POST', `/v1/users/${ann.userId}/block`);
  t.same(ids(await timeline(bob)), [], 'a block hides every post either way');
  t.same(ids(await call<Page<Post>>(bob, 'GET', '/v1/feed')), [bobs]);
  t.equal((await call(ann, 'GET', `/v1/posts/${bobs}`)).status, 404);
  await call(bob, 'DELETE', `/v1/users/${ann.userId}/block`);
  await call(ann, 'DELETE', `/v1/friends/${cat.userId}`);
  t.same(ids(await timeline(cat)), [pub], 'an ended friendship hides the friends-only posts at once');
  t.same(ids(await timeline(bob)), [onlyBob, friends, pub]);
});

t.test('given a post, when fans send gifts with retried keys, then its author is paid once per gift and the post counts them', async (t) => {
  const [ann, bob, cat] = [await signIn(), await signIn(), await signIn()];
  await Promise.all([recharge(t, app, bob, 1000, 'coins'), recharge(t, app, cat, 1000, 'coins')]);
  const p = (await post(ann, { text: 'gift me' })).body.postId;
  const first = await call<{ giftSendId: string; coinsSpent: number }>(bob, 'POST', `/v1/posts/${p}/gifts`, { giftId: 'star', count: 2 }, 'gift-1');
  t.match(first, { status: 201, body: { postId: p, coinsSpent: 104, coins: 896 } });
  const retries = await Promise.all([1, 2, 3].map(() => call(bob, 'POST', `/v1/posts/${p}/gifts`, { giftId: 'star', count: 2 }, 'gift-1')));
  t.ok(retries.every((r) => r.status === 201 && JSON.stringify(r.body) === JSON.stringify(first.body)), 'every retry answers the first gift');
  const concurrent = await Promise.all([1, 2, 3].map((i) => call(cat, 'POST', `/v1/posts/${p}/gifts`, { giftId: 'heart', count: 1 }, `cat-${i}`)));
  t.ok(concurrent.every((r) => r.status === 201));
  t.match(await call(ann, 'POST', `/v1/posts/${p}/gifts`, { giftId: 'rose', count: 1 }), { status: 409, body: { error: { code: 'SELF_GIFT' } } });
  t.match(await call(bob, 'POST', `/v1/posts/${p}/gifts`, { giftId: 'nope', count: 1 }), { status: 404 });

  await auditClean(t, app, 'after gifts on a post');
  t.match(await wallet(app, ann), { income: (104 + 30) / 2 }, "the author's income is credited once per gift");
  t.match(await wallet(app, bob), { coins: 896 });
  t.match((await call<Post>(ann, 'GET', `/v1/posts/${p}`)).body, { giftValue: 134, giftCount: 5 });

  await call(ann, 'DELETE', `/v1/posts/${p}`);
  t.match(await call(bob, 'POST', `/v1/posts/${p}/gifts`, { giftId: 'rose', count: 1 }), { status: 409, body: { error: { code: 'POST_DELETED' } } });
  t.match(await wallet(app, bob), { coins: 896 }, 'a refused gift moves nothing');
});
