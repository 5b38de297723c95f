// chat-platform F1's incremental `time` (#21): besides friends made and ended after it, the list
// answers friends whose row changed after it (my remark, my commonly-used mark, do-not-disturb,
// sticky-on-top), with the new values; unchanged friends are not in it. The 1:1 settings read the
// same whether or not the two ever wrote to each other.
import t from 'tap';
import { build } from '../../support/app.js';
import { chatPlatformCalls, type SeedUser } from '../../support/chatPlatform.js';

type User = SeedUser;
type Row = { id: string; isDelete: number; remark: string; noDisturbing: number; onTop: number; commonlyUsed: number; addTime: number };

const app = await build(t);
const [ann, bob, cat] = (await Promise.all(['+8613944000001', '+8613944000002', '+8613944000003'].map((p) => app.signIn(p)))) as [User, User, User];
const { ok } = chatPlatformCalls(app);
const befriend = async (a: User, b: User) => {
  await ok(a, '/friend/add', { id: b.userId, reason: 'hi' });
  await ok(b, '/friend/response', { id: a.userId, agree: 1 });
};
const friends = async (u: User, payload: object) => ((await ok(u, '/friend/list', payload)) as { userList: Row[] }).userList;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A sync time strictly after everything so far (event times are the server's ms). */
const syncTime = async () => {
  await sleep(5);
  const at = Date.now();
  await sleep(5);
  return at;
};

await befriend(ann, bob);
await befriend(ann, cat);

t.test('given a sync at t, when ann changes bob’s remark, then the list since t has bob with it, and not cat', async (t) => {
  const synced = await syncTime();
  t.same(await friends(ann, { type: 3, time: synced }), [], 'nothing changed yet');
  await ok(ann, '/friend/setRemark', { id: bob.userId, remark: 'Bobby' });
  const changes = await friends(ann, { type: 3, time: synced });
  t.same(changes.map((r) => [r.id, r.isDelete, r.remark]), [[bob.userId, 1, 'Bobby']]);
  const whole = (await friends(ann, { type: 3 })).find((r) => r.id === bob.userId);
  t.equal(changes[0]?.addTime, whole?.addTime, 'addTime is still when they became friends');
  t.same(await friends(bob, { type: 3, time: synced }), [], 'a remark is its owner’s: bob’s list is unchanged');
});

t.test('given a sync at t, when ann turns on do-not-disturb for cat, then cat is in the list since t with noDisturbing 1', async (t) => {
  const synced = await syncTime();
  await ok(ann, '/friend/setNoDisturbing', { id: cat.userId, setNoDisturbing: 1 });
  t.same((await friends(ann, { type: 3, time: synced })).map((r) => [r.id, r.noDisturbing]), [[cat.userId, 1]]);
  // No message was ever sent between them: the setting is the 1:1's all the same.
  t.equal((await friends(ann, { type: 3 })).find((r) => r.id === cat.userId)?.noDisturbing, 1, 'the whole list says so too');
  t.match(await ok(ann, '/user/userInfo', { id: cat.userId }), { noDisturbing: 1, stickyOnTop: 2 }, 'and userInfo');
});

t.test('given a sync at t, when ann pins bob, then bob is in the list since t with onTop 1', async (t) => {
  const synced = await syncTime();
  await ok(ann, '/friend/stickyOnTop', { id: bob.userId, stickyOnTop: 1 });
  t.same((await friends(ann, { type: 3, time: synced })).map((r) => [r.id, r.onTop]), [[bob.userId, 1]]);
  const again = await syncTime();
  await ok(ann, '/friend/stickyOnTop', { id: bob.userId, stickyOnTop: 1 });
  t.same(await friends(ann, { type: 3, time: again }), [], 'pinning what is pinned changes nothing');
});

t.test('given a sync at t, when ann marks cat commonly used over /v1, then cat is a change, also in the commonly-used list', async (t) => {
  const synced = await syncTime();
  const r = await app.inject({ method: 'PATCH', url: `/v1/contacts/${cat.userId}`, headers: { authorization: `Bearer ${ann.token}` }, payload: { commonlyUsed: true } });
  t.equal(r.status, 200);
  t.same((await friends(ann, { type: 2, time: synced })).map((x) => [x.id, x.commonlyUsed]), [[cat.userId, 2]]);
  t.same(await friends(ann, { type: 1, time: synced }), [], 'not a change among the normal ones');
});

t.test('given a sync at t, when a group setting changes, then no friend is a change', async (t) => {
  await ok(ann, '/room/create', { roomName: 'g', users: [bob.userId] });
  const [room] = ((await ok(ann, '/room/list', { type: 3 })) as { roomList: { id: string }[] }).roomList;
  const synced = await syncTime();
  await ok(ann, '/room/setNoDisturbing', { roomId: room?.id, setNoDisturbing: 1 });
  t.same(await friends(ann, { type: 3, time: synced }), []);
});
