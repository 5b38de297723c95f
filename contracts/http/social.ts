// Follows, blocks, the relation between two users, and finding people (nickname search and
// phone-book matching). Friend requests and friends are in friends.ts, tags in contacts.ts.
import { z } from 'zod';
import { errorResponses, IsoTime, ListQuery, page, text } from '../common.js';
import { person, UserParams } from './shapes.js';

/** A boolean in a query string: true/false (also 1/0, yes/no, on/off). */
export const QueryFlag = z.stringbool();

export const follow = {
  params: UserParams,
  response: { 200: z.object({ userId: z.string(), following: z.boolean(), followedBy: z.boolean() }), ...errorResponses },
} as const;

export const block = {
  params: UserParams,
  response: { 200: z.object({ userId: z.string(), blocking: z.boolean(), blockedBy: z.boolean() }), ...errorResponses },
} as const;

export const Counts = z.object({ followers: z.number().int(), following: z.number().int() });

export const getRelation = {
  params: UserParams,
  response: {
    200: z.object({
      userId: z.string(),
      following: z.boolean(),
      followedBy: z.boolean(),
      friends: z.boolean(),
      /** A pending friend request between us: I sent it, or I received it. */
      request: z.enum(['sent', 'received']).nullable(),
      blocking: z.boolean(),
      blockedBy: z.boolean(),
      counts: Counts,
    }),
    ...errorResponses,
  },
} as const;

const FollowItem = z.object({ ...person, since: IsoTime, mutual: z.boolean() });

export const listFollows = {
  querystring: ListQuery.extend({ mutual: QueryFlag.optional() }),
  response: { 200: page(FollowItem).extend({ count: z.number().int() }), ...errorResponses },
} as const;

export const listBlocked = {
  querystring: ListQuery,
  response: { 200: page(z.object({ ...person, since: IsoTime })), ...errorResponses },
} as const;

export const searchNickname = {
  querystring: ListQuery.extend({ q: text({ min: 1, max: 40 }) }),
  response: { 200: page(z.object(person)), ...errorResponses },
} as const;

/** Phone numbers as the phone book has them (national numbers are taken as +86). */
export const matchPhoneBook = {
  body: z.strictObject({ phones: z.array(z.string().max(32)).min(1).max(1000) }),
  response: {
    200: z.object({ matches: z.array(z.object({ phone: z.string(), ...person, friend: z.boolean() })) }),
    ...errorResponses,
  },
} as const;
