// Stored event payloads of payout accounts; part of contracts/events.ts. Numbers are masked: the
// full number never enters the log.
import { z } from 'zod';
import { Id } from './primitives.js';

export const payoutAccounts = {
  PayoutAccountAdded: z.object({
    userId: Id,
    accountId: Id,
    kind: z.enum(['bank_card', 'alipay']),
    maskedNumber: z.string().regex(/^\*+[0-9A-Za-z@._-]{0,4}$/),
    bank: z.string().optional(),
    holder: z.string(),
  }),
  PayoutAccountRemoved: z.object({ userId: Id, accountId: Id }),
};
