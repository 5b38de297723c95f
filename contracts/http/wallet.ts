import { z } from 'zod';
import { Amount, errorResponses, Id, IsoTime, ListQuery, page, text } from '../common.js';

export const getWallet = {
  response: { 200: z.object({ cash: z.number().int(), coins: z.number().int(), income: z.number().int(), version: z.number().int() }), ...errorResponses },
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
]);

export const getLedger = {
  querystring: ListQuery,
  response: {
    200: page(
      z.object({
        entryId: z.string(),
        asset: z.enum(['cash', 'coins', 'income']),
        delta: z.number().int(),
        balanceAfter: z.number().int(),
        reason: LedgerReason,
        refId: z.string(),
        at: IsoTime,
      }),
    ),
    ...errorResponses,
  },
} as const;

const RechargeStatus = z.enum(['pending', 'paid', 'failed']);

export const createRechargeOrder = {
  body: z.strictObject({ asset: z.enum(['cash', 'coins']), amount: Amount }),
  response: { 201: z.object({ orderId: z.string(), status: z.literal('pending'), payUrl: z.string() }), ...errorResponses },
} as const;

export const getRechargeOrder = {
  params: z.strictObject({ orderId: Id }),
  response: {
    200: z.object({ orderId: z.string(), asset: z.enum(['cash', 'coins']), amount: z.number().int(), status: RechargeStatus }),
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
  asset: z.enum(['cash', 'income']),
  amount: z.number().int(),
  account: z.string(),
  status: WithdrawalStatus,
  createdAt: IsoTime,
  settledAt: IsoTime.nullable(),
});

export const createWithdrawal = {
  body: z.strictObject({ asset: z.enum(['cash', 'income']), amount: Amount, account: text({ min: 1, max: 200 }) }),
  response: { 201: z.object({ withdrawalId: z.string(), status: z.literal('pending') }), ...errorResponses },
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
