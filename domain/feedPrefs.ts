// A user's moments preferences (003 #79-#80, #91): the cover image above their moments, and the
// per-friend switches "hide my moments from this friend" (`hideMine`) and "do not show me this
// friend's moments" (`hideTheirs`). One stream per user, `feedprefs-<userId>`; only its owner
// changes it. That the cover is the owner's own image upload, and that a switch turned on names a
// friend, are the service's checks (they need the media and relation streams).
//
// The switches are applied where visibility is (post.ts `mayRead`, its SQL twin `visibleSql`):
// a post is hidden from a reader when its author hid theirs from that reader, or the reader chose
// not to see the author's. Switching one off shows the posts again at once.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { actor, requireId } from './rules.js';

export const feedSwitches = ['hideMine', 'hideTheirs'] as const;
export type FeedSwitch = (typeof feedSwitches)[number];

/** The owner's cover is an upload of theirs (a media id). */
export type FeedCoverSet = { type: 'FeedCoverSet'; data: { userId: string; mediaId: string } };
/** `on`: the switch now stands between the owner (`userId`) and `otherId`; off lifts it. */
export type FeedSwitchSet = { type: 'FeedSwitchSet'; data: { userId: string; otherId: string; switch: FeedSwitch; on: boolean } };
export type FeedPrefsEvent = FeedCoverSet | FeedSwitchSet;

export type SetFeedCover = { type: 'SetFeedCover'; data: { mediaId: string }; metadata: CommandMetadata };
export type SetFeedSwitch = { type: 'SetFeedSwitch'; data: { otherId: string; switch: FeedSwitch; on: boolean }; metadata: CommandMetadata };
export type FeedPrefsCommand = SetFeedCover | SetFeedSwitch;

export interface FeedPrefs {
  cover: string | null;
  /** The users my posts are hidden from. */
  hideMine: readonly string[];
  /** The users whose posts I chose not to see. */
  hideTheirs: readonly string[];
}

export const initialState = (): FeedPrefs => ({ cover: null, hideMine: [], hideTheirs: [] });

const toggled = (list: readonly string[], id: string, on: boolean): readonly string[] => (on ? (list.includes(id) ? list : [...list, id]) : list.filter((x) => x !== id));

export const evolve = (s: FeedPrefs, e: FeedPrefsEvent): FeedPrefs => {
  switch (e.type) {
    case 'FeedCoverSet':
      return { ...s, cover: e.data.mediaId };
    case 'FeedSwitchSet':
      return { ...s, [e.data.switch]: toggled(s[e.data.switch], e.data.otherId, e.data.on) };
    default:
      return s;
  }
};

export const decide = (c: FeedPrefsCommand, s: FeedPrefs): FeedPrefsEvent[] => {
  const userId = actor(c.metadata);
  switch (c.type) {
    case 'SetFeedCover': {
      const mediaId = requireId('mediaId', c.data.mediaId);
      return s.cover === mediaId ? [] : [{ type: 'FeedCoverSet', data: { userId, mediaId } }];
    }
    case 'SetFeedSwitch': {
      const otherId = requireId('otherId', c.data.otherId);
      if (otherId === userId) return fail('SELF_RELATION', 'a switch names someone else', { otherId });
      if (!feedSwitches.includes(c.data.switch)) return fail('VALIDATION_FAILED', 'switch is hideMine or hideTheirs', { field: 'switch' });
      // Setting what already stands is a no-op: a retried tap writes nothing.
      if (s[c.data.switch].includes(otherId) === c.data.on) return [];
      return [{ type: 'FeedSwitchSet', data: { userId, otherId, switch: c.data.switch, on: c.data.on } }];
    }
    default: {
      const never: never = c;
      return never;
    }
  }
};

/** Is the author's post hidden from this reader by a switch of either? (The author always sees their own.) */
export const hiddenBySwitch = (authorId: string, author: FeedPrefs, readerId: string, reader: FeedPrefs): boolean =>
  authorId !== readerId && (author.hideMine.includes(readerId) || reader.hideTheirs.includes(authorId));

export const feedPrefsStream = (userId: string): string => `feedprefs-${userId}`;

export const feedPrefsDecider: Decider<FeedPrefs, FeedPrefsCommand, FeedPrefsEvent> = { initialState, evolve, decide };
