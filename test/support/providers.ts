// Signing like the payment providers do, with keys the test generates (never keys from the seeds).
import { createCipheriv, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { alipaySigningString } from '../../services/payments/alipay.js';
import { wechatPaySigningString } from '../../services/payments/wechatPay.js';

export interface ProviderKeys {
  privateKey: KeyObject;
  publicPem: string;
}

export const rsaKeys = (): ProviderKeys => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};

/** Alipay's notification form, signed RSA2 over the sorted parameters. */
export const alipayForm = (keys: ProviderKeys, fields: Record<string, string>): Record<string, string> => {
  const params = { notify_type: 'trade_status_sync', charset: 'utf-8', version: '1.0', ...fields, sign_type: 'RSA2' };
  return { ...params, sign: sign('sha256', Buffer.from(alipaySigningString(params)), keys.privateKey).toString('base64') };
};

/** A WeChat Pay v3 notification: the encrypted resource and the signature headers over the exact body. */
export const wechatNotice = (keys: ProviderKeys, apiV3Key: string, tx: object, at: Date) => {
  const nonce = randomBytes(6).toString('hex');
  const aad = 'transaction';
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(tx), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const body = JSON.stringify({
    id: randomBytes(8).toString('hex'),
    event_type: 'TRANSACTION.SUCCESS',
    resource_type: 'encrypt-resource',
    resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext: encrypted.toString('base64'), associated_data: aad, nonce, original_type: 'transaction' },
  });
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const headerNonce = randomBytes(16).toString('hex');
  const signature = sign('sha256', Buffer.from(wechatPaySigningString(timestamp, headerNonce, body)), keys.privateKey).toString('base64');
  return { body, headers: { 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': headerNonce, 'wechatpay-signature': signature, 'wechatpay-serial': 'TESTSERIAL' } };
};
