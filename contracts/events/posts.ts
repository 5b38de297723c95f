// Stored event payloads of posts (domain/post.ts); part of contracts/events.ts.
import { z } from 'zod';
import { Count, Id } from './primitives.js';

const ref = { postId: Id, authorId: Id };
const Visibility = z.object({ mode: z.enum(['public', 'friends', 'only', 'except', 'private']), userIds: z.array(Id) });
const content = {
  text: z.string(),
  media: z.array(z.object({ type: z.enum(['image', 'video', 'voice']), id: Id })),
  location: z.object({ lat: z.number(), lng: z.number(), name: z.string().optional() }).optional(),
  mentions: z.array(Id),
};
const commentLike = z.object({ ...ref, commentId: Id, commenterId: Id, userId: Id, likeCount: Count });

export const post = {
  PostPublished: z.object({
    ...ref,
    ...content,
    kind: z.enum(['dynamic', 'moment', 'topic', 'voice']),
    visibility: Visibility,
    review: z.enum(['none', 'pending']),
    topicId: Id.optional(),
  }),
  PostEdited: z.object({ ...ref, ...content, visibility: Visibility, review: z.literal('pending').optional() }),
  PostDeleted: z.object({ ...ref, by: Id }),
  PostApproved: z.object({ ...ref, operatorId: Id }),
  PostRejected: z.object({ ...ref, operatorId: Id, reason: z.string().optional() }),
  PostLiked: z.object({ ...ref, userId: Id, likeCount: Count }),
  PostUnliked: z.object({ ...ref, userId: Id, likeCount: Count }),
  CommentAdded: z.object({
    ...ref,
    commentId: Id,
    userId: Id,
    text: z.string(),
    replyTo: z.object({ commentId: Id, userId: Id }).optional(),
    commentCount: Count,
  }),
  CommentDeleted: z.object({ ...ref, commentId: Id, userId: Id, by: Id, commentCount: Count }),
  CommentLiked: commentLike,
  CommentUnliked: commentLike,
  PostListened: z.object({ ...ref, userId: Id, listenCount: Count }),
};
