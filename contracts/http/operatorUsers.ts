// An operator's view of a user: what other users may not see (seed 004 /user/userInfo's
// administrator-only fields). Operators only.
import { z } from 'zod';
import { errorResponses, Id } from '../common.js';

export const OperatorUserView = z.object({
  userId: z.string(),
  nickname: z.string(),
  displayNumber: z.string().nullable().describe('null for an account from before display numbers that has not signed in since'),
  phone: z.string().nullable().describe('as stored (E.164); null for an account without one'),
  verified: z.boolean().describe('real-name verification approved'),
  description: z.string().nullable().describe("the profile's description"),
  companyId: z.string().nullable().describe('004 `com_id`, set by operators'),
  staffPosition: z.string().nullable().describe('004 `position`, set by operators; null: not staff'),
});

export const getOperatorUserView = {
  params: z.strictObject({ userId: Id }),
  response: { 200: OperatorUserView, ...errorResponses },
} as const;
