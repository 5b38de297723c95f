// What the owner and admins note about a group member: the extension field and how they came in.
import { z } from 'zod';
import { errorResponses, Id, text } from '../common.js';

const memberParams = z.strictObject({ id: Id, userId: Id });

/** Empty clears it. The owner and admins; seen by them and the member. */
export const setMemberExt = {
  params: memberParams,
  body: z.strictObject({ ext: text({ max: 500 }) }),
  response: { 200: z.object({ userId: z.string(), ext: z.string().nullable() }), ...errorResponses },
} as const;

/**
 * The channel a member who asked to join found the group by (`search`: its number, `qr_code`),
 * or `invitation` confirmed for an invited member; the opposite of what the group saw is 409.
 */
export const recordJoinMethod = {
  params: memberParams,
  body: z.strictObject({ method: z.enum(['invitation', 'search', 'qr_code']) }),
  response: { 200: z.object({ userId: z.string(), joinMethod: z.enum(['invitation', 'request', 'search', 'qr_code']).nullable() }), ...errorResponses },
} as const;
