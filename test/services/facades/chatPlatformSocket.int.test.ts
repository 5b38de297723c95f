// chat-platform's socket (#21) against the platform with its push role in this process (embedded
// PostgreSQL, a real gateway, real sockets): a socket follows a group joined after it connected
// (004 and the house IM dialect alike) and stops hearing it on leaving; a sender's first frame
// carries its senderInfo; recalls and deletes are eventType 10; online counts are eventType 24,
// throttled, and /room/info and /room/getOnlineNumber read them.
import t, { type Test } from 'tap';
import { ChatPlatformMessage, ChatPlatformMessageOperation, ChatPlatformOnline } from '../../../contracts/apps/chatPlatform.js';
import { build, type TestApp } from '../../support/app.js';
import { CHAT_PLATFORM, chatPlatformCalls, type SeedUser } from '../../support/chatPlatform.js';
import { listen, type Frame, type Listener } from '../../support/ws.js';

type SeedFrame = Frame & Record<string, unknown>;
type User = SeedUser;

const THROTTLE_MS = 400;

const app: TestApp = await build(t, { ROLES: 'command-api,query-api,projector,process-manager,push', PUSH_ONLINE_NOTICE_MS: String(THROTTLE_MS) });
const ws = `ws://127.0.0.1:${app.platform.wsPort}`;
const [ann, bob, cat, dan] = (await Promise.all(['+8613911000001', '+8613911000002', '+8613911000003', '+8613911000004'].map((p) => app.signIn(p)))) as [User, User, User, User];

const { call, ok } = chatPlatformCalls(app);
const seedSocket = async (t: Test, u: User) => {
  const l = await listen(`${ws}${CHAT_PLATFORM}/ws?FZM-AUTH-TOKEN=${encodeURIComponent(u.token)}&FZM-DEVICE=ios`);
  t.teardown(() => l.close());
  return l;
};
const frames = (l: Listener) => l.frames as SeedFrame[];
const next = (l: Listener, pred: (f: SeedFrame) => boolean) => l.next((f) => pred(f as SeedFrame)) as Promise<SeedFrame>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Ann's group with these members; its id from her list. */
const groupOf = async (name: string, members: User[]) => {
  await ok(ann, '/room/create', { roomName: name, users: members.map((m) => m.userId) });
  for (let i = 0; i < 50; i++) {
    const list = (await ok(ann, '/room/list', { type: 3 })) as { roomList: { id: string; name: string }[] };
    const g = list.roomList.find((r) => r.name === name);
    if (g) return g.id;
    await sleep(50);
  }
  throw new Error(`no group ${name}`);
};
const say = (l: Listener, groupId: string, msgId: string) => l.send({ eventType: 0, msgId, channelType: 2, targetId: groupId, msgType: 1, msg: { content: msgId } });

t.test('given cat connected before joining, when ann adds cat, then cat hears the group without reconnecting; once cat leaves, no more', async (t) => {
  const groupId = await groupOf('follow', [bob]);
  const a = await seedSocket(t, ann);
  const k = await seedSocket(t, cat);
  const im = await listen(`${ws}/apps/im-groups-wallet/ws?token=${encodeURIComponent(cat.token)}`);
  t.teardown(() => im.close());

  await ok(ann, '/room/joinRoomInvite', { roomId: groupId, users: [cat.userId] });
  await next(k, (f) => f.eventType === 20 && f.userId === cat.userId);
  await next(im, (f) => f.eventType === 20 && f.userId === cat.userId);
  // The IM client also asks for the group (as 003's clients do): that must not restart the follow.
  im.send({ eventType: 1, groupId });
  // The follow is under way once the join notice is out: a message right after it must arrive.
  say(a, groupId, 'f-1');
  t.match(await next(k, (f) => f.msgId === 'f-1'), { eventType: 0, channelType: 2, targetId: groupId, fromId: ann.userId }, '004: the group message arrives on the old socket');
  t.match(await next(im, (f) => f.msgId === 'f-1'), { eventType: 0, channelType: 2, targetId: groupId }, 'the house IM dialect too');

  await ok(cat, '/room/loginOut', { rootId: groupId });
  await next(a, (f) => f.eventType === 21 && f.userId === cat.userId);
  say(a, groupId, 'f-2');
  await next(a, (f) => f.msgId === 'f-2' && f.logId !== undefined);
  // A later message on cat's own channel marks that everything before it has been fanned out.
  await ok(bob, '/friend/add', { id: cat.userId, reason: 'marker' });
  await next(k, (f) => f.eventType === 31);
  await next(im, (f) => f.eventType === 31);
  t.equal(frames(k).filter((f) => f.msgId === 'f-2').length, 0, '004: nothing from the group after leaving');
  t.equal(frames(im).filter((f) => f.msgId === 'f-2').length, 0, 'IM: nothing either');
});

t.test('given a sender no socket has seen, when their first message arrives, then its frame already carries their senderInfo', async (t) => {
  await ok(dan, '/user/editNickname', { nickname: 'Dan the first' });
  const groupId = await groupOf('first-frame', [bob, dan]);
  const b = await seedSocket(t, bob);
  await sleep(200); // bob's implicit subscriptions settle
  // Dan has no 004 socket and sends over /v1: nobody has fetched his card before this frame.
  const sent = await app.inject({ method: 'POST', url: `/v1/conversations/group:${groupId}/messages`, headers: { authorization: `Bearer ${dan.token}` }, payload: { clientMsgId: 'd-1', msgType: 'text', body: { text: 'hello' } } });
  t.equal(sent.status, 201);
  const first = await next(b, (f) => f.fromId === dan.userId && f.eventType === 0);
  t.match(first, { senderInfo: { nickname: 'Dan the first' } }, 'the first frame has the name');
  t.ok(ChatPlatformMessage.safeParse(first).success, 'and is the contract\'s message frame');
});

t.test('given a group message, when ann recalls it and then deletes another, then members hear eventType 10', async (t) => {
  const groupId = await groupOf('operations', [bob]);
  const a = await seedSocket(t, ann);
  const b = await seedSocket(t, bob);
  // Both sockets are in the group once its count says two are online (a fixed sleep was too short on a loaded machine).
  await next(b, (f) => f.eventType === 24 && f.roomId === groupId && f.number === '2');
  say(a, groupId, 'o-1');
  say(a, groupId, 'o-2');
  const m1 = await next(b, (f) => f.msgId === 'o-1');
  const m2 = await next(b, (f) => f.msgId === 'o-2');
  await ok(ann, '/chat33/revokeMsg', { type: 1, roomId: groupId, logId: Number(m1.logId) });
  const recalled = await next(b, (f) => f.eventType === 10 && f.operateType === 1);
  t.match(recalled, { logType: 1, logId: m1.logId, channelType: 2, targetId: groupId, userName: String });
  t.ok(ChatPlatformMessageOperation.safeParse(recalled).success, 'the contract\'s frame');
  await ok(ann, '/chat33/deleteMsg', { type: 1, roomId: groupId, logId: Number(m2.logId) });
  t.match(await next(b, (f) => f.eventType === 10 && f.operateType === 2), { logType: 1, logId: m2.logId });
});

t.test('given a group with bob online, when three members connect at once, then bob hears one eventType 24 with the new count, and the HTTP reads agree', async (t) => {
  const groupId = await groupOf('online', [bob, cat, dan]);
  t.match(await ok(bob, '/room/getOnlineNumber', { roomId: groupId }), { onlineNumber: 0 }, 'nobody online yet');
  const b = await seedSocket(t, bob);
  t.match(await next(b, (f) => f.eventType === 24 && f.roomId === groupId), { number: '1' }, 'bob himself came online');
  const mark = frames(b).length;
  const others = await Promise.all([seedSocket(t, ann), seedSocket(t, cat), seedSocket(t, dan), seedSocket(t, dan)]);
  const after = await next(b, (f) => f.eventType === 24 && f.roomId === groupId && f.number === '4');
  t.ok(ChatPlatformOnline.safeParse(after).success, 'the contract\'s frame');
  await sleep(3 * THROTTLE_MS);
  t.equal(frames(b).slice(mark).filter((f) => f.eventType === 24 && f.roomId === groupId).length, 1, 'one frame for the burst, not one per connect');
  t.match(await ok(bob, '/room/getOnlineNumber', { roomId: groupId }), { onlineNumber: 4 });
  t.match(await ok(bob, '/room/info', { roomId: groupId }), { onlineNumber: 4, memberNumber: 4 });
  t.match(await call(ann, '/room/getOnlineNumber', { roomId: '999999' }), { result: -3001 }, 'not a member (no such group): refused');

  // dan has two sockets: closing one changes nothing; closing cat's does.
  await others[3]?.close();
  await others[1]?.close();
  t.match(await next(b, (f) => f.eventType === 24 && f.roomId === groupId && f.number === '3'), { number: '3' });
  await sleep(3 * THROTTLE_MS);
  t.same(frames(b).filter((f) => f.eventType === 24 && f.roomId === groupId).map((f) => f.number), ['1', '4', '3'], 'a count is sent only when it changed');
});
