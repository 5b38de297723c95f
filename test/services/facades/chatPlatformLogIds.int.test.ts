// 004 logIds name one message globally (#21): a message's logId is the log position of its
// MessageSent event, so chat logs page by it, /chat33/deleteMsg and /chat33/revokeMsg need only
// `logId` and `type` (as the seed sends them), and the socket's frames carry the same id as the
// HTTP logs. Against the platform with its push role in this process (embedded PostgreSQL, real
// sockets).
import t, { type Test } from 'tap';
import { build, type TestApp } from '../../support/app.js';
import { CHAT_PLATFORM, chatPlatformCalls, type SeedUser } from '../../support/chatPlatform.js';
import { listen, type Frame, type Listener } from '../../support/ws.js';

type User = SeedUser;
type SeedFrame = Frame & Record<string, unknown>;
type Log = { logId: string; fromId: string; msg: { content?: string } };
type V1Message = { conversationId: string; seq: number; logId: number; state: string; clientMsgId: string };

const app: TestApp = await build(t, { ROLES: 'command-api,query-api,projector,process-manager,push' });
const ws = `ws://127.0.0.1:${app.platform.wsPort}`;
const [ann, bob, cat] = (await Promise.all(['+8613922000001', '+8613922000002', '+8613922000003'].map((p) => app.signIn(p)))) as [User, User, User];
const { call, ok } = chatPlatformCalls(app);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const v1 = async (u: User, method: 'GET' | 'POST', url: string, payload?: object) => {
  const r = await app.inject({ method, url: `/v1${url}`, headers: { authorization: `Bearer ${u.token}` }, ...(payload ? { payload } : {}) });
  return { status: r.status, body: r.json<Record<string, unknown>>() };
};
const send = async (u: User, conversationId: string, clientMsgId: string): Promise<V1Message> => {
  const r = await v1(u, 'POST', `/conversations/${conversationId}/messages`, { clientMsgId, msgType: 'text', body: { text: clientMsgId } });
  if (r.status !== 201) throw new Error(`send ${clientMsgId}: ${JSON.stringify(r.body)}`);
  return r.body as unknown as V1Message;
};
const historyOf = async (u: User, conversationId: string) => ((await v1(u, 'GET', `/conversations/${conversationId}/messages?limit=200`)).body as { items: V1Message[] }).items;
const stateOf = async (conversationId: string, seq: number) => (await historyOf(ann, conversationId)).find((m) => m.seq === seq)?.state;

/** Every page of a chat log from the newest back through `nextLog`, oldest first overall. */
const pageAll = async (u: User, path: string, target: object, number: number) => {
  const pages: Log[][] = [];
  let startId = '';
  for (let i = 0; i < 50; i++) {
    const d = (await ok(u, path, { ...target, startId, number })) as { logs: Log[]; nextLog: string };
    pages.unshift(d.logs);
    if (d.nextLog === '') return pages.flat();
    startId = d.nextLog;
  }
  throw new Error('the log never ended');
};

const groupOf = async (name: string, members: User[]) => {
  await ok(ann, '/room/create', { roomName: name, users: members.map((m) => m.userId) });
  for (let i = 0; i < 50; i++) {
    const g = ((await ok(ann, '/room/list', { type: 3 })) as { roomList: { id: string; name: string }[] }).roomList.find((r) => r.name === name);
    if (g) return g.id;
    await sleep(50);
  }
  throw new Error(`no group ${name}`);
};

await ok(ann, '/friend/add', { id: bob.userId, reason: 'hi' });
await ok(bob, '/friend/response', { id: ann.userId, agree: 1 });
const groupId = await groupOf('log-ids', [bob]);
const group = `group:${groupId}`;
const dm = `dm:${[ann.userId, bob.userId].sort().join(':')}`;
// Interleaved, so neither conversation's log ids are consecutive.
const sent: V1Message[] = [];
for (let i = 1; i <= 5; i++) {
  sent.push(await send(ann, group, `g-${i}`));
  sent.push(await send(i % 2 ? bob : ann, dm, `d-${i}`));
}
const inGroup = sent.filter((m) => m.conversationId === group);
const inDm = sent.filter((m) => m.conversationId === dm);

t.test('given interleaved group and friend messages, when each log is paged back by startId two at a time, then every message comes once, oldest first, under the id its send answered', async (t) => {
  const ids = sent.map((m) => m.logId);
  t.equal(new Set(ids).size, ids.length, 'every send answered its own log id');
  t.same([...ids].sort((a, b) => a - b), ids, 'ids grow with the log, across both conversations');
  t.ok(inGroup.some((m, i) => i > 0 && m.logId - (inGroup[i - 1]?.logId ?? 0) > 1), 'a conversation\'s ids are not consecutive (the other one took some)');

  const groupLog = await pageAll(ann, '/room/chatLog', { id: groupId }, 2);
  t.same(groupLog.map((l) => l.logId), inGroup.map((m) => String(m.logId)), 'R20: each group message once, oldest first');
  t.same(groupLog.map((l) => l.msg.content), ['g-1', 'g-2', 'g-3', 'g-4', 'g-5']);
  const friendLog = await pageAll(bob, '/friend/chatLog', { id: ann.userId }, 2);
  t.same(friendLog.map((l) => l.logId), inDm.map((m) => String(m.logId)), 'F7: each friend message once, oldest first');

  const v1Ids = (await historyOf(ann, group)).map((m) => m.logId);
  t.same(v1Ids, inGroup.map((m) => m.logId), '/v1 history carries the same ids');
  const page = (await ok(ann, '/room/chatLog', { id: groupId, startId: String(inGroup[2]?.logId), number: 2 })) as { logs: Log[]; nextLog: string };
  t.same(page.logs.map((l) => l.logId), [inGroup[1], inGroup[2]].map((m) => String(m?.logId)), 'startId is included, the page reaches back from it');
  t.equal(page.nextLog, String(inGroup[0]?.logId), 'nextLog is the next older message\'s id');

  t.match(await call(ann, '/room/chatLog', { id: groupId, startId: String(inDm[0]?.logId), number: 2 }), { result: -1001 }, 'a startId of another conversation is refused');
});

t.test('given a log id, when /v1 asks for its message, then a reader of the conversation gets it and anyone else is told it does not exist', async (t) => {
  const m = inDm[1] as V1Message;
  const found = await v1(bob, 'GET', `/messages/by-log-id/${m.logId}`);
  t.equal(found.status, 200);
  t.match(found.body, { conversationId: dm, seq: m.seq, logId: m.logId, clientMsgId: 'd-2' });
  t.equal((await v1(cat, 'GET', `/messages/by-log-id/${m.logId}`)).status, 404, 'cat is not in the 1:1');
  t.equal((await v1(ann, 'GET', `/messages/by-log-id/999999999`)).status, 404, 'an unknown id');
  t.equal((await v1(ann, 'GET', `/messages/by-log-id/0`)).status, 400, 'not an id');
  const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
  t.ok(doc.paths['/v1/messages/by-log-id/{logId}'], 'the OpenAPI document describes the route');
});

t.test('given messages in a group and a 1:1, when deleted and recalled by logId and type alone, then they are; a wrong type, a stranger, or a mismatched roomId change nothing', async (t) => {
  const g = inGroup[3] as V1Message;
  const d = inDm[3] as V1Message; // sent by ann (d-4)
  t.match(await call(ann, '/chat33/revokeMsg', { logId: String(g.logId), type: 2 }), { result: -1001 }, 'a group message named as a friend\'s');
  t.match(await call(ann, '/chat33/deleteMsg', { logId: String(d.logId), type: 1 }), { result: -1001 }, 'a friend message named as a group\'s');
  t.match(await call(cat, '/chat33/deleteMsg', { logId: String(g.logId), type: 1 }), { result: -2023 }, 'cat is not in the group');
  t.match(await call(cat, '/chat33/revokeMsg', { logId: String(d.logId), type: 2 }), { result: -2023 }, 'nor in the 1:1');
  t.match(await call(bob, '/chat33/revokeMsg', { logId: String(g.logId), type: 1 }), { result: -2023 }, 'bob did not send it');
  t.match(await call(ann, '/chat33/deleteMsg', { logId: '999999999', type: 1 }), { result: -2023 }, 'no such message');
  t.match(await call(ann, '/chat33/deleteMsg', { logId: String(g.logId), type: 1, roomId: '999999' }), { result: -1001 }, 'a roomId of another group');
  t.equal(await stateOf(group, g.seq), 'sent', 'the group message is untouched');
  t.equal(await stateOf(dm, d.seq), 'sent', 'the friend message is untouched');

  t.same(await ok(ann, '/chat33/revokeMsg', { logId: String(g.logId), type: 1 }), {}, 'recalled with logId and type');
  t.same(await ok(ann, '/chat33/deleteMsg', { logId: String(d.logId), type: 2 }), {}, 'deleted with logId and type');
  t.equal(await stateOf(group, g.seq), 'recalled');
  t.equal(await stateOf(dm, d.seq), 'deleted');
  t.same(await ok(ann, '/chat33/deleteMsg', { logId: String((inGroup[4] as V1Message).logId), type: 1, roomId: groupId }), {}, 'a roomId that agrees is still taken');
  t.equal(await stateOf(group, (inGroup[4] as V1Message).seq), 'deleted');
});

t.test('given many sends to one group at once, when each answers, then each answer\'s log id is the one its message is stored under', async (t) => {
  const burst = await Promise.all(Array.from({ length: 24 }, (_, i) => send(i % 2 ? bob : ann, group, `burst-${i}`)));
  const stored = new Map((await historyOf(ann, group)).map((m) => [m.clientMsgId, m.logId]));
  t.same(
    burst.map((m) => m.logId),
    burst.map((m) => stored.get(m.clientMsgId)),
    'a batched append gives each message its own position',
  );
  t.equal(new Set(burst.map((m) => m.logId)).size, burst.length, 'all different');
  const again = await send(ann, group, 'burst-0');
  t.equal(again.logId, burst[0]?.logId, 'a resend answers the first message\'s id');
});

const seedSocket = async (t: Test, u: User) => {
  const l = await listen(`${ws}${CHAT_PLATFORM}/ws?FZM-AUTH-TOKEN=${encodeURIComponent(u.token)}&FZM-DEVICE=ios`);
  t.teardown(() => l.close());
  return l;
};
const next = (l: Listener, pred: (f: SeedFrame) => boolean) => l.next((f) => pred(f as SeedFrame)) as Promise<SeedFrame>;

t.test('given both on sockets, when ann sends over the socket and recalls over HTTP, then the echo, bob\'s frame, the HTTP log and eventType 10 carry one logId', async (t) => {
  const a = await seedSocket(t, ann);
  const b = await seedSocket(t, bob);
  await next(b, (f) => f.eventType === 24 && f.roomId === groupId && f.number === '2');
  a.send({ eventType: 0, msgId: 'sock-g', channelType: 2, targetId: groupId, msgType: 1, msg: { content: 'sock-g' } });
  a.send({ eventType: 0, msgId: 'sock-d', channelType: 3, targetId: bob.userId, msgType: 1, msg: { content: 'sock-d' } });
  const echo = await next(a, (f) => f.msgId === 'sock-g' && f.fromId === ann.userId);
  const heard = await next(b, (f) => f.msgId === 'sock-g');
  const heardDm = await next(b, (f) => f.msgId === 'sock-d');
  t.equal(echo.logId, heard.logId, 'the echo and the member\'s frame agree');
  const groupLog = (await ok(bob, '/room/chatLog', { id: groupId, number: 1 })) as { logs: Log[] };
  t.equal(groupLog.logs[0]?.logId, heard.logId, 'R20 shows the frame\'s logId');
  const friendLog = (await ok(bob, '/friend/chatLog', { id: ann.userId, number: 1 })) as { logs: Log[] };
  t.equal(friendLog.logs[0]?.logId, heardDm.logId, 'F7 shows the friend frame\'s logId');

  await ok(ann, '/chat33/revokeMsg', { logId: heard.logId, type: 1 });
  t.match(await next(b, (f) => f.eventType === 10 && f.operateType === 1 && f.logId === heard.logId), { logType: 1, channelType: 2, targetId: groupId }, 'eventType 10 names the same logId');
  await ok(ann, '/chat33/deleteMsg', { logId: heardDm.logId, type: 2 });
  t.match(await next(b, (f) => f.eventType === 10 && f.operateType === 2 && f.logId === heardDm.logId), { logType: 2, channelType: 3, targetId: ann.userId });
});
