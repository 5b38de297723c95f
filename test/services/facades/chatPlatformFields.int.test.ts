// chat-platform's fields the core keeps since #21: a friendship's `addTime` (and my remark) in
// /user/userInfo, the friend list's incremental `time` with `isDelete` 2 for ended friendships,
// and chatroom creation, opening and closing times with the list's startTime/endTime range.
import t from 'tap';
import { build } from '../../support/app.js';
import { chatPlatformCalls, type SeedUser } from '../../support/chatPlatform.js';

type User = SeedUser;
type Row = { id: string; isDelete: number; addTime: number; name: string };

const app = await build(t);
const [ann, bob, cat] = (await Promise.all(['+8613922000001', '+8613922000002', '+8613922000003'].map((p) => app.signIn(p)))) as [User, User, User];
const operator = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<User>();

const { call, ok } = chatPlatformCalls(app);
const befriend = async (a: User, b: User) => {
  await ok(a, '/friend/add', { id: b.userId, reason: 'hi' });
  await ok(b, '/friend/response', { id: a.userId, agree: 1 });
};
const friends = async (u: User, payload: object) => ((await ok(u, '/friend/list', payload)) as { userList: Row[] }).userList;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test('given ann and bob made friends, when ann reads bob, then addTime is when the friendship was made and remark is hers', async (t) => {
  const before = Date.now();
  await befriend(ann, bob);
  const after = Date.now();
  await ok(ann, '/friend/setRemark', { id: bob.userId, remark: 'Bobby' });
  const info = await ok(ann, '/user/userInfo', { id: bob.userId });
  t.match(info, { isFriend: 1, remark: 'Bobby' });
  const addTime = Number(info.addTime);
  t.ok(addTime >= before - 1000 && addTime <= after + 1000, `addTime ${addTime} within the befriending (${before}..${after})`);
  const listed = (await friends(ann, { type: 3 })).find((r) => r.id === bob.userId);
  t.equal(listed?.addTime, addTime, 'the friend list says the same');
  t.notOk('addTime' in (await ok(ann, '/user/userInfo', { id: cat.userId })), 'no addTime for a stranger');
});

t.test('given a sync time, when friendships are made and ended after it, then the list with time has the new (isDelete 1) and the ended (isDelete 2) only', async (t) => {
  const synced = Date.now();
  await sleep(20);
  await befriend(ann, cat);
  await ok(ann, '/friend/delete', { id: bob.userId });
  const changes = await friends(ann, { type: 3, time: synced });
  t.same(changes.map((r) => [r.id, r.isDelete]).sort(), [[bob.userId, 2], [cat.userId, 1]].sort(), 'cat added, bob ended');
  t.ok(changes.find((r) => r.id === bob.userId)?.name !== undefined, 'the ended friend is named');
  t.same((await friends(ann, { type: 3 })).map((r) => [r.id, r.isDelete]), [[cat.userId, 1]], 'the full list has only friends');
  t.same((await friends(bob, { type: 3, time: synced })).map((r) => [r.id, r.isDelete]), [[ann.userId, 2]], 'the end shows on both sides');
  t.same(await friends(ann, { type: 3, time: Date.now() + 60_000 }), [], 'nothing after a later time');
  t.same((await friends(ann, { type: 3, time: Math.floor(synced / 1000) })).length, 2, 'a time in seconds reads as seconds');

  await befriend(bob, ann);
  t.same((await friends(ann, { type: 3, time: synced })).filter((r) => r.id === bob.userId).map((r) => r.isDelete), [1], 'friends again: no longer ended');
  t.match(await call(ann, '/friend/list', { type: 3, time: 'yesterday' }), { result: -1001 }, 'a bad time is refused');
});

t.test('given a chatroom, when it is created, closed and reopened, then its times follow, and startTime/endTime range over creation', async (t) => {
  const before = Date.now();
  await ok(operator, '/group/addGroup', { groupName: 'times' });
  const find = async (payload: object = {}) => ((await ok(ann, '/group/list', { groupStatus: 3, groupName: 'times', ...payload })) as { groups: Record<string, number | string>[] }).groups;
  const [room] = await find();
  const createTime = Number(room?.createTime);
  t.ok(createTime >= before - 1000 && createTime <= Date.now() + 1000, 'createTime is the creation');
  t.equal(room?.openTime, createTime, 'opened when created');
  t.equal(room?.closeTime, 0, 'never closed');

  await ok(operator, '/group/setStatus', { groupId: room?.groupId, type: 1 });
  const closed = await ok(ann, '/group/info', { groupId: room?.groupId });
  t.ok(Number(closed.closeTime) >= createTime, 'closeTime set');
  await sleep(20);
  await ok(operator, '/group/setStatus', { groupId: room?.groupId, type: 0 });
  const reopened = await ok(ann, '/group/info', { groupId: room?.groupId });
  t.ok(Number(reopened.openTime) > createTime, 'openTime is the reopening');
  t.equal(reopened.createTime, createTime, 'createTime stays');

  t.equal((await find({ startTime: createTime, endTime: createTime })).length, 1, 'both ends included');
  t.equal((await find({ startTime: createTime + 1 })).length, 0, 'created before startTime: not listed');
  t.equal((await find({ endTime: createTime - 1 })).length, 0, 'created after endTime: not listed');
});

t.test('given staff titles set by an operator, when users read each other, then a position shows only between staff', async (t) => {
  const put = (u: User, userId: string, position: string | null) =>
    app.inject({ method: 'PUT', url: `/v1/admin/users/${userId}/staff-position`, headers: { authorization: `Bearer ${u.token}` }, payload: { position } });
  t.equal((await put(ann, cat.userId, 'Boss')).status, 403, 'only operators set titles');
  t.match((await put(operator, ann.userId, '  Engineer ')).json(), { userId: ann.userId, position: 'Engineer' });
  t.equal((await put(operator, cat.userId, '')).status, 400, 'a blank title is refused');
  t.match((await put(operator, cat.userId, 'Designer')).json(), { position: 'Designer' });
  t.match(await ok(ann, '/user/userInfo', { id: cat.userId }), { position: 'Designer' }, 'staff sees staff');
  t.match(await ok(bob, '/user/userInfo', { id: cat.userId }), { position: '' }, 'a non-staff user sees no title');
  t.match(await ok(cat, '/user/userInfo', { id: bob.userId }), { position: '' }, 'a non-staff user has none');
  const listed = (await friends(ann, { type: 3 })).find((r) => r.id === cat.userId) as (Row & { position: string }) | undefined;
  t.equal(listed?.position, 'Designer', 'in the friend list too');
  await put(operator, ann.userId, null);
  t.match(await ok(ann, '/user/userInfo', { id: cat.userId }), { position: '' }, 'no longer staff: sees none');
});
