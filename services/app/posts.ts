// Posts: publish, edit, delete, review; likes, comments, listens and gifts on them. The post's
// stream decides what it knows (domain/post.ts); what needs other streams is checked here before
// the command: that the actor may see the post at all (friendship and blocks, from the relation
// stream of the pair), that visibility lists name only friends, that mentioned users exist, and
// whether the caller's app reviews posts first (policies.ts postReview).
import { CodedError } from '../../domain/errors.js';
import { mayRead, postDecider, postStream, type MediaRef, type Post, type PostCommand, type PostKind, type PostLocation, type Visibility } from '../../domain/post.js';
import { isBlockedEitherWay } from '../../domain/relation.js';
import { friendsAmong, getPostView } from '../../projections/queries.js';
import { cachedCheck, notFound, relationBetween, requireUserExists } from './access.js';
import { requireRole, requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { switchHides } from './feedPrefs.js';
import { giftFrom } from './gifts.js';
import { requireOwnMedia } from './media.js';
import { settled } from './results.js';

export interface PostInput {
  text: string;
  media: MediaRef[];
  location?: PostLocation | undefined;
  mentions: string[];
  visibility: Visibility;
}

const handle = (core: Core, postId: string, command: PostCommand) => core.bus.handle(postDecider, postStream(postId), command);

/** The post, if this user may see it (its author always, until it is deleted); else NOT_FOUND. A deleted post is left to the decider (POST_DELETED). */
export const readablePost = async (core: Core, postId: string, userId: string): Promise<Exclude<Post, { status: 'absent' }>> => {
  const s = (await core.bus.load(postDecider, postStream(postId))).state;
  if (s.status === 'absent') throw notFound('post', { postId });
  if (s.authorId === userId) return s;
  const [rel, hidden] = await Promise.all([relationBetween(core, userId, s.authorId), switchHides(core, s.authorId, userId)]);
  if (!mayRead({ ...s, status: 'published' }, userId, { friends: rel.friends, blocked: isBlockedEitherWay(rel), hidden })) throw notFound('post', { postId });
  return s;
};

/** Only the author's friends may be named in a list; strangers are AUDIENCE_NOT_FRIENDS, named. */
const requireAudience = async (core: Core, authorId: string, v: Visibility, mentions: readonly string[]): Promise<void> => {
  const listed = v.mode === 'only' || v.mode === 'except' ? v.userIds.filter((id) => id !== authorId) : [];
  const friends = await friendsAmong(core.pool, authorId, listed);
  const strangers = [...new Set(listed.filter((id) => !friends.has(id)))];
  if (strangers.length > 0) throw new CodedError('AUDIENCE_NOT_FRIENDS', 'a visibility list names only your friends', { userIds: strangers });
  await Promise.all([...new Set(mentions)].map((id) => requireUserExists(core, id, 'mentioned user', cachedCheck)));
};

/**
 * A post's media are the poster's own uploads of the kind they are attached as: someone else's
 * upload, an unknown id or an image attached as a video is refused (NOT_FOUND / VALIDATION_FAILED,
 * `details.mediaId`) before anything is written.
 */
const requireOwnPostMedia = async (core: Core, authorId: string, media: readonly MediaRef[]): Promise<void> => {
  for (const m of media) await requireOwnMedia(core, authorId, m.id, m.type);
};

const view = async (core: Core, viewerId: string, postId: string) => {
  const p = await getPostView(core.pool, viewerId, postId);
  if (!p) throw notFound('post', { postId });
  return p;
};

export const publishPost = (core: Core, caller: Caller, input: PostInput & { kind: PostKind; topicId?: string | undefined }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'publishPost', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    await requireAudience(core, user.userId, input.visibility, input.mentions);
    await requireOwnPostMedia(core, user.userId, input.media);
    const postId = newId();
    const { topicId, location, ...rest } = input;
    const r = await handle(core, postId, {
      type: 'PublishPost',
      data: { ...rest, postId, review: core.policies[user.app].postReview, ...(topicId !== undefined ? { topicId } : {}), ...(location ? { location } : {}) },
      metadata: meta,
    });
    await settled(core, r);
    return view(core, user.userId, postId);
  });

export const editPost = (core: Core, caller: Caller, input: PostInput & { postId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'editPost', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    await requireAudience(core, user.userId, input.visibility, input.mentions);
    await requireOwnPostMedia(core, user.userId, input.media);
    const { location, ...rest } = input;
    const r = await handle(core, input.postId, { type: 'EditPost', data: { ...rest, review: core.policies[user.app].postReview, ...(location ? { location } : {}) }, metadata: meta });
    await settled(core, r);
    return view(core, user.userId, input.postId);
  });

export const deletePost = (core: Core, caller: Caller, input: { postId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'deletePost', input, opts, async ({ meta }) => {
    requireUser(caller);
    await settled(core, await handle(core, input.postId, { type: 'DeletePost', data: input, metadata: meta }));
    return { postId: input.postId, deleted: true as const };
  });

/** An operator approves or rejects a post waiting for review. */
export const reviewPost = (core: Core, caller: Caller, input: { postId: string; decision: 'approve' | 'reject'; reason?: string | undefined }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'reviewPost', input, opts, async ({ meta }) => {
    requireRole(caller, 'operator');
    const { reason, ...rest } = input;
    const r = await handle(core, input.postId, { type: 'ReviewPost', data: { ...rest, ...(reason !== undefined ? { reason } : {}) }, metadata: meta });
    await settled(core, r);
    return { postId: input.postId, review: input.decision === 'approve' ? ('approved' as const) : ('rejected' as const) };
  });

/** Like or unlike (a second like, or unliking what you never liked, changes nothing). */
export const setPostLike = (core: Core, caller: Caller, input: { postId: string; liked: boolean }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'setPostLike', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    await readablePost(core, input.postId, user.userId);
    const r = await handle(core, input.postId, { type: input.liked ? 'LikePost' : 'UnlikePost', data: { postId: input.postId }, metadata: meta });
    await settled(core, r);
    const likeCount = r.state.status === 'absent' ? 0 : r.state.likes.size;
    return { postId: input.postId, liked: input.liked, likeCount };
  });

export const recordListen = (core: Core, caller: Caller, input: { postId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'recordListen', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    await readablePost(core, input.postId, user.userId);
    const r = await handle(core, input.postId, { type: 'RecordListen', data: input, metadata: meta });
    await settled(core, r);
    return { postId: input.postId, listenCount: r.state.status === 'absent' ? 0 : r.state.listenCount };
  });

/**
 * A gift to a post pays its author through the gift flow (GiftSent names the post; the author's
 * income follows from it like any gift's) and counts toward the post's gift value. A post the
 * sender may not see is NOT_FOUND, a deleted one POST_DELETED, your own SELF_GIFT; a `toUserId`
 * other than the author VALIDATION_FAILED.
 */
export const sendPostGift = (core: Core, caller: Caller, input: { postId: string; giftId: string; count: number; toUserId?: string | undefined }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'sendPostGift', input, opts, async (ctx) => {
    const user = requireUser(caller);
    const post = await readablePost(core, input.postId, user.userId);
    if (post.status === 'deleted') throw new CodedError('POST_DELETED', 'this post was deleted', { postId: input.postId });
    // A client that names the receiver (003 destId) must name the author: a gift never goes elsewhere.
    if (input.toUserId !== undefined && input.toUserId !== post.authorId) throw new CodedError('VALIDATION_FAILED', "a gift on a post goes to the post's author", { field: 'toUserId' });
    return { postId: input.postId, ...(await giftFrom(core, ctx, user.userId, { giftId: input.giftId, count: input.count, toUserId: post.authorId, postId: input.postId })), sentAt: ctx.meta.at };
  });
