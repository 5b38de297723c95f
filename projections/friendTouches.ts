// When each friend row last changed, for 004 F1's incremental `time` (issue #21): besides being
// made (`since`), a friend's row changes when its owner sets or clears the remark, marks the friend
// commonly used or not, or turns the 1:1's do-not-disturb or sticky-on-top on or off. Part of the
// friends read model (friends.ts applies these first); the remark and settings themselves stay in
// the contacts and inbox read models, this only stamps `friendships.changed_at`.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. The stamp only moves forward (greatest), so applying
// one twice changes nothing. A change for someone who is not (yet) a friend touches no row: a
// friendship made later starts at its own time.
import { parseConversationId } from '../domain/conversation.js';
import type { Tx } from './projection.js';
import { handling } from './support.js';
import type { StoredEvent } from '../domain/events.js';

export const friendTouches = handling(['RemarkSet', 'RemarkCleared', 'CommonlyUsedSet', 'ConversationSettingChanged'] as const);

const TOUCH = 'update friendships set changed_at = greatest(coalesce(changed_at, since), $3) where user_id = $1 and friend_id = $2';

/** The owner and friend whose row an event changes, or null (not one of these, or not a 1:1 setting F1 shows). */
const pairOf = (event: StoredEvent): [string, string] | null => {
  const e = friendTouches.of(event);
  if (!e) return null;
  if (e.type !== 'ConversationSettingChanged') return [e.data.ownerId, e.data.userId];
  if (e.data.setting === 'hidden') return null;
  const c = parseConversationId(e.data.conversationId);
  const owner = e.data.userId;
  const friend = c?.kind === 'dm' ? c.ids.find((id) => id !== owner) : undefined;
  return friend === undefined ? null : [owner, friend];
};

/** Stamps the friend row an event changes; false when the event is not one of these. */
export const touchFriend = async (tx: Tx, event: StoredEvent): Promise<boolean> => {
  if (!friendTouches.of(event)) return false;
  const pair = pairOf(event);
  if (pair) await tx.query(TOUCH, [pair[0], pair[1], event.metadata.at]);
  return true;
};
