// 003 `/pay/createNumberOrder` as the seed's registration: no session, `mobile`, `pwd` (the login
// password's md5), `validateNum`, `name` and the `number`. The account is made at once and an
// order of the number's price is paid outside (the sandbox here); the payment's credit buys the
// number, once however often the provider notifies. A registrant who loses the number to a faster
// one keeps the money in the wallet. Refusals are -1 in HTTP 200 and create nothing.
import t from 'tap';
import { z } from 'zod';
import { Failure3, Ok3, Yuan3 } from '../../../contracts/apps/imWallet.js';
import { build } from '../../support/app.js';
import { imInject, md5, newMobile, smsCode } from '../../support/imWallet.js';
import { auditClean } from '../../support/money.js';

const app = await build(t, { SMS_RESEND_SECONDS: '1' });
const send = imInject(app.inject, 'im-groups-wallet');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const Order = Ok3(z.object({ orderString: z.string(), outTradeNo: z.string(), num: z.string(), amount: Yuan3, token: z.string(), userId: z.string() }));

/** The seed's registration order for a new phone (a fresh SMS code each time); no `type`: the dev sandbox pays it (imWalletPayOrders.int.test.ts has alipay and wxpay). */
const order = async (number: string, extra: Record<string, string> = {}, mobile = newMobile()) => {
  await sleep(1100);
  const validateNum = await smsCode(send, 'im-groups-wallet', mobile);
  const r = await send('/pay/createNumberOrder', { userId: '0', number, mobile, pwd: md5('secret-1'), validateNum, name: 'vip', amount: '188.00', sessid: '', body: 'number', subject: 'number', ...extra });
  t.equal(r.status, 200);
  return { mobile, reply: r.body };
};
const payOrder = async (orderId: string) => (await app.inject({ method: 'POST', url: `/v1/dev/payments/${orderId}/succeed` })).status;
const check = async (token: string, number: string) => (await send('/pay/checkNumber', { number, sessid: '' }, token)).body.code;
const balanceOf = async (token: string) => Ok3(Yuan3).parse((await send('/wallet/getBalance', {}, token)).body).data;
const loginCode = async (mobile: string) => (await send('/chat/doLogin', { mobie: mobile, pwd: md5('secret-1'), device: 1 })).body.code;

t.test('given no session, when the seed registers with a number, then the account exists at once and the number is its once the payment is notified, even twice', async (t) => {
  const { mobile, reply } = await order('5566012');
  const o = Order.parse(reply).data;
  t.same([o.num, o.amount], ['5566012', '188.00']);
  t.equal(await loginCode(mobile), '1', 'the account can log in');
  t.equal(Failure3.parse((await send('/pay/checkNumber', { number: '5566012', sessid: '' }, o.token)).body).code, '-1', 'registering until paid');
  t.same(await Promise.all([payOrder(o.outTradeNo), payOrder(o.outTradeNo)]), [200, 200], 'two notifications at once');
  t.equal(await check(o.token, '5566012'), '1');
  t.equal(await balanceOf(o.token), '0.00', 'the payment bought the number');
  t.equal(await payOrder(o.outTradeNo), 200, 'the provider notifies again');
  t.equal(await balanceOf(o.token), '0.00', 'nothing moves twice');
  await auditClean(t, app, 'after a paid registration');
});

t.test('given two registrants ordering the same number, when both pay, then the first payment gets it and the other keeps the money', async (t) => {
  const [a, b] = [Order.parse((await order('5566013')).reply).data, Order.parse((await order('5566013')).reply).data];
  t.equal(await payOrder(b.outTradeNo), 200);
  t.equal(await payOrder(a.outTradeNo), 200);
  t.same([await check(b.token, '5566013'), await check(a.token, '5566013')], ['1', '-1']);
  t.same([await balanceOf(b.token), await balanceOf(a.token)], ['0.00', '188.00']);
  await auditClean(t, app, 'after a lost race');
});

t.test('then refusals are -1 and create no account: a taken number, one not for sale, a wrong SMS code, a phone with an account, no name', async (t) => {
  const cases: [string, Record<string, string>][] = [
    ['5566012', {}],
    ['7030915', {}],
    ['0556601', {}],
    ['5566014', { validateNum: '000000' }],
    ['5566014', { name: '' }],
  ];
  for (const [number, extra] of cases) {
    const { mobile, reply } = await order(number, extra);
    t.equal(Failure3.parse(reply).code, '-1', `${number} ${JSON.stringify(extra)}`);
    t.equal(await loginCode(mobile), '3', 'no account was made');
  }
  const { mobile } = await order('5566014');
  const again = await order('5566015', {}, mobile);
  t.equal(Failure3.parse(again.reply).code, '-1', 'the phone has an account');
  const orders = await app.platform.pool.query('select 1 from recharge_orders where amount = 18800');
  t.equal(orders.rowCount, 4, 'orders only for the four registrations made');
});
