// Timelines and single posts, as the caller may see them (projections/postQueries.ts applies
// the visibility rule to every row, with friendships and blocks as they are now).
import { CodedError } from '../../domain/errors.js';
import type { MediaRef, PostKind } from '../../domain/post.js';
import { getPostView, listPendingPosts, listPostGiftsReceived, listPosts, type PageRequest, type PostScope } from '../../projections/queries.js';
import { notFound } from './access.js';
import { requireRole, requireUser, type Caller } from './caller.js';
import type { Core } from './core.js';

export interface TimelineInput extends PageRequest {
  kind?: PostKind | undefined;
  mediaType?: MediaRef['type'] | undefined;
  withMedia?: boolean | undefined;
  /** `YYYY-MM`, UTC: the posts published in that month. */
  month?: string | undefined;
  topicId?: string | undefined;
  /** Only posts whose text holds this (case-insensitive). */
  text?: string | undefined;
}

const monthRange = (month: string | undefined): { from?: string; to?: string } => {
  if (month === undefined) return {};
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const [year, mon] = [Number(m?.[1]), Number(m?.[2])];
  if (!m || mon < 1 || mon > 12) throw new CodedError('VALIDATION_FAILED', 'month must be YYYY-MM', { field: 'month' });
  return { from: new Date(Date.UTC(year, mon - 1, 1)).toISOString(), to: new Date(Date.UTC(year, mon, 1)).toISOString() };
};

const timeline = (core: Core, viewerId: string, scope: PostScope, input: TimelineInput, authorId?: string) => {
  const { month, ...rest } = input;
  return listPosts(core.pool, viewerId, { ...rest, ...monthRange(month), scope, authorId, now: core.clock() });
};

/** My own posts, every one I have not deleted (under review, rejected and private included). */
export const myPosts = (core: Core, caller: Caller, input: TimelineInput) => timeline(core, requireUser(caller).userId, 'mine', input);

/** A user's posts as I may see them (an album with `withMedia`; a month with `month`). */
export const userPosts = (core: Core, caller: Caller, input: TimelineInput & { userId: string }) => {
  const { userId, ...rest } = input;
  return timeline(core, requireUser(caller).userId, 'user', rest, userId);
};

/** My friends' posts and mine, newest first, each as its rules let me see it. */
export const friendsFeed = (core: Core, caller: Caller, input: TimelineInput) => timeline(core, requireUser(caller).userId, 'friends', input);

/** Public lists: newest, hottest of the last days, or the people I follow (their posts I may see). */
export const discoverPosts = (core: Core, caller: Caller, input: TimelineInput & { list: 'new' | 'hot' | 'followed' }) => {
  const { list, ...rest } = input;
  return timeline(core, requireUser(caller).userId, list, rest);
};

export const getPost = async (core: Core, caller: Caller, input: { postId: string }) => {
  const p = await getPostView(core.pool, requireUser(caller).userId, input.postId);
  if (!p) throw notFound('post', input);
  return p;
};

/** Posts waiting for an operator's review, oldest first. */
export const pendingPosts = (core: Core, caller: Caller, input: PageRequest) => {
  requireRole(caller, 'operator');
  return listPendingPosts(core.pool, input);
};

/** Gifts I received on my posts, newest first (the post_gifts read model: they span the senders' wallets). */
export const myPostGifts = (core: Core, caller: Caller, input: PageRequest) => listPostGiftsReceived(core.pool, requireUser(caller).userId, input);
