// Issue #19's second half: purchases from the platform (vanity display numbers, group levels),
// cancelling a recharge order, and the real payment providers' callbacks.
import { z } from 'zod';
import { errorResponses, Id } from '../common.js';
import { DisplayNumber } from './profiles.js';
import { payPasswordField } from './shapes.js';


export const cancelRechargeOrder = {
  params: z.strictObject({ orderId: Id }),
  response: { 200: z.object({ orderId: z.string(), status: z.literal('cancelled') }), ...errorResponses },
} as const;

export const quoteDisplayNumber = {
  params: z.strictObject({ displayNumber: DisplayNumber }),
  response: {
    200: z.object({
      displayNumber: z.string(),
      forSale: z.boolean(),
      /** For sale and nobody holds or ever held it. */
      available: z.boolean(),
      price: z.number().int().nullable(),
      name: z.string().nullable(),
      asset: z.string(),
    }),
    ...errorResponses,
  },
} as const;

const Purchase = { purchaseId: z.string(), asset: z.string(), price: z.number().int(), balance: z.number().int() };

/** Buys a listed number: it replaces the caller's display number (the old one is retired, never anyone else's). */
export const buyDisplayNumber = {
  body: z.strictObject({ displayNumber: DisplayNumber, ...payPasswordField }),
  response: { 201: z.object({ ...Purchase, displayNumber: z.string() }), ...errorResponses },
} as const;

export const listGroupLevelPrices = {
  response: { 200: z.object({ asset: z.string(), items: z.array(z.object({ level: z.number().int(), price: z.number().int(), days: z.number().int() })) }), ...errorResponses },
} as const;

/** The owner or an admin buys (or renews) a level for one term. */
export const buyGroupLevel = {
  params: z.strictObject({ groupId: Id }),
  body: z.strictObject({ level: z.number().int().min(1).max(4), ...payPasswordField }),
  response: {
    201: z.object({ ...Purchase, groupId: z.string(), level: z.number().int(), expiresAt: z.string().nullable(), memberCap: z.number().int() }),
    ...errorResponses,
  },
} as const;

/** Alipay's notify_url: form fields as Alipay sends them; the answer is the bare text `success`. */
export const alipayNotify = {
  body: z.record(z.string(), z.string()),
  response: { 200: z.literal('success'), ...errorResponses },
} as const;

/** WeChat Pay v3's notify_url: the JSON body is verified byte for byte against the Wechatpay-Signature header. */
export const wechatPayNotify = {
  headers: z.object({
    'wechatpay-timestamp': z.string().optional(),
    'wechatpay-nonce': z.string().optional(),
    'wechatpay-signature': z.string().optional(),
    'wechatpay-serial': z.string().optional(),
  }),
  body: z.string().max(64 * 1024),
  response: { 200: z.object({ code: z.literal('SUCCESS') }), ...errorResponses },
} as const;

/** The app's StoreKit receipt for one of the caller's pending recharge orders. */
export const verifyAppleReceipt = {
  body: z.strictObject({ orderId: Id, receipt: z.string().min(1).max(256 * 1024), transactionId: z.string().min(1).max(64) }),
  response: { 200: z.object({ orderId: z.string(), status: z.enum(['pending', 'paid', 'failed', 'cancelled']) }), ...errorResponses },
} as const;

const PayoutAccount = z.object({ accountId: z.string(), kind: z.enum(['bank_card', 'alipay']), maskedNumber: z.string(), bank: z.string().nullable(), holder: z.string() });

export const listPayoutAccounts = {
  response: { 200: z.object({ items: z.array(PayoutAccount), max: z.number().int() }), ...errorResponses },
} as const;

/** A bank card (12-19 digits, Luhn-checked, with its bank) or an Alipay account (mobile or email); answered masked. */
export const addPayoutAccount = {
  body: z.strictObject({ kind: z.enum(['bank_card', 'alipay']), number: z.string().min(5).max(254), bank: z.string().min(1).max(40).optional() }),
  response: { 201: PayoutAccount, ...errorResponses },
} as const;

export const removePayoutAccount = {
  params: z.strictObject({ accountId: Id }),
  response: { 200: z.object({ accountId: z.string(), removed: z.literal(true) }), ...errorResponses },
} as const;
