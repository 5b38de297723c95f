import { z } from 'zod';
import { errorResponses, Id } from '../common.js';

export const Gift = z.object({ giftId: z.string(), name: z.string(), price: z.number().int().positive(), animation: z.string().optional() });

export const listGifts = { response: { 200: z.object({ items: z.array(Gift) }), ...errorResponses } } as const;

export const sendGift = {
  body: z.strictObject({ giftId: Id, toUserId: Id, count: z.number().int().min(1).max(9999), roomId: Id.optional() }),
  response: { 201: z.object({ giftSendId: z.string(), coinsSpent: z.number().int(), coins: z.number().int() }), ...errorResponses },
} as const;

export const getRanking = {
  params: z.strictObject({ board: z.enum(['rich', 'charm']) }),
  querystring: z.strictObject({ period: z.enum(['day', 'week', 'all']).default('all'), limit: z.coerce.number().int().min(1).max(100).default(20) }),
  response: {
    200: z.object({
      items: z.array(z.object({ rank: z.number().int(), userId: z.string(), nickname: z.string(), score: z.number().int() })),
      nextCursor: z.string().nullable(),
    }),
    ...errorResponses,
  },
} as const;
