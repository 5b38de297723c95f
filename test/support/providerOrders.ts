// Creating orders at the providers in tests: our side's keys generated here (never the seeds'),
// and a fake WeChat Pay v3 API on a local port that checks the merchant's request signature and
// answers a prepay id signed by the platform key, as WeChat does.
import { createServer } from 'node:http';
import { randomBytes, sign, verify } from 'node:crypto';
import type { Test } from 'tap';
import { wechatPaySigningString } from '../../services/payments/wechatPay.js';
import { wechatRequestSigningString } from '../../services/payments/wechatPayOrders.js';
import { rsaKeys, type ProviderKeys } from './providers.js';

export const privatePem = (k: ProviderKeys): string => k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

export interface PrepayRequest {
  path: string;
  authorization: string;
  body: { appid: string; mchid: string; description: string; out_trade_no: string; notify_url: string; amount: { total: number; currency: string } };
  /** The merchant's signature over the request checked out against its public key. */
  signedByMerchant: boolean;
}

export interface FakeWechatPay {
  url: string;
  requests: PrepayRequest[];
  /** The next answers' status (200: a prepay id) and whether they carry the platform's signature. */
  mode: { status: number; signAnswer: boolean };
}

const authParts = (header: string): Record<string, string> =>
  Object.fromEntries([...header.replace(/^WECHATPAY2-SHA256-RSA2048 /, '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));

/** The fake API: POST …/v3/pay/transactions/app answers `{prepay_id: "wx-<out_trade_no>"}`. */
export const fakeWechatPay = async (t: Test, platform: ProviderKeys, merchant: ProviderKeys): Promise<FakeWechatPay> => {
  const fake: FakeWechatPay = { url: '', requests: [], mode: { status: 200, signAnswer: true } };
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const authorization = req.headers.authorization ?? '';
      const a = authParts(authorization);
      const signedByMerchant = verify('sha256', Buffer.from(wechatRequestSigningString(req.method ?? '', req.url ?? '', a['timestamp'] ?? '', a['nonce_str'] ?? '', text)), merchant.publicPem, Buffer.from(a['signature'] ?? '', 'base64'));
      const body = JSON.parse(text) as PrepayRequest['body'];
      fake.requests.push({ path: req.url ?? '', authorization, body, signedByMerchant });
      const answer = fake.mode.status === 200 && signedByMerchant ? JSON.stringify({ prepay_id: `wx-${body.out_trade_no}` }) : JSON.stringify({ code: 'SIGN_ERROR', message: 'refused' });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(8).toString('hex');
      const signature = sign('sha256', Buffer.from(wechatPaySigningString(timestamp, nonce, answer)), fake.mode.signAnswer ? platform.privateKey : rsaKeys().privateKey).toString('base64');
      res.writeHead(signedByMerchant ? fake.mode.status : 401, { 'content-type': 'application/json', 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-signature': signature, 'wechatpay-serial': 'PLATFORM' });
      res.end(answer);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  t.teardown(() => new Promise<void>((ok) => server.close(() => ok())));
  fake.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return fake;
};

export interface ProviderSetup {
  alipay: ProviderKeys;
  /** Our application's key at Alipay (signs the order strings). */
  alipayApp: ProviderKeys;
  wechat: ProviderKeys;
  merchant: ProviderKeys;
  apiV3Key: string;
  fake: FakeWechatPay;
  env: Record<string, string>;
}

/** Every key of both providers, and the configuration that names them. */
export const providerSetup = async (t: Test, apiV3Key = 'k'.repeat(32), appId = 'app-under-test'): Promise<ProviderSetup> => {
  const [alipay, alipayApp, wechat, merchant] = [rsaKeys(), rsaKeys(), rsaKeys(), rsaKeys()];
  const fake = await fakeWechatPay(t, wechat, merchant);
  const env = {
    ALIPAY_PUBLIC_KEY: alipay.publicPem,
    ALIPAY_APP_ID: appId,
    ALIPAY_PRIVATE_KEY: privatePem(alipayApp),
    WECHATPAY_PLATFORM_PUBLIC_KEY: wechat.publicPem,
    WECHATPAY_APIV3_KEY: apiV3Key,
    WECHATPAY_APP_ID: 'wx-app-under-test',
    WECHATPAY_MCH_ID: '1900000109',
    WECHATPAY_MERCHANT_PRIVATE_KEY: privatePem(merchant),
    WECHATPAY_MERCHANT_SERIAL_NO: 'MERCHANT-SERIAL-1',
    WECHATPAY_API_BASE_URL: fake.url,
    PUBLIC_HTTP_URL: 'https://rooms.example.com',
  };
  return { alipay, alipayApp, wechat, merchant, apiV3Key, fake, env };
};
