// A provider this server has no keys for takes no order (#22): POST /v1/recharge-orders and
// /v1/auth/number-registrations naming it, and the 003 facade's alipay / wxpay types, are refused
// with PAYMENT_PROVIDER_UNAVAILABLE (409; -1 in the app's envelope) and create nothing: no order,
// no account, no call out. Never a silent fall back to the sandbox.
import t from 'tap';
import { Failure3 } from '../../../contracts/apps/imWallet.js';
import { build } from '../../support/app.js';
import { api, codeOf, users, type Member } from '../../support/groups.js';
import { imInject, md5, newMobile, signUp, smsCode } from '../../support/imWallet.js';

// Dev mode (the sandbox is there) and no provider keys at all.
const app = await build(t, { SMS_RESEND_SECONDS: '1' });
const call = api(app);
const [ann] = (await users(app, 1)) as [Member];
const send = imInject(app.inject, 'im-groups-wallet');
const bob = await signUp(send, 'im-groups-wallet', 'bob');
const count = async (sql: string) => Number((await app.platform.pool.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
const orders = () => count("select count(*) as n from es_events where type = 'RechargeOrderCreated'");
const accounts = () => count('select count(*) as n from users');

t.test('given no Alipay or WeChat keys, when /v1 asks for an order there, then PAYMENT_PROVIDER_UNAVAILABLE and nothing is created', async (t) => {
  const before = await orders();
  for (const provider of ['alipay', 'wechat', 'apple']) {
    const r = await call('POST', '/recharge-orders', ann, { amount: 100, provider });
    t.same([r.status, codeOf(r)], [409, 'PAYMENT_PROVIDER_UNAVAILABLE'], provider);
    t.match(r.body, { error: { details: { provider } } });
  }
  t.equal(await orders(), before);
  t.equal((await call('POST', '/recharge-orders', ann, { amount: 100, provider: 'sandbox' })).status, 201, 'the sandbox, in dev mode');
});

t.test('given no keys, when the 003 app orders with type alipay or wxpay, then -1 and no order', async (t) => {
  const before = await orders();
  for (const type of ['alipay', 'wxpay']) {
    const r = await send('/wallet/createRechargeOrder', { userId: bob.userId, amount: '1.00', body: 'b', subject: 's', type, orderType: 1 }, bob.token);
    t.same([r.status, Failure3.parse(r.body).code], [200, '-1'], type);
    t.equal(Failure3.parse((await send('/wallet/recharge', { userId: bob.userId, amount: '1.00', type }, bob.token)).body).code, '-1');
  }
  t.equal(await orders(), before);
});

t.test('given no keys, when someone registers for a number paying by alipay or wxpay, then refused before any account is made', async (t) => {
  const [before, ordersBefore] = [await accounts(), await orders()];
  const phone = '+8613912340001';
  await app.inject({ method: 'POST', url: '/v1/auth/sms-codes', payload: { phone } });
  const code = app.platform.core.devSms?.latest(phone) ?? '';
  const r = await app.inject({ method: 'POST', url: '/v1/auth/number-registrations', payload: { phone, code, password: 'secret-1', displayNumber: '5566017', provider: 'alipay' } });
  t.same([r.status, r.json<{ error: { code: string } }>().error.code], [409, 'PAYMENT_PROVIDER_UNAVAILABLE']);
  const mobile = newMobile();
  await new Promise((ok) => setTimeout(ok, 1100));
  const validateNum = await smsCode(send, 'im-groups-wallet', mobile);
  const seed = await send('/pay/createNumberOrder', { userId: '0', number: '5566018', mobile, pwd: md5('secret-1'), validateNum, name: 'vip', amount: '188.00', type: 'wxpay', sessid: '', body: 'n', subject: 'n' });
  t.equal(Failure3.parse(seed.body).code, '-1');
  t.same([await accounts(), await orders()], [before, ordersBefore]);
});
