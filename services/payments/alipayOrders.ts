// Alipay app payment (alipay.trade.app.pay): the order string the app hands to Alipay's SDK. It is
// the request's public parameters, each URL-encoded, with `sign`: RSA2 (SHA256withRSA, base64) by
// our application's private key over every other parameter (`sign_type` included, unlike a
// notification's check), sorted by name and joined as k=v&k=v with raw values. No call to Alipay:
// the app sends the string, and Alipay's notification (alipay.ts) settles the order.
import { sign } from 'node:crypto';
import { alipaySigningString } from './alipay.js';
import { privateKeyOf, yuanOf } from './keys.js';

export interface AlipayOrderKeys {
  appId: string;
  privateKey: string;
  notifyUrl: string;
}

export interface AlipayOrder {
  orderId: string;
  /** Fen. */
  amount: number;
  subject: string;
}

/** Alipay's timestamp: Beijing time, "yyyy-MM-dd HH:mm:ss". */
const beijing = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

export const alipayAppOrderString = (keys: AlipayOrderKeys, order: AlipayOrder, at: Date): string => {
  const bizContent = { out_trade_no: order.orderId, total_amount: yuanOf(order.amount), subject: order.subject, product_code: 'QUICK_MSECURITY_PAY' };
  const params: Record<string, string> = {
    app_id: keys.appId,
    method: 'alipay.trade.app.pay',
    format: 'JSON',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: beijing(at),
    version: '1.0',
    notify_url: keys.notifyUrl,
    biz_content: JSON.stringify(bizContent),
  };
  const signature = sign('sha256', Buffer.from(alipaySigningString(params, ['sign']), 'utf8'), privateKeyOf(keys.privateKey)).toString('base64');
  return Object.entries({ ...params, sign: signature })
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
};
