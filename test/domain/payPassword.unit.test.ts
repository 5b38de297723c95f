import t from 'tap';
import { lockedAt, payPasswordDecider, payPasswordStream, type PayPasswordCommand, type PayPasswordEvent } from '../../domain/payPassword.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const hourLater = '2025-01-01T01:00:00.000Z';
const pwd = spec(payPasswordDecider);

const set = (credentialId: string, sameAsCurrent = false, userId = 'ann'): PayPasswordCommand => ({ type: 'SetPayPassword', data: { userId: 'ann', credentialId, sameAsCurrent }, metadata: meta(at, userId) });
const attempt = (matches: boolean, when = at, credentialId = 'c1', maxFailures = 3): PayPasswordCommand => ({
  type: 'TryPayPassword',
  data: { userId: 'ann', credentialId, matches, maxFailures, lockSeconds: 600 },
  metadata: meta(when, 'ann'),
});
const wasSet = (credentialId = 'c1', changed = false): PayPasswordEvent => ({ type: 'PayPasswordSet', data: { userId: 'ann', credentialId, changed } });
const failed = (failures: number, lockedUntil?: string): PayPasswordEvent => ({
  type: 'PayPasswordAttemptFailed',
  data: { userId: 'ann', failures, maxFailures: 3, ...(lockedUntil ? { lockedUntil } : {}) },
});

t.test('the stream id comes from the user', async (t) => t.equal(payPasswordStream('7'), 'paypwd-7'));

t.test('setting names the credential; changing it says so; only its owner sets it', async () => {
  pwd.given([]).when(set('c1')).then([wasSet('c1')]);
  pwd.given([wasSet('c1')]).when(set('c2')).then([wasSet('c2', true)]);
  pwd.given([]).when(set('c1', false, 'eve')).thenThrows('FORBIDDEN');
  pwd.given([]).when({ ...set('c1'), metadata: meta(at) }).thenThrows('UNAUTHENTICATED');
});

t.test('the new pay password must differ from the previous one', async () => {
  pwd.given([wasSet('c1')]).when(set('c2', true)).thenThrows('PAY_PASSWORD_REUSED');
});

t.test('a try without a pay password is refused', async () => {
  pwd.given([]).when(attempt(true)).thenThrows('PAY_PASSWORD_NOT_SET');
});

t.test('a right try changes nothing; after wrong ones it clears the count', async () => {
  pwd.given([wasSet()]).when(attempt(true)).then([]);
  pwd.given([wasSet(), failed(1)]).when(attempt(true)).then([{ type: 'PayPasswordFailuresCleared', data: { userId: 'ann' } }]);
});

t.test('wrong tries are counted and the one reaching the limit locks it for the configured time', async (t) => {
  pwd.given([wasSet()]).when(attempt(false)).then([failed(1)]);
  pwd.given([wasSet(), failed(1)]).when(attempt(false)).then([failed(2)]);
  const s = pwd.given([wasSet(), failed(1), failed(2)]).when(attempt(false)).thenState();
  pwd.given([wasSet(), failed(1), failed(2)]).when(attempt(false)).then([failed(3, '2025-01-01T00:10:00.000Z')]);
  t.ok(lockedAt(s, meta(at)), 'locked now');
  t.notOk(lockedAt(s, meta(hourLater)), 'not after the lock');
});

t.test('while locked every try is refused, right or wrong; after the lock the count starts again', async () => {
  const locked = [wasSet(), failed(1), failed(2), failed(3, '2025-01-01T00:10:00.000Z')];
  pwd.given(locked).when(attempt(true)).thenThrows('PAY_PASSWORD_LOCKED', { lockedUntil: '2025-01-01T00:10:00.000Z' });
  pwd.given(locked).when(attempt(false)).thenThrows('PAY_PASSWORD_LOCKED');
  pwd.given(locked).when(attempt(false, hourLater)).then([failed(1)]);
  pwd.given(locked).when(attempt(true, hourLater)).then([{ type: 'PayPasswordFailuresCleared', data: { userId: 'ann' } }]);
});

t.test('a new pay password unlocks and clears the count (the SMS code proved the phone)', async (t) => {
  const s = pwd.given([wasSet(), failed(1), failed(2), failed(3, '2025-01-01T00:10:00.000Z')]).when(set('c2')).thenState();
  t.same(s, { status: 'set', userId: 'ann', credentialId: 'c2', failures: 0 });
});

t.test('a try compared with a replaced credential is not counted', async () => {
  pwd.given([wasSet('c1'), wasSet('c2', true)]).when(attempt(false, at, 'c1')).thenThrows('CONFLICT');
});

t.test('the lock needs at least three tries', async () => {
  pwd.given([wasSet()]).when(attempt(false, at, 'c1', 2)).thenThrows('VALIDATION_FAILED');
});
