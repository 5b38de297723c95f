// A recall's or delete's event names the message's global id (logId) when the application found
// it (#21: 004's eventType 10 carries it); without one the event keeps its old shape.
import t from 'tap';
import { conversationDecider, type ConversationCommand, type MessageSent } from '../../domain/conversation.js';
import { meta, spec } from '../support/decider-spec.js';

const id = 'group:g1';
const at = (s: number) => new Date(Date.UTC(2025, 0, 1) + s * 1000).toISOString();
const convo = spec(conversationDecider);
const sent = (seq: number, from: string): MessageSent => ({
  type: 'MessageSent',
  data: { conversationId: id, seq, messageId: `m-${seq}`, clientMsgId: `c-${seq}`, from, msgType: 'text', body: { text: 'hi' }, at: at(0) },
});
const recall = (seq: number, logId?: number): ConversationCommand => ({ type: 'RecallMessage', data: { conversationId: id, seq, windowMs: 120_000, ...(logId === undefined ? {} : { logId }) }, metadata: meta(at(1), 'ann') });
const del = (seq: number, logId?: number): ConversationCommand => ({ type: 'DeleteMessage', data: { conversationId: id, seq, moderator: false, ...(logId === undefined ? {} : { logId }) }, metadata: meta(at(1), 'ann') });

t.test('given a message, when recalled or deleted with its log id, then the event carries it', async () => {
  convo.given([sent(1, 'ann')]).when(recall(1, 4711)).then([{ type: 'MessageRecalled', data: { conversationId: id, seq: 1, messageId: 'm-1', by: 'ann', logId: 4711 } }]);
  convo.given([sent(1, 'ann')]).when(del(1, 4711)).then([{ type: 'MessageDeleted', data: { conversationId: id, seq: 1, messageId: 'm-1', by: 'ann', logId: 4711 } }]);
});

t.test('given a message, when recalled or deleted without a log id, then the event has none', async () => {
  convo.given([sent(1, 'ann')]).when(recall(1)).then([{ type: 'MessageRecalled', data: { conversationId: id, seq: 1, messageId: 'm-1', by: 'ann' } }]);
  convo.given([sent(1, 'ann')]).when(del(1)).then([{ type: 'MessageDeleted', data: { conversationId: id, seq: 1, messageId: 'm-1', by: 'ann' } }]);
});

t.test('given a message, when the log id is not a positive integer, then the command is refused', async () => {
  for (const bad of [0, -3, 1.5, Number.NaN]) {
    convo.given([sent(1, 'ann')]).when(recall(1, bad)).thenThrows('VALIDATION_FAILED', { field: 'logId' });
    convo.given([sent(1, 'ann')]).when(del(1, bad)).thenThrows('VALIDATION_FAILED', { field: 'logId' });
  }
});
