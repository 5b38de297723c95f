// Moments extras: the cover image above a user's moments, the per-friend switches, gifts received
// on my posts, and deleting a comment by its id alone.
import { z } from 'zod';
import { errorResponses, Id, IsoTime, ListQuery, page } from '../common.js';

export const FeedCover = z.object({ userId: z.string(), mediaId: z.string().nullable(), url: z.string().nullable() });

export const setFeedCover = {
  /** One of my own image uploads. */
  body: z.strictObject({ mediaId: Id }),
  response: { 200: FeedCover, ...errorResponses },
} as const;

export const getFeedCover = { params: z.strictObject({ userId: Id }), response: { 200: FeedCover, ...errorResponses } } as const;

const Switch = z.enum(['hideMine', 'hideTheirs']);
export const setFeedSwitch = {
  params: z.strictObject({ userId: Id }),
  /** `hideMine`: my posts are hidden from them; `hideTheirs`: theirs are hidden from me. On needs a friend. */
  body: z.strictObject({ switch: Switch, on: z.boolean() }),
  response: { 200: z.object({ userId: z.string(), switch: Switch, on: z.boolean() }), ...errorResponses },
} as const;

export const myFeedSwitches = {
  response: { 200: z.object({ items: z.array(z.object({ userId: z.string(), hideMine: z.boolean(), hideTheirs: z.boolean() })) }), ...errorResponses },
} as const;

export const PostGift = z.object({
  giftSendId: z.string(),
  postId: z.string(),
  senderId: z.string(),
  sender: z.object({ nickname: z.string(), avatarUrl: z.string().nullable() }),
  giftId: z.string(),
  count: z.number().int(),
  /** Coins the sender spent. */
  coinsSpent: z.number().int(),
  createdAt: IsoTime,
});

export const myPostGifts = { querystring: ListQuery, response: { 200: page(PostGift), ...errorResponses } } as const;

export const deleteCommentById = {
  params: z.strictObject({ commentId: Id }),
  response: { 200: z.object({ postId: z.string(), commentId: z.string(), deleted: z.literal(true) }), ...errorResponses },
} as const;
