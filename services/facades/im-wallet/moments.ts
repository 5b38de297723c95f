// Moments (朋友圈) of 003 and 002 on the core's posts (services/app/posts*.ts): publish, like and
// unlike, comment, delete, read one, and the timelines (mine, my friends' and mine, one user's).
// `images` are our uploads as the client got them (`/v1/media/<id>/content`, absolute or not) or
// bare media ids; `priv` 0 public, 1 private, 2 only `uids`, 3 all but `uids`.
import { CodedError } from '../../../domain/errors.js';
import type { MediaRef, Visibility, VisibilityMode } from '../../../domain/post.js';
import { mediaPath } from '../../../projections/queries.js';
import { requireUser } from '../../app/caller.js';
import { addComment, listComments } from '../../app/postComments.js';
import { friendsFeed, getPost, myPosts, userPosts } from '../../app/postReads.js';
import { deletePost, publishPost, setPostLike } from '../../app/posts.js';
import type { Params } from '../framework/params.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Code, Reply } from './profile.js';
import { ms, pageOf } from './views.js';

type Ctx = Parameters<FacadeRoute<Code>['handler']>[0];
type PostItem = Awaited<ReturnType<typeof getPost>>;
type CommentItem = Awaited<ReturnType<typeof listComments>>['items'][number];

const PAGE = 20;
const MAX_PAGE = 50;
const modes: readonly VisibilityMode[] = ['public', 'private', 'only', 'except'];
const privOf = (v: PostItem['visibility']): number => (v === null ? 0 : Math.max(0, modes.indexOf(v.mode)));

const MEDIA_PATH = /\/v1\/media\/([^/?#]+)\/(?:content|thumbnail)(?:[?#].*)?$/;
/** A media id from what the client sends: our media path (absolute or relative) or the bare id. */
export const mediaIdOf = (field: string, value: string): string => {
  const m = MEDIA_PATH.exec(value);
  if (m?.[1]) return decodeURIComponent(m[1]);
  if (/^[A-Za-z0-9_-]{1,64}$/.test(value)) return value;
  throw new CodedError('VALIDATION_FAILED', `${field}: 请先上传`, { field });
};

const mediaOf = (params: Params): MediaRef[] => [
  ...params.list('images', 9).map((x): MediaRef => ({ type: 'image', id: mediaIdOf('images', x) })),
  ...params.list('video', 1).map((x): MediaRef => ({ type: 'video', id: mediaIdOf('video', x) })),
];

const visibilityOf = (params: Params): Visibility => {
  const priv = params.optionalInt('priv', { min: 0, max: 3 }) ?? 0;
  const mode = modes[priv] ?? 'public';
  return { mode, userIds: mode === 'only' || mode === 'except' ? params.idList('uids', 500) : [] };
};

const locationOf = (params: Params) => {
  if (!params.has('lat') || !params.has('lng')) return undefined;
  const [lat, lng] = [params.string('lat', 32).trim(), params.string('lng', 32).trim()].map((t) => (/^-?\d{1,3}(\.\d{1,12})?$/.test(t) ? Number(t) : Number.NaN));
  if (lat === undefined || lng === undefined || !(Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) throw new CodedError('VALIDATION_FAILED', '位置不正确', { field: 'lat' });
  const name = params.optionalString('address', 200);
  return { lat, lng, ...(name ? { name } : {}) };
};

const commentView = (c: CommentItem) => ({
  id: c.commentId,
  userId: c.userId,
  userName: c.author.nickname,
  userHeadUrl: c.author.avatarUrl ?? '',
  replyUserId: c.replyTo?.userId ?? '0',
  replyUserName: '',
  replyUserHeadUrl: '',
  commentText: c.text,
  createTime: ms(c.createdAt),
});

/** 003 Feed (§2.9.7); 002 reads the same names. `id` and `feedId` are both the post's id. */
export const feedView = (p: PostItem, comments: CommentItem[] = []) => ({
  id: p.postId,
  feedId: p.postId,
  belongUserId: p.authorId,
  userId: p.authorId,
  userName: p.author.nickname,
  userHeadUrl: p.author.avatarUrl ?? '',
  feedText: p.text,
  feedImgs: p.media.filter((m) => m.type === 'image').map((m) => mediaPath(m.id)).join(','),
  feedVideo: p.media.filter((m) => m.type === 'video').map((m) => mediaPath(m.id)).join(','),
  lat: p.location?.lat ?? '',
  lng: p.location?.lng ?? '',
  address: p.location?.name ?? '',
  at: p.mentions.join(','),
  uids: p.visibility?.userIds.join(',') ?? '',
  priv: privOf(p.visibility),
  ext: '',
  status: 1,
  createTime: ms(p.createdAt),
  praiseCount: p.likeCount,
  commentCount: p.commentCount,
  isPraise: p.likedByMe ? 1 : 0,
  imFeedPraises: [],
  imFeedComments: comments.map(commentView),
  atUsers: [],
});

export type Timeline = (cursor: string | undefined) => Promise<{ items: PostItem[]; nextCursor: string | null }>;

/** The seed's `pageNo` over the core's cursor pages (at most MAX_PAGE deep). */
export const paged = async (params: Params, read: Timeline) => {
  const pageNo = params.optionalInt('pageNo', { min: 1, max: MAX_PAGE }) ?? 1;
  let page = await read(undefined);
  let n = 1;
  for (; n < pageNo && page.nextCursor !== null; n++) page = await read(page.nextCursor);
  const items = n < pageNo ? [] : page.items;
  const seen = (pageNo - 1) * PAGE + items.length + (page.nextCursor === null || n < pageNo ? 0 : 1);
  return { ...pageOf(items.map((p) => feedView(p)), pageNo, seen), skip: (pageNo - 1) * PAGE };
};

const feedIdOf = (params: Params) => params.id('feedId');

export const oneFeed = async ({ core, caller }: Ctx, postId: string) => {
  const [post, comments] = await Promise.all([getPost(core, caller, { postId }), listComments(core, caller, { postId, limit: 100 })]);
  return feedView(post, comments.items);
};

export const momentRoutes = (): FacadeRoute<Code>[] => [
  {
    path: '/feed/addFeed',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const location = locationOf(params);
      const input = { kind: 'moment' as const, text: params.optionalString('text', 5000) ?? '', media: mediaOf(params), mentions: params.idList('at', 50), visibility: visibilityOf(params), location };
      return { data: feedView(await publishPost(core, caller, input, opts)) };
    },
  },
  {
    path: '/feed/addFeedComment',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await addComment(core, caller, { postId: feedIdOf(params), text: params.string('text', 1000) }, opts);
      return { info: '评论发表成功' };
    },
  },
  {
    path: '/feed/addFeedPraise',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await setPostLike(core, caller, { postId: feedIdOf(params), liked: true }, opts);
      return { info: '点赞发表成功' };
    },
  },
  ...['/feed/canclePraise', '/feed/cancelPraise'].map(
    (path): FacadeRoute<Code> => ({
      path,
      async handler({ core, caller, params, opts }): Promise<Reply> {
        await setPostLike(core, caller, { postId: feedIdOf(params), liked: false }, opts);
        return { info: '取消点赞成功' };
      },
    }),
  ),
  {
    path: '/feed/deleteFeed',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await deletePost(core, caller, { postId: feedIdOf(params) }, opts);
      return { info: '删除成功' };
    },
  },
  {
    path: '/feed/getOneFeed',
    async handler(ctx): Promise<Reply> {
      return { data: await oneFeed(ctx, feedIdOf(ctx.params)) };
    },
  },
  {
    path: '/feed/getFeed',
    async handler({ core, caller, params }): Promise<Reply> {
      return { data: await paged(params, (cursor) => friendsFeed(core, caller, { kind: 'moment', limit: PAGE, cursor })) };
    },
  },
  {
    path: '/feed/getMyFeed',
    async handler({ core, caller, params }): Promise<Reply> {
      return { data: await paged(params, (cursor) => myPosts(core, caller, { kind: 'moment', limit: PAGE, cursor })) };
    },
  },
  {
    path: '/feed/getFriendFeed',
    async handler({ core, caller, params }): Promise<Reply> {
      const userId = params.id('friendId');
      requireUser(caller);
      return { data: await paged(params, (cursor) => userPosts(core, caller, { userId, kind: 'moment', limit: PAGE, cursor })) };
    },
  },
];
