// Concurrency around the caps: 20 admins approving applications and kicking at once around the
// member cap, the owner appointing past the admin cap and handing over ownership meanwhile. The
// group's stream decides each command in turn, so however the requests interleave the group ends
// with exactly the cap of members, one owner and at most the admin cap, and at no point in its
// history did it hold more members than its cap. The read model agrees with the stream.
import t from 'tap';
import { groupDecider, groupStream, memberCap, memberIds, type Group, type GroupEvent } from '../../../domain/group.js';
import * as groups from '../../../services/app/groups.js';
import { build, type TestApp } from '../../support/app.js';
import { api, codeOf, users, type Member, type Reply } from '../../support/groups.js';

const CAP = 30;
let app: TestApp;
let call: ReturnType<typeof api>;

t.before(async () => {
  // The core's 20 admins; a small member cap so the test stays quick.
  app = await build(t, { APP_POLICIES: JSON.stringify({ core: { groupSizeByLevel: [CAP, 40, 50, 60, 70] } }) });
  call = api(app);
});

const tally = (replies: Reply[]) => replies.reduce<Record<string, number>>((n, r) => ({ ...n, [codeOf(r)]: (n[codeOf(r)] ?? 0) + 1 }), {});

/** Every state the stream went through, from its own events. */
const history = async (groupId: string): Promise<Group[]> => {
  const stored = await app.platform.core.store.readStream(groupStream(groupId));
  const states: Group[] = [];
  let s = groupDecider.initialState();
  for (const e of stored) {
    s = groupDecider.evolve(s, e as unknown as GroupEvent);
    states.push(s);
  }
  return states;
};

t.test('given 20 admins, 5 members to kick and 25 applicants, when everyone acts at once around the cap, then exactly the cap, one owner, at most 20 admins', async (t) => {
  const [owner, ...rest] = (await users(app, 1 + 22 + 3 + 25)) as Member[];
  if (!owner) throw new Error('no owner');
  const candidates = rest.slice(0, 22);
  const plain = rest.slice(22, 25);
  const applicants = rest.slice(25);
  const created = await call('POST', '/groups', owner, { name: 'crowd', memberIds: [...candidates, ...plain].map((m) => m.userId) });
  const groupId = String(created.body.groupId);

  // The owner appoints 22 at once: the stream lets exactly 20 through.
  const appointed = await Promise.all(candidates.map((c) => call('POST', `/groups/${groupId}/members/${c.userId}/role`, owner, { role: 'admin' })));
  t.same(tally(appointed), { ok: 20, TOO_MANY_ADMINS: 2 });
  const admins = candidates.filter((_, i) => codeOf(appointed[i] as Reply) === 'ok');
  const kickable = [...candidates.filter((_, i) => codeOf(appointed[i] as Reply) !== 'ok'), ...plain];
  t.equal(kickable.length, 5);

  await call('PATCH', `/groups/${groupId}/permissions`, owner, { join: { mode: 'approval' } });
  const applied = await Promise.all(applicants.map((a) => call('POST', `/groups/${groupId}/join`, a, { message: 'let me in' })));
  t.same(tally(applied), { ok: 25 }, 'applications take no seat');

  // Round one: every admin at once approves its applicants and kicks (or tries to kick the owner,
  // or another admin); the owner meanwhile appoints past the cap and offers ownership to an admin,
  // who accepts at once.
  const [heir] = admins;
  if (!heir) throw new Error('no admin');
  const round1 = await Promise.all([
    ...admins.flatMap((a, i) => [
      ...applicants.filter((_, j) => j % admins.length === i).map((ap) => call('POST', `/groups/${groupId}/applications/${ap.userId}/approve`, a)),
      i < 5 ? call('POST', `/groups/${groupId}/kick`, a, { userIds: [(kickable[i] as Member).userId] }) : Promise.resolve(null),
      i >= 5 && i < 10 ? call('DELETE', `/groups/${groupId}/members/${owner.userId}`, a) : Promise.resolve(null),
      i >= 10 && i < 15 ? call('POST', `/groups/${groupId}/kick`, a, { userIds: [(admins[(i + 1) % admins.length] as Member).userId] }) : Promise.resolve(null),
    ]),
    ...kickable.map((k) => call('POST', `/groups/${groupId}/members/${k.userId}/role`, owner, { role: 'admin' })),
    call('POST', `/groups/${groupId}/ownership-offer`, owner, { userId: heir.userId }).then(() => call('POST', `/groups/${groupId}/ownership-offer/accept`, heir)),
  ]);
  const outcomes = tally(round1.filter((r): r is Reply => r !== null));
  t.ok((outcomes.FORBIDDEN ?? 0) >= 10, 'nobody removed the owner, no admin kicked an admin');
  t.notOk('INTERNAL' in outcomes, 'no failure');
  t.ok(outcomes.GROUP_FULL !== undefined, 'some approvals met the cap');

  // Round two: the admins (the heir is the owner now, it approves too) fill the seats the kicks freed.
  const deciders = [owner, ...admins].filter((m) => m.userId !== heir.userId);
  const round2 = await Promise.all(
    applicants.flatMap((ap, j) => [deciders[j % deciders.length] as Member, heir].map((who) => call('POST', `/groups/${groupId}/applications/${ap.userId}/approve`, who))),
  );
  t.notOk('INTERNAL' in tally(round2));

  const { state } = await app.platform.core.bus.load(groupDecider, groupStream(groupId));
  t.equal(state.status, 'active');
  if (state.status !== 'active') return;
  const roles = [...state.members.entries()].map(([, m]) => m.role);
  t.equal(state.members.size, CAP, 'exactly the cap of members');
  t.equal(roles.filter((r) => r === 'owner').length, 1, 'one owner');
  t.equal(state.ownerId, heir.userId, 'the heir owns it');
  t.ok(roles.filter((r) => r === 'admin').length <= 20, 'at most the admin cap');
  t.equal(roles.filter((r) => r === 'admin').length, state.adminCount);
  for (const k of kickable) t.notOk(state.members.has(k.userId), 'the kicked are out');

  const past = await history(groupId);
  t.ok(
    past.every((s) => s.status !== 'active' || s.members.size <= memberCap(s)),
    `never over the cap in ${past.length} states`,
  );
  t.ok(
    past.every((s) => s.status !== 'active' || [...s.members.entries()].filter(([, m]) => m.role === 'owner').length === 1),
    'never two owners',
  );

  // The read model says the same.
  const members: { userId: string; role: string }[] = [];
  for (let cursor: string | null = ''; cursor !== null; ) {
    const page: Reply = await call('GET', `/groups/${groupId}/members?limit=100${cursor ? `&cursor=${cursor}` : ''}`, heir);
    members.push(...(page.body.items as { userId: string; role: string }[]));
    cursor = page.body.nextCursor as string | null;
  }
  t.same(members.map((m) => m.userId).sort(), memberIds(state));
  t.same(Object.fromEntries(members.map((m) => [m.userId, m.role])), Object.fromEntries([...state.members.entries()].map(([id, m]) => [id, m.role])));
  t.match((await call('GET', `/groups/${groupId}`, heir)).body, { memberCount: CAP, ownerId: heir.userId, adminCount: state.adminCount });
});

t.test('given a group created through im-groups-wallet, when the owner appoints 8 admins at once, then its policy lets exactly 5 through, whoever asks later', async (t) => {
  const [owner, ...others] = (await users(app, 9)) as Member[];
  if (!owner) throw new Error('no owner');
  const core = app.platform.core;
  const as = (m: Member, appName: 'im-groups-wallet' | 'core') => ({ kind: 'user' as const, userId: m.userId, roles: [], app: appName });
  const { groupId } = await groups.createGroup(core, as(owner, 'im-groups-wallet'), { name: '003 group', memberIds: others.map((m) => m.userId) });
  const results = await Promise.allSettled(others.map((m) => groups.setMemberRole(core, as(owner, 'im-groups-wallet'), { groupId, userId: m.userId, role: 'admin' })));
  t.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
  t.ok(results.filter((r) => r.status === 'rejected').every((r) => (r.reason as { code?: string }).code === 'TOO_MANY_ADMINS'));
  const viaCore = await Promise.allSettled(others.map((m) => groups.setMemberRole(core, as(owner, 'core'), { groupId, userId: m.userId, role: 'admin' })));
  t.ok(
    viaCore.every((r) => r.status === 'fulfilled' || (r.reason as { code?: string }).code === 'TOO_MANY_ADMINS'),
    'the limits are the group’s: the same five through /v1',
  );
  t.match((await call('GET', `/groups/${groupId}`, owner)).body, { adminCount: 5, maxAdmins: 5 });
});
