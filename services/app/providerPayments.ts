// The real payment providers beside the sandbox (recharge.ts): Alipay, WeChat Pay v3 and Apple
// IAP. Each adapter (services/payments/) verifies its provider's signature with keys from
// configuration and turns the callback into one provider-neutral notification; from there every
// provider takes the sandbox's path (settleNotification): ConfirmRechargePayment or
// FailRechargePayment once per (order, provider transaction, outcome), and one credit per order.
// Nothing is credited without a valid signature (or, for Apple, Apple's own answer), and one
// provider transaction pays at most one order (provider_transactions, migration 0045).
import { CodedError } from '../../domain/errors.js';
import { rechargeOrderDecider, rechargeOrderStream } from '../../domain/rechargeOrder.js';
import { verifyAlipayNotice } from '../payments/alipay.js';
import { httpAppleVerifier, judgeAppleAnswer, type AppleReceiptVerifier } from '../payments/appleIap.js';
import type { ProviderNotice, Verdict } from '../payments/notice.js';
import { verifyWechatPayNotice, type WechatPayHeaders } from '../payments/wechatPay.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import type { Core } from './core.js';
import { settleNotification } from './recharge.js';

type Provider = 'alipay' | 'wechat' | 'apple';

/** The first order to name a provider transaction keeps it; another order naming it is refused. */
const claimTransaction = async (core: Core, provider: Provider, n: ProviderNotice): Promise<void> => {
  await core.pool.query('insert into provider_transactions (provider, provider_tx_id, order_id) values ($1, $2, $3) on conflict do nothing', [provider, n.providerTxId, n.orderId]);
  const r = await core.pool.query<{ order_id: string }>('select order_id from provider_transactions where provider = $1 and provider_tx_id = $2', [provider, n.providerTxId]);
  if (r.rows[0]?.order_id !== n.orderId) throw new CodedError('CONFLICT', 'this provider transaction paid another order', { providerTxId: n.providerTxId });
};

const settle = async (core: Core, provider: Provider, v: Verdict, correlationId?: string) => {
  if (!v.ok) {
    core.log.warn({ provider, reason: v.reason }, 'payment notification refused');
    // Apple's refusal answers a signed-in user: 403, since a 401 would sign the app out.
    throw new CodedError(provider === 'apple' ? 'FORBIDDEN' : 'UNAUTHENTICATED', `${provider} notification refused: ${v.reason}`);
  }
  if (!v.notice) return { settled: false, orderId: null };
  await claimTransaction(core, provider, v.notice);
  await settleNotification(core, { ...v.notice, provider }, correlationId);
  return { settled: true, orderId: v.notice.orderId };
};

/** Alipay's form notification; answers what Alipay expects (`success`) once settled or nothing to do. */
export const alipayNotify = async (core: Core, params: Readonly<Record<string, string>>, correlationId?: string): Promise<'success'> => {
  const publicKey = core.config.ALIPAY_PUBLIC_KEY;
  if (!publicKey) throw notFound('payment provider alipay');
  await settle(core, 'alipay', verifyAlipayNotice({ publicKey, appId: core.config.ALIPAY_APP_ID }, params), correlationId);
  return 'success';
};

/** WeChat Pay v3's notification, its body exactly as received. */
export const wechatPayNotify = async (core: Core, headers: WechatPayHeaders, rawBody: string, correlationId?: string) => {
  const { WECHATPAY_PLATFORM_PUBLIC_KEY: publicKey, WECHATPAY_APIV3_KEY: apiV3Key, WECHATPAY_MAX_SKEW_SECONDS: maxSkewSeconds } = core.config;
  if (!publicKey || !apiV3Key) throw notFound('payment provider wechat');
  await settle(core, 'wechat', verifyWechatPayNotice({ publicKey, apiV3Key, maxSkewSeconds }, headers, rawBody, core.clock()), correlationId);
  return { code: 'SUCCESS' as const };
};

/**
 * The app's receipt for one of the caller's pending orders. `verifier` is the port to Apple
 * (APPLE_IAP_VERIFY_URL by default). Apple's refusal moves nothing and leaves the order pending.
 */
export const verifyAppleReceipt = async (core: Core, caller: Caller, input: { orderId: string; receipt: string; transactionId: string }, verifier?: AppleReceiptVerifier) => {
  const { APPLE_IAP_SHARED_SECRET: secret, APPLE_IAP_BUNDLE_ID: bundleId, APPLE_IAP_PRODUCTS: products, APPLE_IAP_VERIFY_URL: url } = core.config;
  if (!secret || !bundleId || !products) throw notFound('payment provider apple');
  const order = (await core.bus.load(rechargeOrderDecider, rechargeOrderStream(input.orderId))).state;
  if (order.status === 'absent' || order.userId !== requireUser(caller).userId) throw notFound('recharge order');
  if (order.status !== 'pending' && order.status !== 'paid') throw new CodedError('ORDER_SETTLED', `a ${order.status} order takes no payment`, { orderId: input.orderId });
  const answer = await (verifier ?? httpAppleVerifier(url, secret))(input.receipt);
  const expectation = { bundleId, products, order: { orderId: order.orderId, asset: order.asset, amount: order.amount }, transactionId: input.transactionId };
  await settle(core, 'apple', judgeAppleAnswer(answer, expectation));
  const after = (await core.bus.load(rechargeOrderDecider, rechargeOrderStream(input.orderId))).state;
  return { orderId: input.orderId, status: after.status === 'absent' ? ('pending' as const) : after.status };
};
