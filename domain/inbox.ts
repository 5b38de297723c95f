// A user's side of their conversations: how far they have read each one, which they pinned,
// silenced, hid or dressed in a skin, reminders they set, messages they deleted for themselves,
// and their favorites. Only its owner writes it (metadata.userId), so it never contends with the
// conversations themselves, however hot.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { PersistentMap } from './persistent.js';
import { actor, requireHttpUrl, requireId, requireText, requireTime } from './rules.js';

export type Setting = 'pinned' | 'muted' | 'hidden';

export type ConversationRead = { type: 'ConversationRead'; data: { userId: string; conversationId: string; seq: number } };
export type ConversationSettingChanged = { type: 'ConversationSettingChanged'; data: { userId: string; conversationId: string; setting: Setting; on: boolean } };
export type ChatSkinSet = { type: 'ChatSkinSet'; data: { userId: string; conversationId: string; skin: string | null } };
export type MessageHiddenForMe = { type: 'MessageHiddenForMe'; data: { userId: string; conversationId: string; seq: number } };
export type ReminderScheduled = { type: 'ReminderScheduled'; data: { userId: string; reminderId: string; conversationId: string; seq: number | null; note: string; dueAt: string } };
export type ReminderCancelled = { type: 'ReminderCancelled'; data: { userId: string; reminderId: string } };
/** A reminder fell due (its timer fired): the owner hears of it once. */
export type ReminderDue = { type: 'ReminderDue'; data: { userId: string; reminderId: string; conversationId: string; seq: number | null; note: string } };
export type FavoriteAdded = { type: 'FavoriteAdded'; data: { userId: string; favoriteId: string; conversationId: string; seq: number } };
/** A saved item as the client sent it (003/002 favorites): no message behind it. `digest` names its content (the same item twice is refused). */
export type ContentFavoriteAdded = { type: 'ContentFavoriteAdded'; data: { userId: string; favoriteId: string } & ContentFavorite };
export type FavoriteRemoved = { type: 'FavoriteRemoved'; data: { userId: string; favoriteId: string } };
export type InboxEvent =
  | ConversationRead
  | ConversationSettingChanged
  | ChatSkinSet
  | MessageHiddenForMe
  | ReminderScheduled
  | ReminderCancelled
  | ReminderDue
  | FavoriteAdded
  | ContentFavoriteAdded
  | FavoriteRemoved;

type Cmd<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };
/** `lastSeq` is the conversation's last seq when read (the application layer passes it): a cursor never passes it. */
export type MarkRead = Cmd<'MarkRead', { conversationId: string; seq: number; lastSeq: number }>;
export type ChangeConversationSetting = Cmd<'ChangeConversationSetting', { conversationId: string; setting: Setting; on: boolean }>;
export type SetChatSkin = Cmd<'SetChatSkin', { conversationId: string; skin: string | null }>;
export type HideMessageForMe = Cmd<'HideMessageForMe', { conversationId: string; seq: number; lastSeq: number }>;
export type ScheduleReminder = Cmd<'ScheduleReminder', { reminderId: string; conversationId: string; seq: number | null; note: string; dueAt: string }>;
export type CancelReminder = Cmd<'CancelReminder', { reminderId: string }>;
/** The timer's command (no acting user): a reminder no longer pending does nothing. */
export type FireReminder = Cmd<'FireReminder', { userId: string; reminderId: string }>;
export type AddFavorite = Cmd<'AddFavorite', { favoriteId: string; conversationId: string; seq: number; lastSeq: number }>;
export type RemoveFavorite = Cmd<'RemoveFavorite', { favoriteId: string }>;
export type AddContentFavorite = Cmd<'AddContentFavorite', { favoriteId: string } & ContentFavorite>;
export type InboxCommand =
  | MarkRead
  | ChangeConversationSetting
  | SetChatSkin
  | HideMessageForMe
  | ScheduleReminder
  | CancelReminder
  | FireReminder
  | AddFavorite
  | AddContentFavorite
  | RemoveFavorite;

/** The seeds' categories: 1 text, 2 image, 3 voice, 4 video, 5 sticker, 6 link (article). */
export const FAVORITE_CATEGORIES = ['text', 'image', 'voice', 'video', 'sticker', 'link'] as const;
export type FavoriteCategory = (typeof FAVORITE_CATEGORIES)[number];
export const FAVORITE_LIMITS = { content: 8000, fromId: 64, fromName: 100, fromHeadUrl: 1000, digest: 128 } as const;
export type ContentFavorite = { category: FavoriteCategory; content: string; fromId: string; fromName: string; fromHeadUrl: string; digest: string };

/** Favorites and pending reminders a user may hold at once. */
export const MAX_FAVORITES = 1000;
export const MAX_REMINDERS = 100;

type Convo = { readSeq: number; pinned: boolean; muted: boolean; hidden: boolean; skin: string | null };
type Reminder = { conversationId: string; seq: number | null; note: string; dueAt: string };
export type Inbox = { conversations: PersistentMap<Convo>; reminders: PersistentMap<Reminder>; favorites: PersistentMap<string> };

export const initialState = (): Inbox => ({ conversations: PersistentMap.empty(), reminders: PersistentMap.empty(), favorites: PersistentMap.empty() });

const blank: Convo = { readSeq: 0, pinned: false, muted: false, hidden: false, skin: null };
const convo = (s: Inbox, id: string): Convo => s.conversations.get(id) ?? blank;
const withConvo = (s: Inbox, id: string, patch: Partial<Convo>): Inbox => ({ ...s, conversations: s.conversations.set(id, { ...convo(s, id), ...patch }) });

export const evolve = (s: Inbox, e: InboxEvent): Inbox => {
  switch (e.type) {
    case 'ConversationRead':
      return withConvo(s, e.data.conversationId, { readSeq: Math.max(convo(s, e.data.conversationId).readSeq, e.data.seq) });
    case 'ConversationSettingChanged':
      return withConvo(s, e.data.conversationId, { [e.data.setting]: e.data.on });
    case 'ChatSkinSet':
      return withConvo(s, e.data.conversationId, { skin: e.data.skin });
    case 'ReminderScheduled':
      return { ...s, reminders: s.reminders.set(e.data.reminderId, { conversationId: e.data.conversationId, seq: e.data.seq, note: e.data.note, dueAt: e.data.dueAt }) };
    case 'ReminderCancelled':
    case 'ReminderDue':
      return { ...s, reminders: s.reminders.delete(e.data.reminderId) };
    case 'FavoriteAdded':
      return { ...s, favorites: s.favorites.set(e.data.favoriteId, `${e.data.conversationId}#${e.data.seq}`) };
    case 'ContentFavoriteAdded':
      return { ...s, favorites: s.favorites.set(e.data.favoriteId, `content:${e.data.digest}`) };
    case 'FavoriteRemoved':
      return { ...s, favorites: s.favorites.delete(e.data.favoriteId) };
    case 'MessageHiddenForMe':
      return s;
    default:
      return s;
  }
};

const seqIn = (seq: number, lastSeq: number): number =>
  Number.isSafeInteger(seq) && seq >= 0 && seq <= lastSeq ? seq : fail('VALIDATION_FAILED', `seq must be between 0 and ${lastSeq}`, { field: 'seq', seq, lastSeq });

const schedule = (c: ScheduleReminder, s: Inbox, userId: string): InboxEvent[] => {
  requireId('reminderId', c.data.reminderId);
  requireTime('dueAt', c.data.dueAt);
  if (Date.parse(c.data.dueAt) <= Date.parse(c.metadata.at)) fail('VALIDATION_FAILED', 'a reminder is due in the future', { field: 'dueAt' });
  if (s.reminders.has(c.data.reminderId)) fail('CONFLICT', 'this reminder exists', { reminderId: c.data.reminderId });
  if (s.reminders.size >= MAX_REMINDERS) fail('CONFLICT', `at most ${MAX_REMINDERS} pending reminders`);
  if (c.data.note.length > 200) fail('VALIDATION_FAILED', 'a reminder note is at most 200 characters', { field: 'note' });
  return [{ type: 'ReminderScheduled', data: { userId, ...c.data } }];
};

const hasContent = (s: Inbox, key: string): boolean => {
  for (const [, v] of s.favorites.entries()) if (v === key) return true;
  return false;
};

/** A content favorite keeps the item as sent, bounded; the same item (digest) twice is a conflict. */
const addContent = (c: AddContentFavorite, s: Inbox, userId: string): InboxEvent[] => {
  const { favoriteId, category, content, fromId, fromName, fromHeadUrl, digest } = c.data;
  requireId('favoriteId', favoriteId);
  if (!(FAVORITE_CATEGORIES as readonly string[]).includes(category)) fail('VALIDATION_FAILED', `category must be one of ${FAVORITE_CATEGORIES.join(', ')}`, { field: 'category' });
  requireText('content', content, { max: FAVORITE_LIMITS.content, multiline: true });
  requireText('fromId', fromId, { max: FAVORITE_LIMITS.fromId });
  requireText('fromName', fromName, { max: FAVORITE_LIMITS.fromName, blank: true });
  if (fromHeadUrl !== '') requireHttpUrl('fromHeadUrl', fromHeadUrl, FAVORITE_LIMITS.fromHeadUrl);
  requireText('digest', digest, { max: FAVORITE_LIMITS.digest });
  if (s.favorites.has(favoriteId)) fail('CONFLICT', 'this favorite exists', { favoriteId });
  if (hasContent(s, `content:${digest}`)) fail('CONFLICT', 'this item is already a favorite', { reason: 'duplicate' });
  if (s.favorites.size >= MAX_FAVORITES) fail('CONFLICT', `at most ${MAX_FAVORITES} favorites`);
  return [{ type: 'ContentFavoriteAdded', data: { userId, favoriteId, category, content, fromId, fromName, fromHeadUrl, digest } }];
};

export const decide = (c: InboxCommand, s: Inbox): InboxEvent[] => {
  if (c.type === 'FireReminder') {
    const r = s.reminders.get(c.data.reminderId);
    if (!r) return [];
    const { conversationId, seq, note } = r;
    return [{ type: 'ReminderDue', data: { userId: c.data.userId, reminderId: c.data.reminderId, conversationId, seq, note } }];
  }
  const userId = actor(c.metadata);
  switch (c.type) {
    case 'MarkRead': {
      const seq = seqIn(c.data.seq, c.data.lastSeq);
      // A cursor only moves forward; reading again is no event.
      return seq > convo(s, c.data.conversationId).readSeq ? [{ type: 'ConversationRead', data: { userId, conversationId: c.data.conversationId, seq } }] : [];
    }
    case 'ChangeConversationSetting': {
      const { conversationId, setting, on } = c.data;
      return convo(s, conversationId)[setting] === on ? [] : [{ type: 'ConversationSettingChanged', data: { userId, conversationId, setting, on } }];
    }
    case 'SetChatSkin':
      if (c.data.skin !== null && (c.data.skin.length === 0 || c.data.skin.length > 64)) fail('VALIDATION_FAILED', 'a skin is 1-64 characters', { field: 'skin' });
      return convo(s, c.data.conversationId).skin === c.data.skin ? [] : [{ type: 'ChatSkinSet', data: { userId, ...c.data } }];
    case 'HideMessageForMe':
      return [{ type: 'MessageHiddenForMe', data: { userId, conversationId: c.data.conversationId, seq: seqIn(c.data.seq, c.data.lastSeq) } }];
    case 'ScheduleReminder':
      return schedule(c, s, userId);
    case 'CancelReminder':
      return s.reminders.has(c.data.reminderId) ? [{ type: 'ReminderCancelled', data: { userId, reminderId: c.data.reminderId } }] : [];
    case 'AddFavorite': {
      requireId('favoriteId', c.data.favoriteId);
      if (s.favorites.size >= MAX_FAVORITES) fail('CONFLICT', `at most ${MAX_FAVORITES} favorites`);
      const { favoriteId, conversationId } = c.data;
      return [{ type: 'FavoriteAdded', data: { userId, favoriteId, conversationId, seq: seqIn(c.data.seq, c.data.lastSeq) } }];
    }
    case 'AddContentFavorite':
      return addContent(c, s, userId);
    case 'RemoveFavorite':
      return s.favorites.has(c.data.favoriteId) ? [{ type: 'FavoriteRemoved', data: { userId, favoriteId: c.data.favoriteId } }] : [];
    default: {
      const never: never = c;
      return never;
    }
  }
};

export const inboxStream = (userId: string): string => `inbox-${userId}`;

export const inboxDecider: Decider<Inbox, InboxCommand, InboxEvent> = { initialState, evolve, decide };
