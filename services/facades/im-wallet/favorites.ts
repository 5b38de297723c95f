// 003/002 favorites (/favorite/*): a saved item as the client sends it (category 1 text, 2 image,
// 3 voice, 4 video, 5 sticker, 6 link), the core's content favorites (services/app/contentFavorites.ts),
// listed newest first with any message favorites beside them. delFavorite is 003's only.
import { CodedError } from '../../../domain/errors.js';
import { requireUser } from '../../app/caller.js';
import { addContentFavorite, FAVORITE_CATEGORIES, type FavoriteCategory } from '../../app/contentFavorites.js';
import { listFavorites, removeFavorite } from '../../app/inbox.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Params } from '../framework/params.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { pageOf } from './views.js';

const PAGE = 20;
const MAX_PAGE = 50;

type Item = Awaited<ReturnType<typeof listFavorites>>['items'][number];

/** The seed's words for a refusal: "收藏失败，参数不正确" / "收藏失败，重复收藏" (003 §76), "移除失败". */
const reworded = (err: unknown, words: Partial<Record<string, string>>): unknown => {
  if (!(err instanceof CodedError)) return err;
  const message = (err.code === 'CONFLICT' && err.details.reason === 'duplicate' ? words.DUPLICATE : undefined) ?? words[err.code];
  return message === undefined ? err : new CodedError(err.code, message, err.details);
};

const categoryOf = (params: Params): FavoriteCategory => FAVORITE_CATEGORIES[params.int('category', { min: 1, max: 6 }) - 1] ?? 'text';
const numberOf = (c: FavoriteCategory): number => FAVORITE_CATEGORIES.indexOf(c) + 1;

/** A message favorite (saved through /v1) in the seed's shape: its text or link as content. */
const fromMessage = (m: NonNullable<Item['message']>) => {
  const body = m.body ?? {};
  const said = typeof body.text === 'string' ? body.text : typeof body.url === 'string' ? body.url : JSON.stringify(body);
  const category: FavoriteCategory = (FAVORITE_CATEGORIES as readonly string[]).includes(m.msgType) ? (m.msgType as FavoriteCategory) : 'text';
  return { category, content: said, fromId: m.from, fromName: '', fromHeadUrl: '' };
};

const rowOf = (p: ImProfile, userId: string, f: Item) => {
  const c = f.content ?? (f.message ? fromMessage(f.message) : { category: 'text' as const, content: '', fromId: '', fromName: '', fromHeadUrl: '' });
  const createTime = Date.parse(f.at);
  return { id: f.favoriteId, category: numberOf(c.category), fromId: c.fromId, fromName: c.fromName, fromHeadUrl: c.fromHeadUrl, createTime: p.edition === 3 ? String(createTime) : createTime, content: c.content, userId };
};

const routes = (p: ImProfile): FacadeRoute<Code>[] => [
  {
    path: '/favorite/addFavorite',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const input = {
        category: categoryOf(params),
        content: params.string('content', 8000),
        fromId: params.string('fromId', 64),
        fromName: params.optionalString('fromName', 100) ?? '',
        fromHeadUrl: params.optionalString('fromHeadUrl', 1000) ?? '',
      };
      await addContentFavorite(core, caller, input, opts).catch((err: unknown) => Promise.reject(reworded(err, { VALIDATION_FAILED: '收藏失败，参数不正确', DUPLICATE: '收藏失败，重复收藏' })));
      return { info: '收藏成功' };
    },
  },
  {
    // `pageNo` from 1, 20 a page, over the core's cursor pages.
    path: '/favorite/getFavorite',
    async handler({ core, caller, params }): Promise<Reply> {
      const userId = requireUser(caller).userId;
      const pageNo = params.optionalInt('pageNo', { min: 1, max: MAX_PAGE }) ?? 1;
      let page = await listFavorites(core, caller, { limit: PAGE });
      let n = 1;
      for (; n < pageNo && page.nextCursor !== null; n++) page = await listFavorites(core, caller, { limit: PAGE, cursor: page.nextCursor });
      const items = n < pageNo ? [] : page.items;
      const seen = (pageNo - 1) * PAGE + items.length + (page.nextCursor === null || n < pageNo ? 0 : 1);
      return { data: pageOf(items.map((f) => rowOf(p, userId, f)), pageNo, seen) };
    },
  },
];

const del: FacadeRoute<Code> = {
  // Only the caller's own: another's id is "not found" and nothing changes.
  path: '/favorite/delFavorite',
  async handler({ core, caller, params, opts }): Promise<Reply> {
    await removeFavorite(core, caller, { favoriteId: params.id('favoriteId') }, opts).catch((err: unknown) => Promise.reject(reworded(err, { NOT_FOUND: '移除失败' })));
    return { info: '删除成功' };
  },
};

export const favoriteRoutes = (p: ImProfile): FacadeRoute<Code>[] => (p.edition === 3 ? [...routes(p), del] : routes(p));
