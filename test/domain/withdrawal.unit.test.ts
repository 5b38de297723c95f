import t from 'tap';
import { withdrawalDecider, withdrawalStream, type WithdrawalCommand, type WithdrawalEvent } from '../../domain/withdrawal.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const withdrawal = spec(withdrawalDecider);

const terms = { withdrawalId: 'w1', userId: 'ann', asset: 'income', amount: 500, account: 'bank:1' } as const;
const decision = { withdrawalId: 'w1', userId: 'ann', asset: 'income', amount: 500, operatorId: 'op' } as const;
const created: WithdrawalEvent = { type: 'WithdrawalCreated', data: terms };
const approved: WithdrawalEvent = { type: 'WithdrawalApproved', data: decision };
const rejected: WithdrawalEvent = { type: 'WithdrawalRejected', data: { ...decision, reason: 'bad account' } };
const approve: WithdrawalCommand = { type: 'ApproveWithdrawal', data: { withdrawalId: 'w1' }, metadata: meta(at, 'op') };
const reject: WithdrawalCommand = { type: 'RejectWithdrawal', data: { withdrawalId: 'w1', reason: 'bad account' }, metadata: meta(at, 'op') };

t.test('the stream id comes from the withdrawal id', async (t) => t.equal(withdrawalStream('2'), 'withdrawal-2'));

t.test('created from the wallet hold; a second creation adds nothing', async () => {
  const create: WithdrawalCommand = { type: 'CreateWithdrawal', data: terms, metadata: meta(at) };
  withdrawal.given([]).when(create).then([created]);
  withdrawal.given([created]).when(create).then([]);
});

t.test('a pending withdrawal is approved or rejected', async (t) => {
  withdrawal.given([created]).when(approve).then([approved]);
  withdrawal.given([created]).when(reject).then([rejected]);
  t.equal(withdrawal.given([created, approved]).state().status, 'paid');
  t.equal(withdrawal.given([created, rejected]).state().status, 'rejected');
});

t.test('a decided withdrawal cannot be decided again', async () => {
  withdrawal.given([created, approved]).when(reject).thenThrows('CONFLICT');
  withdrawal.given([created, rejected]).when(approve).thenThrows('CONFLICT');
  withdrawal.given([]).when(approve).thenThrows('NOT_FOUND');
});
