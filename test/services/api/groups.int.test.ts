// Group membership over /v1 (inject, embedded PostgreSQL): creation with a display id, reads,
// roles, invitations, leaving and kicks, join policies and applications, the paid-join seam,
// the ownership hand-over and dismissal, with every refusal and bad input; and red packets that
// follow the membership. Small limits (2 admins, 6 members at level 0) keep the caps cheap.
import t from 'tap';
import { systemCaller } from '../../../services/app/caller.js';
import * as groups from '../../../services/app/groups.js';
import { replay } from '../../../services/audit/replay.js';
import { build, type TestApp } from '../../support/app.js';
import { api, codeOf, users, type Member } from '../../support/groups.js';

let app: TestApp;
let call: ReturnType<typeof api>;
let ann: Member, bob: Member, cat: Member, dan: Member, eve: Member, fay: Member, gus: Member, hal: Member;
let operator: Member;

t.before(async () => {
  app = await build(t, { APP_POLICIES: JSON.stringify({ core: { maxGroupAdmins: 2, groupSizeByLevel: [6, 8, 10, 12, 14] } }) });
  call = api(app);
  [ann, bob, cat, dan, eve, fay, gus, hal] = (await users(app, 8)) as [Member, Member, Member, Member, Member, Member, Member, Member];
  operator = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<Member>();
});

const create = async (owner: Member, members: Member[], extra: Record<string, unknown> = {}) => {
  const r = await call('POST', '/groups', owner, { name: 'family', memberIds: members.map((m) => m.userId), ...extra });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body as { groupId: string; markId: string };
};
const details = async (groupId: string, who: Member = ann) => (await call('GET', `/groups/${groupId}`, who)).body as Record<string, unknown> & { memberIds: string[] };

t.test('creation: a display id per group, the same on a retry; bad input and unknown members are refused', async (t) => {
  const r = await call('POST', '/groups', ann, { name: 'family', memberIds: [bob.userId], description: 'all of us', avatarUrl: 'https://img.example/f.png' }, { 'idempotency-key': 'g-1' });
  t.equal(r.status, 201);
  t.match(r.body, { groupId: /^\d+$/, markId: /^\d{6,}$/ });
  const again = await call('POST', '/groups', ann, { name: 'family', memberIds: [bob.userId], description: 'all of us', avatarUrl: 'https://img.example/f.png' }, { 'idempotency-key': 'g-1' });
  t.same(again.body, r.body, 'a retry answers the same group and display id');
  const other = await create(ann, []);
  t.not(other.markId, r.body.markId, 'never the same display id twice');
  t.match(await details(String(r.body.groupId)), {
    name: 'family',
    description: 'all of us',
    avatarUrl: 'https://img.example/f.png',
    ownerId: ann.userId,
    memberIds: [ann.userId, bob.userId],
    memberCount: 2,
    markId: r.body.markId,
    status: 'active',
    level: 0,
    memberCap: 6,
    maxAdmins: 2,
    join: { mode: 'free' },
    myRole: 'owner',
  });
  const refusals: [unknown, string, number][] = [
    [{ memberIds: [] }, 'VALIDATION_FAILED', 400],
    [{ name: 'x\u0000', memberIds: [] }, 'VALIDATION_FAILED', 400],
    [{ name: 'x', memberIds: [], avatarUrl: 'javascript:alert(1)' }, 'VALIDATION_FAILED', 400],
    [{ name: 'x', memberIds: [], extra: 1 }, 'VALIDATION_FAILED', 400],
    [{ name: 'x', memberIds: ['404404'] }, 'NOT_FOUND', 404],
    [{ name: 'x', memberIds: [bob, cat, dan, eve, fay, gus].map((m) => m.userId) }, 'GROUP_FULL', 409],
  ];
  for (const [body, code, status] of refusals) {
    const x = await call('POST', '/groups', ann, body);
    t.same([x.status, codeOf(x)], [status, code], JSON.stringify(body).slice(0, 60));
  }
  t.equal(codeOf(await call('POST', '/groups', null, { name: 'x', memberIds: [] })), 'UNAUTHENTICATED');
});

t.test('reads: members see their group, outsiders do not, operators and auditors see any', async (t) => {
  const { groupId } = await create(ann, [bob]);
  t.equal((await call('GET', `/groups/${groupId}`, cat)).status, 404);
  t.equal((await call('GET', '/groups/4040404', ann)).status, 404);
  t.match(await details(groupId, operator), { myRole: null, ownerId: ann.userId });
  t.match(await details(groupId, bob), { myRole: 'member' });
  const members = await call('GET', `/groups/${groupId}/members`, bob);
  t.match(members.body, { items: [{ userId: ann.userId, role: 'owner' }, { userId: bob.userId, role: 'member', via: 'created' }], nextCursor: null });
  t.equal((await call('GET', `/groups/${groupId}/members`, cat)).status, 404);
  t.match((await call('GET', `/groups/${groupId}/members/${bob.userId}`, ann)).body, { role: 'member' });
  t.equal((await call('GET', `/groups/${groupId}/members/${cat.userId}`, ann)).status, 404);
  t.equal((await call('GET', `/groups/${groupId}/members?limit=0`, ann)).status, 400);
  const mine = await call('GET', '/groups/mine', bob);
  t.ok((mine.body.items as { groupId: string; role: string }[]).some((g) => g.groupId === groupId && g.role === 'member'));
});

t.test('roles: the owner appoints admins up to the cap; nobody else; never the owner', async (t) => {
  const { groupId } = await create(ann, [bob, cat, dan]);
  const role = (who: Member, target: Member, r: unknown) => call('POST', `/groups/${groupId}/members/${target.userId}/role`, who, { role: r });
  t.match((await role(ann, bob, 'admin')).body, { userId: bob.userId, role: 'admin', adminCount: 1 });
  t.match((await role(ann, cat, 'admin')).body, { adminCount: 2 });
  const third = await role(ann, dan, 'admin');
  t.same([third.status, codeOf(third)], [409, 'TOO_MANY_ADMINS']);
  t.match(third.body, { error: { details: { max: 2 } } });
  t.equal(codeOf(await role(bob, dan, 'admin')), 'FORBIDDEN', 'an admin does not appoint');
  t.equal(codeOf(await role(dan, dan, 'admin')), 'FORBIDDEN');
  t.equal(codeOf(await role(ann, ann, 'member')), 'FORBIDDEN', 'the owner is not demoted');
  t.equal(codeOf(await role(ann, eve, 'admin')), 'NOT_FOUND');
  t.equal(codeOf(await role(ann, dan, 'owner')), 'VALIDATION_FAILED');
  t.match((await role(ann, cat, 'member')).body, { role: 'member', adminCount: 1 });
  t.match((await role(ann, dan, 'admin')).body, { adminCount: 2 }, 'a freed seat is taken');
  t.match(await details(groupId), { adminCount: 2 });
});

t.test('invitations, leaving and kicks: members invite in a free group; admins kick members, never the owner; a refused batch changes nothing', async (t) => {
  const { groupId } = await create(ann, [bob, cat]);
  await call('POST', `/groups/${groupId}/members/${bob.userId}/role`, ann, { role: 'admin' });
  t.match((await call('POST', `/groups/${groupId}/members`, cat, { userIds: [dan.userId, eve.userId] })).body, { memberIds: [ann, bob, cat, dan, eve].map((m) => m.userId).sort() });
  t.equal(codeOf(await call('POST', `/groups/${groupId}/members`, fay, { userIds: [fay.userId] })), 'FORBIDDEN', 'an outsider cannot add themselves');
  t.equal(codeOf(await call('POST', `/groups/${groupId}/members`, cat, { userIds: ['404404'] })), 'NOT_FOUND');
  t.equal(codeOf(await call('POST', `/groups/${groupId}/members`, cat, { userIds: [] })), 'VALIDATION_FAILED');
  t.equal(codeOf(await call('POST', `/groups/${groupId}/members`, ann, { userIds: [fay.userId, gus.userId] })), 'GROUP_FULL', 'six at level 0');

  const before = (await details(groupId)).memberIds;
  t.same([(await call('POST', `/groups/${groupId}/kick`, bob, { userIds: [cat.userId, ann.userId] })).status, (await details(groupId)).memberIds], [403, before], 'kicking the owner refuses the whole batch');
  t.equal(codeOf(await call('POST', `/groups/${groupId}/kick`, cat, { userIds: [dan.userId] })), 'FORBIDDEN', 'a member kicks nobody');
  t.equal(codeOf(await call('DELETE', `/groups/${groupId}/members/${ann.userId}`, bob)), 'FORBIDDEN', 'an admin never removes the owner');
  t.equal(codeOf(await call('DELETE', `/groups/${groupId}/members/${ann.userId}`, ann)), 'FORBIDDEN', 'the owner cannot leave');
  t.same((await details(groupId)).memberIds, before);
  t.match((await call('POST', `/groups/${groupId}/kick`, bob, { userIds: [cat.userId, dan.userId, hal.userId] })).body, { removed: [cat.userId, dan.userId].sort(), memberCount: 3 });
  t.match((await call('DELETE', `/groups/${groupId}/members/${eve.userId}`, eve)).body, { memberIds: [ann.userId, bob.userId].sort() });
  t.equal(codeOf(await call('POST', `/groups/${groupId}/kick`, ann, { userIds: ['bad id!'] })), 'VALIDATION_FAILED');
  t.equal(codeOf(await call('POST', `/groups/${groupId}/kick`, ann, {})), 'VALIDATION_FAILED');
});

t.test('join policies: free joins, a question answered right joins, invite-only and closed refuse, the answer is for admins only', async (t) => {
  const { groupId } = await create(ann, [bob]);
  await call('POST', `/groups/${groupId}/members/${bob.userId}/role`, ann, { role: 'admin' });
  t.match((await call('POST', `/groups/${groupId}/join`, cat)).body, { status: 'joined' });
  t.match((await call('POST', `/groups/${groupId}/join`, cat, {})).body, { status: 'joined' }, 'a member joining again is still in');
  const quiz = await call('PATCH', `/groups/${groupId}/permissions`, bob, { join: { mode: 'answer', question: 'Our dog?', answer: 'Rex' } });
  t.match(quiz.body, { join: { mode: 'answer', question: 'Our dog?', answer: 'Rex', fee: null }, membersMayAddFriends: true });
  t.match(await details(groupId, cat), { join: { mode: 'answer', question: 'Our dog?', answer: null } }, 'members do not see the answer');
  t.match(await details(groupId, bob), { join: { answer: 'Rex' } });
  t.equal(codeOf(await call('POST', `/groups/${groupId}/join`, dan, { message: 'Max' })), 'WRONG_ANSWER');
  t.equal(codeOf(await call('POST', `/groups/${groupId}/join`, dan)), 'VALIDATION_FAILED');
  t.match((await call('POST', `/groups/${groupId}/join`, dan, { message: ' rex' })).body, { status: 'joined' });
  for (const mode of ['invite', 'closed']) {
    await call('PATCH', `/groups/${groupId}/permissions`, ann, { join: { mode } });
    const r = await call('POST', `/groups/${groupId}/join`, eve);
    t.same([r.status, codeOf(r)], [403, 'JOIN_CLOSED'], mode);
  }
  t.equal(codeOf(await call('POST', `/groups/${groupId}/members`, cat, { userIds: [eve.userId] })), 'FORBIDDEN', 'closed: only managers add');
  t.equal(codeOf(await call('PATCH', `/groups/${groupId}/permissions`, cat, { join: { mode: 'free' } })), 'FORBIDDEN');
  for (const body of [{ join: { mode: 'answer', question: 'q' } }, { join: { mode: 'nope' } }, { join: { mode: 'free', fee: 10 } }, { join: { mode: 'paid', fee: -1 } }, { extra: true }]) {
    t.equal(codeOf(await call('PATCH', `/groups/${groupId}/permissions`, ann, body)), 'VALIDATION_FAILED', JSON.stringify(body));
  }
  t.equal(codeOf(await call('POST', `/groups/404404/join`, eve)), 'NOT_FOUND');
});

t.test('applications: the owner and admins see and decide them, in the inbox across groups; the applicant hears the answer', async (t) => {
  const { groupId } = await create(ann, [bob, cat]);
  await call('POST', `/groups/${groupId}/members/${bob.userId}/role`, ann, { role: 'admin' });
  await call('PATCH', `/groups/${groupId}/permissions`, ann, { join: { mode: 'approval', question: 'Who are you?' } });
  t.equal(codeOf(await call('POST', `/groups/${groupId}/join`, dan)), 'VALIDATION_FAILED', 'the question wants an answer');
  const applied = await call('POST', `/groups/${groupId}/join`, dan, { message: 'a cousin' });
  t.match(applied.body, { status: 'pending', applicationId: /^\d+$/ });
  t.same((await call('POST', `/groups/${groupId}/join`, dan, { message: 'again' })).body, applied.body, 'one pending application each');
  await call('POST', `/groups/${groupId}/join`, eve, { message: 'a friend' });
  const list = await call('GET', `/groups/${groupId}/applications?status=pending`, bob);
  t.same((list.body.items as { applicantId: string }[]).map((a) => a.applicantId), [eve.userId, dan.userId]);
  t.equal(codeOf(await call('GET', `/groups/${groupId}/applications`, cat)), 'FORBIDDEN');
  t.equal(codeOf(await call('GET', `/groups/${groupId}/applications?status=maybe`, ann)), 'VALIDATION_FAILED');
  const inbox = await call('GET', '/group-applications', bob);
  t.ok((inbox.body.items as { groupId: string }[]).filter((a) => a.groupId === groupId).length === 2, 'the admin inbox');
  t.same((await call('GET', '/group-applications', cat)).body.items, [], 'a plain member reviews nothing');
  t.match((await call('GET', '/group-applications?box=mine', dan)).body, { items: [{ groupId, status: 'pending', message: 'a cousin' }] });

  t.equal(codeOf(await call('POST', `/groups/${groupId}/applications/${dan.userId}/approve`, cat)), 'FORBIDDEN');
  t.match((await call('POST', `/groups/${groupId}/applications/${dan.userId}/approve`, bob)).body, { status: 'approved', memberCount: 4 });
  t.match((await call('POST', `/groups/${groupId}/applications/${eve.userId}/reject`, ann, { reason: 'who?' })).body, { status: 'rejected', memberCount: 4 });
  t.equal(codeOf(await call('POST', `/groups/${groupId}/applications/${eve.userId}/approve`, ann)), 'NOT_FOUND', 'decided already');
  t.match((await call('GET', '/group-applications?box=mine', eve)).body, { items: [{ status: 'rejected', reason: 'who?', decidedBy: ann.userId }] });
  t.equal(codeOf(await call('POST', `/groups/${groupId}/applications/${eve.userId}/reject`, ann, { reason: 'x'.repeat(201) })), 'VALIDATION_FAILED');
  // At the cap an approval waits.
  for (const u of [eve, fay, gus]) await call('POST', `/groups/${groupId}/join`, u, { message: 'me' });
  await call('POST', `/groups/${groupId}/applications/${eve.userId}/approve`, ann);
  await call('POST', `/groups/${groupId}/applications/${fay.userId}/approve`, ann);
  const full = await call('POST', `/groups/${groupId}/applications/${gus.userId}/approve`, ann);
  t.same([full.status, codeOf(full)], [409, 'GROUP_FULL']);
  t.equal(codeOf(await call('POST', `/groups/${groupId}/join`, hal, { message: 'me' })), 'GROUP_FULL', 'a full group takes no applications');
});

t.test('paid joins wait for the payment flow (the seam the money work calls); only the owner asks for a fee', async (t) => {
  const { groupId } = await create(ann, [bob]);
  await call('POST', `/groups/${groupId}/members/${bob.userId}/role`, ann, { role: 'admin' });
  t.equal(codeOf(await call('PATCH', `/groups/${groupId}/permissions`, bob, { join: { mode: 'paid', fee: 500 } })), 'FORBIDDEN');
  t.match((await call('PATCH', `/groups/${groupId}/permissions`, ann, { join: { mode: 'paid', fee: 500 } })).body, { join: { mode: 'paid', fee: 500 } });
  const waiting = await call('POST', `/groups/${groupId}/join`, cat);
  t.match(waiting.body, { status: 'awaiting_payment', fee: 500, applicationId: /^\d+$/ });
  t.equal(codeOf(await call('POST', `/groups/${groupId}/applications/${cat.userId}/approve`, ann)), 'CONFLICT', 'a fee is not waived by approval');
  const core = app.platform.core;
  await t.rejects(groups.admitPaidJoin(core, { kind: 'user', userId: ann.userId, roles: [], app: 'core' }, { groupId, applicantId: cat.userId, paymentRef: 'pay-1' }), { code: 'FORBIDDEN' });
  t.same(await groups.admitPaidJoin(core, systemCaller('payments'), { groupId, applicantId: cat.userId, paymentRef: 'pay-1' }), { status: 'joined' });
  t.match(await details(groupId), { memberIds: [ann.userId, bob.userId, cat.userId] });
  t.match((await call('GET', `/groups/${groupId}/members/${cat.userId}`, ann)).body, { via: 'payment' });
});

t.test('ownership: offered to a member and accepted by them only; the former owner keeps an admin seat; withdrawn or declined', async (t) => {
  const { groupId } = await create(ann, [bob, cat]);
  const offer = (who: Member, to: Member) => call('POST', `/groups/${groupId}/ownership-offer`, who, { userId: to.userId });
  t.equal(codeOf(await offer(bob, cat)), 'FORBIDDEN');
  t.equal(codeOf(await offer(ann, dan)), 'NOT_FOUND');
  t.match((await offer(ann, cat)).body, { offeredTo: cat.userId });
  t.match(await details(groupId), { ownershipOfferedTo: cat.userId });
  t.equal(codeOf(await call('POST', `/groups/${groupId}/ownership-offer/accept`, bob)), 'NOT_FOUND');
  t.equal(codeOf(await call('DELETE', `/groups/${groupId}/ownership-offer`, bob)), 'FORBIDDEN');
  t.match((await call('DELETE', `/groups/${groupId}/ownership-offer`, cat)).body, { offeredTo: null }, 'declined');
  t.equal(codeOf(await call('POST', `/groups/${groupId}/ownership-offer/accept`, cat)), 'NOT_FOUND');
  await offer(ann, bob);
  t.match((await call('DELETE', `/groups/${groupId}/ownership-offer`, ann)).body, { offeredTo: null }, 'withdrawn');
  await offer(ann, cat);
  t.match((await call('POST', `/groups/${groupId}/ownership-offer/accept`, cat)).body, { ownerId: cat.userId });
  const members = (await call('GET', `/groups/${groupId}/members`, cat)).body.items as { userId: string; role: string }[];
  t.same(Object.fromEntries(members.map((m) => [m.userId, m.role])), { [ann.userId]: 'admin', [bob.userId]: 'member', [cat.userId]: 'owner' });
  t.match(await details(groupId, cat), { ownerId: cat.userId, ownershipOfferedTo: null, myRole: 'owner' });
  t.equal(codeOf(await call('POST', `/groups/${groupId}/dismiss`, ann)), 'FORBIDDEN', 'the former owner is not the owner');
  t.match((await call('DELETE', `/groups/${groupId}/members/${ann.userId}`, ann)).body, { memberIds: [bob.userId, cat.userId].sort() }, 'and may leave now');
});

const fund = async (who: Member, amount: number) => {
  const o = await call('POST', '/recharge-orders', who, { asset: 'cash', amount });
  await call('POST', `/dev/payments/${String(o.body.orderId)}/succeed`);
};

t.test('red packets follow the membership: a kicked or departed member is not eligible; members are', async (t) => {
  const { groupId } = await create(ann, [bob, cat, dan]);
  await fund(ann, 1000);
  await call('POST', `/groups/${groupId}/kick`, ann, { userIds: [bob.userId] });
  await call('DELETE', `/groups/${groupId}/members/${cat.userId}`, cat);
  const p = await call('POST', '/red-packets', ann, { kind: 'fixed', count: 3, amountEach: 10, target: { type: 'group', id: groupId } });
  t.equal(p.status, 201);
  const grab = (who: Member) => call('POST', `/red-packets/${String(p.body.redPacketId)}/grab`, who);
  t.equal(codeOf(await grab(bob)), 'NOT_ELIGIBLE', 'kicked');
  t.equal(codeOf(await grab(cat)), 'NOT_ELIGIBLE', 'left');
  t.match((await grab(dan)).body, { amount: 10 });
});

t.test('dismissal: the owner only; everyone leaves; the group then refuses every command and stays readable to auditors', async (t) => {
  const { groupId } = await create(ann, [bob, cat]);
  t.equal(codeOf(await call('POST', `/groups/${groupId}/dismiss`, bob)), 'FORBIDDEN');
  t.match((await call('POST', `/groups/${groupId}/dismiss`, ann)).body, { status: 'dismissed' });
  t.equal((await call('GET', `/groups/${groupId}`, ann)).status, 404, 'no member is left to see it');
  const auditor = (await app.inject({ method: 'POST', url: '/v1/dev/auditor-sessions' })).json<Member>();
  t.match(await details(groupId, auditor), { status: 'dismissed', memberIds: [], memberCount: 0, name: 'family', dismissedAt: /Z$/ });
  const events = await call('GET', `/audit/streams/group-${groupId}/events`, auditor);
  t.equal(events.status, 200, 'the stream is readable');
  const steps = replay(`group-${groupId}`, await app.platform.core.store.readStream(`group-${groupId}`));
  t.match(steps.at(-1), { type: 'GroupDismissed', state: { status: 'dismissed', name: 'family', members: {} } }, 'the audit replays it with the aggregate’s own evolve');
  for (const [method, url, body] of [
    ['POST', `/groups/${groupId}/dismiss`, undefined],
    ['POST', `/groups/${groupId}/join`, undefined],
    ['POST', `/groups/${groupId}/notices`, { text: 'hi' }],
    ['PATCH', `/groups/${groupId}`, { name: 'again' }],
  ] as const) {
    const r = await call(method, url, method === 'POST' && url.endsWith('/join') ? dan : ann, body);
    t.same([r.status, codeOf(r)], [409, 'GROUP_DISMISSED'], url);
  }
  t.equal(codeOf(await call('POST', '/red-packets', ann, { kind: 'fixed', count: 1, amountEach: 10, target: { type: 'group', id: groupId } })), 'FORBIDDEN', 'nobody sends to it');
});
