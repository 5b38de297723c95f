// What a post accepts. Friendship and blocks are other streams: the service checks that the
// actor may see the post (and that visibility lists name friends) before it sends a command;
// what this stream knows by itself (deleted, under review, private, who wrote what) it checks here.
import { fail } from '../errors.js';
import { PersistentMap, PersistentSet } from '../persistent.js';
import { actor, requireId, requireText } from '../rules.js';
import type { EditPost, MediaRef, Post, PostCommand, PostComment, PostContent, PostEvent, PostFacts, PostKind, PostLocation, Visibility } from './types.js';
import { postKinds, visibilityModes } from './types.js';

export const MAX_POST_TEXT = 2000;
export const MAX_COMMENT_TEXT = 500;
export const MAX_IMAGES = 9;
export const MAX_MENTIONS = 20;
/** A list names friends; a user has at most a few thousand. */
export const MAX_AUDIENCE = 1000;

const media = (items: readonly MediaRef[], kind: PostKind): MediaRef[] => {
  if (!Array.isArray(items)) return fail('VALIDATION_FAILED', 'media must be a list', { field: 'media' });
  const out = items.map((m, i) => {
    if (m.type !== 'image' && m.type !== 'video' && m.type !== 'voice') fail('VALIDATION_FAILED', 'media type must be image, video or voice', { field: `media[${i}].type` });
    return { type: m.type, id: requireId(`media[${i}].id`, m.id) };
  });
  const images = out.filter((m) => m.type === 'image').length;
  if (images !== out.length && out.length > 1) return fail('VALIDATION_FAILED', 'a post has images, or one video, or one voice clip', { field: 'media' });
  if (images > MAX_IMAGES) return fail('VALIDATION_FAILED', `at most ${MAX_IMAGES} images`, { field: 'media', limit: MAX_IMAGES });
  if (kind === 'voice' && out[0]?.type !== 'voice') return fail('VALIDATION_FAILED', 'a voice post has one voice clip', { field: 'media' });
  return out;
};

const location = (l: PostLocation | undefined): PostLocation | undefined => {
  if (l === undefined) return undefined;
  const ok = Number.isFinite(l.lat) && Number.isFinite(l.lng) && Math.abs(l.lat) <= 90 && Math.abs(l.lng) <= 180;
  if (!ok) return fail('VALIDATION_FAILED', 'location must be a latitude and longitude', { field: 'location' });
  return { lat: l.lat, lng: l.lng, ...(l.name !== undefined ? { name: requireText('location.name', l.name, { max: 100 }) } : {}) };
};

const distinctIds = (field: string, ids: readonly string[], max: number): string[] => {
  if (!Array.isArray(ids) || ids.length > max) return fail('VALIDATION_FAILED', `${field} holds at most ${max} ids`, { field, limit: max });
  return [...new Set(ids.map((id) => requireId(`${field}[]`, id)))];
};

/** The content as it will be stored, or why not: nothing written and nothing attached is EMPTY_POST. */
export const checkedContent = (c: PostContent, kind: PostKind): PostContent => {
  const text = requireText('text', c.text, { max: MAX_POST_TEXT, multiline: true, blank: true });
  const items = media(c.media, kind);
  if (text.trim() === '' && items.length === 0) return fail('EMPTY_POST', 'write something or attach media');
  const where = location(c.location);
  return { text, media: items, ...(where ? { location: where } : {}), mentions: distinctIds('mentions', c.mentions, MAX_MENTIONS) };
};

export const checkedVisibility = (v: Visibility, authorId: string): Visibility => {
  if (!visibilityModes.includes(v.mode)) return fail('VALIDATION_FAILED', 'unknown visibility', { field: 'visibility.mode' });
  if (v.mode !== 'only' && v.mode !== 'except') return { mode: v.mode, userIds: [] };
  const userIds = distinctIds('visibility.userIds', v.userIds, MAX_AUDIENCE);
  if (userIds.length === 0) return fail('VALIDATION_FAILED', `${v.mode} needs the friends it names`, { field: 'visibility.userIds' });
  if (userIds.includes(authorId)) return fail('VALIDATION_FAILED', 'you always see your own posts', { field: 'visibility.userIds' });
  return { mode: v.mode, userIds };
};

type Live = { status: 'published' } & PostFacts;

/** The post as the acting user may act on it: others never learn of one under review, rejected or private. */
const visibleTo = (s: Post, postId: string, userId: string): Live => {
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such post', { postId });
  const authorOnly = s.review === 'pending' || s.review === 'rejected' || s.visibility.mode === 'private';
  if (authorOnly && s.authorId !== userId) return fail('NOT_FOUND', 'no such post', { postId });
  if (s.status === 'deleted') return fail('POST_DELETED', 'this post was deleted', { postId });
  return { ...s, status: 'published' };
};

const own = (s: Post, postId: string, userId: string): Live => {
  const p = visibleTo(s, postId, userId);
  return p.authorId === userId ? p : fail('FORBIDDEN', 'only the author changes a post', { postId });
};

const ref = (p: PostFacts) => ({ postId: p.postId, authorId: p.authorId });

const liveComment = (p: PostFacts, commentId: string): PostComment => {
  const c = p.comments.get(commentId);
  return c && !c.deleted ? c : fail('NOT_FOUND', 'no such comment', { commentId });
};

const publish = (c: Extract<PostCommand, { type: 'PublishPost' }>, s: Post, by: string): PostEvent[] => {
  if (s.status !== 'absent') return [];
  if (!postKinds.includes(c.data.kind)) return fail('VALIDATION_FAILED', 'unknown kind', { field: 'kind' });
  const content = checkedContent(c.data, c.data.kind);
  const visibility = checkedVisibility(c.data.visibility, by);
  const topicId = c.data.topicId === undefined ? {} : { topicId: requireId('topicId', c.data.topicId) };
  return [{ type: 'PostPublished', data: { postId: requireId('postId', c.data.postId), authorId: by, kind: c.data.kind, ...content, visibility, review: c.data.review ? 'pending' : 'none', ...topicId } }];
};

const edit = (c: EditPost, s: Post, by: string): PostEvent[] => {
  const p = own(s, c.data.postId, by);
  const content = checkedContent(c.data, p.kind);
  const visibility = checkedVisibility(c.data.visibility, by);
  return [{ type: 'PostEdited', data: { ...ref(p), ...content, visibility, ...(c.data.review ? { review: 'pending' as const } : {}) } }];
};

const review = (c: Extract<PostCommand, { type: 'ReviewPost' }>, s: Post, by: string): PostEvent[] => {
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such post', { postId: c.data.postId });
  if (s.review !== 'pending') return fail('CONFLICT', 'this post is not waiting for review', { postId: s.postId, review: s.review });
  if (c.data.decision === 'approve') return [{ type: 'PostApproved', data: { ...ref(s), operatorId: by } }];
  const reason = c.data.reason === undefined ? {} : { reason: requireText('reason', c.data.reason, { max: 200 }) };
  return [{ type: 'PostRejected', data: { ...ref(s), operatorId: by, ...reason } }];
};

const comment = (c: Extract<PostCommand, { type: 'AddComment' }>, s: Post, by: string): PostEvent[] => {
  const p = visibleTo(s, c.data.postId, by);
  const commentId = requireId('commentId', c.data.commentId);
  if (p.comments.has(commentId)) return [];
  const text = requireText('text', c.data.text, { max: MAX_COMMENT_TEXT, multiline: true });
  const replyTo = c.data.replyTo === undefined ? {} : { replyTo: { commentId: c.data.replyTo, userId: liveComment(p, c.data.replyTo).userId } };
  return [{ type: 'CommentAdded', data: { ...ref(p), commentId, userId: by, text, ...replyTo, commentCount: p.commentCount + 1 } }];
};

const deleteComment = (c: Extract<PostCommand, { type: 'DeleteComment' }>, s: Post, by: string): PostEvent[] => {
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such post', { postId: c.data.postId });
  const found = s.comments.get(c.data.commentId) ?? fail('NOT_FOUND', 'no such comment', { commentId: c.data.commentId });
  if (found.userId !== by && s.authorId !== by) return fail('FORBIDDEN', "only its writer or the post's author deletes a comment", { commentId: c.data.commentId });
  if (found.deleted) return [];
  return [{ type: 'CommentDeleted', data: { ...ref(s), commentId: c.data.commentId, userId: found.userId, by, commentCount: s.commentCount - 1 } }];
};

const likeComment = (c: Extract<PostCommand, { type: 'LikeComment' | 'UnlikeComment' }>, s: Post, by: string): PostEvent[] => {
  const p = visibleTo(s, c.data.postId, by);
  const target = liveComment(p, c.data.commentId);
  const like = c.type === 'LikeComment';
  if (target.likes.has(by) === like) return [];
  const data = { ...ref(p), commentId: c.data.commentId, commenterId: target.userId, userId: by, likeCount: target.likes.size + (like ? 1 : -1) };
  return [like ? { type: 'CommentLiked', data } : { type: 'CommentUnliked', data }];
};

const likePost = (c: Extract<PostCommand, { type: 'LikePost' | 'UnlikePost' }>, s: Post, by: string): PostEvent[] => {
  const p = visibleTo(s, c.data.postId, by);
  const like = c.type === 'LikePost';
  // Liking twice (or unliking what you never liked) is a no-op, not an error: a double tap.
  if (p.likes.has(by) === like) return [];
  const data = { ...ref(p), userId: by, likeCount: p.likes.size + (like ? 1 : -1) };
  return [like ? { type: 'PostLiked', data } : { type: 'PostUnliked', data }];
};

export const decide = (c: PostCommand, s: Post): PostEvent[] => {
  const by = actor(c.metadata);
  switch (c.type) {
    case 'PublishPost':
      return publish(c, s, by);
    case 'EditPost':
      return edit(c, s, by);
    case 'DeletePost': {
      if (s.status === 'deleted' && s.authorId === by) return [];
      const p = own(s, c.data.postId, by);
      return [{ type: 'PostDeleted', data: { ...ref(p), by } }];
    }
    case 'ReviewPost':
      return review(c, s, by);
    case 'LikePost':
    case 'UnlikePost':
      return likePost(c, s, by);
    case 'AddComment':
      return comment(c, s, by);
    case 'DeleteComment':
      return deleteComment(c, s, by);
    case 'LikeComment':
    case 'UnlikeComment':
      return likeComment(c, s, by);
    case 'RecordListen': {
      const p = visibleTo(s, c.data.postId, by);
      return [{ type: 'PostListened', data: { ...ref(p), userId: by, listenCount: p.listenCount + 1 } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const emptyFacts = { likes: PersistentSet.empty(), comments: PersistentMap.empty<PostComment>(), commentCount: 0, listenCount: 0 };
