// Paid group joins over /v1 (issue #19; inject, embedded PostgreSQL): the joiner pays the fee, the
// owner receives it minus GROUP_JOIN_PLATFORM_SHARE_BP, platform:fees the share; retries charge
// once; racers for the last seat are charged only when admitted; no funds or a wrong pay
// password move nothing; audit verify closes over all of it.
import t from 'tap';
import { balanceOf, platformWalletStream, walletDecider } from '../../../domain/wallet/index.js';
import { build } from '../../support/app.js';
import { api, codeOf, users, type Member } from '../../support/groups.js';
import { auditClean, balance, recharge } from '../../support/money.js';

const app = await build(t, { GROUP_JOIN_PLATFORM_SHARE_BP: '1000', APP_POLICIES: JSON.stringify({ core: { groupSizeByLevel: [4, 5, 6, 7, 8] } }) });
const call = api(app);
const fees = async () => balanceOf((await app.platform.core.bus.load(walletDecider, platformWalletStream('fees'))).state, 'cash');

/** A paid group (fee 500) of the owner and `members`; level 0 holds 4. */
const paidGroup = async (owner: Member, members: Member[]) => {
  const g = await call('POST', '/groups', owner, { name: 'club', memberIds: members.map((m) => m.userId) });
  const groupId = String(g.body['groupId']);
  t.equal((await call('PATCH', `/groups/${groupId}/permissions`, owner, { join: { mode: 'paid', fee: 500 } })).status, 200, 'the group is paid');
  return groupId;
};

const payPasswordFor = async (u: Member, payPassword: string) => {
  const phone = String((await call('GET', '/me', u)).body['phone']);
  await call('POST', '/auth/sms-codes', null, { phone });
  const code = app.platform.core.devSms?.latest(phone) ?? '';
  t.equal((await call('POST', '/pay-password', u, { code, payPassword })).status, 200, 'pay password set');
};

t.test('given a paid group, when dan pays, then he joins, is charged once, and the owner and platform:fees share the fee', async (t) => {
  const [ann, bob, dan] = (await users(app, 3)) as [Member, Member, Member];
  const groupId = await paidGroup(ann, [bob]);
  await recharge(t, app, dan, 2_000);
  const feesBefore = await fees();
  const key = { 'idempotency-key': 'paid-join-1' };
  const r = await call('POST', `/groups/${groupId}/paid-join`, dan, {}, key);
  t.same([r.status, r.body], [200, { status: 'joined', groupId, paymentRef: r.body['paymentRef'], asset: 'cash', fee: 500, platformShare: 50, balance: 1_500 }]);
  t.same((await call('POST', `/groups/${groupId}/paid-join`, dan, {}, key)).body, r.body, 'a retry with the key answers the same');
  t.equal(codeOf(await call('POST', `/groups/${groupId}/paid-join`, dan, {})), 'CONFLICT', 'another key: already a member, nothing charged');
  t.equal(await balance(app, dan), 1_500, 'dan paid the fee once');
  t.equal(await balance(app, ann), 450, 'the owner got the fee minus 10%');
  t.equal((await fees()) - feesBefore, 50, 'platform:fees got the 10%');
  t.ok(((await call('GET', `/groups/${groupId}`, dan)).body['memberIds'] as string[]).includes(dan.userId), 'dan is a member');
  await auditClean(t, app, 'after a paid join');
});

t.test('given one seat left, when three joiners race for it, then one is admitted and charged, the others are GROUP_FULL and charged nothing', async (t) => {
  const [ann, bob, cat, ...racers] = (await users(app, 6)) as [Member, Member, Member, ...Member[]];
  const groupId = await paidGroup(ann, [bob, cat]);
  for (const u of racers) await recharge(t, app, u, 1_000);
  const answers = await Promise.all(racers.map((u) => call('POST', `/groups/${groupId}/paid-join`, u, {})));
  const codes = answers.map(codeOf).sort();
  t.same(codes, ['GROUP_FULL', 'GROUP_FULL', 'ok'], 'one seat, one winner');
  const balances = await Promise.all(racers.map((u) => balance(app, u)));
  t.same([...balances].sort((a, b) => a - b), [500, 1_000, 1_000], 'only the winner paid');
  t.equal(await balance(app, ann), 450);
  t.equal((await call('GET', `/groups/${groupId}`, ann)).body['memberCount'], 4, 'the group is full, not over');
  await auditClean(t, app, 'after the race');
});

t.test('given too little money or a wrong pay password, then refused and nothing moves; the seat stays free', async (t) => {
  const [ann, bob, eve] = (await users(app, 3)) as [Member, Member, Member];
  const groupId = await paidGroup(ann, [bob]);
  await recharge(t, app, eve, 300);
  const poor = await call('POST', `/groups/${groupId}/paid-join`, eve, {});
  t.same([poor.status, codeOf(poor)], [409, 'INSUFFICIENT_FUNDS']);
  t.equal(await balance(app, eve), 300);
  await recharge(t, app, eve, 700);
  await payPasswordFor(eve, '246810');
  const wrong = await call('POST', `/groups/${groupId}/paid-join`, eve, { payPassword: '000000' });
  t.same([wrong.status, codeOf(wrong)], [403, 'PAY_PASSWORD_WRONG']);
  t.equal(await balance(app, eve), 1_000, 'nothing moved');
  t.equal(await balance(app, ann), 0, 'the owner got nothing');
  const right = await call('POST', `/groups/${groupId}/paid-join`, eve, { payPassword: '246810' });
  t.match(right.body, { status: 'joined', balance: 500 }, 'the right password pays and joins');
  t.equal(codeOf(await call('POST', `/groups/${groupId}/paid-join`, bob, {})), 'CONFLICT', 'a member does not pay');
  await auditClean(t, app, 'after refusals');
});
