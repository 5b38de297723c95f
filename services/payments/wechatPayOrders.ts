// WeChat Pay API v3 app payment: POST /v3/pay/transactions/app creates the prepay id, then the app
// gets the parameters WeChat's SDK takes (appid, partnerid, prepayid, package, noncestr, timestamp,
// sign). Every request is signed by the merchant's key: SHA256withRSA over
// "METHOD\nPATH\ntimestamp\nnonce\nbody\n" in the Authorization header (WECHATPAY2-SHA256-RSA2048,
// with the key's certificate serial); WeChat's answer is signed by the platform key like a
// notification, and is refused without that signature. The app parameters are signed by the
// merchant's key over "appid\ntimestamp\nnoncestr\nprepayid\n". The base URL is configuration.
import { randomBytes, sign, verify } from 'node:crypto';
import { request } from 'undici';
import { z } from 'zod';
import { privateKeyOf } from './keys.js';
import { publicKeyOf } from './notice.js';
import { wechatPaySigningString } from './wechatPay.js';

export interface WechatPayOrderKeys {
  baseUrl: string;
  appId: string;
  mchId: string;
  merchantPrivateKey: string;
  merchantSerialNo: string;
  platformPublicKey: string;
  notifyUrl: string;
  maxSkewSeconds: number;
}

export interface WechatPayOrder {
  orderId: string;
  /** Fen. */
  amount: number;
  description: string;
}

/** What the app hands to WeChat's SDK (PayReq), as WeChat names the fields. */
export interface WechatAppPayParams {
  appid: string;
  partnerid: string;
  prepayid: string;
  package: 'Sign=WXPay';
  noncestr: string;
  timestamp: string;
  sign: string;
}

export type PrepayResult = { ok: true; params: WechatAppPayParams } | { ok: false; reason: string };

const nonce = () => randomBytes(16).toString('hex').toUpperCase();

export const wechatRequestSigningString = (method: string, path: string, timestamp: string, nonceStr: string, body: string) => `${method}\n${path}\n${timestamp}\n${nonceStr}\n${body}\n`;
export const wechatAppSigningString = (p: Pick<WechatAppPayParams, 'appid' | 'timestamp' | 'noncestr' | 'prepayid'>) => `${p.appid}\n${p.timestamp}\n${p.noncestr}\n${p.prepayid}\n`;

const authorization = (keys: WechatPayOrderKeys, path: string, body: string, at: Date) => {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const nonceStr = nonce();
  const signature = sign('sha256', Buffer.from(wechatRequestSigningString('POST', path, timestamp, nonceStr, body), 'utf8'), privateKeyOf(keys.merchantPrivateKey)).toString('base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${keys.mchId}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${keys.merchantSerialNo}"`;
};

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** WeChat's answer is genuine: the platform key's signature over it, inside the replay window. */
const answerSigned = (keys: WechatPayOrderKeys, h: Record<string, string | string[] | undefined>, body: string, at: Date): boolean => {
  const timestamp = header(h, 'wechatpay-timestamp');
  const nonceStr = header(h, 'wechatpay-nonce');
  const signature = header(h, 'wechatpay-signature');
  if (!timestamp || !nonceStr || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(at.getTime() / 1000 - Number(timestamp)) > keys.maxSkewSeconds) return false;
  try {
    return verify('sha256', Buffer.from(wechatPaySigningString(timestamp, nonceStr, body), 'utf8'), publicKeyOf(keys.platformPublicKey), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
};

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
};

const Prepay = z.object({ prepay_id: z.string().min(1).max(128) });
const Refusal = z.object({ code: z.string(), message: z.string() }).partial();

/** The app's payment parameters, signed. */
export const appPayParams = (keys: Pick<WechatPayOrderKeys, 'appId' | 'mchId' | 'merchantPrivateKey'>, prepayId: string, at: Date): WechatAppPayParams => {
  const unsigned = { appid: keys.appId, partnerid: keys.mchId, prepayid: prepayId, package: 'Sign=WXPay' as const, noncestr: nonce(), timestamp: String(Math.floor(at.getTime() / 1000)) };
  return { ...unsigned, sign: sign('sha256', Buffer.from(wechatAppSigningString(unsigned), 'utf8'), privateKeyOf(keys.merchantPrivateKey)).toString('base64') };
};

/**
 * Creates the prepay id at WeChat Pay and answers the app's parameters. WeChat answers the same
 * prepay id for the same out_trade_no and terms, so asking again for an order is safe.
 */
export const createWechatAppPrepay = async (keys: WechatPayOrderKeys, order: WechatPayOrder, at: () => Date): Promise<PrepayResult> => {
  const url = new URL('v3/pay/transactions/app', keys.baseUrl.endsWith('/') ? keys.baseUrl : `${keys.baseUrl}/`);
  const body = JSON.stringify({ appid: keys.appId, mchid: keys.mchId, description: order.description, out_trade_no: order.orderId, notify_url: keys.notifyUrl, amount: { total: order.amount, currency: 'CNY' } });
  let status: number;
  let text: string;
  let headers: Record<string, string | string[] | undefined>;
  try {
    const r = await request(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'moneyrooms', authorization: authorization(keys, url.pathname, body, at()) },
      body,
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    status = r.statusCode;
    headers = r.headers;
    text = await r.body.text();
  } catch (e) {
    return { ok: false, reason: `WeChat Pay did not answer: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (status !== 200) {
    const refusal = Refusal.safeParse(parsed(text));
    return { ok: false, reason: `WeChat Pay refused the order (${status} ${refusal.success ? (refusal.data.code ?? '') : ''})` };
  }
  if (!answerSigned(keys, headers, text, at())) return { ok: false, reason: 'WeChat Pay’s answer is not signed by the platform key' };
  const prepay = Prepay.safeParse(parsed(text));
  if (!prepay.success) return { ok: false, reason: 'unreadable answer from WeChat Pay' };
  return { ok: true, params: appPayParams(keys, prepay.data.prepay_id, at()) };
};
