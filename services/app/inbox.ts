// A reader's side of their conversations: read cursors, pin / do-not-disturb / hide, chat skins,
// reminders, delete-for-me, favorites, the conversation list and the unread badge. Every command
// goes to the caller's own inbox stream, so none contends with the conversations themselves.
import { inboxDecider, inboxStream, type InboxCommand, type Setting } from '../../domain/inbox.js';
import type { CommandMetadata } from '../../domain/aggregate.js';
import {
  getConversation as readConversation,
  listConversations as readConversations,
  listFavorites as readFavorites,
  unreadTotal,
  type PageRequest,
} from '../../projections/queries.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { conversationOf, lastSeqOf, requireReader, type Conversation } from './conversations.js';
import { notFound } from './access.js';
import { settled } from './results.js';

/** The caller's conversation, checked readable, and its last seq (cursors are checked against it). */
const readable = async (core: Core, caller: Caller, conversationId: string): Promise<{ c: Conversation; lastSeq: number }> => {
  const c = conversationOf(conversationId);
  await requireReader(core, caller, c);
  return { c, lastSeq: await lastSeqOf(core, c) };
};

const toInbox = (core: Core, userId: string, command: InboxCommand) => core.bus.handle(inboxDecider, inboxStream(userId), command);

export const markRead = (core: Core, caller: Caller, input: { conversationId: string; seq: number }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'markRead', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const { c, lastSeq } = await readable(core, caller, input.conversationId);
    const r = await toInbox(core, user.userId, { type: 'MarkRead', data: { conversationId: c.id, seq: input.seq, lastSeq }, metadata: meta });
    await settled(core, r);
    const readSeq = r.state.conversations.get(c.id)?.readSeq ?? 0;
    return { conversationId: c.id, readSeq, unread: Math.max(0, lastSeq - readSeq) };
  });

export interface ConversationSettings {
  pinned?: boolean | undefined;
  muted?: boolean | undefined;
  hidden?: boolean | undefined;
  skin?: string | null | undefined;
}

/** One command per changed field, in one run (each with its own id, derived from the run's). */
export const changeConversation = (core: Core, caller: Caller, input: { conversationId: string } & ConversationSettings, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'changeConversation', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const c = conversationOf(input.conversationId);
    await requireReader(core, caller, c);
    const step = (name: string): CommandMetadata => ({ ...meta, commandId: `${meta.commandId}:${name}` });
    const results = [];
    for (const setting of ['pinned', 'muted', 'hidden'] as const satisfies readonly Setting[]) {
      const on = input[setting];
      if (on !== undefined) results.push(await toInbox(core, user.userId, { type: 'ChangeConversationSetting', data: { conversationId: c.id, setting, on }, metadata: step(setting) }));
    }
    if (input.skin !== undefined) results.push(await toInbox(core, user.userId, { type: 'SetChatSkin', data: { conversationId: c.id, skin: input.skin }, metadata: step('skin') }));
    await settled(core, ...results);
    const s = results.at(-1)?.state.conversations.get(c.id);
    return { conversationId: c.id, pinned: s?.pinned ?? false, muted: s?.muted ?? false, hidden: s?.hidden ?? false, skin: s?.skin ?? null };
  });

export const hideMessageForMe = (core: Core, caller: Caller, input: { conversationId: string; seq: number }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'hideMessageForMe', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const { c, lastSeq } = await readable(core, caller, input.conversationId);
    if (input.seq < 1) throw notFound('message', { seq: input.seq });
    const r = await toInbox(core, user.userId, { type: 'HideMessageForMe', data: { conversationId: c.id, seq: input.seq, lastSeq }, metadata: meta });
    await settled(core, r);
    return { conversationId: c.id, seq: input.seq, hidden: true as const };
  });

export const scheduleReminder = (core: Core, caller: Caller, input: { conversationId: string; seq?: number | undefined; note: string; dueAt: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'scheduleReminder', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const { c, lastSeq } = await readable(core, caller, input.conversationId);
    if (input.seq !== undefined && (input.seq < 1 || input.seq > lastSeq)) throw notFound('message', { seq: input.seq });
    const reminderId = newId();
    const data = { reminderId, conversationId: c.id, seq: input.seq ?? null, note: input.note, dueAt: new Date(input.dueAt).toISOString() };
    const r = await toInbox(core, user.userId, { type: 'ScheduleReminder', data, metadata: meta });
    await settled(core, r);
    return data;
  });

export const cancelReminder = (core: Core, caller: Caller, input: { reminderId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'cancelReminder', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const before = await core.bus.load(inboxDecider, inboxStream(user.userId));
    if (!before.state.reminders.has(input.reminderId)) throw notFound('reminder');
    const r = await toInbox(core, user.userId, { type: 'CancelReminder', data: input, metadata: meta });
    await settled(core, r);
    return { reminderId: input.reminderId, cancelled: true as const };
  });

/** Pending reminders, soonest first (from the owner's inbox: a few, never a scan). */
export const listReminders = async (core: Core, caller: Caller) => {
  const user = requireUser(caller);
  const { state } = await core.bus.load(inboxDecider, inboxStream(user.userId));
  const items = [...state.reminders.entries()].map(([reminderId, r]) => ({ reminderId, ...r }));
  return { items: items.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.reminderId.localeCompare(b.reminderId)) };
};

export const addFavorite = (core: Core, caller: Caller, input: { conversationId: string; seq: number }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'addFavorite', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const { c, lastSeq } = await readable(core, caller, input.conversationId);
    if (input.seq < 1) throw notFound('message', { seq: input.seq });
    const favoriteId = newId();
    const r = await toInbox(core, user.userId, { type: 'AddFavorite', data: { favoriteId, conversationId: c.id, seq: input.seq, lastSeq }, metadata: meta });
    await settled(core, r);
    return { favoriteId };
  });

export const removeFavorite = (core: Core, caller: Caller, input: { favoriteId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'removeFavorite', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const before = await core.bus.load(inboxDecider, inboxStream(user.userId));
    if (!before.state.favorites.has(input.favoriteId)) throw notFound('favorite');
    const r = await toInbox(core, user.userId, { type: 'RemoveFavorite', data: input, metadata: meta });
    await settled(core, r);
    return { favoriteId: input.favoriteId, removed: true as const };
  });

export const listFavorites = (core: Core, caller: Caller, page: PageRequest) => readFavorites(core.pool, requireUser(caller).userId, page);

export const listConversations = (core: Core, caller: Caller, page: PageRequest) => readConversations(core.pool, requireUser(caller).userId, page);

export const getConversation = async (core: Core, caller: Caller, input: { conversationId: string }) => {
  const user = requireUser(caller);
  const { c } = await readable(core, caller, input.conversationId);
  // One with no messages yet reads as empty (a 1:1 nobody has written in, a quiet group).
  const peerId = c.kind === 'dm' ? (c.ids.find((id) => id !== user.userId) ?? null) : null;
  const empty = { conversationId: c.id, kind: c.kind, peerId, lastSeq: 0, lastMessage: null, lastAt: null, readSeq: 0, unread: 0, pinned: false, muted: false, skin: null };
  return (await readConversation(core.pool, user.userId, c.id)) ?? empty;
};

export const unread = (core: Core, caller: Caller) => unreadTotal(core.pool, requireUser(caller).userId);
