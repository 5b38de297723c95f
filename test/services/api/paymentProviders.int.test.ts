// The real providers' callbacks over /v1 with keys generated here: a genuine notification pays
// once, a forged one moves nothing, and one provider transaction never pays two orders.
import { createServer } from 'node:http';
import t from 'tap';
import { build } from '../../support/app.js';
import { api, codeOf, users, type Member } from '../../support/groups.js';
import { auditClean, balance } from '../../support/money.js';
import { providerSetup } from '../../support/providerOrders.js';
import { alipayForm, rsaKeys, wechatNotice } from '../../support/providers.js';

const { alipay, wechat, apiV3Key, env } = await providerSetup(t, 'v'.repeat(32));
const forger = rsaKeys();

// The fake App Store: answers verifyReceipt from the receipts the test registers.
const receipts = new Map<string, object>();
let appleCalls = 0;
const apple = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    appleCalls++;
    const asked = JSON.parse(body) as { 'receipt-data': string; password: string };
    const answer = asked.password === 'apple-shared-secret' ? (receipts.get(asked['receipt-data']) ?? { status: 21002 }) : { status: 21004 };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer));
  });
});
await new Promise<void>((ok) => apple.listen(0, '127.0.0.1', ok));
t.teardown(() => apple.close());
const applePort = (apple.address() as { port: number }).port;

const app = await build(t, {
  ...env,
  APPLE_IAP_VERIFY_URL: `http://127.0.0.1:${applePort}/verifyReceipt`,
  APPLE_IAP_SHARED_SECRET: 'apple-shared-secret',
  APPLE_IAP_BUNDLE_ID: 'com.example.rooms',
  APPLE_IAP_PRODUCTS: JSON.stringify({ coins_60: { asset: 'coins', amount: 60 } }),
});
const call = api(app);
const [ann, bob] = (await users(app, 2)) as [Member, Member];
// Each order is created at the provider whose notification pays it.
const order = async (u: Member, amount: number, provider: 'alipay' | 'wechat' | 'apple', asset = 'cash') => String((await call('POST', '/recharge-orders', u, { amount, asset, provider })).body['orderId']);

const postAlipay = (form: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/v1/payments/alipay/notify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
const postWechat = (n: { body: string; headers: Record<string, string> }) =>
  app.inject({ method: 'POST', url: '/v1/payments/wechat/notify', headers: { 'content-type': 'application/json', ...n.headers }, payload: n.body });

t.test('Alipay', async (t) => {
  const orderId = await order(ann, 8_880, 'alipay');
  const trade = { app_id: 'app-under-test', out_trade_no: orderId, trade_no: 'A2026-1', total_amount: '88.80', trade_status: 'TRADE_SUCCESS' };
  await t.test('given a forged or altered notification, then 401 and nothing is credited', async (t) => {
    const forged = await postAlipay(alipayForm(forger, trade));
    t.same([forged.status, forged.json<{ error: { code: string } }>().error.code], [401, 'UNAUTHENTICATED']);
    t.equal((await postAlipay({ ...alipayForm(alipay, trade), total_amount: '888.00' })).status, 401);
    t.equal(await balance(app, ann), 0);
    t.match((await call('GET', `/recharge-orders/${orderId}`, ann)).body, { status: 'pending' });
  });
  await t.test('given Alipay’s signed notification, then the order pays once, however often it comes', async (t) => {
    const r = await postAlipay(alipayForm(alipay, trade));
    t.same([r.status, r.text], [200, 'success'], 'the bare text Alipay expects');
    t.equal((await postAlipay(alipayForm(alipay, trade))).text, 'success');
    t.equal(await balance(app, ann), 8_880);
    t.match((await call('GET', `/recharge-orders/${orderId}`, ann)).body, { status: 'paid' });
  });
  await t.test('given the same trade claimed for another order, then refused and nothing is credited', async (t) => {
    const other = await order(bob, 8_880, 'alipay');
    const r = await postAlipay(alipayForm(alipay, { ...trade, out_trade_no: other }));
    t.same([r.status, r.json<{ error: { code: string } }>().error.code], [409, 'CONFLICT']);
    t.equal(await balance(app, bob), 0);
  });
  await t.test('a trade still waiting for the buyer settles nothing; a wrong amount is AMOUNT_MISMATCH', async (t) => {
    const o = await order(bob, 100, 'alipay');
    t.equal((await postAlipay(alipayForm(alipay, { ...trade, out_trade_no: o, trade_no: 'A2026-2', total_amount: '1.00', trade_status: 'WAIT_BUYER_PAY' }))).text, 'success');
    const wrong = await postAlipay(alipayForm(alipay, { ...trade, out_trade_no: o, trade_no: 'A2026-2', total_amount: '2.00' }));
    t.equal(wrong.json<{ error: { code: string } }>().error.code, 'AMOUNT_MISMATCH');
    t.equal(await balance(app, bob), 0);
  });
});

t.test('WeChat Pay v3', async (t) => {
  const orderId = await order(bob, 2_500, 'wechat');
  const tx = { out_trade_no: orderId, transaction_id: 'W42000-1', trade_state: 'SUCCESS', amount: { total: 2_500, currency: 'CNY' } };
  await t.test('given a body signed by someone else, or changed after signing, then 401 and nothing moves', async (t) => {
    t.equal((await postWechat(wechatNotice(forger, apiV3Key, tx, new Date()))).status, 401);
    const genuine = wechatNotice(wechat, apiV3Key, tx, new Date());
    t.equal((await postWechat({ ...genuine, body: genuine.body.replace('TRANSACTION.SUCCESS', 'TRANSACTION.SUCCESS ') })).status, 401);
    t.equal(await balance(app, bob), 0);
  });
  await t.test('given WeChat Pay’s signed notification, then the order pays once', async (t) => {
    const n = wechatNotice(wechat, apiV3Key, tx, new Date());
    const r = await postWechat(n);
    t.same([r.status, r.json()], [200, { code: 'SUCCESS' }]);
    t.equal((await postWechat(n)).status, 200, 'a redelivery is acknowledged');
    t.equal(await balance(app, bob), 2_500);
  });
  await t.test('given a closed trade, then the order fails and nothing is credited', async (t) => {
    const o = await order(bob, 900, 'wechat');
    t.equal((await postWechat(wechatNotice(wechat, apiV3Key, { ...tx, out_trade_no: o, transaction_id: 'W42000-2', trade_state: 'CLOSED', amount: { total: 900 } }, new Date()))).status, 200);
    t.match((await call('GET', `/recharge-orders/${o}`, bob)).body, { status: 'failed' });
    t.equal(await balance(app, bob), 2_500);
  });
});

t.test('Apple IAP', async (t) => {
  const orderId = await order(ann, 60, 'apple', 'coins');
  receipts.set('receipt-1', { status: 0, receipt: { bundle_id: 'com.example.rooms', in_app: [{ product_id: 'coins_60', transaction_id: 'T-1' }] } });
  await t.test('given a receipt Apple does not vouch for, then 403 and the order stays pending', async (t) => {
    const r = await call('POST', '/payments/apple/receipts', ann, { orderId, receipt: 'made-up', transactionId: 'T-1' });
    t.same([r.status, codeOf(r)], [403, 'FORBIDDEN']);
    t.equal(await balance(app, ann, 'coins'), 0);
  });
  await t.test('given Apple’s answer for the order’s product, then it pays once', async (t) => {
    const r = await call('POST', '/payments/apple/receipts', ann, { orderId, receipt: 'receipt-1', transactionId: 'T-1' });
    t.same([r.status, r.body], [200, { orderId, status: 'paid' }]);
    t.equal((await call('POST', '/payments/apple/receipts', ann, { orderId, receipt: 'receipt-1', transactionId: 'T-1' })).status, 200);
    t.equal(await balance(app, ann, 'coins'), 60);
  });
  await t.test('given the same transaction sent with a second order, then CONFLICT and no second credit', async (t) => {
    const second = await order(ann, 60, 'apple', 'coins');
    t.equal(codeOf(await call('POST', '/payments/apple/receipts', ann, { orderId: second, receipt: 'receipt-1', transactionId: 'T-1' })), 'CONFLICT');
    t.equal(codeOf(await call('POST', '/payments/apple/receipts', bob, { orderId: second, receipt: 'receipt-1', transactionId: 'T-1' })), 'NOT_FOUND', 'nor for someone else’s order');
    t.equal(await balance(app, ann, 'coins'), 60);
    t.ok(appleCalls >= 3);
  });
});

t.test('audit verify closes', async (t) => {
  await auditClean(t, app, 'after provider payments');
});
