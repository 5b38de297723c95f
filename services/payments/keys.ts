// Our own signing keys for the providers' requests, as configuration gives them: PEM, or the bare
// base64 DER the consoles hand out (PKCS#8, or PKCS#1 for Alipay's non-Java keys).
import { createPrivateKey, type KeyObject } from 'node:crypto';

export const privateKeyOf = (text: string): KeyObject => {
  if (text.includes('-----BEGIN')) return createPrivateKey(text);
  const der = Buffer.from(text.replace(/\s+/g, ''), 'base64');
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
};

/** Fen as the providers' yuan text, exactly: 8880 → "88.80" (integers only, never a float). */
export const yuanOf = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
