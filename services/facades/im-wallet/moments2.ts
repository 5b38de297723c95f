// The rest of 003's moments (issue #22) on the core: the cover image (changeBackImage,
// getBackImage), the album preview (getFeedAlbum, also 002), the per-friend switches
// (setFeedAuth), search by month and text (searchFeed), gifts on a moment (sendFeedGift, myGift)
// and deleting a comment by its id (delFeedComment). Every rule is the core's; this file parses
// and renders.
import { CodedError } from '../../../domain/errors.js';
import { getFeedCover, setFeedCover, setFeedSwitch } from '../../app/feedPrefs.js';
import { listGifts } from '../../app/gifts.js';
import { deleteCommentById } from '../../app/postComments.js';
import { myPostGifts, myPosts, userPosts } from '../../app/postReads.js';
import { sendPostGift } from '../../app/posts.js';
import type { Core } from '../../app/core.js';
import type { Caller } from '../../app/caller.js';
import { mediaPath } from '../../../projections/queries.js';
import { parseJson } from '../framework/json.js';
import { shanghaiWallClock } from '../framework/codecs.js';
import type { Params } from '../framework/params.js';
import type { FacadeRoute } from '../framework/surface.js';
import { mediaIdOf, oneFeed, paged } from './moments.js';
import type { Code, Reply } from './profile.js';
import { ms, pageOf } from './views.js';

const PAGE = 20;
const MAX_PAGE = 50;
/** The album preview shows the newest images, as the seed's sample (a few URLs in one string). */
const ALBUM_IMAGES = 9;

/** `gift`: the seed's JSON (`{"key":"gift_001","price":…,"name":…}`) or a bare key. Only the key counts: the price is the catalog's. */
const giftKeyOf = (params: Params): string => {
  const raw = params.string('gift', 500).trim();
  if (!raw.startsWith('{')) return raw;
  let parsed: unknown;
  try {
    parsed = parseJson(raw);
  } catch {
    throw new CodedError('VALIDATION_FAILED', 'gift 须为礼物信息', { field: 'gift' });
  }
  const key = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>).key : undefined;
  if (typeof key !== 'string' || key === '') throw new CodedError('VALIDATION_FAILED', 'gift 须含 key', { field: 'gift' });
  return key;
};

/** The gift as the seed writes `content` / `giftContent`: key, name and the catalog's price (coins). */
const giftContent = (core: Core, caller: Caller, giftId: string): string => {
  const g = listGifts(core, caller).items.find((x) => x.giftId === giftId);
  return JSON.stringify({ key: giftId, name: g?.name ?? giftId, price: String(g?.price ?? '') });
};

/** `year` and `month` (both or neither) as the core's `YYYY-MM`. */
const monthOf = (params: Params): string | undefined => {
  if (!params.has('year') && !params.has('month')) return undefined;
  const year = params.int('year', { min: 1970, max: 9999 });
  const month = params.int('month', { min: 1, max: 12 });
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
};

type GiftItem = Awaited<ReturnType<typeof myPostGifts>>['items'][number];

export const moreMomentRoutes = (): FacadeRoute<Code>[] => [
  {
    path: '/feed/changeBackImage',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await setFeedCover(core, caller, { mediaId: mediaIdOf('imgUrl', params.string('imgUrl', 500)) }, opts);
      return { info: '更新背景成功' };
    },
  },
  {
    path: '/feed/getBackImage',
    async handler({ core, caller, params }): Promise<Reply> {
      const me = caller.kind === 'user' ? caller.userId : '';
      const cover = await getFeedCover(core, caller, { userId: params.optionalId('destId') ?? me });
      return { data: cover.url ?? '' };
    },
  },
  {
    path: '/feed/getFeedAlbum',
    async handler({ core, caller, params }): Promise<Reply> {
      const userId = params.id('destId');
      const page = await userPosts(core, caller, { userId, kind: 'moment', withMedia: true, mediaType: 'image', limit: ALBUM_IMAGES });
      const urls = page.items.flatMap((p) => p.media.filter((m) => m.type === 'image').map((m) => m.id)).slice(0, ALBUM_IMAGES);
      if (urls.length === 0) return { code: 0, info: '没有相册数据' };
      return { data: { album: urls.map((id) => mediaPath(id)).join(',') } };
    },
  },
  {
    path: '/feed/setFeedAuth',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      // direct 0: "do not let this friend see my moments"; 1: "do not show me this friend's". priv 1 turns it on, 0 off.
      const direct = params.int('direct', { min: 0, max: 1 });
      const on = params.int('priv', { min: 0, max: 1 }) === 1;
      await setFeedSwitch(core, caller, { userId: params.id('friendId'), switch: direct === 0 ? 'hideMine' : 'hideTheirs', on }, opts);
      return { info: '设置成功' };
    },
  },
  {
    path: '/feed/searchFeed',
    async handler({ core, caller, params }): Promise<Reply> {
      const month = monthOf(params);
      const text = params.optionalString('text', 100) ?? params.optionalString('keyword', 100);
      if (month === undefined && text === undefined) throw new CodedError('VALIDATION_FAILED', 'year 与 month 必填', { field: 'year', missing: true });
      const destId = params.optionalId('destId');
      const filter = { kind: 'moment' as const, limit: PAGE, month, text };
      return {
        data: await paged(params, (cursor) => (destId === undefined ? myPosts(core, caller, { ...filter, cursor }) : userPosts(core, caller, { ...filter, userId: destId, cursor }))),
      };
    },
  },
  {
    path: '/feed/sendFeedGift',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const giftId = giftKeyOf(params);
      const [feedId, destId] = [params.id('feedId'), params.id('destId')];
      const r = await sendPostGift(core, caller, { postId: feedId, giftId, count: params.optionalInt('count', { min: 1, max: 9999 }) ?? 1, toUserId: destId }, opts);
      const at = shanghaiWallClock(r.sentAt);
      const me = caller.kind === 'user' ? caller.userId : '';
      return { data: { id: r.giftSendId, userId: me, destId, feedId, content: giftContent(core, caller, giftId), createTime: at, updateTime: at, sender: '', coinsSpent: r.coinsSpent } };
    },
  },
  {
    path: '/feed/myGift',
    async handler({ core, caller, params }): Promise<Reply> {
      const pageNo = params.optionalInt('pageNo', { min: 1, max: MAX_PAGE }) ?? 1;
      let page = await myPostGifts(core, caller, { limit: PAGE });
      let n = 1;
      for (; n < pageNo && page.nextCursor !== null; n++) page = await myPostGifts(core, caller, { limit: PAGE, cursor: page.nextCursor });
      const items = n < pageNo ? [] : page.items;
      const seen = (pageNo - 1) * PAGE + items.length + (page.nextCursor === null || n < pageNo ? 0 : 1);
      const me = caller.kind === 'user' ? caller.userId : '';
      const view = (g: GiftItem) => ({
        id: g.giftSendId,
        userId: g.senderId,
        destId: me,
        feedId: g.postId,
        giftContent: giftContent(core, caller, g.giftId),
        name: g.sender.nickname,
        headUrl: g.sender.avatarUrl ?? '',
        createTime: ms(g.createdAt),
        updateTime: ms(g.createdAt),
        count: g.count,
        coinsSpent: g.coinsSpent,
      });
      return { data: { ...pageOf(items.map(view), pageNo, seen), orderBy: 'createTime', orderType: 'desc' } };
    },
  },
  {
    path: '/feed/delFeedComment',
    async handler(ctx): Promise<Reply> {
      const { postId } = await deleteCommentById(ctx.core, ctx.caller, { commentId: ctx.params.id('commentId') }, ctx.opts);
      // The seed answers the moment after the deletion.
      return { data: await oneFeed(ctx, postId) };
    },
  },
];
