// Push payloads of posts (part of contracts/push.ts pushPayloads), all on `user:` channels: the
// author hears likes, comments and gifts on their posts (never their own), a commenter hears a
// reply to their comment, and the author hears an operator's review.
import { z } from 'zod';

const Id = z.string();
const Int = z.number().int();

export const postPayloads = {
  /** Someone liked your post. Unlikes are not announced. */
  'post.like': z.object({ postId: Id, userId: Id, likeCount: Int }),
  /** A comment on your post, or a reply to your comment (`replyTo`). */
  'post.comment': z.object({
    postId: Id,
    authorId: Id,
    commentId: Id,
    userId: Id,
    text: z.string(),
    replyTo: z.object({ commentId: Id, userId: Id }).optional(),
    commentCount: Int,
  }),
  /** A gift to your post: its value in coins counts toward the post's gift value. */
  'post.gift': z.object({ postId: Id, giftSendId: Id, giftId: Id, fromUserId: Id, count: Int, value: Int }),
  /** An operator's review of your post. */
  'post.review': z.object({ postId: Id, status: z.enum(['approved', 'rejected']), reason: z.string().optional() }),
} as const;
