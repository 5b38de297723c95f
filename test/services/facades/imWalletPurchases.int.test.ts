// im-groups-wallet (003) money endpoints mapped in #22: group levels, renewals and paid joins,
// vanity numbers, bank cards, withdrawals, order cancel and the providers' notifications. Each
// answers in the app's envelope (HTTP 200, string codes), bad input moves nothing, a retried
// purchase pays once, and `audit verify` closes after all of it.
import t from 'tap';
import { z } from 'zod';
import { Failure3, Group3, Info3, Ok3, Yuan3 } from '../../../contracts/apps/imWallet.js';
import { BankCard3, GroupConfig3, NumberTypes3, PayOrder3, VipNumbers3, WithdrawRow3 } from '../../../contracts/apps/imWalletMoney.js';
import { build } from '../../support/app.js';
import { imInject, md5, signUp, smsCode, type ImUser } from '../../support/imWallet.js';
import { auditClean } from '../../support/money.js';
import { providerSetup } from '../../support/providerOrders.js';
import { alipayForm, wechatNotice } from '../../support/providers.js';

// Orders of type alipay / wxpay are created at those providers: every key is configured (WeChat's API a local fake).
const { alipay, wechat, apiV3Key, env } = await providerSetup(t, 'w'.repeat(32), 'im-app');
const app = await build(t, { SMS_RESEND_SECONDS: '1', ...env, GROUP_JOIN_PLATFORM_SHARE_BP: '1000' });
const send = imInject(app.inject, 'im-groups-wallet');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const [ann, bob, cy] = [await signUp(send, 'im-groups-wallet', 'ann'), await signUp(send, 'im-groups-wallet', 'bob'), await signUp(send, 'im-groups-wallet', 'cy')];
const call = (u: ImUser, path: string, params: Record<string, string | number> = {}, headers: Record<string, string> = {}) => send(path, { userId: u.userId, ...params }, u.token, headers);
const balance = async (u: ImUser) => Ok3(Yuan3).parse((await call(u, '/wallet/getBalance')).body).data;
const pay = md5('123456');

const fund = async (u: ImUser, yuan: string) => {
  const r = await call(u, '/wallet/recharge', { amount: yuan });
  const [row] = z.array(z.object({ id: z.string() })).parse(r.body.data);
  // No assertion before the first subtest: the root test would end while set-up still runs.
  if ((await app.inject({ method: 'POST', url: `/v1/dev/payments/${row?.id ?? ''}/succeed` })).status !== 200) throw new Error('the sandbox did not pay');
};
for (const u of [ann, bob]) {
  await sleep(1100);
  await call(u, '/pay/setPayPwd', { pwd: pay, validateNum: await smsCode(send, 'im-groups-wallet', u.mobile) });
}
await fund(ann, '500.00');
await fund(bob, '100.00');

const newGroup = async () => z.object({ id: z.string() }).parse((await call(ann, '/chat/createGroup', { name: 'paid', ids: cy.userId })).body.data).id;

t.test('given the level price list, when read, then each level has its fee in yuan and the seconds one payment buys', async (t) => {
  const r = GroupConfig3.parse((await call(ann, '/chat/queryGroupConfig')).body);
  t.same(r.data.info.map((l) => [l.level, l.fee, l.expire]), [['1', '10.00', '2592000'], ['2', '30.00', '2592000'], ['3', '60.00', '2592000'], ['4', '100.00', '2592000']]);
});

t.test('group levels: bad input moves nothing, the owner pays once per request, a renewal extends the term', async (t) => {
  const groupId = await newGroup();
  t.equal(Failure3.parse((await call(ann, '/chat/payForGroupLevel', { groupId, level: 1, pwd: md5('wrong') })).body).code, '2', 'a wrong pay password is 2');
  t.equal(Failure3.parse((await call(cy, '/chat/payForGroupLevel', { groupId, level: 1, pwd: pay })).body).code, '4', 'a plain member: 4');
  t.equal(Failure3.parse((await call(ann, '/chat/payForGroupLevel', { groupId, level: 9, pwd: pay })).body).code, '-1', 'no such level');
  t.equal(Failure3.parse((await call(ann, '/chat/payForGroupLevel', { groupId: '999999', level: 1, pwd: pay })).body).code, '-1', 'no such group');
  t.equal(await balance(ann), '500.00', 'nothing moved');

  const key = { 'idempotency-key': 'level-1' };
  const first = await call(ann, '/chat/payForGroupLevel', { groupId, level: 1, pwd: pay }, key);
  const again = await call(ann, '/chat/payForGroupLevel', { groupId, level: 1, pwd: pay }, key);
  const g = Ok3(Group3.extend({ expire: z.string() })).parse(first.body).data;
  t.equal(g.level, '1');
  t.same(again.body, first.body, 'the retried request answers the same');
  t.equal(await balance(ann), '490.00', 'paid once');

  const renewed = Ok3(Group3.extend({ expire: z.string() })).parse((await call(ann, '/chat/payForGroupExt', { groupId, pwd: pay })).body).data;
  t.equal(Number(renewed.expire) - Number(g.expire), 30 * 86_400_000, 'one more term after the running end');
  t.equal(await balance(ann), '480.00');
  t.equal(Failure3.parse((await call(ann, '/chat/payForGroupExt', { groupId: await newGroup(), pwd: pay })).body).code, '-1', 'a group without a level has nothing to renew');
  t.equal(Failure3.parse((await call(bob, '/chat/payForGroupExt', { groupId, pwd: pay })).body).code, '4', 'not the owner (nor an admin): 4');
});

t.test('paid joins: requestGroupJoin says -4 pay first, payForGroupJoin pays the owner once and joins', async (t) => {
  const groupId = await newGroup();
  t.equal((await call(ann, '/chat/payForGroupLevel', { groupId, level: 1, pwd: pay })).body.code, '1');
  t.equal((await call(ann, '/chat/updateJoinstatus', { groupId, status: 6, fee: '20.00' })).body.code, '1');
  const annBefore = await balance(ann);
  t.equal(Failure3.parse((await call(bob, '/chat/requestGroupJoin', { groupId })).body).code, '-4', 'pay first');
  t.equal(Failure3.parse((await call(bob, '/chat/payForGroupJoin', { groupId, pwd: md5('nope') })).body).code, '2', 'wrong pay password');
  t.equal(Failure3.parse((await call(bob, '/chat/payForGroupJoin', { groupId: 'x1', pwd: pay })).body).code, '-1', 'a malformed id');
  t.equal(await balance(bob), '100.00', 'nothing moved');
  const paid = await Promise.all([call(bob, '/chat/payForGroupJoin', { groupId, pwd: pay }, { 'idempotency-key': 'join-1' }), call(bob, '/chat/payForGroupJoin', { groupId, pwd: pay }, { 'idempotency-key': 'join-1' })]);
  t.same(paid.map((r) => Info3.parse(r.body).data.info), ['加入成功', '加入成功']);
  t.equal(Failure3.parse((await call(bob, '/chat/payForGroupJoin', { groupId, pwd: pay })).body).code, '-1', 'a member pays no more');
  t.equal(await balance(bob), '80.00', 'the fee once');
  t.equal(await balance(ann), `${(Number(annBefore.replace('.', '')) + 1800) / 100}.00`, 'the owner gets the fee less the platform share (10%)');
  const history = z.array(z.object({ moneyType: z.string(), amount: z.string() })).parse((await call(bob, '/wallet/getWalletHistory')).body.data);
  t.same(history.filter((b) => b.moneyType === '12').map((b) => b.amount), ['20.00'], 'the joiner’s bill: type 12');
  const annHistory = z.array(z.object({ moneyType: z.string(), amount: z.string() })).parse((await call(ann, '/wallet/getWalletHistory')).body.data);
  t.same(annHistory.filter((b) => b.moneyType === '13').map((b) => b.amount), ['18.00'], 'the owner’s bill: type 13');
  t.equal(Failure3.parse((await call(cy, '/chat/payForGroupJoin', { groupId: await newGroup(), pwd: pay })).body).code, '-1', 'a group not joined by paying');
});

t.test('vanity numbers: types, numbers on offer, bought from the wallet once, checked', async (t) => {
  const types = NumberTypes3.parse((await call(ann, '/pay/getNumberType', { device: 1 })).body).data.types;
  const aabb = types.find((x) => x.typeName === 'AABB');
  t.ok(aabb, 'the configured types are listed');
  const numbers = VipNumbers3.parse((await call(ann, '/pay/getVipNumber', { type: aabb?.tid ?? '0', sessid: '' })).body).data.numbers;
  t.ok(numbers.length > 0 && numbers.every((n) => n.price === '188.00' && /(\d)\1(\d)\2/.test(n.num)));
  const num = numbers[0]?.num ?? '';
  t.equal(Failure3.parse((await call(ann, '/pay/createNumberOrder', { number: num, payPwd: md5('x') })).body).code, '2', 'wrong pay password');
  t.equal(Failure3.parse((await call(ann, '/pay/createNumberOrder', { number: num, payPwd: pay, amount: '1.001' })).body).code, '-1', 'a malformed amount');
  t.equal(Failure3.parse((await call(bob, '/pay/createNumberOrder', { number: num, payPwd: pay })).body).code, '3', 'bob has too little');
  const before = await balance(ann);
  const orders = await Promise.all([call(ann, '/pay/createNumberOrder', { number: num, payPwd: pay }), call(ann, '/pay/createNumberOrder', { number: num, payPwd: pay })]);
  const ids = orders.map((r) => PayOrder3.parse(r.body).data.outTradeNo);
  t.equal(ids[0], ids[1], 'a double click is one purchase');
  t.equal(Number(before.replace('.', '')) - Number((await balance(ann)).replace('.', '')), 18_800, 'paid once');
  t.equal((await call(ann, '/pay/checkNumber', { number: num, sessid: '' })).body.code, '1');
  t.equal(Failure3.parse((await call(bob, '/pay/checkNumber', { number: num, sessid: '' })).body).code, '-1', 'not bob’s');
  t.equal(Failure3.parse((await call(bob, '/pay/createNumberOrder', { number: num, payPwd: pay })).body).code, '-1', 'taken');
});

t.test('bank cards and withdrawals: a verified user binds a card, withdraws to it, unbinds it', async (t) => {
  t.equal(Failure3.parse((await call(ann, '/wallet/bindingCard', { cardNo: '6222021234567890128' })).body).code, '-1', 'no approved real name yet');
  const op = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<{ token: string }>();
  const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  t.equal((await app.inject({ method: 'POST', url: '/v1/me/real-name', headers: bearer(ann.token), payload: JSON.stringify({ name: '张三丰', idNumber: '11010119900101123X' }) })).status, 201);
  t.equal((await app.inject({ method: 'POST', url: `/v1/admin/real-names/${ann.userId}/approve`, headers: bearer(op.token), payload: '{}' })).status, 200);
  t.equal(Failure3.parse((await call(ann, '/wallet/withdraw', { amount: '5.00' })).body).code, '-1', 'no card on file');
  t.equal(Failure3.parse((await call(ann, '/wallet/bindingCard', { cardNo: '6222021234567890127' })).body).code, '-1', 'a mistyped card');
  const card = Ok3(BankCard3).parse((await call(ann, '/wallet/bindingCard', { cardNo: '6222021234567890128' })).body).data;
  t.same([card.cardNo, card.bankName], ['****0128', '工商银行'], 'masked, the bank from its BIN');
  t.same(Ok3(z.array(BankCard3)).parse((await call(ann, '/wallet/getCardList')).body).data.map((c) => c.id), [card.id]);
  t.same(Ok3(z.array(BankCard3)).parse((await call(bob, '/wallet/getCardList')).body).data, [], 'each their own');
  t.equal(Failure3.parse((await call(bob, '/wallet/dissCard', { cardId: card.id })).body).code, '-1', 'not bob’s card');

  const before = await balance(ann);
  for (const amount of ['1.234', '-5', 'abc', '0']) t.equal(Failure3.parse((await call(ann, '/wallet/withdraw', { amount })).body).code, '-1', `amount ${amount} refused`);
  t.equal(Failure3.parse((await call(ann, '/wallet/withdraw', { amount: '99999.00' })).body).code, '3', 'more than the balance');
  t.equal(await balance(ann), before, 'nothing held');
  const rows = Ok3(z.array(WithdrawRow3)).parse((await call(ann, '/wallet/withdraw', { amount: '5.00', cardId: card.id }, { 'idempotency-key': 'wd-1' })).body).data;
  t.same([rows[0]?.moneyType, rows[0]?.moneyDirect, rows[0]?.amount, rows[0]?.status], ['2', '-1', '5.00', 'pending']);
  await call(ann, '/wallet/withdraw', { amount: '5.00', cardId: card.id }, { 'idempotency-key': 'wd-1' });
  t.equal(Number(before.replace('.', '')) - Number((await balance(ann)).replace('.', '')), 500, 'held once');
  t.equal((await call(ann, '/wallet/dissCard', { cardId: card.id })).body.code, '1');
  t.same(Ok3(z.array(BankCard3)).parse((await call(ann, '/wallet/getCardList')).body).data, []);
});

t.test('orders: the owner cancels a pending order, and a payment notified after it credits nothing', async (t) => {
  const order = Ok3(z.object({ outTradeNo: z.string() })).parse((await call(bob, '/wallet/createRechargeOrder', { amount: '3.00', type: 'alipay', body: 'b', subject: 's', orderType: 1 })).body).data.outTradeNo;
  t.equal(Failure3.parse((await call(ann, '/wallet/cancelOrder', { outTradeNo: order, type: 'alipay' })).body).code, '-1', 'another user’s order');
  t.equal(Info3.parse((await call(bob, '/wallet/cancelOrder', { outTradeNo: order, type: 'alipay' })).body).data.info, '取消支付');
  const before = await balance(bob);
  const r = await app.inject({ method: 'POST', url: '/apps/im-groups-wallet/wallet/alipayNotify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(alipayForm(alipay, { app_id: 'im-app', out_trade_no: order, trade_no: 'A-late', total_amount: '3.00', trade_status: 'TRADE_SUCCESS' })).toString() });
  t.same([r.status, r.text], [200, 'success'], 'acknowledged so Alipay stops');
  t.equal(await balance(bob), before, 'nothing credited');
});

t.test('provider notifications: a genuine one pays once in what the provider expects, a forged one moves nothing', async (t) => {
  const alipayOrder = Ok3(z.object({ outTradeNo: z.string() })).parse((await call(bob, '/wallet/createRechargeOrder', { amount: '7.00', type: 'alipay', body: 'b', subject: 's', orderType: 1 })).body).data.outTradeNo;
  const trade = { app_id: 'im-app', out_trade_no: alipayOrder, trade_no: 'A-1', total_amount: '7.00', trade_status: 'TRADE_SUCCESS' };
  const post = (form: Record<string, string>) => app.inject({ method: 'POST', url: '/apps/im-groups-wallet/wallet/alipayNotify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
  const before = await balance(bob);
  const forged = await post({ ...alipayForm(alipay, trade), total_amount: '700.00' });
  t.same([forged.status, forged.text], [401, 'fail']);
  t.equal(await balance(bob), before);
  const genuine = alipayForm(alipay, trade);
  t.same([(await post(genuine)).text, (await post(genuine)).text], ['success', 'success'], 'a resent notification is acknowledged again');
  t.equal(Number((await balance(bob)).replace('.', '')) - Number(before.replace('.', '')), 700, 'credited once');

  const wxOrder = Ok3(z.object({ outTradeNo: z.string() })).parse((await call(bob, '/wallet/createRechargeOrder', { amount: '2.50', type: 'wxpay', body: 'b', subject: 's', orderType: 1 })).body).data.outTradeNo;
  const tx = { out_trade_no: wxOrder, transaction_id: 'W-1', trade_state: 'SUCCESS', amount: { total: 250, currency: 'CNY' } };
  const postWx = (n: { body: string; headers: Record<string, string> }) => app.inject({ method: 'POST', url: '/apps/im-groups-wallet/wallet/wxpayNotify', headers: { 'content-type': 'application/json', ...n.headers }, payload: n.body });
  const n = wechatNotice(wechat, apiV3Key, tx, new Date());
  const altered = await postWx({ ...n, body: n.body.replace('TRANSACTION.SUCCESS', 'TRANSACTION.SUCCESS ') });
  t.equal(altered.status, 401, 'WeChat reads a 4xx as not taken');
  t.equal(altered.json<{ code: string }>().code, 'FAIL');
  const ok = await postWx(n);
  t.same([ok.status, ok.json()], [200, { code: 'SUCCESS' }]);
  t.equal(Number((await balance(bob)).replace('.', '')) - Number(before.replace('.', '')), 950);
});

t.test('given all of the above, when the audit runs, then every cent is accounted for', async (t) => {
  await auditClean(t, app, 'im-wallet purchases');
});
