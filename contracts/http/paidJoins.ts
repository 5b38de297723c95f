// Paid group joins (issue #19): the joiner pays the group's fee and joins.
import { z } from 'zod';
import { errorResponses } from '../common.js';
import { IdParams, payPasswordField } from './shapes.js';

export const payGroupJoin = {
  params: IdParams,
  body: z.strictObject({ message: z.string().max(500).optional(), ...payPasswordField }),
  response: {
    200: z.object({
      status: z.literal('joined'),
      groupId: z.string(),
      paymentRef: z.string(),
      asset: z.string(),
      /** The whole fee debited from the joiner, minor units. */
      fee: z.number().int(),
      /** The platform's part of it (GROUP_JOIN_PLATFORM_SHARE_BP); the owner receives fee - platformShare. */
      platformShare: z.number().int(),
      /** The joiner's balance of `asset` after the debit. */
      balance: z.number().int(),
    }),
    ...errorResponses,
  },
} as const;
