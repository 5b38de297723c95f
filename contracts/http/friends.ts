// Friend requests (named by the requester, one pending per pair) and friends with my remarks and tags.
import { z } from 'zod';
import { errorResponses, Id, IsoTime, ListQuery, page, text } from '../common.js';
import { person, UserParams } from './shapes.js';
import { QueryFlag } from './social.js';

const RequestStatus = z.enum(['pending', 'accepted', 'rejected', 'cancelled']);
/** Where a request stands after the caller's step. */
const RequestAnswer = <S extends z.ZodType>(status: S) => z.object({ userId: z.string(), status });

export const requestFriend = {
  body: z.strictObject({
    userId: Id,
    /** Why you ask, shown to them. */
    reason: text({ max: 100 }).optional(),
    /** What you will call them (your contacts), whatever they answer. */
    remark: text({ max: 40 }).optional(),
  }),
  response: { 201: RequestAnswer(z.enum(['pending', 'friends'])), ...errorResponses },
} as const;

export const answerFriendRequest = {
  params: UserParams,
  response: { 200: RequestAnswer(z.enum(['friends', 'rejected'])), ...errorResponses },
} as const;

/** Takes back my pending request to `userId` (the target). */
export const withdrawFriendRequest = {
  params: UserParams,
  response: { 200: RequestAnswer(z.literal('withdrawn')), ...errorResponses },
} as const;

export const listFriendRequests = {
  querystring: ListQuery.extend({ box: z.enum(['inbox', 'outbox']).default('inbox'), status: RequestStatus.optional() }),
  response: {
    200: page(
      z.object({
        ...person,
        reason: z.string().nullable(),
        status: RequestStatus,
        createdAt: IsoTime,
        answeredAt: IsoTime.nullable(),
      }),
    ),
    ...errorResponses,
  },
} as const;

export const Tagged = z.object({ tagId: z.string(), name: z.string() });

export const listFriends = {
  querystring: ListQuery.extend({ commonlyUsed: QueryFlag.optional(), tagId: Id.optional() }),
  response: {
    200: page(
      z.object({
        ...person,
        remark: z.string().nullable(),
        commonlyUsed: z.boolean(),
        tags: z.array(Tagged),
        since: IsoTime,
      }),
    ),
    ...errorResponses,
  },
} as const;

export const removeFriend = {
  params: UserParams,
  response: { 200: z.object({ userId: z.string(), friends: z.literal(false) }), ...errorResponses },
} as const;
