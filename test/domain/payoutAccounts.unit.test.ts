// Payout accounts: the owner adds masked accounts up to the cap, once verified, and removes them.
import t from 'tap';
import { payoutAccountsDecider, type PayoutAccountCommand, type PayoutAccountEvent, type PayoutAccountTerms } from '../../domain/payoutAccounts.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const accounts = spec(payoutAccountsDecider);
const card: PayoutAccountTerms = { userId: 'ann', accountId: 'p1', kind: 'bank_card', maskedNumber: '****4242', bank: 'ICBC', holder: '张**' };
const added: PayoutAccountEvent = { type: 'PayoutAccountAdded', data: card };
const add = (data: Partial<PayoutAccountTerms> = {}, extra: { max?: number; verified?: boolean } = {}, by = 'ann'): PayoutAccountCommand => ({
  type: 'AddPayoutAccount',
  data: { ...card, ...data, max: extra.max ?? 2, verified: extra.verified ?? true },
  metadata: meta(at, by),
});

t.test('given a verified owner, when they add a masked account, then it is on file, once', async () => {
  accounts.given([]).when(add()).then([added]);
  accounts.given([added]).when(add()).then([]);
});

t.test('refusals: unverified, unmasked, duplicate, over the cap, someone else', async () => {
  accounts.given([]).when(add({}, { verified: false })).thenThrows('NOT_ELIGIBLE');
  accounts.given([]).when(add({ maskedNumber: '6222021234564242' })).thenThrows('VALIDATION_FAILED');
  accounts.given([added]).when(add({ accountId: 'p2' })).thenThrows('CONFLICT');
  accounts.given([added]).when(add({ accountId: 'p2', maskedNumber: '****1111' }, { max: 1 })).thenThrows('PAYOUT_ACCOUNT_LIMIT');
  accounts.given([]).when(add({}, {}, 'bob')).thenThrows('FORBIDDEN');
});

t.test('given an account, when its owner removes it, then it is gone; an unknown one is NOT_FOUND', async (t) => {
  const remove: PayoutAccountCommand = { type: 'RemovePayoutAccount', data: { userId: 'ann', accountId: 'p1' }, metadata: meta(at, 'ann') };
  accounts.given([added]).when(remove).then([{ type: 'PayoutAccountRemoved', data: { userId: 'ann', accountId: 'p1' } }]);
  accounts.given([]).when(remove).thenThrows('NOT_FOUND');
  t.same(accounts.given([added, { type: 'PayoutAccountRemoved', data: { userId: 'ann', accountId: 'p1' } }]).state(), { accounts: [] });
});
