// A group member's extension field and join method over /v1: POST .../members/:userId/ext and
// .../join-method (owner and admins), what the member reads show to whom, keyed retries acting
// once, bad input 400 and refusals coded with nothing changed, and the OpenAPI document.
import t from 'tap';
import { build, type TestApp } from '../../support/app.js';
import { api, codeOf, users, type Member } from '../../support/groups.js';

let app: TestApp;
let call: ReturnType<typeof api>;
let ann: Member, bob: Member, cat: Member, dan: Member, out: Member;
let groupId = '';
const streamLength = async () => (await app.platform.store.readStream(`group-${groupId}`)).length;
const member = async (who: Member, of: Member) => (await call('GET', `/groups/${groupId}/members/${of.userId}`, who)).body;
const records = async (who: Member = ann) =>
  Object.fromEntries(((await call('GET', `/groups/${groupId}/members`, who)).body.items as { userId: string; ext: string | null; joinMethod: string | null; via: string | null }[]).map((m) => [m.userId, [m.joinMethod, m.ext]]));

t.before(async () => {
  app = await build(t);
  call = api(app);
  [ann, bob, cat, dan, out] = (await users(app, 5)) as [Member, Member, Member, Member, Member];
  // ann owns, bob invited at creation, cat and dan joined a free group; dan is an admin.
  groupId = String((await call('POST', '/groups', ann, { name: 'family', memberIds: [bob.userId] })).body.groupId);
  for (const m of [cat, dan]) await call('POST', `/groups/${groupId}/join`, m, {});
  await call('POST', `/groups/${groupId}/members/${dan.userId}/role`, ann, { role: 'admin' });
});

t.test('given a group, the owner reads how each came in: null for the creator, invitation, request', async (t) => {
  t.same(await records(), { [ann.userId]: [null, null], [bob.userId]: ['invitation', null], [cat.userId]: ['request', null], [dan.userId]: ['request', null] });
});

t.test('when the admin records cat found by QR code and sets an ext under a key, then a retry answers the same and records once', async (t) => {
  const before = await streamLength();
  const key = { 'idempotency-key': 'jm-1' };
  const first = await call('POST', `/groups/${groupId}/members/${cat.userId}/join-method`, dan, { method: 'qr_code' }, key);
  t.same([first.status, first.body], [200, { userId: cat.userId, joinMethod: 'qr_code' }]);
  const again = await call('POST', `/groups/${groupId}/members/${cat.userId}/join-method`, dan, { method: 'qr_code' }, key);
  t.same(again.body, first.body);
  const ext = await call('POST', `/groups/${groupId}/members/${cat.userId}/ext`, dan, { ext: 'vip' }, { 'idempotency-key': 'ext-1' });
  t.same([ext.status, ext.body], [200, { userId: cat.userId, ext: 'vip' }]);
  await call('POST', `/groups/${groupId}/members/${cat.userId}/ext`, dan, { ext: 'vip' }, { 'idempotency-key': 'ext-1' });
  t.equal(await streamLength(), before + 2, 'one event each');
  t.same((await records())[cat.userId], ['qr_code', 'vip']);
});

t.test('then concurrent recordings of the same value by the owner and the admin record it once', async (t) => {
  const before = await streamLength();
  const rs = await Promise.all([ann, dan, ann, dan].map((by) => call('POST', `/groups/${groupId}/members/${dan.userId}/join-method`, by, { method: 'search' })));
  t.same(rs.map((r) => r.status), [200, 200, 200, 200]);
  t.equal(await streamLength(), before + 1);
});

t.test('then the member sees their own; another member sees null for others; the managers see all', async (t) => {
  t.match(await member(cat, cat), { joinMethod: 'qr_code', ext: 'vip', via: 'join' });
  t.match(await member(bob, cat), { joinMethod: null, ext: null, via: 'join' });
  t.match(await member(bob, bob), { joinMethod: 'invitation', via: 'created' });
  t.match(await member(dan, cat), { joinMethod: 'qr_code', ext: 'vip' });
  t.same((await records(bob))[cat.userId], [null, null]);
});

t.test('then bad input is 400 and refusals are coded, with nothing changed', async (t) => {
  const before = await streamLength();
  const cases: [Member, string, unknown, string, number][] = [
    [ann, `members/${cat.userId}/join-method`, { method: 'request' }, 'VALIDATION_FAILED', 400],
    [ann, `members/${cat.userId}/join-method`, { method: 2 }, 'VALIDATION_FAILED', 400],
    [ann, `members/${cat.userId}/join-method`, {}, 'VALIDATION_FAILED', 400],
    [ann, `members/${cat.userId}/ext`, { ext: 'x'.repeat(501) }, 'VALIDATION_FAILED', 400],
    [ann, `members/${cat.userId}/ext`, { ext: 'a\u0000b' }, 'VALIDATION_FAILED', 400],
    [ann, `members/${cat.userId}/ext`, { ext: 'x', extra: 1 }, 'VALIDATION_FAILED', 400],
    [bob, `members/${cat.userId}/ext`, { ext: 'x' }, 'FORBIDDEN', 403],
    [cat, `members/${cat.userId}/join-method`, { method: 'search' }, 'FORBIDDEN', 403],
    [ann, `members/${bob.userId}/join-method`, { method: 'search' }, 'CONFLICT', 409],
    [ann, `members/${cat.userId}/join-method`, { method: 'invitation' }, 'CONFLICT', 409],
    [ann, `members/${out.userId}/ext`, { ext: 'x' }, 'NOT_FOUND', 404],
    [out, `members/${cat.userId}/ext`, { ext: 'x' }, 'FORBIDDEN', 403],
  ];
  for (const [who, path, body, code, status] of cases) {
    const r = await call('POST', `/groups/${groupId}/${path}`, who, body);
    t.same([r.status, codeOf(r)], [status, code], `${path} ${JSON.stringify(body).slice(0, 40)}`);
  }
  t.equal(await streamLength(), before);
  t.same((await records())[cat.userId], ['qr_code', 'vip']);
});

t.test('the OpenAPI document has both routes', async (t) => {
  const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
  t.ok(doc.paths['/v1/groups/{id}/members/{userId}/ext']);
  t.ok(doc.paths['/v1/groups/{id}/members/{userId}/join-method']);
});
