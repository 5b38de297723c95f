// 003's payment orders at the provider its `type` names (#22): `createRechargeOrder`, `recharge`
// and the registering `createNumberOrder` with `alipay` answer Alipay's signed order string, with
// `wxpay` WeChat's signed PayReq around a prepay id created at (a local fake of) WeChat Pay; the
// provider's own notification pays, through the facade's notify paths; a bad `type` is -1 with
// nothing created; `audit verify` closes.
import { verify } from 'node:crypto';
import t from 'tap';
import { z } from 'zod';
import { Failure3, Ok3, Yuan3 } from '../../../contracts/apps/imWallet.js';
import { AlipayPayOrder3, WxPayOrder3, WxPayReq3 } from '../../../contracts/apps/imWalletPayOrders.js';
import { build } from '../../support/app.js';
import { imInject, md5, newMobile, signUp, smsCode, type ImUser } from '../../support/imWallet.js';
import { auditClean } from '../../support/money.js';
import { providerSetup } from '../../support/providerOrders.js';
import { alipayForm, wechatNotice } from '../../support/providers.js';

const p = await providerSetup(t, 'x'.repeat(32), 'im-app');
const app = await build(t, { SMS_RESEND_SECONDS: '1', ...p.env });
const send = imInject(app.inject, 'im-groups-wallet');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ann = await signUp(send, 'im-groups-wallet', 'ann');
const call = (u: ImUser, path: string, params: Record<string, string | number> = {}) => send(path, { userId: u.userId, ...params }, u.token);
const balance = async (token: string) => Ok3(Yuan3).parse((await send('/wallet/getBalance', {}, token)).body).data;
const pool = app.platform.core.pool;
const orders = async () => Number((await pool.query<{ n: string }>("select count(*) as n from es_events where type = 'RechargeOrderCreated'")).rows[0]?.n);
const seedOrder = (type: string, amount: string) => ({ amount, body: '钱包充值', subject: '充值', type, orderType: 1 });

const alipayParams = (orderString: string) => {
  const params = Object.fromEntries(orderString.split('&').map((kv) => kv.split('=')).map(([k, v]) => [k ?? '', decodeURIComponent(v ?? '')]));
  const { sign, ...rest } = params;
  const signed = Object.keys(rest).sort().map((k) => `${k}=${rest[k] ?? ''}`).join('&');
  return { biz: JSON.parse(params['biz_content'] ?? '{}') as Record<string, string>, verifies: verify('sha256', Buffer.from(signed), p.alipayApp.publicPem, Buffer.from(sign ?? '', 'base64')) };
};
const payReqSigned = (r: z.output<typeof WxPayReq3>) => verify('sha256', Buffer.from(`${r.appid}\n${r.timestamp}\n${r.noncestr}\n${r.prepayid}\n`), p.merchant.publicPem, Buffer.from(r.sign, 'base64'));
const postWx = (orderId: string, fen: number, txId: string) => {
  const n = wechatNotice(p.wechat, p.apiV3Key, { out_trade_no: orderId, transaction_id: txId, trade_state: 'SUCCESS', amount: { total: fen } }, new Date());
  return app.inject({ method: 'POST', url: '/apps/im-groups-wallet/wallet/wxpayNotify', headers: { 'content-type': 'application/json', ...n.headers }, payload: n.body });
};

t.test('createRechargeOrder type alipay: the signed order string names the order and its yuan; Alipay’s notification pays it', async (t) => {
  const o = Ok3(AlipayPayOrder3).parse((await call(ann, '/wallet/createRechargeOrder', seedOrder('alipay', '88.80'))).body).data;
  const { biz, verifies } = alipayParams(o.orderString);
  t.ok(verifies, 'verifies with our application’s public key');
  t.same(biz, { out_trade_no: o.outTradeNo, total_amount: '88.80', subject: '充值', product_code: 'QUICK_MSECURITY_PAY' });
  const form = alipayForm(p.alipay, { app_id: 'im-app', out_trade_no: o.outTradeNo, trade_no: 'A-F1', total_amount: '88.80', trade_status: 'TRADE_SUCCESS' });
  const r = await app.inject({ method: 'POST', url: '/apps/im-groups-wallet/wallet/alipayNotify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
  t.same([r.status, r.text], [200, 'success']);
  t.equal(await balance(ann.token), '88.80');
  const cross = await postWx(o.outTradeNo, 8_880, 'W-F-cross');
  t.same([cross.status, cross.json<{ code: string }>().code], [400, 'FAIL'], 'WeChat’s notification for an Alipay order is refused');
  t.equal(await balance(ann.token), '88.80');
});

t.test('createRechargeOrder type wxpay: the prepay is created at WeChat Pay and the PayReq is signed; WeChat’s notification pays it', async (t) => {
  const before = p.fake.requests.length;
  const o = Ok3(WxPayOrder3).parse((await call(ann, '/wallet/createRechargeOrder', seedOrder('wxpay', '2.50'))).body).data;
  t.match(p.fake.requests.slice(before), [{ signedByMerchant: true, body: { out_trade_no: o.outTradeNo, amount: { total: 250 }, description: '充值' } }]);
  t.same(WxPayReq3.parse(JSON.parse(o.orderString)), { appid: o.appid, partnerid: o.partnerid, prepayid: o.prepayid, package: 'Sign=WXPay', noncestr: o.noncestr, timestamp: o.timestamp, sign: o.sign }, 'orderString is the PayReq');
  t.same([o.appid, o.partnerid, o.prepayid], ['wx-app-under-test', '1900000109', `wx-${o.outTradeNo}`]);
  t.ok(payReqSigned(o), 'signed by the merchant key');
  t.equal((await postWx(o.outTradeNo, 250, 'W-F2')).status, 200);
  t.equal(await balance(ann.token), '91.30');
});

t.test('recharge with a type answers its row with the PayOrder fields', async (t) => {
  const [row] = z.array(AlipayPayOrder3.extend({ id: z.string(), moneyType: z.string(), amount: Yuan3 })).parse((await call(ann, '/wallet/recharge', { amount: '1.00', type: 'alipay' })).body.data);
  t.equal(row?.id, row?.outTradeNo);
  t.same(alipayParams(row?.orderString ?? '').biz['total_amount'], '1.00');
});

t.test('given a type that is no provider, then -1 and no order', async (t) => {
  const before = await orders();
  for (const type of ['paypal', 'WXPAY', 'sandbox']) {
    const r = await call(ann, '/wallet/createRechargeOrder', seedOrder(type, '5.00'));
    t.equal(Failure3.parse(r.body).code, '-1', `type "${type}"`);
  }
  t.equal(await orders(), before);
});

t.test('createNumberOrder registering with type wxpay: the PayOrder carries the PayReq; WeChat’s notification pays and the number is bought', async (t) => {
  const mobile = newMobile();
  await sleep(1100);
  const validateNum = await smsCode(send, 'im-groups-wallet', mobile);
  const reg = { userId: '0', number: '7788001', mobile, pwd: md5('secret-1'), validateNum, name: 'vip', amount: '188.00', sessid: '', body: 'number', subject: '靓号' };
  const bad = await send('/pay/createNumberOrder', { ...reg, type: 'bank' });
  t.equal(Failure3.parse(bad.body).code, '-1', 'a bad type');
  t.equal((await send('/chat/doLogin', { mobie: mobile, pwd: md5('secret-1'), device: 1 })).body.code, '3', 'and no account was made');
  const o = Ok3(WxPayOrder3.extend({ num: z.string(), amount: Yuan3, token: z.string(), userId: z.string() })).parse((await send('/pay/createNumberOrder', { ...reg, type: 'wxpay' })).body).data;
  t.ok(payReqSigned(o));
  t.equal(p.fake.requests.at(-1)?.body.amount.total, 18_800, 'the listed price, at WeChat');
  t.equal((await send('/pay/checkNumber', { number: '7788001', sessid: '' }, o.token)).body.code, '-1');
  t.equal((await postWx(o.outTradeNo, 18_800, 'W-F3')).status, 200);
  t.equal((await send('/pay/checkNumber', { number: '7788001', sessid: '' }, o.token)).body.code, '1');
});

t.test('audit verify closes', async (t) => {
  await auditClean(t, app, 'after 003 provider orders');
});
