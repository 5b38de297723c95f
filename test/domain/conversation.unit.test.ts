import t from 'tap';
import {
  conversationDecider,
  conversationId,
  conversationStream,
  MAX_BODY_BYTES,
  parseConversationId,
  RETAINED,
  type ConversationCommand,
  type ConversationEvent,
  type MessageSent,
} from '../../domain/conversation.js';
import { meta, spec } from '../support/decider-spec.js';

const at = (s: number) => new Date(Date.UTC(2025, 0, 1) + s * 1000).toISOString();
const convo = spec(conversationDecider);
const id = 'group:g1';

const send = (from: string, clientMsgId: string, opts: Partial<Extract<ConversationCommand, { type: 'SendMessage' }>['data']> = {}, when = at(0)): ConversationCommand => ({
  type: 'SendMessage',
  data: { conversationId: id, messageId: `m-${clientMsgId}`, clientMsgId, from, msgType: 'text', body: { text: 'hi' }, allowed: true, ...opts },
  metadata: meta(when, from),
});
const sent = (seq: number, from: string, clientMsgId: string, when = at(0)): MessageSent => ({
  type: 'MessageSent',
  data: { conversationId: id, seq, messageId: `m-${clientMsgId}`, clientMsgId, from, msgType: 'text', body: { text: 'hi' }, at: when },
});
const recall = (by: string, seq: number, when: string, windowMs = 120_000): ConversationCommand => ({ type: 'RecallMessage', data: { conversationId: id, seq, windowMs }, metadata: meta(when, by) });
const del = (by: string, seq: number, moderator = false): ConversationCommand => ({ type: 'DeleteMessage', data: { conversationId: id, seq, moderator }, metadata: meta(at(1), by) });

t.test('conversation ids: a 1:1 is the ordered pair; groups and rooms by id; anything else is not an id', async (t) => {
  t.equal(conversationId('dm', 'bob', 'ann'), 'dm:ann:bob');
  t.equal(conversationId('dm', 'ann', 'bob'), 'dm:ann:bob');
  t.same(parseConversationId('dm:ann:bob'), { kind: 'dm', ids: ['ann', 'bob'] });
  t.same(parseConversationId('room:r1'), { kind: 'room', ids: ['r1'] });
  for (const bad of ['dm:bob:ann', 'dm:ann:ann', 'dm:ann', 'group:', 'chat:x', 'group:a:b', '']) t.equal(parseConversationId(bad), null, bad);
  t.equal(conversationStream('dm:ann:bob'), 'conversation-dm-ann-bob');
});

t.test('each message takes the next seq, from 1, with no gaps', async () => {
  convo.given([]).when(send('ann', 'c1')).then([sent(1, 'ann', 'c1')]);
  convo.given([sent(1, 'ann', 'c1'), sent(2, 'bob', 'c2')]).when(send('ann', 'c3')).then([sent(3, 'ann', 'c3')]);
});

t.test('recall and delete consume no seq', async () => {
  const history: ConversationEvent[] = [sent(1, 'ann', 'c1'), { type: 'MessageRecalled', data: { conversationId: id, seq: 1, messageId: 'm-c1', by: 'ann' } }];
  convo.given(history).when(send('bob', 'c2')).then([sent(2, 'bob', 'c2')]);
});

t.test('the application layer refusal travels in the command and comes back coded', async () => {
  convo.given([]).when(send('eve', 'c1', { allowed: { refused: 'NOT_A_MEMBER', message: 'no' } })).thenThrows('NOT_A_MEMBER', { conversationId: id });
  convo.given([]).when(send('ann', 'c1', { allowed: { refused: 'MUTED', message: 'muted', details: { until: at(60) } } })).thenThrows('MUTED', { until: at(60) });
});

t.test('bad messages are refused: empty or long client ids, unknown types, oversized bodies', async () => {
  convo.given([]).when(send('ann', '')).thenThrows('VALIDATION_FAILED', { field: 'clientMsgId' });
  convo.given([]).when(send('ann', 'x'.repeat(65))).thenThrows('VALIDATION_FAILED', { field: 'clientMsgId' });
  convo.given([]).when(send('ann', 'c1', { msgType: 'poem' as never })).thenThrows('VALIDATION_FAILED', { field: 'msgType' });
  convo.given([]).when(send('ann', 'c1', { body: { text: 'x'.repeat(MAX_BODY_BYTES) } })).thenThrows('VALIDATION_FAILED', { field: 'body' });
});

t.test('only the sender recalls, within the window, once', async () => {
  const history = [sent(1, 'ann', 'c1', at(0))];
  convo.given(history).when(recall('ann', 1, at(119))).then([{ type: 'MessageRecalled', data: { conversationId: id, seq: 1, messageId: 'm-c1', by: 'ann' } }]);
  convo.given(history).when(recall('ann', 1, at(121))).thenThrows('RECALL_WINDOW_PASSED', { seq: 1 });
  convo.given(history).when(recall('bob', 1, at(1))).thenThrows('FORBIDDEN');
  convo.given(history).when(recall('ann', 2, at(1))).thenThrows('NOT_FOUND');
  convo.given(history).when(recall('ann', 0, at(1))).thenThrows('NOT_FOUND');
  const recalled: ConversationEvent = { type: 'MessageRecalled', data: { conversationId: id, seq: 1, messageId: 'm-c1', by: 'ann' } };
  convo.given([...history, recalled]).when(recall('ann', 1, at(2))).then([]);
});

t.test('the sender or a moderator deletes; a gone message stays gone', async () => {
  const history = [sent(1, 'ann', 'c1')];
  const deleted = (by: string): ConversationEvent => ({ type: 'MessageDeleted', data: { conversationId: id, seq: 1, messageId: 'm-c1', by } });
  convo.given(history).when(del('ann', 1)).then([deleted('ann')]);
  convo.given(history).when(del('owner', 1, true)).then([deleted('owner')]);
  convo.given(history).when(del('bob', 1)).thenThrows('FORBIDDEN');
  convo.given([...history, deleted('ann')]).when(del('ann', 1)).then([]);
});

t.test(`only the last ${RETAINED} messages can be taken back; the state stays that small`, async (t) => {
  const many = Array.from({ length: RETAINED + 5 }, (_, i) => sent(i + 1, 'ann', `c${i + 1}`));
  const state = convo.given(many).state();
  t.equal(state.lastSeq, RETAINED + 5);
  t.equal(state.recent.size, RETAINED);
  convo.given(many).when(del('ann', 5)).thenThrows('RECALL_WINDOW_PASSED');
  convo.given(many).when(del('ann', 6)).then([{ type: 'MessageDeleted', data: { conversationId: id, seq: 6, messageId: 'm-c6', by: 'ann' } }]);
});
