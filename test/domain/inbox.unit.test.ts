import t from 'tap';
import { inboxDecider, inboxStream, MAX_REMINDERS, type InboxCommand, type InboxEvent } from '../../domain/inbox.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const later = '2025-01-01T01:00:00.000Z';
const inbox = spec(inboxDecider);
const c = 'dm:ann:bob';
const cmd = <T extends InboxCommand['type']>(type: T, data: Extract<InboxCommand, { type: T }>['data'], by = 'ann'): InboxCommand =>
  ({ type, data, metadata: meta(at, by) }) as InboxCommand;
const read = (seq: number): InboxEvent => ({ type: 'ConversationRead', data: { userId: 'ann', conversationId: c, seq } });

t.test('the stream is the owner\'s', async (t) => t.equal(inboxStream('ann'), 'inbox-ann'));

t.test('a read cursor only moves forward and never past the last message', async () => {
  inbox.given([]).when(cmd('MarkRead', { conversationId: c, seq: 3, lastSeq: 5 })).then([read(3)]);
  inbox.given([read(3)]).when(cmd('MarkRead', { conversationId: c, seq: 2, lastSeq: 5 })).then([]);
  inbox.given([read(3)]).when(cmd('MarkRead', { conversationId: c, seq: 3, lastSeq: 5 })).then([]);
  inbox.given([]).when(cmd('MarkRead', { conversationId: c, seq: 6, lastSeq: 5 })).thenThrows('VALIDATION_FAILED', { field: 'seq' });
  inbox.given([]).when(cmd('MarkRead', { conversationId: c, seq: -1, lastSeq: 5 })).thenThrows('VALIDATION_FAILED');
});

t.test('settings change only when they change', async () => {
  const pinned: InboxEvent = { type: 'ConversationSettingChanged', data: { userId: 'ann', conversationId: c, setting: 'pinned', on: true } };
  inbox.given([]).when(cmd('ChangeConversationSetting', { conversationId: c, setting: 'pinned', on: true })).then([pinned]);
  inbox.given([pinned]).when(cmd('ChangeConversationSetting', { conversationId: c, setting: 'pinned', on: true })).then([]);
  inbox.given([]).when(cmd('ChangeConversationSetting', { conversationId: c, setting: 'muted', on: false })).then([]);
  inbox.given([]).when(cmd('SetChatSkin', { conversationId: c, skin: '' })).thenThrows('VALIDATION_FAILED', { field: 'skin' });
});

t.test('a reminder is due in the future, fires once, and a cancelled one never fires', async () => {
  const scheduled: InboxEvent = { type: 'ReminderScheduled', data: { userId: 'ann', reminderId: 'r1', conversationId: c, seq: 2, note: 'pay back', dueAt: later } };
  inbox.given([]).when(cmd('ScheduleReminder', { reminderId: 'r1', conversationId: c, seq: 2, note: 'pay back', dueAt: later })).then([scheduled]);
  inbox.given([]).when(cmd('ScheduleReminder', { reminderId: 'r1', conversationId: c, seq: 2, note: '', dueAt: at })).thenThrows('VALIDATION_FAILED', { field: 'dueAt' });
  inbox.given([scheduled]).when(cmd('ScheduleReminder', { reminderId: 'r1', conversationId: c, seq: 2, note: '', dueAt: later })).thenThrows('CONFLICT');
  const due: InboxEvent = { type: 'ReminderDue', data: { userId: 'ann', reminderId: 'r1', conversationId: c, seq: 2, note: 'pay back' } };
  const fire: InboxCommand = { type: 'FireReminder', data: { userId: 'ann', reminderId: 'r1' }, metadata: { commandId: 'timer:1', at: later } };
  inbox.given([scheduled]).when(fire).then([due]);
  inbox.given([scheduled, due]).when(fire).then([]);
  inbox.given([scheduled, { type: 'ReminderCancelled', data: { userId: 'ann', reminderId: 'r1' } }]).when(fire).then([]);
  inbox.given([]).when(cmd('CancelReminder', { reminderId: 'r1' })).then([]);
});

t.test(`at most ${MAX_REMINDERS} pending reminders`, async () => {
  const full = Array.from({ length: MAX_REMINDERS }, (_, i): InboxEvent => ({
    type: 'ReminderScheduled',
    data: { userId: 'ann', reminderId: `r${i}`, conversationId: c, seq: null, note: '', dueAt: later },
  }));
  inbox.given(full).when(cmd('ScheduleReminder', { reminderId: 'rx', conversationId: c, seq: null, note: '', dueAt: later })).thenThrows('CONFLICT');
});

t.test('favorites and delete-for-me point at a message that exists', async () => {
  inbox.given([]).when(cmd('AddFavorite', { favoriteId: 'f1', conversationId: c, seq: 4, lastSeq: 3 })).thenThrows('VALIDATION_FAILED', { field: 'seq' });
  const added: InboxEvent = { type: 'FavoriteAdded', data: { userId: 'ann', favoriteId: 'f1', conversationId: c, seq: 3 } };
  inbox.given([]).when(cmd('AddFavorite', { favoriteId: 'f1', conversationId: c, seq: 3, lastSeq: 3 })).then([added]);
  inbox.given([added]).when(cmd('RemoveFavorite', { favoriteId: 'f1' })).then([{ type: 'FavoriteRemoved', data: { userId: 'ann', favoriteId: 'f1' } }]);
  inbox.given([]).when(cmd('RemoveFavorite', { favoriteId: 'f1' })).then([]);
  inbox.given([]).when(cmd('HideMessageForMe', { conversationId: c, seq: 9, lastSeq: 3 })).thenThrows('VALIDATION_FAILED');
});

t.test('only a signed-in owner writes an inbox', async () => {
  inbox.given([]).when({ type: 'MarkRead', data: { conversationId: c, seq: 0, lastSeq: 0 }, metadata: { commandId: 'x', at } }).thenThrows('UNAUTHENTICATED');
});
