// Which providers take orders (services/app/rechargePay.ts requireProvider), from configuration
// alone: the sandbox only in dev mode; Alipay and WeChat Pay only with every key they need (our
// signing key, theirs to verify the notification, a notify URL); Apple only for an amount a
// product is worth; Alipay and WeChat only in yuan.
import t from 'tap';
import { requireProvider } from '../../../services/app/rechargePay.js';
import { parseAssets } from '../../../services/shared/assets.js';
import { loadConfig } from '../../../services/shared/config.js';
import { privatePem } from '../../support/providerOrders.js';
import { rsaKeys } from '../../support/providers.js';

const [ours, theirs] = [rsaKeys(), rsaKeys()];
const alipay = { ALIPAY_APP_ID: 'app', ALIPAY_PRIVATE_KEY: privatePem(ours), ALIPAY_PUBLIC_KEY: theirs.publicPem, ALIPAY_NOTIFY_URL: 'https://example.com/n' };
const wechat = {
  WECHATPAY_APP_ID: 'wx',
  WECHATPAY_MCH_ID: '19',
  WECHATPAY_MERCHANT_PRIVATE_KEY: privatePem(ours),
  WECHATPAY_MERCHANT_SERIAL_NO: 'S',
  WECHATPAY_PLATFORM_PUBLIC_KEY: theirs.publicPem,
  WECHATPAY_APIV3_KEY: 'k'.repeat(32),
  PUBLIC_HTTP_URL: 'https://example.com',
};
const core = (env: Record<string, string>) => ({ config: loadConfig({ PAYMENT_PROVIDER_SECRET: 's'.repeat(16), ...env }), assets: parseAssets(undefined) });
const codeOf = (f: () => void): string => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? 'thrown';
  }
};
const cash = { asset: 'cash', amount: 100 };

t.test('given dev mode off, then the sandbox takes no order; given it on, it does', async (t) => {
  t.equal(codeOf(() => requireProvider(core({}), 'sandbox', cash)), 'PAYMENT_PROVIDER_UNAVAILABLE');
  t.equal(codeOf(() => requireProvider(core({ DEV_MODE: 'true' }), 'sandbox', cash)), 'ok');
});

t.test('given every Alipay key, then Alipay takes cash orders; without any one of them, none', async (t) => {
  t.equal(codeOf(() => requireProvider(core(alipay), 'alipay', cash)), 'ok');
  t.equal(codeOf(() => requireProvider(core(alipay), 'alipay', { asset: 'coins', amount: 100 })), 'VALIDATION_FAILED', 'yuan only');
  for (const k of Object.keys(alipay)) {
    const { [k]: _left, ...rest } = alipay as Record<string, string>;
    t.equal(codeOf(() => requireProvider(core(rest), 'alipay', cash)), 'PAYMENT_PROVIDER_UNAVAILABLE', `without ${k}`);
  }
  const { ALIPAY_NOTIFY_URL: _url, ...noUrl } = alipay;
  t.equal(codeOf(() => requireProvider(core({ ...noUrl, PUBLIC_HTTP_URL: 'https://rooms.example.com' }), 'alipay', cash)), 'ok', 'the notify URL from PUBLIC_HTTP_URL');
});

t.test('given every WeChat Pay key, then WeChat takes orders; without any one of them, none', async (t) => {
  t.equal(codeOf(() => requireProvider(core(wechat), 'wechat', cash)), 'ok');
  for (const k of Object.keys(wechat)) {
    const { [k]: _left, ...rest } = wechat as Record<string, string>;
    t.equal(codeOf(() => requireProvider(core(rest), 'wechat', cash)), 'PAYMENT_PROVIDER_UNAVAILABLE', `without ${k}`);
  }
});

t.test('Apple takes an order only for an amount a product is worth', async (t) => {
  const apple = { APPLE_IAP_SHARED_SECRET: 'secret-1', APPLE_IAP_BUNDLE_ID: 'b', APPLE_IAP_PRODUCTS: JSON.stringify({ c60: { asset: 'coins', amount: 60 } }) };
  t.equal(codeOf(() => requireProvider(core(apple), 'apple', { asset: 'coins', amount: 60 })), 'ok');
  t.equal(codeOf(() => requireProvider(core(apple), 'apple', { asset: 'coins', amount: 61 })), 'VALIDATION_FAILED');
  t.equal(codeOf(() => requireProvider(core({}), 'apple', { asset: 'coins', amount: 60 })), 'PAYMENT_PROVIDER_UNAVAILABLE');
});
