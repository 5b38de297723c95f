// The global mute (chat-platform /user/muted): set until a later time, lifted with null, and read
// as in force only before its end.
import t from 'tap';
import { accountDecider, evolve, initialState, type AccountCommand, type AccountEvent } from '../../domain/account.js';
import { accountMutedUntil } from '../../domain/account/mute.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const later = '2025-01-01T01:00:00.000Z';
const account = spec(accountDecider);
const registered: AccountEvent = { type: 'UserRegistered', data: { userId: 'u1', nickname: 'Ann' } };
const mute = (until: string | null): AccountCommand => ({ type: 'MuteAccount', data: { userId: 'u1', until, by: 'op' }, metadata: meta(at, 'op') });
const muted: AccountEvent = { type: 'AccountMuted', data: { userId: 'u1', until: later, by: 'op' } };

t.test('given an account, when an operator mutes it until later, then it is muted until then', async (t) => {
  account.given([registered]).when(mute(later)).then([muted]);
  const s = [registered, muted].reduce(evolve, initialState());
  t.equal(accountMutedUntil(s, at), later, 'in force before its end');
  t.equal(accountMutedUntil(s, later), null, 'over at its end');
});

t.test('given a mute, when it is lifted, then it is gone; lifting none adds nothing', async (t) => {
  account.given([registered, muted]).when(mute(null)).then([{ type: 'AccountMuted', data: { userId: 'u1', until: null, by: 'op' } }]);
  account.given([registered]).when(mute(null)).then([]);
  const s = [registered, muted, { type: 'AccountMuted', data: { userId: 'u1', until: null, by: 'op' } } as AccountEvent].reduce(evolve, initialState());
  t.equal(accountMutedUntil(s, at), null);
});

t.test('given a time not after now or no account, when muting, then it is refused', async () => {
  account.given([registered]).when(mute(at)).thenThrows('VALIDATION_FAILED');
  account.given([]).when(mute(later)).thenThrows('NOT_FOUND');
});
