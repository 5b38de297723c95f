// Running a group over /v1 (inject, embedded PostgreSQL): profile, mutes and mute-all with the
// messaging check (mayPost), cards, notices with who may edit them, search by name and display
// id, and levels set by an operator that end on their own (the durable timer), with every refusal
// and bad input.
import t from 'tap';
import { mayPost } from '../../../services/app/access.js';
import { build, type TestApp } from '../../support/app.js';
import { eventually } from '../../support/client.js';
import { api, codeOf, users, type Member } from '../../support/groups.js';

let app: TestApp;
let call: ReturnType<typeof api>;
let ann: Member, bob: Member, cat: Member, dan: Member, eve: Member;
let operator: Member;
let groupId: string;
let markId: string;

t.before(async () => {
  app = await build(t, { APP_POLICIES: JSON.stringify({ core: { groupSizeByLevel: [4, 5, 10, 12, 14] } }) });
  call = api(app);
  [ann, bob, cat, dan, eve] = (await users(app, 5)) as [Member, Member, Member, Member, Member];
  operator = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<Member>();
  const g = await call('POST', '/groups', ann, { name: 'Weekend Hikers', memberIds: [bob.userId, cat.userId] });
  ({ groupId, markId } = g.body as { groupId: string; markId: string });
  await call('POST', `/groups/${groupId}/members/${bob.userId}/role`, ann, { role: 'admin' });
});

t.test('profile: the owner and admins change name, avatar and description; an empty avatar clears it', async (t) => {
  t.match((await call('PATCH', `/groups/${groupId}`, bob, { description: 'Saturdays, 8am', avatarUrl: 'https://img.example/h.png' })).body, {
    name: 'Weekend Hikers',
    description: 'Saturdays, 8am',
    avatarUrl: 'https://img.example/h.png',
  });
  t.match((await call('PATCH', `/groups/${groupId}`, ann, { avatarUrl: '' })).body, { avatarUrl: null });
  t.match((await call('GET', `/groups/${groupId}`, cat)).body, { avatarUrl: null, description: 'Saturdays, 8am' });
  t.equal(codeOf(await call('PATCH', `/groups/${groupId}`, cat, { name: 'Mine' })), 'FORBIDDEN');
  for (const body of [{}, { name: '' }, { name: 'x'.repeat(101) }, { avatarUrl: 'ftp://x' }, { description: 'bell\u0007' }, { owner: 'me' }]) {
    t.equal(codeOf(await call('PATCH', `/groups/${groupId}`, ann, body)), 'VALIDATION_FAILED', JSON.stringify(body));
  }
});

t.test('mutes: up to 7 days by the owner and admins, never the owner; mute-all; messaging asks mayPost', async (t) => {
  const core = app.platform.core;
  const now = () => core.clock();
  const mute = (who: Member, target: Member, seconds: unknown) => call('POST', `/groups/${groupId}/members/${target.userId}/mute`, who, { seconds });
  const muted = await mute(bob, cat, 600);
  t.match(muted.body, { userId: cat.userId, mutedUntil: /Z$/ });
  const until = String(muted.body.mutedUntil);
  t.ok(Math.abs(Date.parse(until) - (Date.now() + 600_000)) < 60_000, 'ten minutes from now');
  t.same(await mayPost(core, groupId, cat.userId, now()), { reason: 'muted', until });
  t.equal(await mayPost(core, groupId, cat.userId, new Date(Date.parse(until) + 1)), null, 'the mute ends by itself');
  t.match((await call('GET', `/groups/${groupId}/members/${cat.userId}`, cat)).body, { mutedUntil: until });
  t.equal(codeOf(await mute(bob, cat, 7 * 86400 + 1)), 'VALIDATION_FAILED', 'longer than 7 days');
  t.equal(codeOf(await mute(bob, cat, -5)), 'VALIDATION_FAILED');
  t.equal(codeOf(await mute(bob, cat, '600')), 'VALIDATION_FAILED');
  t.equal(codeOf(await mute(bob, ann, 60)), 'FORBIDDEN', 'never the owner');
  t.equal(codeOf(await mute(cat, bob, 60)), 'FORBIDDEN', 'a member mutes nobody');
  t.equal(codeOf(await mute(bob, dan, 60)), 'NOT_FOUND', 'not a member');
  t.match((await mute(ann, bob, 60)).body, { userId: bob.userId }, 'the owner mutes an admin');
  t.match((await mute(ann, bob, 0)).body, { mutedUntil: null }, '0 lifts it');
  t.match((await mute(bob, cat, 0)).body, { mutedUntil: null });
  t.equal(await mayPost(core, groupId, cat.userId, now()), null);

  t.match((await call('POST', `/groups/${groupId}/mute-all`, bob, { on: true })).body, { muteAll: true });
  t.same(await mayPost(core, groupId, cat.userId, now()), { reason: 'mute_all' });
  t.equal(await mayPost(core, groupId, bob.userId, now()), null, 'admins still post');
  t.equal(await mayPost(core, groupId, ann.userId, now()), null, 'the owner still posts');
  t.same(await mayPost(core, groupId, dan.userId, now()), { reason: 'not_member' });
  t.same(await mayPost(core, '404404', ann.userId, now()), { reason: 'not_member' });
  t.equal(codeOf(await call('POST', `/groups/${groupId}/mute-all`, cat, { on: false })), 'FORBIDDEN');
  t.equal(codeOf(await call('POST', `/groups/${groupId}/mute-all`, ann, { on: 'no' })), 'VALIDATION_FAILED');
  t.match((await call('POST', `/groups/${groupId}/mute-all`, ann, { on: false })).body, { muteAll: false });
  t.equal(await mayPost(core, groupId, cat.userId, now()), null);
});

t.test('cards: your own, anyone’s by the owner; empty clears', async (t) => {
  const card = (who: Member, target: Member, nickname: unknown) => call('POST', `/groups/${groupId}/members/${target.userId}/nickname`, who, { nickname });
  t.match((await card(cat, cat, 'Kitty')).body, { userId: cat.userId, nickname: 'Kitty' });
  t.match((await card(ann, bob, 'Trail boss')).body, { nickname: 'Trail boss' });
  t.equal(codeOf(await card(bob, cat, 'Cathy')), 'FORBIDDEN', 'an admin sets only their own');
  t.equal(codeOf(await card(cat, cat, 'x'.repeat(41))), 'VALIDATION_FAILED');
  t.equal(codeOf(await card(cat, cat, 'esc\u001b[2J')), 'VALIDATION_FAILED');
  t.equal(codeOf(await card(dan, dan, 'D')), 'FORBIDDEN', 'not a member');
  t.match((await call('GET', `/groups/${groupId}/members?q=kit`, ann)).body, { items: [{ userId: cat.userId, nickname: 'Kitty' }] });
  t.match((await card(cat, cat, '')).body, { nickname: null });
});

t.test('notices: the owner and admins post; the owner edits all, an admin all but the owner’s; members read them', async (t) => {
  const post = (who: Member, text: unknown) => call('POST', `/groups/${groupId}/notices`, who, { text });
  const byAnn = await post(ann, 'Meet at the station');
  t.equal(byAnn.status, 201);
  const byBob = await post(bob, 'Bring water\nand a hat');
  const annId = String(byAnn.body.noticeId);
  const bobId = String(byBob.body.noticeId);
  t.equal(codeOf(await post(cat, 'hi all')), 'FORBIDDEN');
  t.equal(codeOf(await post(ann, '')), 'VALIDATION_FAILED');
  t.equal(codeOf(await post(ann, '   ')), 'VALIDATION_FAILED');
  t.equal(codeOf(await post(ann, 'x'.repeat(2001))), 'VALIDATION_FAILED');
  const editable = async (who: Member) => Object.fromEntries(((await call('GET', `/groups/${groupId}/notices`, who)).body.items as { noticeId: string; editable: boolean }[]).map((n) => [n.noticeId, n.editable]));
  t.same(await editable(ann), { [annId]: true, [bobId]: true });
  t.same(await editable(bob), { [annId]: false, [bobId]: true });
  t.same(await editable(cat), { [annId]: false, [bobId]: false });
  t.equal((await call('GET', `/groups/${groupId}/notices`, dan)).status, 404);
  t.equal(codeOf(await call('PATCH', `/groups/${groupId}/notices/${annId}`, bob, { text: 'changed' })), 'FORBIDDEN');
  t.equal(codeOf(await call('PATCH', `/groups/${groupId}/notices/${bobId}`, cat, { text: 'changed' })), 'FORBIDDEN');
  t.match((await call('PATCH', `/groups/${groupId}/notices/${bobId}`, ann, { text: 'Bring two litres of water' })).body, { noticeId: bobId });
  t.equal(codeOf(await call('PATCH', `/groups/${groupId}/notices/404404`, ann, { text: 'x' })), 'NOT_FOUND');
  t.match((await call('GET', `/groups/${groupId}/notices?limit=1`, cat)).body, { items: [{ noticeId: bobId, text: 'Bring two litres of water', editedBy: ann.userId }], nextCursor: String });
  t.equal(codeOf(await call('DELETE', `/groups/${groupId}/notices/${annId}`, bob)), 'FORBIDDEN');
  t.match((await call('DELETE', `/groups/${groupId}/notices/${bobId}`, bob)).body, { deleted: true });
  t.equal(codeOf(await call('DELETE', `/groups/${groupId}/notices/${bobId}`, bob)), 'NOT_FOUND');
  t.same(Object.keys(await editable(ann)), [annId]);
});

t.test('search: by display id or a part of the name, for anyone signed in; a summary without members or answer', async (t) => {
  const found = await call('GET', `/groups/search?q=${markId}`, dan);
  t.match(found.body, { items: [{ groupId, markId, name: 'Weekend Hikers', memberCount: 3, memberCap: 4, joinMode: 'free' }] });
  t.notOk('memberIds' in ((found.body.items as object[])[0] ?? {}), 'no member list for outsiders');
  t.ok(((await call('GET', '/groups/search?q=hiker', dan)).body.items as { groupId: string }[]).some((g) => g.groupId === groupId));
  t.same((await call('GET', '/groups/search?q=zzzz-nothing', dan)).body.items, []);
  t.equal(codeOf(await call('GET', '/groups/search', dan)), 'VALIDATION_FAILED');
  t.equal(codeOf(await call('GET', '/groups/search?q=', dan)), 'VALIDATION_FAILED');
  t.equal(codeOf(await call('GET', '/groups/search?q=x', null)), 'UNAUTHENTICATED');
  t.equal(codeOf(await call('GET', '/groups/search?q=x&cursor=nope', dan)), 'VALIDATION_FAILED');
});

t.test('levels: an operator raises the cap; the level ends on its own and the cap with it; nobody else sets it', async (t) => {
  const level = (who: Member | null, body: unknown) => call('POST', `/admin/groups/${groupId}/level`, who, body);
  t.equal(codeOf(await call('POST', `/groups/${groupId}/members`, ann, { userIds: [dan.userId, eve.userId] })), 'GROUP_FULL', 'four at level 0');
  t.equal(codeOf(await level(ann, { level: 2, expiresAt: null })), 'FORBIDDEN', 'the owner does not set levels (they buy them: money products)');
  t.equal(codeOf(await level(null, { level: 2, expiresAt: null })), 'UNAUTHENTICATED');
  for (const body of [{ level: 5, expiresAt: null }, { level: 1 }, { level: 1, expiresAt: 'tomorrow' }, { level: 0, expiresAt: new Date(Date.now() + 60_000).toISOString() }, { level: 1, expiresAt: new Date(Date.now() - 60_000).toISOString() }]) {
    t.equal(codeOf(await level(operator, body)), 'VALIDATION_FAILED', JSON.stringify(body));
  }
  const ends = new Date(Date.now() + 2500).toISOString();
  t.same((await level(operator, { level: 2, expiresAt: ends })).body, { level: 2, expiresAt: ends, memberCap: 10 });
  t.match((await call('POST', `/groups/${groupId}/members`, ann, { userIds: [dan.userId, eve.userId] })).body, { memberIds: [ann, bob, cat, dan, eve].map((m) => m.userId).sort() });
  t.match((await call('GET', `/groups/${groupId}`, ann)).body, { level: 2, levelExpiresAt: ends, memberCap: 10, memberCount: 5 });
  const after = await eventually(
    async () => (await call('GET', `/groups/${groupId}`, ann)).body,
    (g) => g.level === 0,
    15_000,
  );
  t.match(after, { level: 0, levelExpiresAt: null, memberCap: 4, memberCount: 5 }, 'members over the cap stay');
  t.equal(codeOf(await call('POST', `/groups/${groupId}/kick`, ann, { userIds: [eve.userId] })), 'ok');
  const [fay] = (await users(app, 1)) as [Member];
  t.equal(codeOf(await call('POST', `/groups/${groupId}/join`, fay)), 'GROUP_FULL', 'nobody new joins over the cap');
  t.same((await level(operator, { level: 1, expiresAt: null })).body, { level: 1, expiresAt: null, memberCap: 5 }, 'a level without an end');
});
