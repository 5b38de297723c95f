// The provider adapters alone: each accepts its provider's genuine signature and nothing else,
// and maps the callback to one provider-neutral notification.
import t from 'tap';
import { verifyAlipayNotice } from '../../../services/payments/alipay.js';
import { judgeAppleAnswer } from '../../../services/payments/appleIap.js';
import { fenOf } from '../../../services/payments/notice.js';
import { verifyWechatPayNotice } from '../../../services/payments/wechatPay.js';
import { alipayForm, rsaKeys, wechatNotice } from '../../support/providers.js';

const alipay = rsaKeys();
const wechat = rsaKeys();
const forger = rsaKeys();
const apiV3Key = 'k'.repeat(32);
const now = new Date('2026-12-05T06:00:00Z');
const trade = { app_id: 'app1', out_trade_no: 'o1', trade_no: '2026120522001', total_amount: '88.80', trade_status: 'TRADE_SUCCESS' };

t.test('fen from yuan, exactly', async (t) => {
  t.equal(fenOf('88.8'), 8880);
  t.equal(fenOf('0.01'), 1);
  t.equal(fenOf('100'), 10000);
  for (const bad of ['1.001', '-1', '1e3', '', '.5']) t.equal(fenOf(bad), null, bad);
});

t.test('Alipay: given a notification signed with Alipay’s key, then it pays the order once by its trade', async (t) => {
  const v = verifyAlipayNotice({ publicKey: alipay.publicPem, appId: 'app1' }, alipayForm(alipay, trade));
  t.same(v, { ok: true, notice: { orderId: 'o1', providerTxId: 'alipay-2026120522001', amount: 8880, status: 'success' } });
  const closed = verifyAlipayNotice({ publicKey: alipay.publicPem }, alipayForm(alipay, { ...trade, trade_status: 'TRADE_CLOSED' }));
  t.match(closed, { ok: true, notice: { status: 'failed' } });
  t.same(verifyAlipayNotice({ publicKey: alipay.publicPem }, alipayForm(alipay, { ...trade, trade_status: 'WAIT_BUYER_PAY' })), { ok: true, notice: null });
});

t.test('Alipay: given a forged or altered notification, then it is refused', async (t) => {
  const keys = { publicKey: alipay.publicPem, appId: 'app1' };
  t.match(verifyAlipayNotice(keys, alipayForm(forger, trade)), { ok: false });
  t.match(verifyAlipayNotice(keys, { ...alipayForm(alipay, trade), total_amount: '8880.00' }), { ok: false }, 'a changed amount breaks the signature');
  t.match(verifyAlipayNotice(keys, { ...alipayForm(alipay, trade), sign_type: 'RSA' }), { ok: false });
  t.match(verifyAlipayNotice(keys, alipayForm(alipay, { ...trade, app_id: 'other' })), { ok: false, reason: 'notification for another app' });
  const { sign: _s, ...unsigned } = alipayForm(alipay, trade);
  t.match(verifyAlipayNotice(keys, unsigned), { ok: false });
});

t.test('WeChat Pay: given a body signed with the platform key, then the decrypted transaction settles', async (t) => {
  const keys = { publicKey: wechat.publicPem, apiV3Key, maxSkewSeconds: 300 };
  const tx = { out_trade_no: 'o1', transaction_id: '4200001', trade_state: 'SUCCESS', amount: { total: 8880, currency: 'CNY' } };
  const n = wechatNotice(wechat, apiV3Key, tx, now);
  const h = { timestamp: n.headers['wechatpay-timestamp'], nonce: n.headers['wechatpay-nonce'], signature: n.headers['wechatpay-signature'] };
  t.same(verifyWechatPayNotice(keys, h, n.body, now), { ok: true, notice: { orderId: 'o1', providerTxId: 'wechat-4200001', amount: 8880, status: 'success' } });
  t.match(verifyWechatPayNotice(keys, h, n.body.replace('"id":"', '"id":"x'), now), { ok: false, reason: 'bad signature' }, 'one changed byte');
  t.match(verifyWechatPayNotice(keys, h, n.body, new Date(now.getTime() + 301_000)), { ok: false }, 'a replay after the window');
  const forged = wechatNotice(forger, apiV3Key, tx, now);
  const fh = { timestamp: forged.headers['wechatpay-timestamp'], nonce: forged.headers['wechatpay-nonce'], signature: forged.headers['wechatpay-signature'] };
  t.match(verifyWechatPayNotice(keys, fh, forged.body, now), { ok: false });
  t.match(verifyWechatPayNotice(keys, {}, n.body, now), { ok: false, reason: 'missing signature headers' });
  const wrongKey = wechatNotice(wechat, 'x'.repeat(32), tx, now);
  const wh = { timestamp: wrongKey.headers['wechatpay-timestamp'], nonce: wrongKey.headers['wechatpay-nonce'], signature: wrongKey.headers['wechatpay-signature'] };
  t.match(verifyWechatPayNotice(keys, wh, wrongKey.body, now), { ok: false, reason: 'unreadable resource' }, 'a resource under another APIv3 key');
});

t.test('Apple: a receipt pays only with status 0, our bundle, the named transaction and a product worth the order', async (t) => {
  const x = { bundleId: 'com.example.app', products: { coins_60: { asset: 'coins', amount: 60 } }, order: { orderId: 'o1', asset: 'coins', amount: 60 }, transactionId: 't1' };
  const answer = { status: 0, receipt: { bundle_id: 'com.example.app', in_app: [{ product_id: 'coins_60', transaction_id: 't1' }] } };
  t.same(judgeAppleAnswer(answer, x), { ok: true, notice: { orderId: 'o1', providerTxId: 'apple-t1', amount: 60, status: 'success' } });
  t.match(judgeAppleAnswer({ ...answer, status: 21003 }, x), { ok: false });
  t.match(judgeAppleAnswer({ ...answer, receipt: { ...answer.receipt, bundle_id: 'other' } }, x), { ok: false });
  t.match(judgeAppleAnswer(answer, { ...x, transactionId: 't2' }), { ok: false });
  t.match(judgeAppleAnswer(answer, { ...x, order: { ...x.order, amount: 600 } }), { ok: false });
  t.match(judgeAppleAnswer('nonsense', x), { ok: false });
});
