import { z } from 'zod';
import { Amount, Asset, errorResponses, Id, IsoTime, text } from '../common.js';

/**
 * The largest lucky total the split handles exactly: services/shared/split.ts draws cut points
 * with crypto.randomInt(total - 1), whose range must stay below 2^48, so total ≤ 2^48 (about
 * 2.8 trillion in major units: no real packet). Above it the split failed with a 500. The domain
 * holds the same bound (MAX_LUCKY_TOTAL in domain/redPacket.ts).
 */
export const MAX_LUCKY_TOTAL = 2 ** 48;

export const createRedPacket = {
  body: z
    .strictObject({
      kind: z.enum(['lucky', 'fixed']),
      /** Any asset that allows red packets (GET /v1/assets), cash when absent; each share is at least its minimum. */
      asset: Asset.optional(),
      count: z.number().int().min(1).max(1000),
      total: Amount.max(MAX_LUCKY_TOTAL).optional(),
      amountEach: Amount.optional(),
      greeting: text({ max: 100, multiline: true }).optional(),
      target: z.strictObject({ type: z.enum(['user', 'group', 'room']), id: Id }),
    })
    .superRefine((b, ctx) => {
      if (b.kind === 'lucky' && b.total === undefined) ctx.addIssue({ code: 'custom', path: ['total'], message: 'a lucky packet needs total' });
      if (b.kind === 'fixed' && b.amountEach === undefined) ctx.addIssue({ code: 'custom', path: ['amountEach'], message: 'a fixed packet needs amountEach' });
      if (b.kind === 'lucky' && b.amountEach !== undefined) ctx.addIssue({ code: 'custom', path: ['amountEach'], message: 'a lucky packet takes total, not amountEach' });
      if (b.kind === 'fixed' && b.total !== undefined) ctx.addIssue({ code: 'custom', path: ['total'], message: 'a fixed packet takes amountEach, not total' });
      if (b.target.type === 'user' && b.count !== 1) ctx.addIssue({ code: 'custom', path: ['count'], message: 'a packet for one user has count 1' });
    }),
  response: {
    201: z.object({ redPacketId: z.string(), asset: z.string().optional(), total: z.number().int(), count: z.number().int(), expiresAt: IsoTime }),
    ...errorResponses,
  },
} as const;

export const grabRedPacket = {
  params: z.strictObject({ id: Id }),
  /** `cash`: the grabber's cash after it; `balance`: their balance of the packet's `asset` (the same as cash for a cash packet). */
  response: { 200: z.object({ amount: z.number().int(), cash: z.number().int(), asset: z.string().optional(), balance: z.number().int().optional() }), ...errorResponses },
} as const;

export const getRedPacket = {
  params: z.strictObject({ id: Id }),
  response: {
    200: z.object({
      redPacketId: z.string(),
      senderId: z.string(),
      kind: z.enum(['lucky', 'fixed']),
      asset: z.string(),
      total: z.number().int(),
      count: z.number().int(),
      remainingCount: z.number().int(),
      remainingAmount: z.number().int(),
      status: z.enum(['open', 'empty', 'expired']),
      target: z.object({ type: z.enum(['user', 'group', 'room']), id: z.string() }),
      greeting: z.string().nullable(),
      expiresAt: IsoTime,
      grabs: z.array(z.object({ userId: z.string(), amount: z.number().int(), at: IsoTime })),
    }),
    ...errorResponses,
  },
} as const;
