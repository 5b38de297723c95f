// chat-platform's /user/userInfo fields "returned only when an administrator views" (#21, U3):
// com_id, uid, account, phone, email, verified, userLevel and description come from the core's
// operator view of the user, so an administrator (the operator role) gets every one of them with
// the seed's types and nobody else gets any; GET /v1/admin/users/:userId is the same view.
import t from 'tap';
import { build, type Injected } from '../../support/app.js';
import { chatPlatformCalls, type SeedUser } from '../../support/chatPlatform.js';

const ADMIN_ONLY = ['com_id', 'uid', 'account', 'phone', 'email', 'verified', 'userLevel', 'description'] as const;

const app = await build(t);
// ann has a described profile, an approved real name, a company and a staff title; bob has none
// of these and is ann's friend; cat is staff but not an operator.
const [ann, bob, cat] = (await Promise.all(['+8613944000001', '+8613944000002', '+8613944000003'].map((p) => app.signIn(p)))) as [SeedUser, SeedUser, SeedUser];
const operator = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<SeedUser>();
const { call, ok } = chatPlatformCalls(app);
const v1 = (method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, u: SeedUser, payload?: object) =>
  app.inject({ method, url: `/v1${url}`, headers: { authorization: `Bearer ${u.token}` }, ...(payload ? { payload } : {}) });
const must = async (r: Promise<Injected>) => {
  const x = await r;
  if (x.status >= 300) throw new Error(`${x.status} ${x.text}`);
};

await must(v1('PATCH', '/me/profile', ann, { description: 'likes tea', signature: 'hi' }));
await must(v1('POST', '/me/real-name', ann, { name: '张三丰', idNumber: '11010119900101123X' }));
await must(v1('POST', `/admin/real-names/${ann.userId}/approve`, operator, {}));
await must(v1('PUT', `/admin/users/${ann.userId}/company-id`, operator, { companyId: 'acme-01' }));
for (const u of [ann, cat]) await must(v1('PUT', `/admin/users/${u.userId}/staff-position`, operator, { position: 'Engineer' }));
await ok(ann, '/friend/add', { id: bob.userId, reason: 'hello' });
await ok(bob, '/friend/response', { id: ann.userId, agree: 1 });
const annUid = String((await ok(ann, '/user/tokenLogin', {})).uid);

t.test('given ann’s kept details, when an administrator views her, then every administrator-only field has its value and type', async (t) => {
  const info = await ok(operator, '/user/userInfo', { id: ann.userId });
  t.match(info, { id: ann.userId, isFriend: 2 });
  t.same(
    Object.fromEntries(ADMIN_ONLY.map((k) => [k, info[k]])),
    { com_id: 'acme-01', uid: annUid, account: '8613944000001', phone: '+8613944000001', email: '', verified: 1, userLevel: 1, description: 'likes tea' },
    'uid is the display number U1/U2 answer, account the phone’s digits, phone as stored',
  );
  t.match(annUid, /^[0-9]+$/, 'a display number, not the user id');
  t.not(annUid, ann.userId);
});

t.test('given bob has no description, real name or company, when an administrator views him, then the fields are present and empty', async (t) => {
  const info = await ok(operator, '/user/userInfo', { id: bob.userId });
  t.match(info, { com_id: '', account: '8613944000002', phone: '+8613944000002', email: '', verified: 2, userLevel: 1, description: '' });
  t.type(info.uid, 'string');
  t.type(info.verified, 'number');
  t.type(info.userLevel, 'number');
});

t.test('given ordinary users and staff, when they view ann, then none of the administrator-only fields is there', async (t) => {
  for (const [who, u] of [['bob, her friend', bob], ['cat, staff', cat], ['ann herself', ann]] as const) {
    const info = await ok(u, '/user/userInfo', { id: ann.userId });
    t.same(ADMIN_ONLY.filter((k) => k in info), [], `${who} sees none`);
    t.equal(info.id, ann.userId, `${who} still sees the rest`);
  }
  t.match(await ok(bob, '/user/userInfo', { id: ann.userId }), { isFriend: 1, noDisturbing: 2, stickyOnTop: 2, position: '' }, 'the friend still has the friends-only fields');
  t.match(await ok(cat, '/user/userInfo', { id: ann.userId }), { position: 'Engineer' }, 'staff still see staff titles');
});

t.test('given a user id nobody has, when an administrator or a user views it, then the answer is the seed’s -2001', async (t) => {
  for (const u of [operator, bob]) t.match(await call(u, '/user/userInfo', { id: '999999999' }), { result: -2001 });
});

t.test('given the /v1 operator view, when an operator, a user and an unknown id are asked, then only the operator reads it', async (t) => {
  const r = await v1('GET', `/admin/users/${ann.userId}`, operator);
  t.equal(r.status, 200, r.text);
  t.same(r.json(), { userId: ann.userId, nickname: r.json<{ nickname: string }>().nickname, displayNumber: annUid, phone: '+8613944000001', verified: true, description: 'likes tea', companyId: 'acme-01', staffPosition: 'Engineer' });
  for (const u of [bob, cat]) {
    const refused = await v1('GET', `/admin/users/${ann.userId}`, u);
    t.equal(refused.status, 403);
    t.match(refused.json(), { error: { code: 'FORBIDDEN' } });
  }
  t.equal((await app.inject({ method: 'GET', url: `/v1/admin/users/${ann.userId}` })).status, 401, 'signed out');
  t.equal((await v1('GET', '/admin/users/999999999', operator)).status, 404);
  const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
  t.ok(doc.paths['/v1/admin/users/{userId}']?.get, 'documented');
});
