// The post decider: publishing and its checks, edits and deletion by the author, review, likes
// once per user, comments with replies and deletion, listens, and what others may not see.
import t from 'tap';
import { postDecider, postStream, type PostCommand, type PostEvent, type Visibility } from '../../domain/post.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const post = spec(postDecider);
const pub: Visibility = { mode: 'public', userIds: [] };
const content = { text: 'hello', media: [], mentions: [] };

const publish = (data: Partial<Extract<PostCommand, { type: 'PublishPost' }>['data']> = {}, by = 'ann'): PostCommand => ({
  type: 'PublishPost',
  data: { postId: 'p1', kind: 'moment', ...content, visibility: pub, review: false, ...data },
  metadata: meta(at, by),
});
const published = (data: Partial<Extract<PostEvent, { type: 'PostPublished' }>['data']> = {}): PostEvent => ({
  type: 'PostPublished',
  data: { postId: 'p1', authorId: 'ann', kind: 'moment', ...content, visibility: pub, review: 'none', ...data },
});
const cmd = (type: 'LikePost' | 'UnlikePost' | 'DeletePost' | 'RecordListen', by: string): PostCommand => ({ type, data: { postId: 'p1' }, metadata: meta(at, by) });
const ref = { postId: 'p1', authorId: 'ann' };
const liked = (userId: string, likeCount: number): PostEvent => ({ type: 'PostLiked', data: { ...ref, userId, likeCount } });
const commented = (commentId: string, userId: string, commentCount: number): PostEvent => ({ type: 'CommentAdded', data: { ...ref, commentId, userId, text: 'hi', commentCount } });
const deleted: PostEvent = { type: 'PostDeleted', data: { ...ref, by: 'ann' } };

t.test('the stream is the post\'s', async (t) => t.equal(postStream('p1'), 'post-p1'));

t.test('publish: the author is the actor; the review policy decides pending; a repeat is a no-op', async () => {
  post.given([]).when(publish()).then([published()]);
  post.given([]).when(publish({ review: true })).then([published({ review: 'pending' })]);
  post.given([published()]).when(publish()).then([]);
  post.given([]).when({ ...publish(), metadata: meta(at) }).thenThrows('UNAUTHENTICATED');
});

t.test('publish refuses empty posts, bad media, bad lists and bad places', async () => {
  post.given([]).when(publish({ text: '  ' })).thenThrows('EMPTY_POST');
  post.given([]).when(publish({ text: '', media: [{ type: 'image', id: 'i' }] })).then([published({ text: '', media: [{ type: 'image', id: 'i' }] })]);
  post.given([]).when(publish({ media: Array.from({ length: 10 }, (_, i) => ({ type: 'image' as const, id: `i${i}` })) })).thenThrows('VALIDATION_FAILED', { field: 'media' });
  post.given([]).when(publish({ media: [{ type: 'video', id: 'a' }, { type: 'video', id: 'b' }] })).thenThrows('VALIDATION_FAILED', { field: 'media' });
  post.given([]).when(publish({ kind: 'voice' })).thenThrows('VALIDATION_FAILED', { field: 'media' });
  post.given([]).when(publish({ visibility: { mode: 'only', userIds: [] } })).thenThrows('VALIDATION_FAILED');
  post.given([]).when(publish({ visibility: { mode: 'except', userIds: ['ann'] } })).thenThrows('VALIDATION_FAILED');
  post.given([]).when(publish({ location: { lat: 91, lng: 0 } })).thenThrows('VALIDATION_FAILED', { field: 'location' });
  post.given([]).when(publish({ text: 'x'.repeat(2001) })).thenThrows('VALIDATION_FAILED', { field: 'text' });
  // Lists are kept only where they mean something, without repeats.
  post.given([]).when(publish({ visibility: { mode: 'friends', userIds: ['bob'] } })).then([published({ visibility: { mode: 'friends', userIds: [] } })]);
  post.given([]).when(publish({ visibility: { mode: 'only', userIds: ['bob', 'bob'] } })).then([published({ visibility: { mode: 'only', userIds: ['bob'] } })]);
});

t.test('edit and delete are the author\'s; a deleted post refuses everything but a second delete', async () => {
  const edit: PostCommand = { type: 'EditPost', data: { postId: 'p1', ...content, text: 'new', visibility: pub, review: false }, metadata: meta(at, 'ann') };
  post.given([published()]).when(edit).then([{ type: 'PostEdited', data: { ...ref, ...content, text: 'new', visibility: pub } }]);
  post.given([published()]).when({ ...edit, data: { ...edit.data, review: true } }).then([{ type: 'PostEdited', data: { ...ref, ...content, text: 'new', visibility: pub, review: 'pending' } }]);
  post.given([published()]).when({ ...edit, metadata: meta(at, 'bob') }).thenThrows('FORBIDDEN');
  post.given([published()]).when(cmd('DeletePost', 'bob')).thenThrows('FORBIDDEN');
  post.given([published()]).when(cmd('DeletePost', 'ann')).then([deleted]);
  post.given([published(), deleted]).when(cmd('DeletePost', 'ann')).then([]);
  post.given([published(), deleted]).when(cmd('LikePost', 'bob')).thenThrows('POST_DELETED');
  post.given([published(), deleted]).when({ type: 'AddComment', data: { postId: 'p1', commentId: 'c1', text: 'late' }, metadata: meta(at, 'bob') }).thenThrows('POST_DELETED');
  post.given([]).when(cmd('LikePost', 'bob')).thenThrows('NOT_FOUND');
});

t.test('review: only pending posts; until approved only the author sees (and acts on) it', async () => {
  const review = (decision: 'approve' | 'reject', reason?: string): PostCommand => ({ type: 'ReviewPost', data: { postId: 'p1', decision, ...(reason ? { reason } : {}) }, metadata: meta(at, 'op') });
  const pending = published({ review: 'pending' });
  post.given([pending]).when(cmd('LikePost', 'bob')).thenThrows('NOT_FOUND');
  post.given([pending]).when(cmd('LikePost', 'ann')).then([liked('ann', 1)]);
  post.given([pending]).when(review('approve')).then([{ type: 'PostApproved', data: { ...ref, operatorId: 'op' } }]);
  post.given([pending]).when(review('reject', 'spam')).then([{ type: 'PostRejected', data: { ...ref, operatorId: 'op', reason: 'spam' } }]);
  post.given([published()]).when(review('approve')).thenThrows('CONFLICT');
  post.given([pending, { type: 'PostRejected', data: { ...ref, operatorId: 'op' } }]).when(cmd('LikePost', 'bob')).thenThrows('NOT_FOUND');
  post.given([pending, { type: 'PostApproved', data: { ...ref, operatorId: 'op' } }]).when(cmd('LikePost', 'bob')).then([liked('bob', 1)]);
  post.given([published({ visibility: { mode: 'private', userIds: [] } })]).when(cmd('LikePost', 'bob')).thenThrows('NOT_FOUND');
});

t.test('likes: once per user (a second like and an unlike of nothing are no-ops), counted on the event', async (t) => {
  post.given([published()]).when(cmd('LikePost', 'bob')).then([liked('bob', 1)]);
  post.given([published(), liked('bob', 1)]).when(cmd('LikePost', 'bob')).then([]);
  post.given([published(), liked('bob', 1)]).when(cmd('LikePost', 'cat')).then([liked('cat', 2)]);
  post.given([published()]).when(cmd('UnlikePost', 'bob')).then([]);
  post.given([published(), liked('bob', 1)]).when(cmd('UnlikePost', 'bob')).then([{ type: 'PostUnliked', data: { ...ref, userId: 'bob', likeCount: 0 } }]);
  const s = post.given([published(), liked('bob', 1), liked('cat', 2)]).state();
  t.equal(s.status === 'published' ? s.likes.size : -1, 2);
});

t.test('comments: replies name whom they answer; writer or author deletes; comment likes once per user', async () => {
  const add = (commentId: string, by: string, replyTo?: string): PostCommand => ({ type: 'AddComment', data: { postId: 'p1', commentId, text: 'hi', ...(replyTo ? { replyTo } : {}) }, metadata: meta(at, by) });
  const del = (commentId: string, by: string): PostCommand => ({ type: 'DeleteComment', data: { postId: 'p1', commentId }, metadata: meta(at, by) });
  const likeC = (by: string): PostCommand => ({ type: 'LikeComment', data: { postId: 'p1', commentId: 'c1' }, metadata: meta(at, by) });
  post.given([published()]).when(add('c1', 'bob')).then([commented('c1', 'bob', 1)]);
  post.given([published(), commented('c1', 'bob', 1)]).when(add('c1', 'bob')).then([]);
  post.given([published(), commented('c1', 'bob', 1)]).when(add('c2', 'ann', 'c1')).then([{ type: 'CommentAdded', data: { ...ref, commentId: 'c2', userId: 'ann', text: 'hi', replyTo: { commentId: 'c1', userId: 'bob' }, commentCount: 2 } }]);
  post.given([published()]).when(add('c2', 'ann', 'nope')).thenThrows('NOT_FOUND');
  post.given([published()]).when({ type: 'AddComment', data: { postId: 'p1', commentId: 'c1', text: ' ' }, metadata: meta(at, 'bob') }).thenThrows('VALIDATION_FAILED');
  const c1 = [published(), commented('c1', 'bob', 1)];
  post.given(c1).when(del('c1', 'cat')).thenThrows('FORBIDDEN');
  post.given(c1).when(del('c1', 'bob')).then([{ type: 'CommentDeleted', data: { ...ref, commentId: 'c1', userId: 'bob', by: 'bob', commentCount: 0 } }]);
  const gone: PostEvent = { type: 'CommentDeleted', data: { ...ref, commentId: 'c1', userId: 'bob', by: 'ann', commentCount: 0 } };
  post.given(c1).when(del('c1', 'ann')).then([gone]);
  post.given([...c1, gone]).when(del('c1', 'ann')).then([]);
  post.given([...c1, gone]).when(likeC('cat')).thenThrows('NOT_FOUND');
  post.given(c1).when(likeC('cat')).then([{ type: 'CommentLiked', data: { ...ref, commentId: 'c1', commenterId: 'bob', userId: 'cat', likeCount: 1 } }]);
  const cl: PostEvent = { type: 'CommentLiked', data: { ...ref, commentId: 'c1', commenterId: 'bob', userId: 'cat', likeCount: 1 } };
  post.given([...c1, cl]).when(likeC('cat')).then([]);
});

t.test('listens count every play', async () => {
  post.given([published()]).when(cmd('RecordListen', 'bob')).then([{ type: 'PostListened', data: { ...ref, userId: 'bob', listenCount: 1 } }]);
  post.given([published(), { type: 'PostListened', data: { ...ref, userId: 'bob', listenCount: 1 } }]).when(cmd('RecordListen', 'cat')).then([{ type: 'PostListened', data: { ...ref, userId: 'cat', listenCount: 2 } }]);
});
