// Messaging over /v1 in one process (inject, embedded PostgreSQL): sending with a client id,
// permissions, history both ways, recall and delete, read state and unread counts, the
// conversation list and its settings, favorites, reminders, and bad input refused unchanged.
import t from 'tap';
import { sendMessage } from '../../../services/app/conversations.js';
import { build, type TestApp } from '../../support/app.js';

type Msg = { conversationId: string; seq: number; messageId: string; clientMsgId: string; from: string; msgType: string; body: Record<string, unknown> | null; state: string };
type History = { items: Msg[]; lastSeq: number; next: number | null; hasMore: boolean };

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const dmOf = (a: string, b: string) => `dm:${[a, b].sort().join(':')}`;

// One product for the file (starting one is the slow part); each test signs in its own users.
const main = await build(t);
let phones = 0;
const signIn = (app: TestApp) => app.signIn(`+86139${String(++phones).padStart(8, '0')}`);

const setup = async () => {
  const app = main;
  const [ann, bob, eve] = [await signIn(app), await signIn(app), await signIn(app)];
  const send = (who: { token: string }, conversationId: string, clientMsgId: string, body: object = { msgType: 'text', body: { text: `hello ${clientMsgId}` } }) =>
    app.inject({ method: 'POST', url: `/v1/conversations/${conversationId}/messages`, headers: auth(who.token), payload: { clientMsgId, ...body } });
  const history = async (who: { token: string }, conversationId: string, query = '') =>
    app.inject({ method: 'GET', url: `/v1/conversations/${conversationId}/messages${query}`, headers: auth(who.token) });
  return { app, ann, bob, eve, send, history };
};

/** A second product with strict policies: no recall window, two messages and then a near-zero rate. */
let strictApp: Promise<TestApp> | null = null;
const strict = () => (strictApp ??= build(t, { APP_POLICIES: JSON.stringify({ core: { recallWindowMs: 0, messagesPerSecond: 0.001, messageBurst: 2 } }) }));

t.test('1:1 messages: the next seq each, a resend returns the original, only the two users see it', async (t) => {
  const { ann, bob, eve, send, history } = await setup();
  const dm = dmOf(ann.userId, bob.userId);

  const first = await send(ann, dm, 'c-1');
  t.equal(first.status, 201);
  t.match(first.json(), { conversationId: dm, seq: 1, clientMsgId: 'c-1', from: ann.userId, msgType: 'text', body: { text: 'hello c-1' }, state: 'sent' });
  t.match((await send(bob, dm, 'c-1')).json(), { seq: 2, from: bob.userId }, 'the same client id from another sender is another message');

  const again = await send(ann, dm, 'c-1', { msgType: 'text', body: { text: 'changed' } });
  t.equal(again.status, 201);
  t.same(again.json(), first.json(), 'a resend answers the original message, not a new one');

  const h = (await history(bob, dm)).json<History>();
  t.same(h.items.map((m) => [m.seq, m.from]), [[1, ann.userId], [2, bob.userId]]);
  t.equal(h.lastSeq, 2);

  t.equal((await history(eve, dm)).status, 404, 'a third user does not see the conversation');
  const intrude = await send(eve, dm, 'c-9');
  t.equal(intrude.status, 403);
  t.match(intrude.json(), { error: { code: 'NOT_A_MEMBER' } });
  t.equal((await history(ann, dm)).json<History>().lastSeq, 2, 'a refused send stores nothing');
});

t.test('bad input is refused with a code and changes nothing', async (t) => {
  const { app, ann, bob, send, history } = await setup();
  const dm = dmOf(ann.userId, bob.userId);
  const cases: [string, () => Promise<{ status: number; json<T>(): T }>, number, string][] = [
    ['empty text', () => send(ann, dm, 'b1', { msgType: 'text', body: { text: '  ' } }), 400, 'VALIDATION_FAILED'],
    ['unknown type', () => send(ann, dm, 'b2', { msgType: 'poem', body: { text: 'x' } }), 400, 'VALIDATION_FAILED'],
    ['unknown field', () => send(ann, dm, 'b3', { msgType: 'text', body: { text: 'x', bold: true } }), 400, 'VALIDATION_FAILED'],
    ['oversized body', () => send(ann, dm, 'b4', { msgType: 'custom', body: { kind: 'blob', data: { x: 'y'.repeat(9000) } } }), 400, 'VALIDATION_FAILED'],
    ['money card forged', () => send(ann, dm, 'b5', { msgType: 'red_packet', body: { redPacketId: '1' } }), 400, 'VALIDATION_FAILED'],
    ['system message by a user', () => send(ann, dm, 'b6', { msgType: 'system', body: { text: 'you won' } }), 403, 'FORBIDDEN'],
    ['a 1:1 with oneself', () => send(ann, `dm:${ann.userId}:${ann.userId}`, 'b7'), 400, 'VALIDATION_FAILED'],
    ['an unordered pair', () => send(ann, `dm:${[ann.userId, bob.userId].sort().reverse().join(':')}`, 'b8'), 400, 'VALIDATION_FAILED'],
    ['a 1:1 with nobody', () => send(ann, dmOf(ann.userId, '999999999'), 'b9'), 404, 'NOT_FOUND'],
    ['no client id', () => send(ann, dm, '', {}), 400, 'VALIDATION_FAILED'],
    ['not signed in', () => app.inject({ method: 'POST', url: `/v1/conversations/${dm}/messages`, payload: { clientMsgId: 'x', msgType: 'text', body: { text: 'x' } } }), 401, 'UNAUTHENTICATED'],
    ['cursor past the end', () => history(ann, dm, '?after=5'), 400, 'VALIDATION_FAILED'],
    ['both cursors', () => history(ann, dm, '?after=0&before=1'), 400, 'VALIDATION_FAILED'],
    ['negative cursor', () => history(ann, dm, '?after=-1'), 400, 'VALIDATION_FAILED'],
    ['recall of nothing', () => app.inject({ method: 'POST', url: `/v1/conversations/${dm}/messages/1/recall`, headers: auth(ann.token) }), 404, 'NOT_FOUND'],
  ];
  for (const [name, reply, status, code] of cases) {
    const r = await reply();
    t.equal(r.status, status, name);
    t.match(r.json(), { error: { code, message: String } }, name);
  }
  t.equal((await history(ann, dm)).json<History>().lastSeq, 0, 'nothing was stored');
});

t.test('a group: members send and read, outsiders are refused, history pages both ways', async (t) => {
  const { app, ann, bob, eve, send, history } = await setup();
  const g = (await app.inject({ method: 'POST', url: '/v1/groups', headers: auth(ann.token), payload: { name: 'team', memberIds: [bob.userId] } })).json<{ groupId: string }>();
  const id = `group:${g.groupId}`;
  for (let i = 1; i <= 7; i++) t.equal((await send(i % 2 ? ann : bob, id, `g-${i}`)).status, 201);
  t.match((await send(eve, id, 'e-1')).json(), { error: { code: 'NOT_A_MEMBER' } });
  t.equal((await history(eve, id)).status, 404);

  const newest = (await history(bob, id, '?limit=3')).json<History>();
  t.same(newest.items.map((m) => m.seq), [5, 6, 7], 'without a cursor: the newest page, oldest first');
  t.equal(newest.hasMore, true);
  const back = (await history(bob, id, `?before=${newest.items[0]?.seq}&limit=3`)).json<History>();
  t.same(back.items.map((m) => m.seq), [2, 3, 4]);
  const start = (await history(bob, id, `?before=${back.next}&limit=3`)).json<History>();
  t.same(start.items.map((m) => m.seq), [1]);
  t.equal(start.hasMore, false);

  // Catch-up: everything after seq 2, in pages, exactly once.
  const seen: number[] = [];
  let after = 2;
  for (;;) {
    const p = (await history(ann, id, `?after=${after}&limit=2`)).json<History>();
    seen.push(...p.items.map((m) => m.seq));
    if (!p.hasMore || p.next === null) break;
    after = p.next;
  }
  t.same(seen, [3, 4, 5, 6, 7]);
});

t.test('recall within the window by the sender only; delete by the sender or the owner; delete for me', async (t) => {
  const { app, ann, bob, send, history } = await setup();
  const g = (await app.inject({ method: 'POST', url: '/v1/groups', headers: auth(ann.token), payload: { name: 'team', memberIds: [bob.userId] } })).json<{ groupId: string }>();
  const id = `group:${g.groupId}`;
  const sent: { logId: number }[] = [];
  for (const [who, c] of [[bob, 'm1'], [bob, 'm2'], [ann, 'm3'], [bob, 'm4']] as const) sent.push((await send(who, id, c)).json<{ logId: number }>());
  const act = (who: { token: string }, method: 'POST' | 'DELETE', path: string) => app.inject({ method, url: `/v1/conversations/${id}/messages/${path}`, headers: auth(who.token) });

  t.match((await act(ann, 'POST', '1/recall')).json(), { error: { code: 'FORBIDDEN' } }, 'not the sender');
  t.type(sent[0]?.logId, 'number', 'a send answers its log id');
  // logId: the message's global id, as its send answered it.
  t.same((await act(bob, 'POST', '1/recall')).json(), { conversationId: id, seq: 1, logId: sent[0]?.logId, state: 'recalled' });
  t.match((await act(bob, 'DELETE', '3')).json(), { error: { code: 'FORBIDDEN' } }, 'a member does not delete another member\'s message');
  t.equal((await act(ann, 'DELETE', '2')).status, 200, 'the owner does');
  t.equal((await act(bob, 'POST', '4/hide')).status, 200);

  const forBob = (await history(bob, id)).json<History>();
  t.same(forBob.items.map((m) => [m.seq, m.state, m.body === null]), [[1, 'recalled', true], [2, 'deleted', true], [3, 'sent', false]], 'recalled and deleted keep their seq without a body; hidden for bob only');
  t.equal((await history(ann, id)).json<History>().items.length, 4);
  t.match((await send(bob, id, 'm5')).json(), { seq: 5 }, 'recall and delete consumed no seq');

  const late = await strict();
  const [x, y] = [await signIn(late), await signIn(late)];
  const dm = dmOf(x.userId, y.userId);
  await late.inject({ method: 'POST', url: `/v1/conversations/${dm}/messages`, headers: auth(x.token), payload: { clientMsgId: 'a', msgType: 'text', body: { text: 'oops' } } });
  await new Promise((r) => setTimeout(r, 5));
  const tooLate = await late.inject({ method: 'POST', url: `/v1/conversations/${dm}/messages/1/recall`, headers: auth(x.token) });
  t.equal(tooLate.status, 409);
  t.match(tooLate.json(), { error: { code: 'RECALL_WINDOW_PASSED' } });
});

t.test('read state: unread counts per conversation and in all, the list with pin, do-not-disturb and hide', async (t) => {
  const { app, ann, bob, eve, send } = await setup();
  const withBob = dmOf(ann.userId, bob.userId);
  const withEve = dmOf(ann.userId, eve.userId);
  for (const c of ['1', '2', '3']) await send(bob, withBob, c);
  await send(eve, withEve, 'e1');
  const get = async <T>(url: string, who = ann) => (await app.inject({ method: 'GET', url, headers: auth(who.token) })).json<T>();
  type Summary = { conversationId: string; unread: number; lastSeq: number; pinned: boolean; muted: boolean; lastMessage: { seq: number } | null };

  t.same(await get('/v1/conversations/unread'), { total: 4, conversations: 2 });
  t.same((await get<{ items: Summary[] }>('/v1/conversations')).items.map((c) => [c.conversationId, c.unread]), [[withEve, 1], [withBob, 3]], 'latest activity first');
  t.same(await get('/v1/conversations/unread', bob), { total: 0, conversations: 0 }, 'what you sent counts as read');

  const read = await app.inject({ method: 'POST', url: `/v1/conversations/${withBob}/read`, headers: auth(ann.token), payload: { seq: 2 } });
  t.same(read.json(), { conversationId: withBob, readSeq: 2, unread: 1 });
  const past = await app.inject({ method: 'POST', url: `/v1/conversations/${withBob}/read`, headers: auth(ann.token), payload: { seq: 4 } });
  t.match(past.json(), { error: { code: 'VALIDATION_FAILED' } }, 'a cursor never passes the last message');

  const patch = (payload: object) => app.inject({ method: 'PATCH', url: `/v1/conversations/${withBob}`, headers: auth(ann.token), payload });
  t.same((await patch({ pinned: true, muted: true, skin: 'ocean' })).json(), { conversationId: withBob, pinned: true, muted: true, hidden: false, skin: 'ocean' });
  t.same((await get<{ items: Summary[] }>('/v1/conversations')).items.map((c) => [c.conversationId, c.pinned]), [[withBob, true], [withEve, false]], 'pinned first');
  t.same(await get('/v1/conversations/unread'), { total: 1, conversations: 1 }, 'do-not-disturb leaves the badge');
  t.equal((await patch({})).status, 400, 'an empty change is refused');

  await patch({ hidden: true });
  t.same((await get<{ items: Summary[] }>('/v1/conversations')).items.map((c) => c.conversationId), [withEve], 'hidden from the list');
  await send(bob, withBob, '4');
  t.same((await get<{ items: Summary[] }>('/v1/conversations')).items.map((c) => c.conversationId), [withBob, withEve], 'back with the next message');
  t.match(await get(`/v1/conversations/${withBob}`), { lastSeq: 4, readSeq: 2, unread: 2, pinned: true, lastMessage: { seq: 4 } });
});

t.test('favorites and reminders', async (t) => {
  const { app, ann, bob, send } = await setup();
  const dm = dmOf(ann.userId, bob.userId);
  await send(bob, dm, 'x1');
  const fav = await app.inject({ method: 'POST', url: '/v1/favorites', headers: auth(ann.token), payload: { conversationId: dm, seq: 1 } });
  t.equal(fav.status, 201);
  const list = await app.inject({ method: 'GET', url: '/v1/favorites', headers: auth(ann.token) });
  t.match(list.json(), { items: [{ favoriteId: fav.json<{ favoriteId: string }>().favoriteId, message: { seq: 1, body: { text: 'hello x1' } } }], nextCursor: null });
  t.match((await app.inject({ method: 'POST', url: '/v1/favorites', headers: auth(ann.token), payload: { conversationId: dm, seq: 2 } })).json(), { error: { code: 'VALIDATION_FAILED' } });
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/favorites/${fav.json<{ favoriteId: string }>().favoriteId}`, headers: auth(bob.token) })).status, 404, 'not another user\'s');

  const dueAt = new Date(Date.now() + 1500).toISOString();
  const r = await app.inject({ method: 'POST', url: '/v1/reminders', headers: auth(ann.token), payload: { conversationId: dm, seq: 1, note: 'answer bob', dueAt } });
  t.equal(r.status, 201);
  t.match((await app.inject({ method: 'GET', url: '/v1/reminders', headers: auth(ann.token) })).json(), { items: [{ note: 'answer bob', seq: 1, dueAt }] });
  const past = await app.inject({ method: 'POST', url: '/v1/reminders', headers: auth(ann.token), payload: { conversationId: dm, note: 'x', dueAt: new Date(Date.now() - 1000).toISOString() } });
  t.match(past.json(), { error: { code: 'VALIDATION_FAILED' } });
  // The durable timer fires it: it leaves the pending list.
  const deadline = Date.now() + 15_000;
  let pending = 1;
  while (pending > 0 && Date.now() < deadline) {
    await new Promise((res) => setTimeout(res, 200));
    pending = (await app.inject({ method: 'GET', url: '/v1/reminders', headers: auth(ann.token) })).json<{ items: unknown[] }>().items.length;
  }
  t.equal(pending, 0, 'the reminder fell due');
});

t.test('a sender over its rate is refused with a code, and a resend of a taken message still answers it', async (t) => {
  const app = await strict();
  const [ann, bob] = [await signIn(app), await signIn(app)];
  const dm = dmOf(ann.userId, bob.userId);
  const send = (c: string) => app.inject({ method: 'POST', url: `/v1/conversations/${dm}/messages`, headers: auth(ann.token), payload: { clientMsgId: c, msgType: 'text', body: { text: c } } });
  t.equal((await send('a')).status, 201);
  t.equal((await send('b')).status, 201);
  const over = await send('c');
  t.equal(over.status, 429);
  t.match(over.json(), { error: { code: 'TOO_MANY_REQUESTS', details: { retryAfterMs: Number } } });
  t.match((await send('a')).json(), { seq: 1, clientMsgId: 'a' }, 'the original, even over the rate');
});

t.test('a chatroom: members send, the muted and the outside are refused, guests read but never send, closed is closed', async (t) => {
  const { app, ann, bob, send, history } = await setup();
  const op = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<{ userId: string; token: string }>();
  const room = (await app.inject({ method: 'POST', url: '/v1/rooms', headers: auth(op.token), payload: { title: 'lobby', kind: 'chatroom', guests: true } })).json<{ roomId: string }>();
  const id = `room:${room.roomId}`;
  await app.inject({ method: 'POST', url: `/v1/rooms/${room.roomId}/join`, headers: auth(ann.token) });

  t.match((await send(ann, id, 'r1')).json(), { seq: 1 });
  t.match((await send(bob, id, 'r2')).json(), { error: { code: 'NOT_IN_ROOM' } }, 'enter before sending');
  t.equal((await history(bob, id)).json<History>().lastSeq, 1, 'a room is public to read');

  const until = new Date(Date.now() + 60_000).toISOString();
  t.equal((await app.inject({ method: 'POST', url: `/v1/rooms/${room.roomId}/mutes`, headers: auth(op.token), payload: { userId: ann.userId, until } })).status, 200);
  const muted = await send(ann, id, 'r3');
  t.equal(muted.status, 403);
  t.match(muted.json(), { error: { code: 'MUTED', details: { until } } });
  t.match((await send(ann, id, 'r1')).json(), { seq: 1 }, 'a resend of a message taken before the mute is still the original');

  const device = 'device-0123456789abcdef';
  const asGuest = await app.inject({ method: 'GET', url: `/v1/conversations/${id}/messages`, headers: { 'x-device-id': device } });
  t.equal(asGuest.status, 200);
  t.same(asGuest.json<History>().items.map((m) => m.seq), [1], 'a guest reads a room that admits guests');
  const guestSend = await sendMessage(app.platform.core, { kind: 'guest', deviceId: device, app: 'chat-platform' }, { conversationId: id, clientMsgId: 'g1', msgType: 'text', body: { text: 'hi' } }).then(
    () => 'sent',
    (err: { code?: string }) => err.code,
  );
  t.equal(guestSend, 'GUEST_NOT_ALLOWED', 'a guest never sends');
  const guestPost = await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, headers: { 'x-device-id': device }, payload: { clientMsgId: 'g2', msgType: 'text', body: { text: 'hi' } } });
  t.equal(guestPost.status, 401, 'and over /v1 a device id is no caller for sending');

  await app.inject({ method: 'POST', url: `/v1/rooms/${room.roomId}/close`, headers: auth(op.token) });
  t.match((await send(bob, id, 'r4')).json(), { error: { code: 'ROOM_CLOSED' } });
  await app.inject({ method: 'DELETE', url: `/v1/rooms/${room.roomId}`, headers: auth(op.token) });
  t.equal((await history(bob, id)).status, 404, 'a deleted room has no conversation');
});

t.test('blocks, friends-only apps and group mutes refuse a send with their code, and nothing is appended', async (t) => {
  const { app, ann, bob, eve, send } = await setup();
  const head = () => app.platform.store.headPosition();
  const call = (who: { token: string }, method: 'POST' | 'DELETE', url: string, payload?: object) => app.inject({ method, url, headers: auth(who.token), ...(payload ? { payload } : {}) });

  // Given bob blocked ann, when either writes to the other, then BLOCKED both ways and the log stays.
  await call(bob, 'POST', `/v1/users/${ann.userId}/block`);
  const dm = dmOf(ann.userId, bob.userId);
  const before = await head();
  const fromAnn = await send(ann, dm, 'blocked-1');
  t.equal(fromAnn.status, 409);
  t.match(fromAnn.json(), { error: { code: 'BLOCKED', details: { blockedBy: 'them' } } });
  t.match((await send(bob, dm, 'blocked-2')).json(), { error: { code: 'BLOCKED', details: { blockedBy: 'you' } } });
  t.equal(await head(), before, 'a refused send appends nothing');
  await call(bob, 'DELETE', `/v1/users/${ann.userId}/block`);
  t.equal((await send(ann, dm, 'blocked-1')).status, 201, 'unblocked, the same client id now sends');

  // Given an app whose policy is friends-only (chat-platform), when strangers write, then NOT_FRIENDS; friends may.
  const core = app.platform.core;
  const asApp = (u: { userId: string }) => ({ kind: 'user' as const, userId: u.userId, roles: [], app: 'chat-platform' as const });
  const dmEve = dmOf(ann.userId, eve.userId);
  const stranger = await sendMessage(core, asApp(ann), { conversationId: dmEve, clientMsgId: 'f-1', msgType: 'text', body: { text: 'hi' } }).then(
    () => 'sent',
    (err: { code?: string }) => err.code,
  );
  t.equal(stranger, 'NOT_FRIENDS');
  t.equal((await send(ann, dmEve, 'f-core')).status, 201, '/v1 (core) lets strangers write');
  await call(ann, 'POST', '/v1/friend-requests', { userId: eve.userId });
  await call(eve, 'POST', `/v1/friend-requests/${ann.userId}/accept`);
  t.match(await sendMessage(core, asApp(ann), { conversationId: dmEve, clientMsgId: 'f-2', msgType: 'text', body: { text: 'hi friend' } }), { clientMsgId: 'f-2' });

  // Given a group where bob is muted, then everyone is muted: the muted member and then members are refused, the owner is not.
  const g = (await call(ann, 'POST', '/v1/groups', { name: 'quiet', memberIds: [bob.userId, eve.userId] })).json<{ groupId: string }>();
  const gid = `group:${g.groupId}`;
  t.equal((await call(ann, 'POST', `/v1/groups/${g.groupId}/members/${bob.userId}/mute`, { seconds: 600 })).status, 200);
  const muted = await send(bob, gid, 'm-1');
  t.equal(muted.status, 403);
  t.match(muted.json(), { error: { code: 'MUTED', details: { until: String } } });
  t.equal((await send(eve, gid, 'm-2')).status, 201);
  await call(ann, 'POST', `/v1/groups/${g.groupId}/mute-all`, { on: true });
  t.match((await send(eve, gid, 'm-3')).json(), { error: { code: 'MUTED', details: { muteAll: true } } });
  t.equal((await send(ann, gid, 'm-4')).status, 201, 'the owner still posts');
});
