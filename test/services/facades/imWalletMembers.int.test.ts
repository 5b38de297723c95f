// im-groups-wallet (003) `/chat/updateGroupMember` types 3 and 4 and where their values show: a
// member's extension field (`ext`) and how they joined (`joinType` 0 invited, 1 group-number
// search, 2 QR code) in getGroupMember and getGroupMemberById. The owner and admins set them and
// see everyone's, a member sees their own; every refusal is -1 in HTTP 200 and changes nothing.
import t, { type Test } from 'tap';
import { z } from 'zod';
import { Failure3, Info3, Ok3 } from '../../../contracts/apps/imWallet.js';
import { build } from '../../support/app.js';
import { imInject, signUp, type ImUser } from '../../support/imWallet.js';

const app = await build(t, { SMS_RESEND_SECONDS: '1' });
const send = imInject(app.inject, 'im-groups-wallet');
const [ann, bob, cy, dee, out] = await Promise.all(['ann', 'bob', 'cy', 'dee', 'out'].map((n) => signUp(send, 'im-groups-wallet', n)));
if (!ann || !bob || !cy || !dee || !out) throw new Error('sign-up failed');
const call = (u: ImUser, path: string, params: Record<string, string | number> = {}) => send(path, { userId: u.userId, ...params }, u.token);

// ann owns; bob was listed at creation (invited); cy and dee asked to join (a free group); dee is an admin.
const groupId = z.object({ id: z.string() }).parse((await call(ann, '/chat/createGroup', { name: 'members', ids: bob.userId })).body.data).id;
for (const u of [cy, dee]) Info3.parse((await call(u, '/chat/requestGroupJoin', { groupId })).body);
Info3.parse((await call(ann, '/chat/setGroupAdmin', { groupId, destId: dee.userId, IsSet: 2 })).body);
const otherGroup = z.object({ id: z.string() }).parse((await call(out, '/chat/createGroup', { name: 'elsewhere', ids: '' })).body.data).id;

const Member = z.object({ userId: z.string(), role: z.string(), joinType: z.string(), ext: z.string(), silence: z.string() });
const members = async (viewer: ImUser) => {
  const r = await call(viewer, '/chat/getGroupMember', { groupId });
  t.equal(r.status, 200);
  return Object.fromEntries(Ok3(z.object({ info: z.array(Member) })).parse(r.body).data.info.map((m) => [m.userId, m]));
};
const card = async (viewer: ImUser, dest: ImUser) =>
  Ok3(z.object({ groupInfo: z.object({ joinType: z.string(), ext: z.string(), role: z.string() }) })).parse((await call(viewer, '/chat/getGroupMemberById', { groupId, destId: dest.userId })).body).data.groupInfo;
const update = (by: ImUser, dest: ImUser | string, params: Record<string, string | number>) =>
  call(by, '/chat/updateGroupMember', { groupId, destId: typeof dest === 'string' ? dest : dest.userId, ...params });
const refused = async (t: Test, r: Promise<{ status: number; body: unknown }>, why: string) => {
  const reply = await r;
  t.equal(reply.status, 200, `${why}: HTTP 200`);
  t.equal(Failure3.parse(reply.body).code, '-1', why);
};
/** What the owner sees of everyone: joinType and ext by user. */
const ownerView = async () => Object.fromEntries(Object.entries(await members(ann)).map(([id, m]) => [id, [m.joinType, m.ext]]));

t.test('given a new group, the owner sees how each came in: bob invited (0); those who asked and the creator the seed default 0 (/v1 tells them apart)', async (t) => {
  const view = await ownerView();
  t.same(view[bob.userId], ['0', '']);
  t.same(view[cy.userId], ['0', '']);
  t.same(view[dee.userId], ['0', '']);
  t.same(view[ann.userId], ['0', '']);
});

t.test('when the owner records type 4 for cy (ext 2, a QR code) and the admin for dee (ope 1 without ext, a search), then both show, to the owner in list and card', async (t) => {
  t.equal(Info3.parse((await update(ann, cy, { type: 4, ope: 0, ext: '2' })).body).data.info, '操作成功');
  t.equal(Info3.parse((await update(dee, dee, { type: 4, ope: 1 })).body).data.info, '操作成功');
  const view = await ownerView();
  t.same([view[cy.userId], view[dee.userId]], [['2', ''], ['1', '']]);
  t.equal((await card(ann, cy)).joinType, '2');
  t.equal(Info3.parse((await update(ann, cy, { type: 4, ext: '2' })).body).data.info, '操作成功', 'the same again');
  t.equal(Info3.parse((await update(ann, bob, { type: 4, ext: '0' })).body).data.info, '操作成功', 'an invited member confirmed as invited');
});

t.test('then a refused type 4 is -1 with nothing changed: the opposite of what the group saw, a plain member, an outsider, no member, another group, bad values', async (t) => {
  const before = await ownerView();
  await refused(t, update(ann, bob, { type: 4, ext: '1' }), 'bob was invited, not found by search');
  await refused(t, update(ann, cy, { type: 4, ext: '0' }), 'cy asked, was not invited');
  await refused(t, update(bob, cy, { type: 4, ext: '1' }), 'a plain member');
  await refused(t, update(out, cy, { type: 4, ext: '1' }), 'an outsider');
  await refused(t, update(ann, out, { type: 4, ext: '1' }), 'not a member');
  await refused(t, call(ann, '/chat/updateGroupMember', { groupId: otherGroup, destId: cy.userId, type: 4, ext: '1' }), "another's group");
  for (const ext of ['3', '-1', 'qr', '1.5']) await refused(t, update(ann, cy, { type: 4, ext }), `ext ${ext}`);
  await refused(t, update(ann, cy, { type: 4 }), 'neither ext nor ope');
  await refused(t, update(ann, 'abc', { type: 4, ext: '1' }), 'a malformed destId');
  t.same(await ownerView(), before);
});

t.test('when an admin sets cy ext (type 3), then the owner, the admin and cy see it; bob (a plain member) sees neither ext nor joinType of others, but his own', async (t) => {
  t.equal(Info3.parse((await update(dee, cy, { type: 3, ope: 0, ext: 'vip · 会员' })).body).data.info, '操作成功');
  t.equal((await members(ann))[cy.userId]?.ext, 'vip · 会员');
  t.equal((await members(dee))[cy.userId]?.ext, 'vip · 会员');
  t.same([(await card(cy, cy)).ext, (await card(cy, cy)).joinType], ['vip · 会员', '2'], 'cy her own');
  const bobs = await members(bob);
  t.same([bobs[cy.userId]?.ext, bobs[cy.userId]?.joinType], ['', '0'], 'hidden from another member');
  t.same([bobs[bob.userId]?.joinType], ['0'], 'his own');
  t.same([(await card(bob, cy)).ext, (await card(bob, cy)).joinType], ['', '0']);
});

t.test('then a refused type 3 is -1 with nothing changed: a plain member (also on himself), an outsider, control characters, too long; an empty ext clears it', async (t) => {
  const before = await ownerView();
  await refused(t, update(bob, cy, { type: 3, ext: 'x' }), 'a plain member');
  await refused(t, update(bob, bob, { type: 3, ext: 'x' }), 'a plain member on himself');
  await refused(t, update(out, cy, { type: 3, ext: 'x' }), 'an outsider');
  await refused(t, update(ann, cy, { type: 3, ext: 'a\u0007b' }), 'a control character');
  await refused(t, update(ann, cy, { type: 3, ext: 'x'.repeat(501) }), 'too long');
  t.same(await ownerView(), before);
  t.equal(Info3.parse((await update(ann, cy, { type: 3, ext: '' })).body).data.info, '操作成功');
  t.equal((await members(ann))[cy.userId]?.ext, '');
});

t.test('then types 1 and 2 still decide and mute; an unknown type or ope is -1', async (t) => {
  t.equal(Info3.parse((await update(dee, cy, { type: 2, ope: 600 })).body).data.info, '操作成功');
  t.not((await members(ann))[cy.userId]?.silence, '0');
  t.equal(Info3.parse((await update(dee, cy, { type: 2, ope: 0 })).body).data.info, '操作成功');
  await refused(t, update(ann, cy, { type: 5, ope: 0 }), 'type 5');
  await refused(t, update(ann, cy, { type: 'x', ope: 0 }), 'type x');
  await refused(t, update(ann, cy, { type: 1, ope: 7 }), 'type 1 takes 0 or 1');
  await refused(t, update(ann, cy, { type: 2, ope: 604_801 }), 'more than 7 days');
});

t.test('given a member who left and came back by asking, the old records are gone', async (t) => {
  Info3.parse((await call(cy, '/chat/quitGroup', { groupId })).body);
  Info3.parse((await call(cy, '/chat/requestGroupJoin', { groupId })).body);
  t.same((await ownerView())[cy.userId], ['0', '']);
  const v1 = await app.inject({ method: 'GET', url: `/v1/groups/${groupId}/members/${cy.userId}`, headers: { authorization: `Bearer ${ann.token}` } });
  t.match(v1.json(), { joinMethod: 'request', ext: null }, '/v1 says she asked, channel not recorded');
});
