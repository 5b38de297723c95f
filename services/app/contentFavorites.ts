// Content favorites (003/002 /favorite/*): the caller saves an item as their client sent it
// (category, content, where it came from), with no message behind it. It goes to the caller's own
// inbox stream beside their message favorites: listed with them (inbox.listFavorites) and removed
// like them (inbox.removeFavorite, the owner's only).
import { createHash } from 'node:crypto';
import { inboxDecider, inboxStream, type FavoriteCategory } from '../../domain/inbox.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

/** The categories in the seeds' order (1 text … 6 link), for the surfaces. */
export { FAVORITE_CATEGORIES, type FavoriteCategory } from '../../domain/inbox.js';

export interface ContentFavoriteInput {
  category: FavoriteCategory;
  content: string;
  fromId: string;
  fromName?: string | undefined;
  fromHeadUrl?: string | undefined;
}

/** Names the item (category, source, content) so the same one saved twice is refused (003's "重复收藏"). */
const digestOf = (i: ContentFavoriteInput): string => createHash('sha256').update(JSON.stringify([i.category, i.fromId, i.content])).digest('hex');

export const addContentFavorite = (core: Core, caller: Caller, input: ContentFavoriteInput, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'addContentFavorite', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const favoriteId = newId();
    const data = { favoriteId, category: input.category, content: input.content, fromId: input.fromId, fromName: input.fromName ?? '', fromHeadUrl: input.fromHeadUrl ?? '', digest: digestOf(input) };
    const r = await core.bus.handle(inboxDecider, inboxStream(user.userId), { type: 'AddContentFavorite', data, metadata: meta });
    await settled(core, r);
    return { favoriteId };
  });
