import { z } from 'zod';
import { Amount, Asset, errorResponses, Id, IsoTime, ListQuery, page, text } from '../common.js';
import { IdParams, payPasswordField } from './shapes.js';

const Status = z.enum(['pending', 'accepted', 'returned', 'expired']);

export const Transfer = z.object({
  transferId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  asset: z.string(),
  amount: z.number().int(),
  note: z.string().nullable(),
  status: Status,
  /** Paid at once (POST /v1/instant-payments, a QR receipt): accepted as it was made. */
  instant: z.boolean(),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  settledAt: IsoTime.nullable(),
});

/** `asset`: any that allows transfers, cash when absent. `payPassword`: checked when given, required where the app's policy says. */
export const createTransfer = {
  body: z.strictObject({
    toUserId: Id,
    asset: Asset.optional(),
    amount: Amount,
    note: text({ max: 200, multiline: true }).optional(),
    ...payPasswordField,
    /** Send it in this group's conversation (a card there): both must be members (NOT_ELIGIBLE otherwise). */
    groupId: Id.optional(),
  }),
  response: {
    201: z.object({ transferId: z.string(), status: z.literal('pending'), asset: z.string().optional(), amount: z.number().int().optional(), expiresAt: IsoTime }),
    ...errorResponses,
  },
} as const;

export const settleTransfer = {
  params: IdParams,
  response: { 200: z.object({ status: Status }), ...errorResponses },
} as const;

export const getTransfer = {
  params: IdParams,
  response: { 200: Transfer, ...errorResponses },
} as const;

export const listTransfers = {
  querystring: ListQuery.extend({ role: z.enum(['sent', 'received']).default('sent') }),
  response: { 200: page(Transfer), ...errorResponses },
} as const;
