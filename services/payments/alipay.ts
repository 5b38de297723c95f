// Alipay's asynchronous notification (notify_url): a form POST whose `sign` is an RSA2
// (SHA256withRSA) signature, base64, by Alipay's key over every other parameter except `sign` and
// `sign_type`, empty ones left out, sorted by name and joined as k=v&k=v (values as decoded).
// TRADE_SUCCESS and TRADE_FINISHED pay; TRADE_CLOSED fails; WAIT_BUYER_PAY settles nothing.
import { verify } from 'node:crypto';
import { fenOf, publicKeyOf, refused, type Verdict } from './notice.js';

export interface AlipayKeys {
  publicKey: string;
  appId?: string | undefined;
}

/**
 * The text Alipay signs: the non-empty parameters but `omit`, sorted by name, `k=v` joined by `&`.
 * A notification leaves out `sign` and `sign_type`; a request Alipay checks leaves out `sign` only.
 */
export const alipaySigningString = (params: Readonly<Record<string, string>>, omit: readonly string[] = ['sign', 'sign_type']): string =>
  Object.keys(params)
    .filter((k) => !omit.includes(k) && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k] ?? ''}`)
    .join('&');

const statusOf = (tradeStatus: string | undefined): 'success' | 'failed' | null => {
  if (tradeStatus === 'TRADE_SUCCESS' || tradeStatus === 'TRADE_FINISHED') return 'success';
  return tradeStatus === 'TRADE_CLOSED' ? 'failed' : null;
};

export const verifyAlipayNotice = (keys: AlipayKeys, params: Readonly<Record<string, string>>): Verdict => {
  const sign = params['sign'];
  if (!sign || params['sign_type'] !== 'RSA2') return refused('missing or non-RSA2 signature');
  let ok = false;
  try {
    ok = verify('sha256', Buffer.from(alipaySigningString(params), 'utf8'), publicKeyOf(keys.publicKey), Buffer.from(sign, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) return refused('bad signature');
  if (keys.appId !== undefined && params['app_id'] !== keys.appId) return refused('notification for another app');
  const status = statusOf(params['trade_status']);
  if (status === null) return { ok: true, notice: null };
  const orderId = params['out_trade_no'];
  const providerTxId = params['trade_no'];
  const amount = fenOf(params['total_amount'] ?? '');
  if (!orderId || !providerTxId || amount === null) return refused('incomplete notification');
  return { ok: true, notice: { orderId, providerTxId: `alipay-${providerTxId}`, amount, status } };
};
