import { z } from 'zod';
import { Amount, errorResponses, Id, IsoTime, ListQuery, page, text } from '../common.js';

const Status = z.enum(['pending', 'accepted', 'returned', 'expired']);

export const Transfer = z.object({
  transferId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  amount: z.number().int(),
  note: z.string().nullable(),
  status: Status,
  createdAt: IsoTime,
  expiresAt: IsoTime,
  settledAt: IsoTime.nullable(),
});

export const createTransfer = {
  body: z.strictObject({ toUserId: Id, amount: Amount, note: text({ max: 200, multiline: true }).optional() }),
  response: { 201: z.object({ transferId: z.string(), status: z.literal('pending'), expiresAt: IsoTime }), ...errorResponses },
} as const;

export const settleTransfer = {
  params: z.strictObject({ id: Id }),
  response: { 200: z.object({ status: Status }), ...errorResponses },
} as const;

export const getTransfer = {
  params: z.strictObject({ id: Id }),
  response: { 200: Transfer, ...errorResponses },
} as const;

export const listTransfers = {
  querystring: ListQuery.extend({ role: z.enum(['sent', 'received']).default('sent') }),
  response: { 200: page(Transfer), ...errorResponses },
} as const;
