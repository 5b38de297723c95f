// chat-platform's socket (#21): what its frames show of people and rooms, against the platform
// with its push role in this process (embedded PostgreSQL, a real gateway, real sockets): a
// reopened chatroom's eventType 7 carries its real createTime/closeTime; a sender who renames or
// changes avatar shows the new card on their next frame; application notices (23, 31) show staff
// titles only to a staff reader.
import t, { type Test } from 'tap';
import { build, type TestApp } from '../../support/app.js';
import { CHAT_PLATFORM, chatPlatformCalls, type SeedUser } from '../../support/chatPlatform.js';
import { listen, type Frame, type Listener } from '../../support/ws.js';

type SeedFrame = Frame & Record<string, unknown>;
type User = SeedUser;

const app: TestApp = await build(t, { ROLES: 'command-api,query-api,projector,process-manager,push' });
const ws = `ws://127.0.0.1:${app.platform.wsPort}`;
const phones = ['+8613912000001', '+8613912000002', '+8613912000003', '+8613912000004'];
const [ann, bob, cat, dan] = (await Promise.all(phones.map((p) => app.signIn(p)))) as [User, User, User, User];
const operator = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<User>();

const { ok } = chatPlatformCalls(app);
const seedSocket = async (t: Test, u: User) => {
  const l = await listen(`${ws}${CHAT_PLATFORM}/ws?FZM-AUTH-TOKEN=${encodeURIComponent(u.token)}&FZM-DEVICE=ios`);
  t.teardown(() => l.close());
  return l;
};
const next = (l: Listener, pred: (f: SeedFrame) => boolean) => l.next((f) => pred(f as SeedFrame)) as Promise<SeedFrame>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const v1 = (method: 'POST' | 'PATCH' | 'PUT', url: string, who: User, payload: object = {}) =>
  app.inject({ method, url: `/v1${url}`, headers: { authorization: `Bearer ${who.token}` }, payload });

t.test('given a chatroom created and closed, when an operator opens it again, then eventType 7 carries its createTime and closeTime as /group/info has them', async (t) => {
  await ok(operator, '/group/addGroup', { groupName: 'reopen-times' });
  const rooms = (await ok(ann, '/group/list', { groupStatus: 3, groupName: 'reopen-times' })) as { groups: { groupId: string; createTime: number }[] };
  const room = rooms.groups[0];
  if (!room) throw new Error('no chatroom');
  const a = await seedSocket(t, ann);
  a.send({ eventType: 1, msgId: 'enter-1', groupId: room.groupId });
  await next(a, (f) => f.eventType === 1 && f.msgId === 'enter-1');

  await ok(operator, '/group/setStatus', { groupId: room.groupId, type: 1 });
  await next(a, (f) => f.eventType === 4 && f.groupId === room.groupId);
  const shut = await ok(ann, '/group/info', { groupId: room.groupId });
  await sleep(20);
  await ok(operator, '/group/setStatus', { groupId: room.groupId, type: 0 });
  const opened = await next(a, (f) => f.eventType === 7 && f.groupId === room.groupId);

  t.ok(room.createTime > 0, 'the room has a creation time');
  t.equal(opened.createTime, room.createTime, 'createTime is the creation, not 0');
  t.equal(opened.closeTime, shut.closeTime, 'closeTime is when it was closed');
  t.ok(Number(opened.openTime) > Number(opened.closeTime), 'opened after it was closed');
  t.match(opened, { groupName: 'reopen-times', status: 0, description: '', totalNumber: '0' });
});

t.test('given bob has seen ann\'s card, when ann renames and changes avatar, then her next frame carries the new card and the earlier one kept the old', async (t) => {
  await ok(ann, '/user/editNickname', { nickname: 'Ann before' });
  await ok(ann, '/room/create', { roomName: 'cards', users: [bob.userId] });
  let groupId = '';
  for (let i = 0; i < 50 && groupId === ''; i++) {
    const list = (await ok(ann, '/room/list', { type: 3 })) as { roomList: { id: string; name: string }[] };
    groupId = list.roomList.find((r) => r.name === 'cards')?.id ?? '';
    if (groupId === '') await sleep(50);
  }
  await app.platform.settle(); // bob's groups as his socket reads them on connect
  const b = await seedSocket(t, bob);
  const a = await seedSocket(t, ann);
  const say = (msgId: string) => a.send({ eventType: 0, msgId, channelType: 2, targetId: groupId, msgType: 1, msg: { content: msgId } });
  // Bob's socket holds the group once a message reaches it (it subscribes from "now" as it connects).
  let heard: SeedFrame | undefined;
  for (let i = 0; i < 40 && !heard; i++) {
    say(`warm-${i}`);
    heard = await Promise.race([next(b, (f) => String(f.msgId).startsWith('warm-')).catch(() => undefined), sleep(250).then(() => undefined)]);
  }
  t.match(heard, { senderInfo: { nickname: 'Ann before' } }, 'the card before');

  await ok(ann, '/user/editNickname', { nickname: 'Ann after' });
  await ok(ann, '/user/editAvatar', { avatar: 'https://img.example/ann-after.png' });
  say('card-2');
  t.match(await next(b, (f) => f.msgId === 'card-2'), { senderInfo: { nickname: 'Ann after', avatar: 'https://img.example/ann-after.png' } }, 'the next frame has the new name and avatar');
  t.match(await next(a, (f) => f.msgId === 'card-2' && f.logId !== undefined), { senderInfo: { nickname: 'Ann after' } }, 'her own echo too');
});

t.test('given ann and cat are staff and bob is not, when friend requests and group applications are pushed, then only a staff reader sees titles', async (t) => {
  const title = (u: User, position: string) => v1('PUT', `/admin/users/${u.userId}/staff-position`, operator, { position });
  t.equal((await title(ann, 'Engineer')).status, 200);
  t.equal((await title(cat, 'Designer')).status, 200);
  await app.platform.settle();
  const [a, b, c] = [await seedSocket(t, ann), await seedSocket(t, bob), await seedSocket(t, cat)];
  await sleep(200); // their own channels are held

  await ok(ann, '/friend/add', { id: cat.userId, reason: 'colleague' });
  const toCat = await next(c, (f) => f.eventType === 31 && f.status === 1);
  t.match(toCat, { senderInfo: { id: ann.userId, position: 'Engineer' }, receiveInfo: { id: cat.userId, position: 'Designer' } }, 'staff reads staff: both titles');
  await ok(ann, '/friend/add', { id: bob.userId, reason: 'hello' });
  const toBob = await next(b, (f) => f.eventType === 31 && f.status === 1);
  t.match(toBob, { senderInfo: { id: ann.userId, position: '' }, receiveInfo: { id: bob.userId, position: '' } }, 'a non-staff reader sees none');
  await ok(cat, '/friend/response', { id: ann.userId, agree: 1 });
  t.match(await next(a, (f) => f.eventType === 31 && f.status === 3), { senderInfo: { position: 'Engineer' }, receiveInfo: { id: cat.userId, position: 'Designer' } }, 'the answer to a staff requester');

  // 23: cat (staff) and bob (not) each own a group that takes applications; ann (staff) and dan apply.
  const groupOf = async (owner: User, name: string) => {
    const created = await v1('POST', '/groups', owner, { name, memberIds: [] });
    const groupId = String(created.json<{ groupId: string }>().groupId);
    t.equal((await v1('PATCH', `/groups/${groupId}/permissions`, owner, { join: { mode: 'approval' } })).status, 200);
    return groupId;
  };
  const [catGroup, bobGroup] = [await groupOf(cat, 'staff-room'), await groupOf(bob, 'plain-room')];
  t.equal((await v1('POST', `/groups/${catGroup}/join`, ann, { message: 'let me in' })).status, 200);
  t.match(await next(c, (f) => f.eventType === 23 && f.status === 1), { senderInfo: { id: ann.userId, position: 'Engineer' }, applyReason: 'let me in' }, 'a staff reviewer sees a staff applicant\'s title');
  t.equal((await v1('POST', `/groups/${catGroup}/join`, dan, { message: 'me too' })).status, 200);
  t.match(await next(c, (f) => f.eventType === 23 && f.status === 1 && f.applyReason === 'me too'), { senderInfo: { id: dan.userId, position: '' } }, 'a non-staff applicant has none');
  t.equal((await v1('POST', `/groups/${bobGroup}/join`, ann, { message: 'hi bob' })).status, 200);
  t.match(await next(b, (f) => f.eventType === 23 && f.status === 1), { senderInfo: { id: ann.userId, position: '' } }, 'a non-staff reviewer sees no title');
  t.equal((await v1('POST', `/groups/${catGroup}/applications/${ann.userId}/approve`, cat)).status, 200);
  t.match(await next(a, (f) => f.eventType === 23 && f.status === 3), { senderInfo: { id: ann.userId, position: 'Engineer' } }, 'the answer shows the staff applicant her own title');
});
