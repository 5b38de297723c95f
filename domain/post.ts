// Posts: vparty dynamics, friend-circle moments, heihei topics' subjects and voice recordings,
// one aggregate with a `kind`. One stream per post, `post-<id>`: its content, visibility and
// review, its likes (one per user), its comments and their likes, its listens. Counters ride on
// the events (likeCount, commentCount, listenCount), so read models set them, never add.
// Gifts on a post are wallet events that name it (GiftSent.postId): money stays in the wallets.
import type { Decider } from './aggregate.js';
import { PersistentMap } from './persistent.js';
import { decide, emptyFacts } from './post/decide.js';
import type { Post, PostCommand, PostComment, PostEvent, PostFacts } from './post/types.js';

export * from './post/types.js';
export { checkedContent, checkedVisibility, decide, MAX_AUDIENCE, MAX_COMMENT_TEXT, MAX_IMAGES, MAX_MENTIONS, MAX_POST_TEXT } from './post/decide.js';

export const initialState = (): Post => ({ status: 'absent' });

const withComment = (p: PostFacts, commentId: string, change: (c: PostComment) => PostComment): PersistentMap<PostComment> => {
  const c = p.comments.get(commentId);
  return c ? p.comments.set(commentId, change(c)) : p.comments;
};

const evolveLive = (s: Exclude<Post, { status: 'absent' }>, e: PostEvent): Post => {
  switch (e.type) {
    case 'PostEdited': {
      const { postId: _p, authorId: _a, review, location, ...rest } = e.data;
      const { location: _old, ...kept } = s;
      return { ...kept, ...rest, ...(location ? { location } : {}), ...(review ? { review } : {}) };
    }
    case 'PostDeleted':
      return { ...s, status: 'deleted' };
    case 'PostApproved':
      return { ...s, review: 'approved' };
    case 'PostRejected':
      return { ...s, review: 'rejected' };
    case 'PostLiked':
      return { ...s, likes: s.likes.add(e.data.userId) };
    case 'PostUnliked':
      return { ...s, likes: s.likes.delete(e.data.userId) };
    case 'CommentAdded':
      return { ...s, comments: s.comments.set(e.data.commentId, { userId: e.data.userId, deleted: false, likes: emptyFacts.likes }), commentCount: e.data.commentCount };
    case 'CommentDeleted':
      return { ...s, comments: withComment(s, e.data.commentId, (c) => ({ ...c, deleted: true })), commentCount: e.data.commentCount };
    case 'CommentLiked':
      return { ...s, comments: withComment(s, e.data.commentId, (c) => ({ ...c, likes: c.likes.add(e.data.userId) })) };
    case 'CommentUnliked':
      return { ...s, comments: withComment(s, e.data.commentId, (c) => ({ ...c, likes: c.likes.delete(e.data.userId) })) };
    case 'PostListened':
      return { ...s, listenCount: e.data.listenCount };
    case 'PostPublished':
      return s;
    default: {
      const never: never = e;
      return never;
    }
  }
};

export const evolve = (s: Post, e: PostEvent): Post => {
  if (s.status !== 'absent') return evolveLive(s, e);
  if (e.type !== 'PostPublished') return s;
  const { review, ...d } = e.data;
  return { status: 'published', ...d, review, ...emptyFacts };
};

/** What a reader's relation to the author is, as the relation stream (or its read models) say. */
export interface ReaderRelation {
  friends: boolean;
  /** Either of the two blocked the other. */
  blocked: boolean;
  /** A moments switch stands (feedPrefs.ts `hiddenBySwitch`): the author hid theirs from the reader, or the reader hid the author's. */
  hidden?: boolean;
}

/**
 * May this reader see this post? The one statement of the rule (the feeds' SQL says the same,
 * and the property test holds both to it): nobody once it is deleted; the author always; nobody
 * else while it is under review, rejected or private, while a block stands either way, or while a moments
 * switch stands between the two (the author hid theirs from the reader, or the reader hid the author's); then public to anyone,
 * `friends` to friends, `only` to the listed friends, `except` to the other friends.
 */
export const mayRead = (p: Pick<PostFacts, 'authorId' | 'visibility' | 'review'> & { status: Post['status'] }, readerId: string, rel: ReaderRelation): boolean => {
  if (p.status !== 'published') return false;
  if (readerId === p.authorId) return true;
  if (p.review === 'pending' || p.review === 'rejected' || rel.blocked || rel.hidden === true) return false;
  switch (p.visibility.mode) {
    case 'public':
      return true;
    case 'friends':
      return rel.friends;
    case 'only':
      return rel.friends && p.visibility.userIds.includes(readerId);
    case 'except':
      return rel.friends && !p.visibility.userIds.includes(readerId);
    case 'private':
      return false;
    default: {
      const never: never = p.visibility.mode;
      return never;
    }
  }
};

export const postStream = (postId: string): string => `post-${postId}`;

export const postDecider: Decider<Post, PostCommand, PostEvent> = { initialState, evolve, decide };
