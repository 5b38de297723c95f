// The social graph over `npm start`'s process, HTTP and WebSocket: a friend request reaches the
// target's user: channel, the answer reaches the requester's, a new follower is announced to the
// one followed; a blocked user's request is refused and announces nothing; people nearby works
// over real HTTP.
import t from 'tap';
import { serverFor } from '../support/server.js';
import { client, login } from '../support/client.js';
import { subscribed as listen } from '../support/ws.js';

t.test('friend requests, answers and followers are pushed on user: channels', async (t) => {
  const s = await serverFor(t);
  const c = client(s.url);
  const [ann, bob, eve] = [await login(c, 'ann'), await login(c, 'bob'), await login(c, 'eve')];
  const bobL = await listen(`${s.wsUrl}/v1/ws?token=${bob.token}`, `user:${bob.userId}`);
  const annL = await listen(`${s.wsUrl}/v1/ws?token=${ann.token}`, `user:${ann.userId}`);

  const sent = await c.call('POST', '/v1/friend-requests', { token: ann.token, body: { userId: bob.userId, reason: 'hello from the e2e' } });
  t.match(sent, { status: 201, body: { status: 'pending' } });
  const request = await bobL.next((f) => f.type === 'friend.request');
  t.match(request, { channel: `user:${bob.userId}`, type: 'friend.request', data: { requesterId: ann.userId, targetId: bob.userId, status: 'pending', reason: 'hello from the e2e' } });
  t.ok(typeof request.seq === 'number' && request.seq >= 1);

  t.match(await c.call('POST', `/v1/friend-requests/${ann.userId}/accept`, { token: bob.token }), { status: 200, body: { status: 'friends' } });
  t.match(await annL.next((f) => f.type === 'friend.answer'), { channel: `user:${ann.userId}`, data: { requesterId: ann.userId, targetId: bob.userId, status: 'accepted', via: 'answer' } });
  const friends = await c.call<{ items: { userId: string }[] }>('GET', '/v1/friends', { token: ann.token });
  t.same(friends.body.items.map((f) => f.userId), [bob.userId]);

  t.match(await c.call('POST', `/v1/users/${bob.userId}/follow`, { token: ann.token }), { status: 200 });
  t.match(await bobL.next((f) => f.type === 'follower'), { data: { followerId: ann.userId, followeeId: bob.userId } });
  const rel = await c.call('GET', `/v1/users/${bob.userId}/relation`, { token: eve.token });
  t.match(rel.body, { counts: { followers: 1, following: 0 } });

  // A blocked user's request is refused and nothing reaches the blocker.
  t.match(await c.call('POST', `/v1/users/${eve.userId}/block`, { token: bob.token }), { status: 200, body: { blocking: true } });
  const refused = await c.call('POST', '/v1/friend-requests', { token: eve.token, body: { userId: bob.userId } });
  t.match(refused, { status: 409, body: { error: { code: 'BLOCKED' } } });
  t.match(await c.call('POST', `/v1/users/${bob.userId}/follow`, { token: eve.token }), { status: 409, body: { error: { code: 'BLOCKED' } } });
  await new Promise((r) => setTimeout(r, 300));
  t.notOk(bobL.frames.some((f) => f.data?.requesterId === eve.userId || f.data?.followerId === eve.userId), 'the blocker hears nothing from the blocked');

  // People nearby over real HTTP.
  await c.call('POST', '/v1/geo/location', { token: ann.token, body: { lat: 31.2304, lng: 121.4737 } });
  await c.call('POST', '/v1/geo/location', { token: bob.token, body: { lat: 31.2394, lng: 121.4737 } });
  await c.call('POST', '/v1/geo/location', { token: eve.token, body: { lat: 31.2314, lng: 121.4737 } });
  const near = await c.call<{ items: { userId: string; distance: number }[] }>('GET', '/v1/geo/nearby', { token: bob.token });
  t.same(near.body.items.map((i) => [i.userId, i.distance]), [[ann.userId, 1100]], 'ann 1 km away; eve, whom bob blocked, is not listed');

  const doc = await c.call<{ paths: Record<string, unknown> }>('GET', '/v1/openapi.json');
  for (const p of ['/v1/users/{userId}/follow', '/v1/friend-requests', '/v1/friends', '/v1/tags', '/v1/geo/nearby', '/v1/phone-book/matches', '/v1/users/by-nickname']) {
    t.ok(doc.body.paths[p], `OpenAPI documents ${p}`);
  }
  bobL.ws.close();
  annL.ws.close();
});
