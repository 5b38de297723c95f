// chat-platform (seed 004) played by a client that knows only the seed: three users and a guest
// over HTTP (POST + JSON, FZM-* headers) and the socket at /apps/chat-platform/ws. Accounts come
// from the core's SMS login and red packets from /v1 (the seed has neither call).
import t from 'tap';
import { ChatPlatformMessage, ChatPlatformReply } from '../../contracts/apps/chatPlatform.js';
import { client, login, type TestUser } from '../support/client.js';
import { listen, type Listener } from '../support/ws.js';
import { serverFor } from '../support/server.js';

type Env = { result: number; message: string; data: unknown };
type F = Record<string, unknown>;

const s = await serverFor(t, { env: { APP_POLICIES: JSON.stringify({ 'chat-platform': { messagesPerSecond: 1000, messageBurst: 1000 } }) } });
const c = client(s.url);
const app = async (path: string, who: { token?: string; uuid?: string } | null, body: unknown = {}) => {
  const headers: Record<string, string> = { 'FZM-DEVICE': 'android' };
  if (who?.token) headers['FZM-AUTH-TOKEN'] = who.token;
  if (who?.uuid) headers['FZM-UUID'] = who.uuid;
  const r = await c.call<Env>('POST', `/apps/chat-platform${path}`, { headers, body });
  if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status}`);
  return r.body;
};
const ok = async (path: string, who: { token?: string; uuid?: string } | null, body: unknown = {}) => {
  const r = await app(path, who, body);
  if (r.result !== 0) throw new Error(`${path}: ${JSON.stringify(r)}`);
  return r.data;
};
const socket = (query: string) => listen(`${s.wsUrl}/apps/chat-platform/ws?${query}`);
const userSocket = (u: TestUser) => socket(`FZM-AUTH-TOKEN=${encodeURIComponent(u.token)}&FZM-DEVICE=ios`);
const frames = (l: Listener) => l.frames as unknown as F[];
const next = (l: Listener, pred: (f: F) => boolean) => l.next((f) => pred(f as unknown as F)) as unknown as Promise<F>;
const quiet = () => new Promise((r) => setTimeout(r, 400));

const GUEST = { uuid: '00:1a:2b:3c:4d:5e' };

t.test('given three users and a guest, when they befriend, group, mute, chat, grab and page, then the seed client sees every step', async (t) => {
  const [ann, bob, cat, dan] = [await login(c, 'ann'), await login(c, 'bob'), await login(c, 'cat'), await login(c, 'dan')];
  const operator = (await c.call<{ token: string }>('POST', '/v1/dev/operator-sessions')).body;

  t.match(await ok('/user/tokenLogin', ann), { id: ann.userId, username: 'ann', user_level: 1, verified: 2 }, 'tokenLogin answers the core user');
  const [a, b, k] = [await userSocket(ann), await userSocket(bob), await userSocket(cat)];

  // Friends: a request notices the target (31, status 1), the answer notices the requester (status 3).
  await ok('/friend/add', ann, { id: bob.userId, reason: 'hi' });
  t.match(await next(b, (f) => f.eventType === 31), { type: 2, status: 1, senderInfo: { id: ann.userId }, receiveInfo: { id: bob.userId } });
  await ok('/friend/response', bob, { id: ann.userId, agree: 1 });
  t.match(await next(a, (f) => f.eventType === 31 && f.status === 3), { type: 2 });
  t.match(await ok('/friend/list', ann, { type: 3 }), { userList: [{ id: bob.userId, name: 'bob', isDelete: 1 }] });

  // A friend message: the echo carries the sender's msgId and the stored logId; a resend is not delivered twice.
  const dm = { eventType: 0, msgId: 'm-1', channelType: 3, targetId: bob.userId, msgType: 1, msg: { content: 'hello bob' } };
  a.send(dm);
  const echo = await next(a, (f) => f.eventType === 0 && f.msgId === 'm-1' && f.logId !== undefined);
  t.match(echo, { channelType: 3, fromId: ann.userId, targetId: bob.userId, logId: /^[1-9][0-9]*$/, msgType: 1, msg: { content: 'hello bob' } });
  t.notOk('code' in echo, 'a success has no code');
  t.ok(ChatPlatformMessage.safeParse(echo).success, 'the echo is the contract\'s message frame');
  await next(b, (f) => f.eventType === 0 && f.msgId === 'm-1');
  a.send(dm);
  await quiet();
  t.equal(frames(b).filter((f) => f.eventType === 0 && f.msgId === 'm-1').length, 1, 'the resend reached bob once');
  t.equal(frames(a).filter((f) => f.msgId === 'm-1' && f.logId === echo.logId).length >= 2, true, 'and was echoed to ann with the same logId');

  // A group: created with bob, cat and dan; each member hears eventType 20.
  await ok('/room/create', ann, { roomName: 'team', users: [bob.userId, cat.userId, dan.userId] });
  await next(b, (f) => f.eventType === 20 && f.userId === bob.userId);
  const rooms = (await ok('/room/list', ann, { type: 3 })) as { roomList: { id: string; markId: string; name: string }[] };
  const groupId = rooms.roomList[0]?.id ?? '';
  t.match(rooms.roomList[0], { name: 'team', markId: /^\d+$/ });
  t.match(await app('/room/kickOut', bob, { rootId: groupId, users: [cat.userId] }), { result: -3000 }, 'a plain member may not kick');

  // The operator mutes cat: cat's group send fails with -2007 and cat hears eventType 3.
  t.match(await app('/user/muted', bob, { id: cat.userId, muted_time: 60_000 }), { result: -3000 }, 'only operators mute');
  await ok('/user/muted', operator, { id: cat.userId, muted_time: 60_000 });
  t.match(await next(k, (f) => f.eventType === 3), { mutedLastTime: 60_000 });
  // cat's socket connected before the group existed; it follows the group since cat joined (eventType 20), so the refusal comes on it.
  k.send({ eventType: 0, msgId: 'c-1', channelType: 2, targetId: groupId, msgType: 1, msg: { content: 'can I talk?' } });
  const refused = await next(k, (f) => f.msgId === 'c-1');
  t.match(refused, { eventType: 0, code: -2007, content: String });
  t.ok(ChatPlatformReply.safeParse(refused).success, 'the refusal is the contract\'s reply frame');
  const b2 = await userSocket(bob);
  a.send({ eventType: 0, msgId: 'g-1', channelType: 2, targetId: groupId, msgType: 1, msg: { content: 'welcome' } });
  t.match(await next(b2, (f) => f.msgId === 'g-1' && f.fromId === ann.userId), { channelType: 2, targetId: groupId, senderInfo: { nickname: String } });

  // A chatroom an operator opens; users and a guest enter; the guest reads but may not send.
  await ok('/group/addGroup', operator, { groupName: 'lobby', avatar: 'https://example.com/a.png' });
  const lobby = ((await ok('/group/list', ann, { groupStatus: 1, groupName: 'lobby' })) as { groups: { groupId: string; status: number }[] }).groups[0];
  const lobbyId = lobby?.groupId ?? '';
  t.equal(lobby?.status, 1);
  const g = await socket(`FZM-UUID=${encodeURIComponent(GUEST.uuid)}`);
  for (const [l, id] of [[a, 'e-a'], [b2, 'e-b'], [g, 'e-g']] as const) {
    l.send({ eventType: 1, msgId: id, groupId: lobbyId });
    t.match(await next(l, (f) => f.msgId === id), { eventType: 1, code: 0 }, `${id} entered`);
  }
  g.send({ eventType: 0, msgId: 'g-x', channelType: 1, targetId: lobbyId, msgType: 1, msg: { content: 'guest here' } });
  t.match(await next(g, (f) => f.msgId === 'g-x'), { eventType: 0, code: -2008 }, 'a guest cannot send');
  a.send({ eventType: 0, msgId: 'l-1', channelType: 1, targetId: lobbyId, msgType: 1, msg: { content: 'hi lobby' } });
  await next(b2, (f) => f.msgId === 'l-1' && f.channelType === 1);
  await next(g, (f) => f.msgId === 'l-1' && f.channelType === 1);
  t.match(await ok('/group/getGroupChatHistory', GUEST, { id: lobbyId, number: 10 }), { logs: [{ logId: /^[1-9][0-9]*$/, msg: { content: 'hi lobby' } }], nextLog: '' }, 'the guest reads the history');
  t.match(await app('/room/list', GUEST, { type: 3 }), { result: -1004 }, 'and nothing else');
  b2.send({ eventType: 2, msgId: 'x-b', groupId: lobbyId });
  t.match(await next(b2, (f) => f.msgId === 'x-b'), { eventType: 2, code: 0 });

  // A red packet of 3 BTY in 2 shares into the group; three members grab at once.
  const order = await c.call<{ orderId: string }>('POST', '/v1/recharge-orders', { token: ann.token, body: { asset: 'bty', amount: 500_000_000 } });
  await c.call('POST', `/v1/dev/payments/${order.body.orderId}/succeed`);
  const packet = await c.call<{ redPacketId: string }>('POST', '/v1/red-packets', { token: ann.token, body: { kind: 'lucky', asset: 'bty', count: 2, total: 300_000_000, target: { type: 'group', id: groupId } } });
  t.equal(packet.status, 201);
  const announced = await next(b2, (f) => f.msgType === 4);
  t.match(announced, { channelType: 2, msg: { coin: 1, packetId: packet.body.redPacketId, packetType: 1 } });
  const grabs = await Promise.all([bob, cat, dan].map((u) => app('/red-packet/receive-entry', u, { packet_id: packet.body.redPacketId })));
  const won = grabs.filter((r) => r.result === 0);
  t.equal(won.length, 2, 'two shares, two winners');
  t.same(grabs.filter((r) => r.result !== 0).map((r) => r.result), [-4001], 'the third is told the packet is gone');
  t.match(won[0]?.data as object, { total: 2, coin: 1, amount: Number });
  const balances = await Promise.all([bob, cat, dan].map(async (u) => ((await ok('/red-packet/balance', u)) as { balances: { coin: number; amount: number }[] }).balances.find((x) => x.coin === 1)?.amount ?? 0));
  t.equal(Math.round(balances.reduce((x, y) => x + y, 0) * 1e8), 300_000_000, 'the shares add up to the packet, to the last unit');
  t.match(await app('/red-packet/receive-entry', bob, { packet_id: packet.body.redPacketId }), { result: -4009 }, 'a second grab is refused');

  // Page the group's log back from the newest, `number` at a time, until nextLog is empty.
  for (let i = 0; i < 5; i++) a.send({ eventType: 0, msgId: `p-${i}`, channelType: 2, targetId: groupId, msgType: 1, msg: { content: `line ${i}` } });
  await next(a, (f) => f.msgId === 'p-4' && f.logId !== undefined);
  // The packet's grab lines come from a process manager and the log from a read model: page again until both have caught up.
  const pageAll = async () => {
    const seen: string[] = [];
    let startId: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const page = (await ok('/room/chatLog', bob, { id: groupId, number: 2, ...(startId ? { startId } : {}) })) as { logs: { logId: string }[]; nextLog: string };
      seen.unshift(...page.logs.map((l) => l.logId));
      if (page.nextLog === '') break;
      startId = page.nextLog;
    }
    return seen;
  };
  let seen = await pageAll();
  for (let tries = 0; seen.length < 7 && tries < 50; tries++) {
    await new Promise((r) => setTimeout(r, 100));
    seen = await pageAll();
  }
  // A logId is the message's place in the whole log: unique, and growing within a conversation.
  t.same(seen, [...new Set(seen)].sort((x, y) => Number(x) - Number(y)), 'every logId once, oldest to newest');
  t.ok(seen.length >= 7, 'the welcome, the packet card, its grabs and five lines');

  for (const l of [a, b, k, b2, g]) await l.close();
});

t.test('given the socket, when credentials are missing or wrong, then the upgrade is refused', async (t) => {
  await t.rejects(socket(''), 'no token and no FZM-UUID');
  await t.rejects(socket('FZM-AUTH-TOKEN=nope&FZM-DEVICE=android'), 'an unknown token');
  const u = await login(c, 'eve');
  await t.rejects(socket(`FZM-AUTH-TOKEN=${u.token}&FZM-DEVICE=toaster`), 'an unknown device');
});
