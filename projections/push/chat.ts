// Push messages of messaging: a conversation's messages, recalls and deletions on its channels,
// read receipts, and reminders to their owner.
import { channel, type PushDraft } from '../../contracts/push.js';
import { parseConversationId, type ConversationEvent } from '../../domain/conversation.js';
import type { Stored } from '../../domain/events.js';
import type { InboxEvent } from '../../domain/inbox.js';

/** The channels a conversation's messages go to: a 1:1's users', a group's, a room's. */
export const conversationChannels = (conversationId: string): string[] => {
  const c = parseConversationId(conversationId);
  if (!c) return [];
  if (c.kind === 'dm') return c.ids.map((id) => channel.user(id));
  return [c.kind === 'group' ? channel.group(c.ids[0] ?? '') : channel.room(c.ids[0] ?? '')];
};

export const chatMessages = (e: Stored<ConversationEvent | InboxEvent>): PushDraft[] => {
  switch (e.type) {
    case 'MessageSent':
      // logId: the message's global id, its event's position (as message_log.log_id).
      return conversationChannels(e.data.conversationId).map((ch) => ({ channel: ch, type: 'message', data: { ...e.data, logId: e.position } }));
    case 'MessageRecalled':
      return conversationChannels(e.data.conversationId).map((ch) => ({ channel: ch, type: 'message.recalled', data: e.data }));
    case 'MessageDeleted':
      return conversationChannels(e.data.conversationId).map((ch) => ({ channel: ch, type: 'message.deleted', data: e.data }));
    case 'ConversationRead': {
      const { conversationId, userId, seq } = e.data;
      const dm = parseConversationId(conversationId)?.kind === 'dm';
      return (dm ? conversationChannels(conversationId) : [channel.user(userId)]).map((ch) => ({ channel: ch, type: 'conversation.read', data: { conversationId, userId, seq } }));
    }
    case 'ReminderDue': {
      const { reminderId, conversationId, seq, note } = e.data;
      return [{ channel: channel.user(e.data.userId), type: 'reminder', data: { reminderId, conversationId, seq, note } }];
    }
    case 'ConversationSettingChanged':
    case 'ChatSkinSet':
    case 'MessageHiddenForMe':
    case 'ReminderScheduled':
    case 'ReminderCancelled':
    case 'FavoriteAdded':
    case 'FavoriteRemoved':
    case 'ContentFavoriteAdded':
      return [];
    default: {
      const never: never = e;
      return never;
    }
  }
};
