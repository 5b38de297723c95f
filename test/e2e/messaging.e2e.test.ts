// Messaging over `npm start`'s process, HTTP and WebSocket together: a sender, a member and a
// non-member; a resume after reconnecting; 50 members sending into one group at once; money
// cards in the conversation.
import t from 'tap';
import { serverFor } from '../support/server.js';
import { client, eventually, login, recharge, type Client, type TestUser } from '../support/client.js';
import { listen, type Frame } from '../support/ws.js';

type Msg = { seq: number; messageId: string; clientMsgId: string; from: string; msgType: string; body: Record<string, unknown> | null };
type History = { items: Msg[]; lastSeq: number; next: number | null; hasMore: boolean };

const s = await serverFor(t, { env: { APP_POLICIES: JSON.stringify({ core: { messagesPerSecond: 1000, messageBurst: 1000 } }) } });
const c = client(s.url);
const socket = (u: TestUser) => listen(`${s.wsUrl}/v1/ws?token=${u.token}`);

const newGroup = async (owner: TestUser, members: TestUser[]) =>
  `group:${(await c.call<{ groupId: string }>('POST', '/v1/groups', { token: owner.token, body: { name: 'team', memberIds: members.map((m) => m.userId) } })).body.groupId}`;

/** The whole history as a reader pages it forward from seq 0. */
const everything = async (cl: Client, u: TestUser, conversationId: string): Promise<Msg[]> => {
  const out: Msg[] = [];
  let after = 0;
  for (;;) {
    const p = (await cl.call<History>('GET', `/v1/conversations/${conversationId}/messages?after=${after}&limit=200`, { token: u.token })).body;
    out.push(...p.items);
    if (!p.hasMore || p.next === null) return out;
    after = p.next;
  }
};

t.test('given a group, when its members talk over the socket, then members hear it and an outsider neither hears nor sends', async (t) => {
  const [ann, bob, eve] = [await login(c, 'ann'), await login(c, 'bob'), await login(c, 'eve')];
  const id = await newGroup(ann, [bob]);
  const channel = id; // a group's conversation and its push channel share the name
  const [a, b, e] = [await socket(ann), await socket(bob), await socket(eve)];
  b.send({ op: 'subscribe', channel });
  await b.next((f) => f.op === 'subscribed');
  e.send({ op: 'subscribe', channel });
  t.match(await e.next((f) => f.op === 'error'), { code: 'FORBIDDEN', channel }, 'an outsider cannot listen');

  const frame = { op: 'send', id: 'r1', conversationId: id, message: { clientMsgId: 'hello-1', msgType: 'text', body: { text: 'hi team' } } };
  a.send(frame);
  const ack = await a.next((f) => f.op === 'ack' && f.id === 'r1');
  t.match(ack, { data: { conversationId: id, seq: 1, from: ann.userId, clientMsgId: 'hello-1' } });
  const heard = await b.next((f) => f.type === 'message');
  t.match(heard, { channel, type: 'message', data: { conversationId: id, seq: 1, from: ann.userId, body: { text: 'hi team' } } });

  a.send({ ...frame, id: 'r2' });
  t.match(await a.next((f) => f.op === 'ack' && f.id === 'r2'), { data: { seq: 1, messageId: ack.data?.messageId } }, 'the same client message id again is the same message');
  const overHttp = await c.call('POST', `/v1/conversations/${id}/messages`, { token: ann.token, body: frame.message });
  t.match(overHttp.body, { seq: 1, messageId: ack.data?.messageId }, 'and so it is over HTTP');

  e.send({ op: 'send', id: 'x1', conversationId: id, message: { clientMsgId: 'sneak', msgType: 'text', body: { text: 'let me in' } } });
  t.match(await e.next((f) => f.op === 'error' && f.id === 'x1'), { code: 'NOT_A_MEMBER' });
  e.send({ op: 'send', id: 'x2', conversationId: id, message: { clientMsgId: 'bad', msgType: 'poem', body: {} } });
  t.match(await e.next((f) => f.op === 'error' && f.code === 'VALIDATION_FAILED'), { message: String }, 'a malformed frame is refused');

  b.send({ op: 'read', id: 'rd', conversationId: id, seq: 1 });
  t.match(await b.next((f) => f.op === 'ack' && f.id === 'rd'), { data: { readSeq: 1, unread: 0 } });

  const dm = `dm:${[ann.userId, bob.userId].sort().join(':')}`;
  b.send({ op: 'subscribe', channel: `user:${bob.userId}` });
  await b.next((f) => f.op === 'subscribed' && f.channel === `user:${bob.userId}`);
  await c.call('POST', `/v1/conversations/${dm}/messages`, { token: ann.token, body: { clientMsgId: 'd1', msgType: 'text', body: { text: 'psst' } } });
  t.match(await b.next((f) => f.type === 'message' && f.data?.conversationId === dm), { channel: `user:${bob.userId}`, data: { seq: 1, body: { text: 'psst' } } }, 'a 1:1 arrives on the user channel');
  t.notOk(e.frames.some((f) => f.type === 'message'), 'the outsider heard nothing');
  await Promise.all([a.close(), b.close(), e.close()]);
});

t.test('given a member who was away, when they reconnect, then they get exactly what they missed, by socket and by HTTP', async (t) => {
  const [ann, bob] = [await login(c, 'ann'), await login(c, 'bob')];
  const id = await newGroup(ann, [bob]);
  const channel = id;
  const send = (n: number) => c.call('POST', `/v1/conversations/${id}/messages`, { token: ann.token, body: { clientMsgId: `m${n}`, msgType: 'text', body: { text: `m${n}` } } });

  const first = await socket(bob);
  first.send({ op: 'subscribe', channel });
  await first.next((f) => f.op === 'subscribed');
  await send(1);
  await send(2);
  const seen = await first.next((f) => f.type === 'message' && f.data?.seq === 2);
  const pushSeq = seen.seq ?? 0;
  await first.close();

  for (const n of [3, 4, 5]) await send(n);

  const again = await socket(bob);
  again.send({ op: 'subscribe', channel, since: pushSeq });
  await again.next((f) => f.type === 'message' && f.data?.seq === 5);
  const replayed = again.frames.filter((f): f is Frame & { data: { seq: number } } => f.type === 'message');
  t.same(replayed.map((f) => f.data.seq), [3, 4, 5], 'the socket replays the missed messages once, in order');

  const caughtUp = (await c.call<History>('GET', `/v1/conversations/${id}/messages?after=2`, { token: bob.token })).body;
  t.same(caughtUp.items.map((m) => m.body?.text), ['m3', 'm4', 'm5'], 'HTTP catch-up after the last seq held');
  t.equal(caughtUp.hasMore, false);
  await again.close();
});

t.test('given 50 members, when they all send into one group at once, then every member reads the same gap-free sequence', async (t) => {
  const members = await Promise.all(Array.from({ length: 50 }, (_, i) => login(c, `m${i}`)));
  const [owner, ...rest] = members as [TestUser, ...TestUser[]];
  const id = await newGroup(owner, rest);
  const perMember = 3;
  const replies = await Promise.all(
    members.flatMap((m, i) =>
      Array.from({ length: perMember }, (_, k) =>
        c.call<Msg>('POST', `/v1/conversations/${id}/messages`, { token: m.token, body: { clientMsgId: `c${i}-${k}`, msgType: 'text', body: { text: `${i}/${k}` } } }),
      ),
    ),
  );
  t.ok(replies.every((r) => r.status === 201), 'every send was taken');
  const total = members.length * perMember;
  t.same([...new Set(replies.map((r) => r.body.seq))].sort((x, y) => x - y), Array.from({ length: total }, (_, i) => i + 1), 'each send got its own seq, 1..N');

  const reference = await everything(c, owner, id);
  t.same(reference.map((m) => m.seq), Array.from({ length: total }, (_, i) => i + 1), 'gap-free');
  t.equal(new Set(reference.map((m) => m.clientMsgId + m.from)).size, total, 'every message once');
  for (const m of [rest[0], rest[24], rest[48]] as TestUser[]) {
    const theirs = await everything(c, m, id);
    t.same(theirs.map((x) => [x.seq, x.messageId]), reference.map((x) => [x.seq, x.messageId]), 'the same sequence for every member');
  }
});

t.test('given money sent into chats, then cards link to it and its grabs and settlement show up after them', async (t) => {
  const [ann, bob] = [await login(c, 'ann'), await login(c, 'bob')];
  await recharge(c, ann, 10_000);
  const id = await newGroup(ann, [bob]);
  const rp = await c.call<{ redPacketId: string }>('POST', '/v1/red-packets', {
    token: ann.token,
    key: 'rp-1',
    body: { kind: 'fixed', count: 2, amountEach: 100, target: { type: 'group', id: id.slice('group:'.length) }, greeting: 'cheers' },
  });
  t.equal(rp.status, 201);
  const card = await eventually(() => everything(c, bob, id), (h) => h.length >= 1);
  t.match(card[0], { from: ann.userId, msgType: 'red_packet', body: { redPacketId: rp.body.redPacketId, greeting: 'cheers', count: 2 } });
  await c.call('POST', `/v1/red-packets/${rp.body.redPacketId}/grab`, { token: bob.token });
  const after = await eventually(() => everything(c, ann, id), (h) => h.length >= 2);
  t.match(after[1], { from: bob.userId, msgType: 'system', body: { event: 'red_packet.grabbed', redPacketId: rp.body.redPacketId, userId: bob.userId } });

  const dm = `dm:${[ann.userId, bob.userId].sort().join(':')}`;
  const tr = await c.call<{ transferId: string }>('POST', '/v1/transfers', { token: ann.token, key: 'tr-1', body: { toUserId: bob.userId, amount: 250, note: 'lunch' } });
  const trCard = await eventually(() => everything(c, bob, dm), (h) => h.length >= 1);
  t.match(trCard[0], { from: ann.userId, msgType: 'transfer', body: { transferId: tr.body.transferId, amount: 250, note: 'lunch' } });
  await c.call('POST', `/v1/transfers/${tr.body.transferId}/accept`, { token: bob.token });
  const settled = await eventually(() => everything(c, ann, dm), (h) => h.length >= 2);
  t.match(settled[1], { from: bob.userId, msgType: 'system', body: { event: 'transfer.accepted', transferId: tr.body.transferId, amount: 250 } });
  t.equal(settled.length, 2, 'one card and one settlement line: nothing posted twice');
});
