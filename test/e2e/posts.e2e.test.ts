// Posts over `npm start`'s process, HTTP and WebSocket, with posts under review (as vparty has
// them): a pending post is its author's alone until an operator approves it; the author hears the
// review, then a friend's like, comment and gift on their `user:` channel; a rejected post stays
// hidden. The OpenAPI document lists the routes.
import t from 'tap';
import { serverFor } from '../support/server.js';
import { client, login } from '../support/client.js';
import { subscribed } from '../support/ws.js';

t.test('a reviewed post: approval, then a like, a comment and a gift reach its author by push', async (t) => {
  const s = await serverFor(t, { env: { APP_POLICIES: JSON.stringify({ core: { postReview: true } }) } });
  const c = client(s.url);
  const [ann, bob] = [await login(c, 'ann'), await login(c, 'bob')];
  const op = (await c.call<{ token: string }>('POST', '/v1/dev/operator-sessions')).body;
  await c.call('POST', '/v1/friend-requests', { token: ann.token, body: { userId: bob.userId } });
  await c.call('POST', `/v1/friend-requests/${ann.userId}/accept`, { token: bob.token });
  const annL = await subscribed(`${s.wsUrl}/v1/ws?token=${ann.token}`, `user:${ann.userId}`);

  const p = await c.call<{ postId: string; review: string }>('POST', '/v1/posts', { token: ann.token, body: { text: 'first dynamic' } });
  t.match(p, { status: 201, body: { review: 'pending' } });
  const postId = p.body.postId;
  t.equal((await c.call('GET', `/v1/posts/${postId}`, { token: bob.token })).status, 404, 'under review: only its author sees it');
  t.equal((await c.call('PUT', `/v1/posts/${postId}/like`, { token: bob.token })).status, 404);
  t.equal((await c.call('GET', '/v1/admin/posts/pending', { token: bob.token })).status, 403, 'the queue is for operators');
  const queue = await c.call<{ items: { postId: string }[] }>('GET', '/v1/admin/posts/pending', { token: op.token });
  t.ok(queue.body.items.some((i) => i.postId === postId), 'the operator sees it waiting');

  t.match(await c.call('POST', `/v1/admin/posts/${postId}/review`, { token: op.token, body: { decision: 'approve' } }), { status: 200, body: { review: 'approved' } });
  t.match(await annL.next((f) => f.type === 'post.review'), { channel: `user:${ann.userId}`, data: { postId, status: 'approved' } });
  t.match(await c.call('POST', `/v1/admin/posts/${postId}/review`, { token: op.token, body: { decision: 'reject' } }), { status: 409 }, 'decided once');

  t.match(await c.call('PUT', `/v1/posts/${postId}/like`, { token: bob.token }), { status: 200, body: { liked: true, likeCount: 1 } });
  t.match(await annL.next((f) => f.type === 'post.like'), { channel: `user:${ann.userId}`, data: { postId, userId: bob.userId, likeCount: 1 } });
  await c.call('PUT', `/v1/posts/${postId}/like`, { token: bob.token });
  await c.call('POST', `/v1/posts/${postId}/comments`, { token: bob.token, body: { text: 'lovely' } });
  t.match(await annL.next((f) => f.type === 'post.comment'), { data: { postId, userId: bob.userId, text: 'lovely' } });
  t.equal(annL.frames.filter((f) => f.type === 'post.like').length, 1, 'a second like is no news');

  const order = await c.call<{ orderId: string }>('POST', '/v1/recharge-orders', { token: bob.token, body: { asset: 'coins', amount: 100 } });
  await c.call('POST', `/v1/dev/payments/${order.body.orderId}/succeed`);
  t.match(await c.call('POST', `/v1/posts/${postId}/gifts`, { token: bob.token, key: 'g-1', body: { giftId: 'heart', count: 1 } }), { status: 201 });
  t.match(await annL.next((f) => f.type === 'post.gift'), { data: { postId, fromUserId: bob.userId, giftId: 'heart', value: 10 } });

  const hidden = await c.call<{ postId: string }>('POST', '/v1/posts', { token: ann.token, body: { text: 'second' } });
  await c.call('POST', `/v1/admin/posts/${hidden.body.postId}/review`, { token: op.token, body: { decision: 'reject', reason: 'off topic' } });
  t.match(await annL.next((f) => f.type === 'post.review' && f.data?.status === 'rejected'), { data: { postId: hidden.body.postId, reason: 'off topic' } });
  t.equal((await c.call('GET', `/v1/posts/${hidden.body.postId}`, { token: bob.token })).status, 404, 'a rejected post stays hidden');
  t.match((await c.call('GET', `/v1/posts/${hidden.body.postId}`, { token: ann.token })).body, { review: 'rejected' });

  const doc = await c.call<{ paths: Record<string, unknown> }>('GET', '/v1/openapi.json');
  for (const path of ['/v1/posts', '/v1/posts/{postId}', '/v1/posts/{postId}/like', '/v1/posts/{postId}/comments', '/v1/posts/{postId}/gifts', '/v1/feed', '/v1/users/{userId}/posts', '/v1/admin/posts/{postId}/review']) {
    t.ok(doc.body.paths[path], `OpenAPI documents ${path}`);
  }
  annL.ws.close();
});
