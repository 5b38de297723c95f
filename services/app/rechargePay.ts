// Where a recharge order is paid (issue #22): the client names the provider, the order is created
// at that provider, and the answer is what the client needs to pay there. Keys come from
// configuration only; a provider without its keys takes no orders (PAYMENT_PROVIDER_UNAVAILABLE,
// nothing created), the sandbox only in dev mode. The money still arrives only through the
// provider's verified notification (recharge.ts settleNotification; providerPayments.ts), and only
// the order's own provider's (the domain refuses another's: PAYMENT_PROVIDER_MISMATCH).
//
// - sandbox: `payUrl`, the dev route that sends the sandbox's signed notification;
// - alipay: `orderString`, the signed app-pay order string for Alipay's SDK (no call to Alipay);
// - wechat: the app's PayReq parameters, signed, around a prepay id WeChat Pay v3 creates for the
//   order (an outbound call; WeChat answers the same prepay id when asked again for one order);
// - apple: `productId`, the App Store product worth the order (the app buys it with StoreKit and
//   sends the receipt to POST /v1/payments/apple/receipts).
import { CodedError } from '../../domain/errors.js';
import type { PaymentProvider } from '../../domain/rechargeOrder.js';
import { alipayAppOrderString } from '../payments/alipayOrders.js';
import { createWechatAppPrepay, type WechatAppPayParams } from '../payments/wechatPayOrders.js';
import { assetRules } from './assets.js';
import type { Core } from './core.js';

/** The providers a client may create an order at. */
export const orderProviders = ['sandbox', 'alipay', 'wechat', 'apple'] as const satisfies readonly PaymentProvider[];
export type OrderProvider = (typeof orderProviders)[number];

export type PayParams =
  | { provider: 'sandbox'; payUrl: string }
  | { provider: 'alipay'; orderString: string }
  | ({ provider: 'wechat' } & WechatAppPayParams)
  | { provider: 'apple'; productId: string };

export interface OrderToPay {
  orderId: string;
  asset: string;
  amount: number;
  provider: OrderProvider;
  subject: string;
}

type Config = Core['config'];

const notifyUrl = (c: Config, given: string | undefined, path: string): string | null => given ?? (c.PUBLIC_HTTP_URL ? `${c.PUBLIC_HTTP_URL.replace(/\/$/, '')}${path}` : null);

const alipayKeys = (c: Config) => {
  const url = notifyUrl(c, c.ALIPAY_NOTIFY_URL, '/v1/payments/alipay/notify');
  // The public key too: an order whose notification could not be verified could never be paid.
  return c.ALIPAY_APP_ID && c.ALIPAY_PRIVATE_KEY && c.ALIPAY_PUBLIC_KEY && url ? { appId: c.ALIPAY_APP_ID, privateKey: c.ALIPAY_PRIVATE_KEY, notifyUrl: url } : null;
};

const wechatKeys = (c: Config) => {
  const url = notifyUrl(c, c.WECHATPAY_NOTIFY_URL, '/v1/payments/wechat/notify');
  const { WECHATPAY_APP_ID: appId, WECHATPAY_MCH_ID: mchId, WECHATPAY_MERCHANT_PRIVATE_KEY: merchantPrivateKey, WECHATPAY_MERCHANT_SERIAL_NO: merchantSerialNo } = c;
  const { WECHATPAY_PLATFORM_PUBLIC_KEY: platformPublicKey, WECHATPAY_APIV3_KEY: apiV3Key } = c;
  if (!appId || !mchId || !merchantPrivateKey || !merchantSerialNo || !platformPublicKey || !apiV3Key || !url) return null;
  return { baseUrl: c.WECHATPAY_API_BASE_URL, appId, mchId, merchantPrivateKey, merchantSerialNo, platformPublicKey, notifyUrl: url, maxSkewSeconds: c.WECHATPAY_MAX_SKEW_SECONDS };
};

/** The App Store product worth exactly this order, when Apple is configured. */
const appleProduct = (c: Config, asset: string, amount: number): string | null => {
  if (!c.APPLE_IAP_SHARED_SECRET || !c.APPLE_IAP_BUNDLE_ID || !c.APPLE_IAP_PRODUCTS) return null;
  return Object.entries(c.APPLE_IAP_PRODUCTS).find(([, p]) => p.asset === asset && p.amount === amount)?.[0] ?? null;
};

const configured = (c: Config, provider: OrderProvider): boolean => {
  switch (provider) {
    case 'sandbox':
      return c.DEV_MODE;
    case 'alipay':
      return alipayKeys(c) !== null;
    case 'wechat':
      return wechatKeys(c) !== null;
    case 'apple':
      return Boolean(c.APPLE_IAP_SHARED_SECRET && c.APPLE_IAP_BUNDLE_ID && c.APPLE_IAP_PRODUCTS);
    default: {
      const unknown: never = provider;
      return unknown;
    }
  }
};

/**
 * Refuses, before anything is created, an order this server cannot take at that provider: one not
 * configured; at Alipay or WeChat, an asset that is not counted in fen (they take yuan); at Apple,
 * an amount no product is worth.
 */
export const requireProvider = (core: Pick<Core, 'config' | 'assets'>, provider: OrderProvider, order: { asset: string; amount: number }): void => {
  if (!configured(core.config, provider)) throw new CodedError('PAYMENT_PROVIDER_UNAVAILABLE', `payment provider ${provider} is not available here`, { provider });
  if ((provider === 'alipay' || provider === 'wechat') && assetRules(core, order.asset).decimals !== 2) {
    throw new CodedError('VALIDATION_FAILED', `${provider} takes yuan: an asset of 2 decimals`, { field: 'asset', provider });
  }
  if (provider === 'apple' && appleProduct(core.config, order.asset, order.amount) === null) {
    throw new CodedError('VALIDATION_FAILED', 'no App Store product is worth this order', { field: 'amount', provider });
  }
};

const unavailable = (provider: OrderProvider) => new CodedError('PAYMENT_PROVIDER_UNAVAILABLE', `payment provider ${provider} is not available here`, { provider });

/** What the client needs to pay the order at its provider. */
export const payParams = async (core: Pick<Core, 'config' | 'clock' | 'log'>, o: OrderToPay): Promise<PayParams> => {
  const c = core.config;
  switch (o.provider) {
    case 'sandbox':
      return { provider: 'sandbox', payUrl: `/v1/dev/payments/${o.orderId}/succeed` };
    case 'alipay': {
      const keys = alipayKeys(c);
      if (!keys) throw unavailable('alipay');
      return { provider: 'alipay', orderString: alipayAppOrderString(keys, { orderId: o.orderId, amount: o.amount, subject: o.subject }, core.clock()) };
    }
    case 'wechat': {
      const keys = wechatKeys(c);
      if (!keys) throw unavailable('wechat');
      const r = await createWechatAppPrepay(keys, { orderId: o.orderId, amount: o.amount, description: o.subject }, core.clock);
      if (r.ok) return { provider: 'wechat', ...r.params };
      core.log.warn({ orderId: o.orderId, reason: r.reason }, 'WeChat Pay prepay failed');
      throw new CodedError('PAYMENT_PROVIDER_FAILED', r.reason, { provider: 'wechat', orderId: o.orderId });
    }
    case 'apple': {
      const productId = appleProduct(c, o.asset, o.amount);
      if (productId === null) throw unavailable('apple');
      return { provider: 'apple', productId };
    }
    default: {
      const unknown: never = o.provider;
      return unknown;
    }
  }
};
