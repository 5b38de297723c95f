// Friend requests, friends, remarks, marks and tags through /v1 (inject on embedded PostgreSQL):
// every endpoint, its refusals, and that a refusal changes nothing.
import t from 'tap';
import { build, type TestApp } from '../../support/app.js';

let app: TestApp;
type User = { userId: string; token: string };
let ann: User, bob: User, cat: User, dan: User, eve: User;

const call = async <T = Record<string, unknown>>(u: User | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
  const r = await app.inject({ method, url, ...(u ? { headers: { authorization: `Bearer ${u.token}` } } : {}), ...(payload ? { payload } : {}) });
  return { status: r.status, body: r.json<T>() };
};
const head = () => app.platform.store.headPosition();
type Requests = { items: { userId: string; status: string; reason: string | null; nickname: string }[]; nextCursor: string | null };
type Friends = { items: { userId: string; remark: string | null; commonlyUsed: boolean; tags: { tagId: string; name: string }[] }[] };

t.before(async () => {
  app = await build(t);
  [ann, bob, cat, dan, eve] = await Promise.all([app.signIn('+8613800100001'), app.signIn('+8613800100002'), app.signIn('+8613800100003'), app.signIn('+8613800100004'), app.signIn('+8613800100005')]);
  await call(bob, 'PATCH', '/v1/me', { nickname: 'Bob' });
});

t.test('a request waits (verification on), shows in both boxes, and its acceptance makes friends on both sides', async (t) => {
  t.match(await call(ann, 'POST', '/v1/friend-requests', { userId: bob.userId, reason: 'we met at the gym', remark: 'Gym Bob' }), { status: 201, body: { userId: bob.userId, status: 'pending' } });
  const before = await head();
  t.match(await call(ann, 'POST', '/v1/friend-requests', { userId: bob.userId }), { status: 201, body: { status: 'pending' } }, 'a second request is a no-op');
  t.equal(await head(), before);

  const inbox = await call<Requests>(bob, 'GET', '/v1/friend-requests?box=inbox');
  t.same(inbox.body.items.map((i) => [i.userId, i.status, i.reason]), [[ann.userId, 'pending', 'we met at the gym']]);
  const outbox = await call<Requests>(ann, 'GET', '/v1/friend-requests?box=outbox');
  t.same(outbox.body.items.map((i) => [i.userId, i.status, i.nickname]), [[bob.userId, 'pending', 'Bob']]);
  t.same((await call<Requests>(ann, 'GET', '/v1/friend-requests')).body.items, [], 'the inbox is the default, and ann has none');
  t.match((await call(bob, 'GET', `/v1/users/${ann.userId}/relation`)).body, { request: 'received', friends: false });

  t.match(await call(ann, 'POST', `/v1/friend-requests/${bob.userId}/accept`), { status: 404 }, 'the requester cannot answer');
  t.match(await call(bob, 'POST', `/v1/friend-requests/${ann.userId}/accept`), { status: 200, body: { userId: ann.userId, status: 'friends' } });
  t.match(await call(bob, 'POST', `/v1/friend-requests/${ann.userId}/accept`), { status: 200 }, 'accepting again is harmless');
  t.same((await call<Requests>(bob, 'GET', '/v1/friend-requests?status=accepted')).body.items.map((i) => i.userId), [ann.userId]);
  t.same((await call<Requests>(bob, 'GET', '/v1/friend-requests?status=pending')).body.items, []);

  const annFriends = await call<Friends>(ann, 'GET', '/v1/friends');
  t.same(annFriends.body.items.map((f) => [f.userId, f.remark]), [[bob.userId, 'Gym Bob']], "the request's remark is ann's");
  t.same((await call<Friends>(bob, 'GET', '/v1/friends')).body.items.map((f) => [f.userId, f.remark]), [[ann.userId, null]]);
  t.match(await call(ann, 'POST', '/v1/friend-requests', { userId: bob.userId }), { status: 409, body: { error: { code: 'ALREADY_FRIENDS' } } });
});

t.test('opposite requests make friends at once; rejections end a request; removal ends it for both', async (t) => {
  t.match(await call(cat, 'POST', '/v1/friend-requests', { userId: dan.userId }), { body: { status: 'pending' } });
  t.match(await call(dan, 'POST', '/v1/friend-requests', { userId: cat.userId }), { status: 201, body: { status: 'friends' } });
  t.same((await call<Requests>(dan, 'GET', '/v1/friend-requests?box=inbox')).body.items.map((i) => [i.userId, i.status]), [[cat.userId, 'accepted']]);
  t.same((await call<Friends>(cat, 'GET', '/v1/friends')).body.items.map((f) => f.userId), [dan.userId]);

  await call(eve, 'POST', '/v1/friend-requests', { userId: ann.userId });
  t.match(await call(ann, 'POST', `/v1/friend-requests/${eve.userId}/reject`), { status: 200, body: { status: 'rejected' } });
  t.match(await call(ann, 'POST', `/v1/friend-requests/${eve.userId}/reject`), { status: 404, body: { error: { code: 'NOT_FOUND' } } });
  t.same((await call<Requests>(eve, 'GET', '/v1/friend-requests?box=outbox')).body.items.map((i) => i.status), ['rejected']);
  t.match(await call(eve, 'POST', '/v1/friend-requests', { userId: ann.userId }), { body: { status: 'pending' } }, 'asking again after a rejection');

  t.match(await call(dan, 'DELETE', `/v1/friends/${cat.userId}`), { status: 200, body: { friends: false } });
  t.same((await call<Friends>(cat, 'GET', '/v1/friends')).body.items, [], 'gone for both');
  t.match(await call(dan, 'DELETE', `/v1/friends/${cat.userId}`), { status: 409, body: { error: { code: 'NOT_FRIENDS' } } });
});

t.test('a user who needs no verification (needAuth off) is befriended at once, and both are told', async (t) => {
  t.match(await call(eve, 'PATCH', '/v1/me/privacy', { needAuth: false }), { status: 200 });
  t.match(await call(cat, 'POST', '/v1/friend-requests', { userId: eve.userId }), { status: 201, body: { userId: eve.userId, status: 'friends' } });
  t.match((await call(cat, 'GET', `/v1/users/${eve.userId}/relation`)).body, { friends: true });
  t.match(await call(cat, 'DELETE', `/v1/friends/${eve.userId}`), { status: 200 });
  await call(eve, 'PATCH', '/v1/me/privacy', { needAuth: true });
  t.match(await call(cat, 'POST', '/v1/friend-requests', { userId: eve.userId }), { status: 201, body: { status: 'pending' } }, 'with it on again, a request waits');
  t.match(await call(eve, 'POST', `/v1/friend-requests/${cat.userId}/reject`), { status: 200 });
});

t.test('request refusals: unknown, yourself, blocked either way, oversized reason or remark; none appends', async (t) => {
  await call(dan, 'POST', `/v1/users/${eve.userId}/block`);
  const before = await head();
  t.match(await call(ann, 'POST', '/v1/friend-requests', { userId: '55555' }), { status: 404 });
  t.match(await call(ann, 'POST', '/v1/friend-requests', { userId: ann.userId }), { status: 409, body: { error: { code: 'SELF_RELATION' } } });
  t.match(await call(eve, 'POST', '/v1/friend-requests', { userId: dan.userId }), { status: 409, body: { error: { code: 'BLOCKED', details: { blockedBy: 'them' } } } });
  t.match(await call(dan, 'POST', '/v1/friend-requests', { userId: eve.userId }), { status: 409, body: { error: { code: 'BLOCKED' } } });
  t.match(await call(ann, 'POST', '/v1/friend-requests', { userId: cat.userId, reason: 'x'.repeat(101) }), { status: 400 });
  t.match(await call(ann, 'POST', '/v1/friend-requests', { userId: cat.userId, remark: 'x'.repeat(41) }), { status: 400 });
  t.match(await call(ann, 'POST', '/v1/friend-requests', { userId: cat.userId, reason: 'a\u0000b' }), { status: 400 });
  t.match(await call(ann, 'POST', '/v1/friend-requests', { userId: cat.userId, extra: 1 }), { status: 400 });
  t.match(await call(ann, 'GET', '/v1/friend-requests?box=spam'), { status: 400 });
  t.match(await call(null, 'GET', '/v1/friends'), { status: 401 });
  t.equal(await head(), before, 'the log did not move');
});

t.test('a block cancels a pending request', async (t) => {
  await call(cat, 'POST', '/v1/friend-requests', { userId: eve.userId });
  await call(eve, 'POST', `/v1/users/${cat.userId}/block`);
  const outbox = (await call<Requests>(cat, 'GET', '/v1/friend-requests?box=outbox')).body.items;
  t.same(outbox.filter((i) => i.userId === eve.userId).map((i) => i.status), ['cancelled']);
  t.match(await call(eve, 'POST', `/v1/friend-requests/${cat.userId}/accept`), { status: 404 });
});

t.test('remarks and commonly used: only for the owner, marks only for friends', async (t) => {
  t.match(await call(ann, 'PATCH', `/v1/contacts/${bob.userId}`, { remark: ' Bobby ', commonlyUsed: true }), {
    status: 200,
    body: { userId: bob.userId, remark: 'Bobby', commonlyUsed: true, tags: [] },
  });
  const friends = await call<Friends>(ann, 'GET', '/v1/friends?commonlyUsed=true');
  t.same(friends.body.items.map((f) => [f.userId, f.remark, f.commonlyUsed]), [[bob.userId, 'Bobby', true]]);
  t.same((await call<Friends>(ann, 'GET', '/v1/friends?commonlyUsed=false')).body.items, []);
  t.match(await call(ann, 'PATCH', `/v1/contacts/${cat.userId}`, { remark: 'not a friend yet' }), { status: 200, body: { remark: 'not a friend yet' } }, 'a remark is for anyone');

  const before = await head();
  t.match(await call(ann, 'PATCH', `/v1/contacts/${cat.userId}`, { commonlyUsed: true }), { status: 409, body: { error: { code: 'NOT_FRIENDS' } } });
  t.match(await call(ann, 'PATCH', `/v1/contacts/${bob.userId}`, { remark: 'x'.repeat(41) }), { status: 400 });
  t.match(await call(ann, 'PATCH', `/v1/contacts/${ann.userId}`, { remark: 'me' }), { status: 409, body: { error: { code: 'SELF_RELATION' } } });
  t.match(await call(ann, 'PATCH', '/v1/contacts/4444444', { remark: 'who' }), { status: 404 });
  t.equal(await head(), before);

  t.match(await call(ann, 'PATCH', `/v1/contacts/${bob.userId}`, { remark: '' }), { body: { remark: null, commonlyUsed: true } }, 'an empty remark clears it');
  t.same((await call<Friends>(bob, 'GET', '/v1/friends')).body.items.map((f) => [f.remark, f.commonlyUsed]), [[null, false]], "ann's notes are not bob's");
});

t.test('tags: create with friends, list, rename, tag and untag, delete; friends only, owner only', async (t) => {
  const created = await call<{ tagId: string; name: string; userIds: string[] }>(ann, 'POST', '/v1/tags', { name: 'gym', userIds: [bob.userId] });
  t.match(created, { status: 201, body: { name: 'gym', userIds: [bob.userId] } });
  const tagId = created.body.tagId;
  t.match(await call(ann, 'POST', '/v1/tags', { name: 'gym' }), { status: 409, body: { error: { code: 'CONFLICT' } } });
  t.match(await call(ann, 'POST', '/v1/tags', { name: 'work', userIds: [cat.userId] }), { status: 409, body: { error: { code: 'NOT_FRIENDS', details: { userIds: [cat.userId] } } } });
  t.match(await call(ann, 'POST', '/v1/tags', { name: '' }), { status: 400 });
  t.match(await call(ann, 'POST', '/v1/tags', { name: 'x'.repeat(31) }), { status: 400 });

  t.same((await call(ann, 'GET', '/v1/tags')).body, { items: [{ tagId, name: 'gym', userIds: [bob.userId] }] });
  t.same((await call(bob, 'GET', '/v1/tags')).body, { items: [] }, 'tags are their owner’s');
  t.match(await call(ann, 'PATCH', `/v1/tags/${tagId}`, { name: 'climbing' }), { status: 200, body: { name: 'climbing' } });
  t.match(await call(bob, 'PATCH', `/v1/tags/${tagId}`, { name: 'mine now' }), { status: 404 }, "bob's contacts have no such tag");
  const withTags = await call<Friends>(ann, 'GET', `/v1/friends?tagId=${tagId}`);
  t.same(withTags.body.items.map((f) => [f.userId, f.tags]), [[bob.userId, [{ tagId, name: 'climbing' }]]]);

  t.match(await call(ann, 'POST', `/v1/tags/${tagId}/members`, { userIds: [dan.userId] }), { status: 409, body: { error: { code: 'NOT_FRIENDS' } } });
  t.match(await call(ann, 'POST', `/v1/tags/${tagId}/members`, { userIds: [] }), { status: 400 });
  t.match(await call(ann, 'DELETE', `/v1/tags/${tagId}/members/${bob.userId}`), { status: 200, body: { userIds: [] } });
  t.same((await call<Friends>(ann, 'GET', `/v1/friends?tagId=${tagId}`)).body.items, []);
  t.match(await call(ann, 'POST', `/v1/tags/${tagId}/members`, { userIds: [bob.userId] }), { status: 200, body: { userIds: [bob.userId] } });
  t.match(await call(ann, 'DELETE', `/v1/tags/${tagId}`), { status: 200, body: { deleted: true } });
  t.match(await call(ann, 'DELETE', `/v1/tags/${tagId}`), { status: 404 });
  t.same((await call(ann, 'GET', '/v1/tags')).body, { items: [] });
  t.same((await call<Friends>(ann, 'GET', '/v1/friends')).body.items[0]?.tags, [], 'the tag left the friends list with it');
});
