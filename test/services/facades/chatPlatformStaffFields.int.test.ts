// chat-platform's organisation fields (#21): a staff title (`position`) shows only when both the
// reader and the user are internal staff, in every answer that carries one (/user/userInfo,
// /friend/list, /chat33/applyList's briefs, /chat33/search); a company id (`com_id`, set by
// operators over /v1) shows in /user/userInfo to administrators only.
import t from 'tap';
import { build } from '../../support/app.js';
import { chatPlatformCalls, type SeedUser } from '../../support/chatPlatform.js';

type User = SeedUser;
type Brief = { id: string; name: string; position: string };
type Apply = { senderInfo: Brief; receiveInfo: Brief; type: number };

const app = await build(t);
// ann and cat are staff, bob is not; dan is a stranger who asks each of them to be friends.
const [ann, bob, cat, dan] = (await Promise.all(['+8613933000001', '+8613933000002', '+8613933000003', '+8613933000004'].map((p) => app.signIn(p)))) as [User, User, User, User];
const operator = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<User>();
const { call, ok } = chatPlatformCalls(app);
const admin = (u: User, userId: string, what: 'staff-position' | 'company-id', payload: object) =>
  app.inject({ method: 'PUT', url: `/v1/admin/users/${userId}/${what}`, headers: { authorization: `Bearer ${u.token}` }, payload });

await admin(operator, ann.userId, 'staff-position', { position: 'Engineer' });
await admin(operator, cat.userId, 'staff-position', { position: 'Designer' });
await admin(operator, dan.userId, 'staff-position', { position: 'Sales' });
for (const u of [ann, bob]) await ok(dan, '/friend/add', { id: u.userId, reason: 'hello' });

const applies = async (u: User) => ((await ok(u, '/chat33/applyList', { number: 20 })) as { applyList: Apply[] }).applyList;

t.test('given a request from staff dan, when staff ann reads her applications, then both briefs carry their titles', async (t) => {
  const [a] = await applies(ann);
  t.match(a, { type: 2, senderInfo: { id: dan.userId, name: /./, position: 'Sales' }, receiveInfo: { id: ann.userId, position: 'Engineer' } });
});

t.test('given the same request to bob (not staff), when bob reads his applications, then no brief carries a title', async (t) => {
  const [a] = await applies(bob);
  t.match(a, { senderInfo: { id: dan.userId, position: '' }, receiveInfo: { id: bob.userId, position: '' } });
  const [d] = (await applies(dan)).filter((x) => x.receiveInfo.id === bob.userId);
  t.match(d, { senderInfo: { position: 'Sales' }, receiveInfo: { position: '' } }, 'dan (staff) sees his own title, and none for bob');
});

t.test('given staff cat, when she is found by her display number, then staff see her title and others do not', async (t) => {
  const uid = String((await ok(cat, '/user/tokenLogin', {})).uid);
  t.match(await ok(ann, '/chat33/search', { markId: uid }), { type: 2, userInfo: { id: cat.userId, position: 'Designer', remark: '' } }, 'staff ann');
  t.match(await ok(bob, '/chat33/search', { markId: uid }), { type: 2, userInfo: { id: cat.userId, position: '' } }, 'bob, not staff');
  await ok(cat, '/friend/add', { id: bob.userId, remark: 'Bobby' });
  await ok(bob, '/friend/response', { id: cat.userId, agree: 1 });
  const bobUid = String((await ok(bob, '/user/tokenLogin', {})).uid);
  t.match(await ok(cat, '/chat33/search', { markId: bobUid }), { userInfo: { id: bob.userId, position: '', remark: 'Bobby' } }, 'a friend found carries my remark');
});

t.test('given an operator sets cat’s company id, when users read her, then only an administrator sees com_id', async (t) => {
  t.equal((await admin(ann, cat.userId, 'company-id', { companyId: 'acme' })).status, 403, 'a user (even staff) may not set it');
  t.equal((await admin(operator, cat.userId, 'company-id', { companyId: '  ' })).status, 400, 'a blank id is refused');
  t.equal((await admin(operator, 'nobody', 'company-id', { companyId: 'acme' })).status, 404, 'an unknown user');
  const set = await admin(operator, cat.userId, 'company-id', { companyId: ' acme-01 ' });
  t.same(set.json(), { userId: cat.userId, companyId: 'acme-01' }, 'set, trimmed');

  t.match(await ok(operator, '/user/userInfo', { id: cat.userId }), { id: cat.userId, com_id: 'acme-01' }, 'the administrator sees it');
  for (const [who, u] of [['bob', bob], ['staff ann', ann], ['cat herself', cat]] as const) {
    t.notOk('com_id' in (await ok(u, '/user/userInfo', { id: cat.userId })), `${who} does not`);
  }
  t.match(await ok(operator, '/user/userInfo', { id: bob.userId }), { com_id: '' }, 'a user without one: empty for the administrator');

  t.same((await admin(operator, cat.userId, 'company-id', { companyId: null })).json(), { userId: cat.userId, companyId: null }, 'cleared');
  t.match(await ok(operator, '/user/userInfo', { id: cat.userId }), { com_id: '' });
  t.match(await call(bob, '/user/userInfo', { id: cat.userId }), { result: 0 });
});

t.test('the OpenAPI document describes the company id route', async (t) => {
  const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
  t.ok(doc.paths['/v1/admin/users/{userId}/company-id']?.put);
});
