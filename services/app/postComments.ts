// Comments on posts and their likes. Whoever may see a post may comment on it and like its
// comments; a comment is deleted by its writer or by the post's author.
import { CodedError } from '../../domain/errors.js';
import { postDecider, postStream, type PostCommand } from '../../domain/post.js';
import { listComments as readComments, postOfComment, type PageRequest } from '../../projections/queries.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { readablePost } from './posts.js';
import { eventOf, settled } from './results.js';

const handle = (core: Core, postId: string, command: PostCommand) => core.bus.handle(postDecider, postStream(postId), command);

export const addComment = (core: Core, caller: Caller, input: { postId: string; text: string; replyTo?: string | undefined }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'addComment', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    await readablePost(core, input.postId, user.userId);
    const { replyTo, ...rest } = input;
    const r = await handle(core, input.postId, { type: 'AddComment', data: { ...rest, commentId: newId(), ...(replyTo !== undefined ? { replyTo } : {}) }, metadata: meta });
    await settled(core, r);
    const d = eventOf(r, 'CommentAdded').data;
    return { postId: d.postId, commentId: d.commentId, userId: d.userId, text: d.text, replyTo: d.replyTo ?? null, commentCount: d.commentCount, createdAt: meta.at };
  });

export const deleteComment = (core: Core, caller: Caller, input: { postId: string; commentId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'deleteComment', input, opts, async ({ meta }) => {
    requireUser(caller);
    const r = await handle(core, input.postId, { type: 'DeleteComment', data: input, metadata: meta });
    await settled(core, r);
    return { ...input, deleted: true as const };
  });

/**
 * Deletes a comment named by its id alone (003 /feed/delFeedComment names no post): the comment-id
 * index of the read model finds its post, then the post's stream decides as for any delete (its
 * writer or the post's author; else FORBIDDEN). An unknown comment is NOT_FOUND.
 */
export const deleteCommentById = (core: Core, caller: Caller, input: { commentId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'deleteCommentById', input, opts, async ({ meta }) => {
    requireUser(caller);
    const postId = await postOfComment(core.pool, input.commentId);
    if (postId === null) throw notFound('comment', input);
    const r = await handle(core, postId, { type: 'DeleteComment', data: { postId, commentId: input.commentId }, metadata: meta });
    await settled(core, r);
    return { postId, commentId: input.commentId, deleted: true as const };
  });

export const setCommentLike = (core: Core, caller: Caller, input: { postId: string; commentId: string; liked: boolean }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'setCommentLike', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    await readablePost(core, input.postId, user.userId);
    const { liked, ...ids } = input;
    const r = await handle(core, input.postId, { type: liked ? 'LikeComment' : 'UnlikeComment', data: ids, metadata: meta });
    await settled(core, r);
    const c = r.state.status === 'absent' ? undefined : r.state.comments.get(input.commentId);
    return { ...ids, liked, likeCount: c?.likes.size ?? 0 };
  });

/** A post's comments, oldest first, for whoever may see the post (a deleted post has none to show). */
export const listComments = async (core: Core, caller: Caller, input: PageRequest & { postId: string }) => {
  const user = requireUser(caller);
  const post = await readablePost(core, input.postId, user.userId);
  if (post.status === 'deleted') throw new CodedError('POST_DELETED', 'this post was deleted', { postId: input.postId });
  return readComments(core.pool, user.userId, input.postId, input);
};
