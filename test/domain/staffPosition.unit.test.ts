// Internal staff's job title (004 `position`): an operator sets it, changes it, ends it with null;
// the same title again changes nothing; a blank or over-long title and a missing account are refused.
import t from 'tap';
import { accountDecider, evolve, initialState, type AccountCommand, type AccountEvent } from '../../domain/account.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const account = spec(accountDecider);
const registered: AccountEvent = { type: 'UserRegistered', data: { userId: 'u1', nickname: 'Ann' } };
const set = (position: string | null): AccountCommand => ({ type: 'SetStaffPosition', data: { userId: 'u1', position, by: 'op' }, metadata: meta(at, 'op') });
const titled = (position: string | null): AccountEvent => ({ type: 'StaffPositionSet', data: { userId: 'u1', position, by: 'op' } });

t.test('given an account, when an operator gives it a title, then it is staff with that title (trimmed)', async (t) => {
  account.given([registered]).when(set('  Engineer ')).then([titled('Engineer')]);
  const s = [registered, titled('Engineer')].reduce(evolve, initialState());
  t.equal(s.status === 'registered' ? s.staffPosition : undefined, 'Engineer');
});

t.test('given staff, when the same title is set again, then nothing; when ended, then not staff', async (t) => {
  account.given([registered, titled('Engineer')]).when(set('Engineer')).then([]);
  account.given([registered, titled('Engineer')]).when(set(null)).then([titled(null)]);
  account.given([registered]).when(set(null)).then([]);
  const s = [registered, titled('Engineer'), titled(null)].reduce(evolve, initialState());
  t.equal(s.status === 'registered' ? s.staffPosition : 'x', undefined);
});

t.test('given a blank or too long title, or no account, when set, then it is refused', async () => {
  account.given([registered]).when(set('   ')).thenThrows('VALIDATION_FAILED');
  account.given([registered]).when(set('x'.repeat(41))).thenThrows('VALIDATION_FAILED');
  account.given([]).when(set('Engineer')).thenThrows('NOT_FOUND');
});
