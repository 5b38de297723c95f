// A user's shake history stream: removing an entry is the owner's, once.
import t from 'tap';
import type { CommandMetadata } from '../../domain/aggregate.js';
import { decide, evolve, initialState, type ShakeHistoryEvent } from '../../domain/shakeHistory.js';

const meta = (userId: string): CommandMetadata => ({ commandId: 'c1', at: '2026-12-05T00:00:00.000Z', userId }) as CommandMetadata;
const fold = (events: ShakeHistoryEvent[]) => events.reduce(evolve, initialState());

t.test('given an entry, when its owner removes it, then ShakeRecordRemoved; again, no event', async (t) => {
  const events = decide({ type: 'RemoveShakeRecord', data: { userId: 'u1', matchId: 'm1' }, metadata: meta('u1') }, initialState());
  t.same(events, [{ type: 'ShakeRecordRemoved', data: { userId: 'u1', matchId: 'm1' } }]);
  t.same(decide({ type: 'RemoveShakeRecord', data: { userId: 'u1', matchId: 'm1' }, metadata: meta('u1') }, fold(events)), []);
  t.same(fold([...events, ...events]).removed, ['m1'], 'a redelivered event changes nothing');
});

t.test('given another user, when they remove from my history, then FORBIDDEN; an empty id is refused', async (t) => {
  t.throws(() => decide({ type: 'RemoveShakeRecord', data: { userId: 'u1', matchId: 'm1' }, metadata: meta('u2') }, initialState()), { code: 'FORBIDDEN' });
  t.throws(() => decide({ type: 'RemoveShakeRecord', data: { userId: 'u1', matchId: '' }, metadata: meta('u1') }, initialState()), { code: 'VALIDATION_FAILED' });
});
