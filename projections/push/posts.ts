// Posts' push notices, on users' own channels (contracts/postPush.ts).
import { channel, type PushDraft } from '../../contracts/push.js';
import type { Stored } from '../../domain/events.js';
import type { AnyDomainEvent, EventOf } from '../../domain/index.js';
import type { PostEvent } from '../../domain/post.js';

export const postEventTypes = ['PostLiked', 'CommentAdded', 'PostApproved', 'PostRejected'] as const;

const allPostEvents: Record<PostEvent['type'], true> = {
  PostPublished: true,
  PostEdited: true,
  PostDeleted: true,
  PostApproved: true,
  PostRejected: true,
  PostLiked: true,
  PostUnliked: true,
  CommentAdded: true,
  CommentDeleted: true,
  CommentLiked: true,
  CommentUnliked: true,
  PostListened: true,
};

/** Narrows a domain event to a post's (the push switch hands these over whole). */
export const isPostEvent = (e: Stored<AnyDomainEvent>): e is Stored<PostEvent> => Object.hasOwn(allPostEvents, e.type);

/** Likes and comments on your post (not your own), replies to your comment, review results. */
export const postMessages = (e: Stored<PostEvent>): PushDraft[] => {
  switch (e.type) {
    case 'PostLiked': {
      const { postId, authorId, userId, likeCount } = e.data;
      return userId === authorId ? [] : [{ channel: channel.user(authorId), type: 'post.like', data: { postId, userId, likeCount } }];
    }
    case 'CommentAdded': {
      const { replyTo, ...d } = e.data;
      const data = { postId: d.postId, authorId: d.authorId, commentId: d.commentId, userId: d.userId, text: d.text, commentCount: d.commentCount, ...(replyTo ? { replyTo } : {}) };
      const to = new Set([d.authorId, ...(replyTo ? [replyTo.userId] : [])]);
      to.delete(d.userId);
      return [...to].map((u) => ({ channel: channel.user(u), type: 'post.comment', data }));
    }
    case 'PostApproved':
      return [{ channel: channel.user(e.data.authorId), type: 'post.review', data: { postId: e.data.postId, status: 'approved' } }];
    case 'PostRejected': {
      const { postId, authorId, reason } = e.data;
      return [{ channel: channel.user(authorId), type: 'post.review', data: { postId, status: 'rejected', ...(reason !== undefined ? { reason } : {}) } }];
    }
    case 'PostPublished':
    case 'PostEdited':
    case 'PostDeleted':
    case 'PostUnliked':
    case 'CommentDeleted':
    case 'CommentLiked':
    case 'CommentUnliked':
    case 'PostListened':
      return [];
    default: {
      const never: never = e;
      return never;
    }
  }
};

/** A gift to a post, to its author (the wallet entries go to both wallets' owners as before). */
export const postGiftMessages = (e: Stored<EventOf<'GiftSent'>>): PushDraft[] => {
  const d = e.data;
  if (d.postId === undefined) return [];
  return [{ channel: channel.user(d.toUserId), type: 'post.gift', data: { postId: d.postId, giftSendId: d.giftSendId, giftId: d.giftId, fromUserId: d.fromUserId, count: d.count, value: d.coinsSpent } }];
};
