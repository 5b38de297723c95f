// POST /v1/recharge-orders at the provider the client names (#22), with keys generated here: an
// Alipay order string signed by our application's key that names the order and its amount in yuan
// exactly; WeChat Pay's prepay created at a local fake (the request signed by the merchant key, the
// answer by the platform key) and the app's PayReq signed; only the order's own provider's
// notification pays it; a keyed retry creates one order; `audit verify` closes.
import { verify } from 'node:crypto';
import t from 'tap';
import { build } from '../../support/app.js';
import { api, codeOf, users, type Member } from '../../support/groups.js';
import { auditClean, balance } from '../../support/money.js';
import { providerSetup } from '../../support/providerOrders.js';
import { alipayForm, wechatNotice } from '../../support/providers.js';

const p = await providerSetup(t);
const app = await build(t, p.env);
const call = api(app);
const [ann, bob] = (await users(app, 2)) as [Member, Member];
const pool = app.platform.core.pool;
const ordersOf = async (u: Member) => Number((await pool.query<{ n: string }>("select count(*) as n from es_events where type = 'RechargeOrderCreated' and data->>'userId' = $1", [u.userId])).rows[0]?.n);

type Pay = Record<string, string>;
const create = async (u: Member, body: object, headers: Record<string, string> = {}) => call('POST', '/recharge-orders', u, body, headers);
const payOf = (r: { body: Record<string, unknown> }) => r.body['pay'] as Pay;
const postAlipay = (form: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/v1/payments/alipay/notify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
const postWechat = (n: { body: string; headers: Record<string, string> }) =>
  app.inject({ method: 'POST', url: '/v1/payments/wechat/notify', headers: { 'content-type': 'application/json', ...n.headers }, payload: n.body });

/** The order string's parameters, decoded, and whether `sign` verifies with our application's public key over the rest. */
const readOrderString = (orderString: string) => {
  const params = Object.fromEntries(orderString.split('&').map((kv) => kv.split('=')).map(([k, v]) => [k ?? '', decodeURIComponent(v ?? '')]));
  const { sign, ...rest } = params;
  const signed = Object.keys(rest).sort().map((k) => `${k}=${rest[k] ?? ''}`).join('&');
  return { params, verifies: verify('sha256', Buffer.from(signed), p.alipayApp.publicPem, Buffer.from(sign ?? '', 'base64')) };
};

t.test('Alipay', async (t) => {
  await t.test('given an order at alipay, then its order string is signed by our key and names the order and its yuan exactly', async (t) => {
    const r = await create(ann, { amount: 8_880, provider: 'alipay', subject: '充值' });
    t.equal(r.status, 201);
    t.match(r.body, { status: 'pending', provider: 'alipay', pay: { provider: 'alipay' } });
    t.notOk('payUrl' in r.body, 'no sandbox URL');
    const { params, verifies } = readOrderString(payOf(r)['orderString'] ?? '');
    t.ok(verifies, 'RSA2 over the sorted parameters verifies with the public key');
    t.match(params, { app_id: 'app-under-test', method: 'alipay.trade.app.pay', sign_type: 'RSA2', charset: 'utf-8', notify_url: 'https://rooms.example.com/v1/payments/alipay/notify' });
    t.same(JSON.parse(params['biz_content'] ?? '{}'), { out_trade_no: r.body['orderId'], total_amount: '88.80', subject: '充值', product_code: 'QUICK_MSECURITY_PAY' });
    const altered = readOrderString((payOf(r)['orderString'] ?? '').replace('88.80', '88.81'));
    t.notOk(altered.verifies, 'an altered amount no longer verifies');
  });
  await t.test('amounts are yuan to the fen, never floats', async (t) => {
    for (const [fen, yuan] of [[1, '0.01'], [10, '0.10'], [100_000, '1000.00'], [123_456_789, '1234567.89']] as const) {
      const { params } = readOrderString(payOf(await create(bob, { amount: fen, provider: 'alipay' }))['orderString'] ?? '');
      t.equal((JSON.parse(params['biz_content'] ?? '{}') as { total_amount: string; subject: string }).total_amount, yuan);
    }
  });
  await t.test('given Alipay’s notification, then it pays; WeChat’s or the sandbox’s for the same order are refused and credit nothing', async (t) => {
    const r = await create(ann, { amount: 500, provider: 'alipay' });
    const orderId = String(r.body['orderId']);
    const wx = await postWechat(wechatNotice(p.wechat, p.apiV3Key, { out_trade_no: orderId, transaction_id: 'W-X1', trade_state: 'SUCCESS', amount: { total: 500 } }, new Date()));
    t.same([wx.status, wx.json<{ error: { code: string } }>().error.code], [409, 'PAYMENT_PROVIDER_MISMATCH']);
    const sandbox = await app.inject({ method: 'POST', url: `/v1/dev/payments/${orderId}/succeed` });
    t.match(sandbox.json(), { callbackStatus: 409 });
    t.equal(await balance(app, ann), 0);
    const ok = await postAlipay(alipayForm(p.alipay, { app_id: 'app-under-test', out_trade_no: orderId, trade_no: 'A-P1', total_amount: '5.00', trade_status: 'TRADE_SUCCESS' }));
    t.same([ok.status, ok.text], [200, 'success']);
    t.equal(await balance(app, ann), 500);
    t.match((await call('GET', `/recharge-orders/${orderId}`, ann)).body, { status: 'paid', provider: 'alipay' }, 'the read model names its provider');
  });
});

t.test('WeChat Pay', async (t) => {
  await t.test('given an order at wechat, then the prepay is created at WeChat Pay with a signed request and the app’s PayReq is signed', async (t) => {
    const before = p.fake.requests.length;
    const r = await create(bob, { amount: 2_500, provider: 'wechat', subject: 'coins' });
    t.equal(r.status, 201);
    const orderId = String(r.body['orderId']);
    const sent = p.fake.requests.slice(before);
    t.equal(sent.length, 1, 'one call to WeChat Pay');
    t.match(sent[0], { path: '/v3/pay/transactions/app', signedByMerchant: true, body: { appid: 'wx-app-under-test', mchid: '1900000109', description: 'coins', out_trade_no: orderId, notify_url: 'https://rooms.example.com/v1/payments/wechat/notify', amount: { total: 2_500, currency: 'CNY' } } });
    t.match(sent[0]?.authorization, /^WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="\w+",signature="[^"]+",timestamp="\d+",serial_no="MERCHANT-SERIAL-1"$/);
    const pay = payOf(r);
    t.match(pay, { provider: 'wechat', appid: 'wx-app-under-test', partnerid: '1900000109', prepayid: `wx-${orderId}`, package: 'Sign=WXPay' });
    const message = `${pay['appid']}\n${pay['timestamp']}\n${pay['noncestr']}\n${pay['prepayid']}\n`;
    t.ok(verify('sha256', Buffer.from(message), p.merchant.publicPem, Buffer.from(pay['sign'] ?? '', 'base64')), 'signed by the merchant key');
    t.notOk(verify('sha256', Buffer.from(message.replace(String(pay['prepayid']), 'wx-other')), p.merchant.publicPem, Buffer.from(pay['sign'] ?? '', 'base64')));
    t.equal(Math.abs(Number(pay['timestamp']) - Date.now() / 1000) < 60, true, 'timestamp in seconds');
  });
  await t.test('given WeChat’s notification, then it pays once; Alipay’s for the same order is refused', async (t) => {
    const orderId = String((await create(bob, { amount: 700, provider: 'wechat' })).body['orderId']);
    const ali = await postAlipay(alipayForm(p.alipay, { app_id: 'app-under-test', out_trade_no: orderId, trade_no: 'A-X2', total_amount: '7.00', trade_status: 'TRADE_SUCCESS' }));
    t.same([ali.status, ali.json<{ error: { code: string } }>().error.code], [409, 'PAYMENT_PROVIDER_MISMATCH']);
    const n = wechatNotice(p.wechat, p.apiV3Key, { out_trade_no: orderId, transaction_id: 'W-P2', trade_state: 'SUCCESS', amount: { total: 700 } }, new Date());
    t.same(await Promise.all([postWechat(n), postWechat(n)]).then((rs) => rs.map((x) => x.status)), [200, 200], 'twice at once');
    t.equal(await balance(app, bob), 700);
  });
  await t.test('given WeChat’s answer without the platform’s signature, then 502 and the client pays nothing; a retry with the same key asks again for the same order', async (t) => {
    const key = { 'idempotency-key': 'wx-retry-1' };
    p.fake.mode.signAnswer = false;
    const failed = await create(ann, { amount: 300, provider: 'wechat' }, key);
    t.same([failed.status, codeOf(failed)], [502, 'PAYMENT_PROVIDER_FAILED']);
    p.fake.mode.signAnswer = true;
    const before = await ordersOf(ann);
    const again = await create(ann, { amount: 300, provider: 'wechat' }, key);
    t.equal(again.status, 201);
    t.equal(await ordersOf(ann), before, 'the same order, asked again');
    t.equal(p.fake.requests.at(-1)?.body.out_trade_no, again.body['orderId']);
    p.fake.mode.status = 400;
    t.equal(codeOf(await create(ann, { amount: 300, provider: 'wechat' })), 'PAYMENT_PROVIDER_FAILED', 'a refusal by WeChat');
    p.fake.mode.status = 200;
  });
});

t.test('refusals change nothing', async (t) => {
  const before = await ordersOf(bob);
  t.equal(codeOf(await create(bob, { amount: 60, provider: 'apple', asset: 'coins' })), 'PAYMENT_PROVIDER_UNAVAILABLE', 'Apple is not configured here');
  t.equal(codeOf(await create(bob, { amount: 100, provider: 'paypal' })), 'VALIDATION_FAILED');
  t.equal(codeOf(await create(bob, { amount: 100, provider: 'alipay', asset: 'coins' })), 'VALIDATION_FAILED', 'Alipay takes yuan');
  t.equal(codeOf(await create(bob, { amount: 100, provider: 'alipay', subject: 'a\u0000b' })), 'VALIDATION_FAILED');
  t.equal(await ordersOf(bob), before);
});

t.test('given a keyed retry and a concurrent double click, then one order each', async (t) => {
  const before = await ordersOf(bob);
  const key = { 'idempotency-key': 'ali-once' };
  const [a, b] = await Promise.all([create(bob, { amount: 900, provider: 'alipay' }, key), create(bob, { amount: 900, provider: 'alipay' }, key)]);
  t.equal(a.body['orderId'], b.body['orderId']);
  t.equal(await ordersOf(bob), before + 1);
});

t.test('the sandbox without a provider named, in dev mode, as before', async (t) => {
  const r = await create(ann, { amount: 100 });
  t.match(r.body, { provider: 'sandbox', payUrl: `/v1/dev/payments/${String(r.body['orderId'])}/succeed`, pay: { provider: 'sandbox' } });
  t.match((await call('GET', `/recharge-orders/${String(r.body['orderId'])}`, ann)).body, { status: 'pending', provider: 'sandbox' });
});

t.test('the OpenAPI document names the providers and what each answers', async (t) => {
  const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).text;
  for (const s of ['"alipay"', '"wechat"', 'orderString', 'prepayid', 'Sign=WXPay']) t.ok(doc.includes(s), s);
});

t.test('audit verify closes', async (t) => {
  await auditClean(t, app, 'after provider orders');
});
