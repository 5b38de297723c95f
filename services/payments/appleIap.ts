// Apple in-app purchases: the app sends the receipt it got from StoreKit; Apple's verifyReceipt
// endpoint says whether it is genuine (it holds the key; our side authenticates with the app's
// shared secret over TLS). The network call is a port (`AppleReceiptVerifier`): the default posts to
// APPLE_IAP_VERIFY_URL, tests point that at a fake. A receipt vouches for an order only when Apple
// answers status 0, for our bundle, with the named transaction of a product worth exactly the
// order's asset and amount (APPLE_IAP_PRODUCTS).
import { z } from 'zod';
import { refused, type Verdict } from './notice.js';

const Answer = z.object({
  status: z.number().int(),
  receipt: z
    .object({
      bundle_id: z.string().optional(),
      in_app: z.array(z.object({ product_id: z.string(), transaction_id: z.string() })).default([]),
    })
    .optional(),
});
export type AppleAnswer = z.output<typeof Answer>;

/** Asks Apple about a receipt; resolves to its answer (never trusted before the checks below). */
export type AppleReceiptVerifier = (receipt: string) => Promise<unknown>;

export const httpAppleVerifier =
  (url: string, sharedSecret: string): AppleReceiptVerifier =>
  async (receipt) => {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ 'receipt-data': receipt, password: sharedSecret, 'exclude-old-transactions': true }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!r.ok) throw new Error(`verifyReceipt answered ${r.status}`);
    return r.json();
  };

export interface AppleExpectation {
  bundleId: string;
  products: Readonly<Record<string, { asset: string; amount: number }>>;
  order: { orderId: string; asset: string; amount: number };
  transactionId: string;
}

/** Apple's answer, checked against the order it is meant to pay. */
export const judgeAppleAnswer = (answer: unknown, x: AppleExpectation): Verdict => {
  const a = Answer.safeParse(answer);
  if (!a.success) return refused('unreadable answer from Apple');
  if (a.data.status !== 0 || !a.data.receipt) return refused(`Apple refused the receipt (status ${a.data.status})`);
  if (a.data.receipt.bundle_id !== x.bundleId) return refused('receipt of another app');
  const item = a.data.receipt.in_app.find((i) => i.transaction_id === x.transactionId);
  if (!item) return refused('no such transaction in the receipt');
  const product = x.products[item.product_id];
  if (!product || product.asset !== x.order.asset || product.amount !== x.order.amount) return refused('the product does not match the order');
  return { ok: true, notice: { orderId: x.order.orderId, providerTxId: `apple-${item.transaction_id}`, amount: x.order.amount, status: 'success' } };
};
