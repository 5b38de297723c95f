// Moments preferences (domain/feedPrefs.ts): the cover image above a user's moments, and the
// per-friend switches (003 /feed/setFeedAuth). The cover must be the caller's own image upload;
// a switch turned on must name a friend (turning one off never needs to: a friendship may have
// ended since). The switches take effect where visibility is decided: `switchHides` for the
// write side's `mayRead`, the feed_switches read model for the timelines' SQL.
import { CodedError } from '../../domain/errors.js';
import { feedPrefsDecider, feedPrefsStream, hiddenBySwitch, type FeedPrefs, type FeedSwitch } from '../../domain/feedPrefs.js';
import { listFeedSwitches } from '../../projections/queries.js';
import { cachedCheck, relationBetween, requireUserExists } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { mediaUrl, requireOwnMedia } from './media.js';
import { settled } from './results.js';

const prefsOf = async (core: Core, userId: string): Promise<FeedPrefs> => (await core.bus.load(feedPrefsDecider, feedPrefsStream(userId), cachedCheck)).state;

/** Does a moments switch of the author's or the reader's hide the author's posts from the reader? */
export const switchHides = async (core: Core, authorId: string, readerId: string): Promise<boolean> => {
  if (authorId === readerId) return false;
  const [author, reader] = await Promise.all([prefsOf(core, authorId), prefsOf(core, readerId)]);
  return hiddenBySwitch(authorId, author, readerId, reader);
};

const coverView = (core: Core, userId: string, mediaId: string | null) => ({ userId, mediaId, url: mediaId === null ? null : mediaUrl(core, mediaId) });

/** Sets the caller's moments cover: one of their own image uploads (someone else's or unknown: NOT_FOUND). */
export const setFeedCover = (core: Core, caller: Caller, input: { mediaId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'setFeedCover', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    await requireOwnMedia(core, user.userId, input.mediaId, 'image');
    const r = await core.bus.handle(feedPrefsDecider, feedPrefsStream(user.userId), { type: 'SetFeedCover', data: input, metadata: meta });
    await settled(core, r);
    return coverView(core, user.userId, r.state.cover);
  });

/** A user's moments cover (anyone signed in may see it; none set: `mediaId` null). An unknown user is NOT_FOUND. */
export const getFeedCover = async (core: Core, caller: Caller, input: { userId: string }) => {
  requireUser(caller);
  await requireUserExists(core, input.userId, 'user', cachedCheck);
  return coverView(core, input.userId, (await prefsOf(core, input.userId)).cover);
};

/**
 * Turns a switch on or off toward another user: `hideMine` hides my posts from them, `hideTheirs`
 * hides theirs from me. On needs a friend (NOT_FRIENDS); setting what stands changes nothing.
 */
export const setFeedSwitch = (core: Core, caller: Caller, input: { userId: string; switch: FeedSwitch; on: boolean }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'setFeedSwitch', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    if (input.on && input.userId !== user.userId && !(await relationBetween(core, user.userId, input.userId)).friends) {
      throw new CodedError('NOT_FRIENDS', 'a moments switch names a friend', { userId: input.userId });
    }
    const r = await core.bus.handle(feedPrefsDecider, feedPrefsStream(user.userId), { type: 'SetFeedSwitch', data: { otherId: input.userId, switch: input.switch, on: input.on }, metadata: meta });
    await settled(core, r);
    return { userId: input.userId, switch: input.switch, on: r.state[input.switch].includes(input.userId) };
  });

/** The switches I have turned on, by the other user. */
export const myFeedSwitches = async (core: Core, caller: Caller) => {
  const user = requireUser(caller);
  return { items: await listFeedSwitches(core.pool, user.userId) };
};
