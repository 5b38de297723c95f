import { z } from 'zod';
import { Amount, Asset, errorResponses, Id, IsoTime, ListQuery, page, text } from '../common.js';
import { OrderProvider, OrderSubject, PayParams } from './rechargePay.js';

/** `assets`: every configured asset's balance (and any other the wallet holds), in minor units; cash, coins and income also stand alone. */
export const getWallet = {
  response: {
    200: z.object({ cash: z.number().int(), coins: z.number().int(), income: z.number().int(), version: z.number().int(), assets: z.record(z.string(), z.number().int()) }),
    ...errorResponses,
  },
} as const;

const FeeRule = z.object({ basisPoints: z.number().int(), minimum: z.number().int(), maximum: z.number().int().optional() });

export const listAssets = {
  response: {
    200: z.object({
      items: z.array(
        z.object({
          asset: z.string(),
          /** Decimal places of one unit: amounts are always integers of minor units (1 BTY = 10^8). */
          decimals: z.number().int(),
          /** The smallest amount an operation may move. */
          minimum: z.number().int(),
          allows: z.array(z.enum(['recharge', 'transfer', 'red_packet', 'gift_spend', 'withdrawal', 'exchange'])),
          withdrawalFee: FeeRule.optional(),
        }),
      ),
    }),
    ...errorResponses,
  },
} as const;

export const LedgerReason = z.enum([
  'recharge',
  'transfer_out',
  'transfer_in',
  'transfer_refund',
  'red_packet_out',
  'red_packet_in',
  'red_packet_refund',
  'gift_out',
  'gift_in',
  'exchange',
  'withdrawal',
  'withdrawal_refund',
  'aa_pay',
  'aa_receive',
  'aa_refund',
  'fee',
  'purchase',
  'sale',
  'guest_credit',
  'group_fee',
  'group_fee_in',
]);

/** `±HH:MM`: the offset a month is read in (default UTC). */
const UtcOffset = z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, 'must be ±HH:MM');

export const LedgerQuery = ListQuery.extend({
  reason: LedgerReason.optional(),
  asset: Asset.optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM').optional(),
  /** The offset `month` is read in: `+00:00` (UTC, the default) or e.g. `+08:00` for bills in Shanghai time. */
  tz: UtcOffset.optional(),
});

export const LedgerEntry = z.object({
  entryId: z.string(),
  asset: z.string(),
  delta: z.number().int(),
  balanceAfter: z.number().int(),
  reason: LedgerReason,
  refId: z.string(),
  at: IsoTime,
});

export const getLedger = {
  querystring: LedgerQuery,
  response: { 200: page(LedgerEntry), ...errorResponses },
} as const;

const RechargeStatus = z.enum(['pending', 'paid', 'failed', 'cancelled']);

/**
 * `asset`: any that allows recharge (GET /v1/assets), cash when absent. `provider`: where the client
 * pays (the sandbox when absent; dev mode only); `pay` is what it pays with, `payUrl` the sandbox's.
 */
export const createRechargeOrder = {
  body: z.strictObject({ asset: Asset.optional(), amount: Amount, provider: OrderProvider.optional(), subject: OrderSubject.optional() }),
  response: { 201: z.object({ orderId: z.string(), status: z.literal('pending'), provider: OrderProvider, payUrl: z.string().optional(), pay: PayParams }), ...errorResponses },
} as const;

export const getRechargeOrder = {
  params: z.strictObject({ orderId: Id }),
  response: {
    /** `provider`: where it is paid (`signed`: 002's payment backend); null for orders from before providers were recorded. */
    200: z.object({ orderId: z.string(), asset: z.string(), amount: z.number().int(), status: RechargeStatus, provider: z.enum(['sandbox', 'alipay', 'wechat', 'apple', 'signed']).nullable() }),
    ...errorResponses,
  },
} as const;

export const paymentCallback = {
  body: z.strictObject({
    orderId: text({ min: 1, max: 64, trim: false }),
    amount: z.number().int(),
    providerTxId: text({ min: 1, max: 128, trim: false }),
    status: z.enum(['success', 'failed']),
    sign: z.string().regex(/^[0-9a-f]{64}$/i, 'must be a hex HMAC-SHA256'),
  }),
  response: { 200: z.object({ status: z.literal('ok'), orderId: z.string() }), ...errorResponses },
} as const;

/** The sandbox provider's two outcomes: POST /v1/dev/payments/:orderId/succeed and /fail. */
export const devPaymentNotify = {
  params: z.strictObject({ orderId: Id }),
  response: { 200: z.unknown(), ...errorResponses },
} as const;

export const createExchange = {
  body: z.strictObject({ from: z.enum(['income', 'cash']), to: z.literal('coins'), amount: Amount }),
  response: { 201: z.object({ credited: z.number().int(), coins: z.number().int() }), ...errorResponses },
} as const;

const WithdrawalStatus = z.enum(['pending', 'paid', 'rejected']);

export const Withdrawal = z.object({
  withdrawalId: z.string(),
  userId: z.string(),
  asset: z.string(),
  amount: z.number().int(),
  /** Held with the amount; the platform's on approval, returned on rejection. */
  fee: z.number().int(),
  account: z.string(),
  status: WithdrawalStatus,
  createdAt: IsoTime,
  settledAt: IsoTime.nullable(),
});

export const createWithdrawal = {
  /** `accountId`: a payout account on file (GET /v1/me/payout-accounts); `account`: free text, as before. One of the two. */
  body: z
    .strictObject({ asset: Asset, amount: Amount, account: text({ min: 1, max: 200 }).optional(), accountId: Id.optional() })
    .refine((b) => (b.account === undefined) !== (b.accountId === undefined), { message: 'give accountId or account, not both', path: ['accountId'] }),
  response: { 201: z.object({ withdrawalId: z.string(), status: z.literal('pending'), fee: z.number().int().optional() }), ...errorResponses },
} as const;

export const getWithdrawal = {
  params: z.strictObject({ withdrawalId: Id }),
  response: { 200: Withdrawal, ...errorResponses },
} as const;

export const listWithdrawals = {
  querystring: ListQuery.extend({ status: WithdrawalStatus.optional() }),
  response: { 200: page(Withdrawal), ...errorResponses },
} as const;

export const decideWithdrawal = {
  params: z.strictObject({ withdrawalId: Id }),
  body: z.strictObject({ reason: text({ max: 200, multiline: true }).optional() }).nullish(),
  response: { 200: z.object({ withdrawalId: z.string(), status: WithdrawalStatus }), ...errorResponses },
} as const;

export const PlatformAccount = z.enum(['fees', 'sales']);

/** Operators: the platform's revenue accounts (fees, sales) with their balances per asset. */
export const listPlatformAccounts = {
  response: {
    200: z.object({ items: z.array(z.object({ account: PlatformAccount, balances: z.record(z.string(), z.number().int()), version: z.number().int() })) }),
    ...errorResponses,
  },
} as const;

export const getPlatformLedger = {
  params: z.strictObject({ account: PlatformAccount }),
  querystring: LedgerQuery,
  response: { 200: page(LedgerEntry), ...errorResponses },
} as const;
