// WeChat Pay API v3 payment notifications. The headers Wechatpay-Timestamp, -Nonce and -Signature
// sign the body: SHA256withRSA, base64, by the WeChat Pay platform key over
// "<timestamp>\n<nonce>\n<body>\n", the body byte for byte as received (so the route keeps it raw).
// The payment itself is in `resource`, AEAD_AES_256_GCM under the merchant's APIv3 key (nonce and
// associated_data given). A timestamp further than the allowed skew from now is a replay.
// trade_state SUCCESS pays; CLOSED, REVOKED and PAYERROR fail; others settle nothing.
import { createDecipheriv, verify } from 'node:crypto';
import { z } from 'zod';
import { publicKeyOf, refused, type Verdict } from './notice.js';

export interface WechatPayKeys {
  publicKey: string;
  apiV3Key: string;
  maxSkewSeconds: number;
}

export interface WechatPayHeaders {
  timestamp?: string | undefined;
  nonce?: string | undefined;
  signature?: string | undefined;
}

export const wechatPaySigningString = (timestamp: string, nonce: string, body: string): string => `${timestamp}\n${nonce}\n${body}\n`;

const Envelope = z.object({
  resource: z.object({ algorithm: z.literal('AEAD_AES_256_GCM'), ciphertext: z.string(), nonce: z.string(), associated_data: z.string().optional() }),
});
const Transaction = z.object({
  out_trade_no: z.string().min(1),
  transaction_id: z.string().min(1),
  trade_state: z.string(),
  amount: z.object({ total: z.number().int().nonnegative() }),
});

/** The merchant side of AEAD_AES_256_GCM: ciphertext is base64 of the encrypted bytes then the 16-byte tag. */
export const decryptResource = (apiV3Key: string, r: { ciphertext: string; nonce: string; associated_data?: string | undefined }): string => {
  const data = Buffer.from(r.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(r.nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
};

const statusOf = (state: string): 'success' | 'failed' | null => {
  if (state === 'SUCCESS') return 'success';
  return ['CLOSED', 'REVOKED', 'PAYERROR'].includes(state) ? 'failed' : null;
};

const signed = (keys: WechatPayKeys, h: WechatPayHeaders, body: string, now: Date): string | null => {
  const { timestamp, nonce, signature } = h;
  if (!timestamp || !nonce || !signature || !/^\d{1,12}$/.test(timestamp)) return 'missing signature headers';
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > keys.maxSkewSeconds) return 'timestamp outside the allowed window';
  try {
    if (verify('sha256', Buffer.from(wechatPaySigningString(timestamp, nonce, body), 'utf8'), publicKeyOf(keys.publicKey), Buffer.from(signature, 'base64'))) return null;
  } catch {
    return 'bad signature';
  }
  return 'bad signature';
};

export const verifyWechatPayNotice = (keys: WechatPayKeys, headers: WechatPayHeaders, body: string, now: Date): Verdict => {
  const problem = signed(keys, headers, body, now);
  if (problem) return refused(problem);
  try {
    const envelope = Envelope.parse(JSON.parse(body));
    const tx = Transaction.parse(JSON.parse(decryptResource(keys.apiV3Key, envelope.resource)));
    const status = statusOf(tx.trade_state);
    if (status === null) return { ok: true, notice: null };
    return { ok: true, notice: { orderId: tx.out_trade_no, providerTxId: `wechat-${tx.transaction_id}`, amount: tx.amount.total, status } };
  } catch {
    return refused('unreadable resource');
  }
};
