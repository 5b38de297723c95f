// A user's company id (004 `com_id`): an operator sets it, changes it, clears it with null; the
// same id again changes nothing; a blank, multi-line or over-long id and a missing account are refused.
import t from 'tap';
import { accountDecider, evolve, initialState, type AccountCommand, type AccountEvent } from '../../domain/account.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const account = spec(accountDecider);
const registered: AccountEvent = { type: 'UserRegistered', data: { userId: 'u1', nickname: 'Ann' } };
const set = (companyId: string | null): AccountCommand => ({ type: 'SetCompanyId', data: { userId: 'u1', companyId, by: 'op' }, metadata: meta(at, 'op') });
const companied = (companyId: string | null): AccountEvent => ({ type: 'CompanyIdSet', data: { userId: 'u1', companyId, by: 'op' } });
const companyOf = (events: AccountEvent[]) => {
  const s = events.reduce(evolve, initialState());
  return s.status === 'registered' ? s.companyId : 'absent';
};

t.test('given an account, when an operator sets a company id, then it has that id (trimmed)', async (t) => {
  account.given([registered]).when(set(' acme ')).then([companied('acme')]);
  t.equal(companyOf([registered, companied('acme')]), 'acme');
  account.given([registered, companied('acme')]).when(set('globex')).then([companied('globex')]);
});

t.test('given a company id, when the same is set again, then nothing; when cleared, then none', async (t) => {
  account.given([registered, companied('acme')]).when(set('acme')).then([]);
  account.given([registered, companied('acme')]).when(set(null)).then([companied(null)]);
  account.given([registered]).when(set(null)).then([]);
  t.equal(companyOf([registered, companied('acme'), companied(null)]), undefined);
});

t.test('given a blank, multi-line or too long id, or no account, when set, then it is refused', async () => {
  account.given([registered]).when(set('   ')).thenThrows('VALIDATION_FAILED');
  account.given([registered]).when(set('a\nb')).thenThrows('VALIDATION_FAILED');
  account.given([registered]).when(set('x'.repeat(65))).thenThrows('VALIDATION_FAILED');
  account.given([]).when(set('acme')).thenThrows('NOT_FOUND');
});
