// Posts, their likes and comments (tables of migration 0055), and the gift value of each post
// from the wallet's GiftSent events that name it.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Counters are set from the counts the events carry;
// the only addition, a gift's value, happens once per event for the same reason.
import type { StoredEvent } from '../domain/events.js';
import type { MediaRef, PostContent } from '../domain/post.js';
import type { Projection, Tx } from './projection.js';
import { handling } from './support.js';

const handled = handling([
  'PostPublished',
  'PostEdited',
  'PostDeleted',
  'PostApproved',
  'PostRejected',
  'PostLiked',
  'PostUnliked',
  'CommentAdded',
  'CommentDeleted',
  'CommentLiked',
  'CommentUnliked',
  'PostListened',
  'GiftSent',
] as const);

const mediaType = (media: readonly MediaRef[]): string | null => media[0]?.type ?? null;

const contentValues = (c: PostContent) => [c.text, JSON.stringify(c.media), c.media.length > 0, mediaType(c.media), c.location ? JSON.stringify(c.location) : null, c.mentions];

const PUBLISH = `insert into posts (post_id, author_id, kind, text, media, has_media, media_type, location, mentions, visibility, audience, review, status, topic_id, created_at, position)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'published', $13, $14, $15) on conflict (post_id) do nothing`;
const EDIT = `update posts set text = $2, media = $3, has_media = $4, media_type = $5, location = $6, mentions = $7, visibility = $8, audience = $9,
  review = coalesce($10, review), edited_at = $11 where post_id = $1`;

const applyOne = async (tx: Tx, event: StoredEvent): Promise<void> => {
  const e = handled.of(event);
  if (!e) return;
  const at = event.metadata.at;
  switch (e.type) {
    case 'PostPublished': {
      const d = e.data;
      await tx.query(PUBLISH, [d.postId, d.authorId, d.kind, ...contentValues(d), d.visibility.mode, d.visibility.userIds, d.review, d.topicId ?? null, at, event.position]);
      return;
    }
    case 'PostEdited': {
      const d = e.data;
      await tx.query(EDIT, [d.postId, ...contentValues(d), d.visibility.mode, d.visibility.userIds, d.review ?? null, at]);
      return;
    }
    case 'PostDeleted':
      await tx.query(`update posts set status = 'deleted' where post_id = $1`, [e.data.postId]);
      return;
    case 'PostApproved':
    case 'PostRejected':
      await tx.query('update posts set review = $2 where post_id = $1', [e.data.postId, e.type === 'PostApproved' ? 'approved' : 'rejected']);
      return;
    case 'PostLiked':
    case 'PostUnliked': {
      const { postId, userId, likeCount } = e.data;
      await tx.query('update posts set like_count = $2 where post_id = $1', [postId, likeCount]);
      await tx.query(
        e.type === 'PostLiked' ? 'insert into post_likes (post_id, user_id, position) values ($1, $2, $3) on conflict do nothing' : 'delete from post_likes where post_id = $1 and user_id = $2',
        e.type === 'PostLiked' ? [postId, userId, event.position] : [postId, userId],
      );
      return;
    }
    case 'CommentAdded': {
      const d = e.data;
      await tx.query('update posts set comment_count = $2 where post_id = $1', [d.postId, d.commentCount]);
      await tx.query(
        `insert into post_comments (post_id, comment_id, user_id, text, reply_to_comment, reply_to_user, created_at, position)
         values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
        [d.postId, d.commentId, d.userId, d.text, d.replyTo?.commentId ?? null, d.replyTo?.userId ?? null, at, event.position],
      );
      return;
    }
    case 'CommentDeleted':
      await tx.query('update posts set comment_count = $2 where post_id = $1', [e.data.postId, e.data.commentCount]);
      await tx.query('update post_comments set deleted = true where post_id = $1 and comment_id = $2', [e.data.postId, e.data.commentId]);
      return;
    case 'CommentLiked':
    case 'CommentUnliked': {
      const { postId, commentId, userId, likeCount } = e.data;
      await tx.query('update post_comments set like_count = $3 where post_id = $1 and comment_id = $2', [postId, commentId, likeCount]);
      await tx.query(
        e.type === 'CommentLiked'
          ? 'insert into post_comment_likes (post_id, comment_id, user_id) values ($1, $2, $3) on conflict do nothing'
          : 'delete from post_comment_likes where post_id = $1 and comment_id = $2 and user_id = $3',
        [postId, commentId, userId],
      );
      return;
    }
    case 'PostListened':
      await tx.query('update posts set listen_count = $2 where post_id = $1', [e.data.postId, e.data.listenCount]);
      return;
    case 'GiftSent':
      if (e.data.postId === undefined) return;
      await tx.query('update posts set gift_count = gift_count + $2, gift_value = gift_value + $3 where post_id = $1', [e.data.postId, e.data.count, e.data.coinsSpent]);
      return;
    default: {
      const never: never = e;
      return never;
    }
  }
};

export const postsProjection: Projection = {
  name: 'posts',
  tables: ['posts', 'post_likes', 'post_comments', 'post_comment_likes'],
  handles: handled.types,
  apply: applyOne,
};
