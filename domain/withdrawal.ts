// A withdrawal, after the wallet held the amount and its fee (wallet WithdrawalRequested). An
// operator approves it (the amount is paid out, the fee goes to the platform's `fees` account) or
// rejects it (a process manager refunds both to the wallet).
import type { CommandMetadata, Decider } from './aggregate.js';
import type { Asset } from './assets.js';
import { fail } from './errors.js';
import { requireId, requireNonNegative, requirePositive, requireText } from './rules.js';

export type WithdrawalAsset = Asset;
export const MAX_REJECT_REASON_LENGTH = 200;
/** `fee` only when one was charged (withdrawals before fees existed have none). */
export type WithdrawalTerms = { withdrawalId: string; userId: string; asset: WithdrawalAsset; amount: number; fee?: number; account: string };
type Decision = { withdrawalId: string; userId: string; asset: WithdrawalAsset; amount: number; fee?: number; operatorId?: string };

export type WithdrawalCreated = { type: 'WithdrawalCreated'; data: WithdrawalTerms };
export type WithdrawalApproved = { type: 'WithdrawalApproved'; data: Decision };
export type WithdrawalRejected = { type: 'WithdrawalRejected'; data: Decision & { reason?: string } };
export type WithdrawalEvent = WithdrawalCreated | WithdrawalApproved | WithdrawalRejected;

export type CreateWithdrawal = { type: 'CreateWithdrawal'; data: WithdrawalTerms; metadata: CommandMetadata };
/** The operator's role is checked by the service; the operator is recorded from metadata.userId. */
export type ApproveWithdrawal = { type: 'ApproveWithdrawal'; data: { withdrawalId: string }; metadata: CommandMetadata };
export type RejectWithdrawal = { type: 'RejectWithdrawal'; data: { withdrawalId: string; reason?: string }; metadata: CommandMetadata };
export type WithdrawalCommand = CreateWithdrawal | ApproveWithdrawal | RejectWithdrawal;

export type Withdrawal = { status: 'absent' } | ({ status: 'pending' | 'paid' | 'rejected' } & WithdrawalTerms);

export const initialState = (): Withdrawal => ({ status: 'absent' });

export const evolve = (s: Withdrawal, e: WithdrawalEvent): Withdrawal => {
  switch (e.type) {
    case 'WithdrawalCreated':
      return s.status === 'absent' ? { status: 'pending', ...e.data } : s;
    case 'WithdrawalApproved':
      return s.status === 'pending' ? { ...s, status: 'paid' } : s;
    case 'WithdrawalRejected':
      return s.status === 'pending' ? { ...s, status: 'rejected' } : s;
    default:
      return s;
  }
};

const pending = (s: Withdrawal, c: ApproveWithdrawal | RejectWithdrawal): Decision => {
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such withdrawal', { withdrawalId: c.data.withdrawalId });
  if (s.status !== 'pending') return fail('CONFLICT', 'this withdrawal is already decided', { status: s.status });
  const d: Decision = { withdrawalId: s.withdrawalId, userId: s.userId, asset: s.asset, amount: s.amount, ...(s.fee ? { fee: s.fee } : {}) };
  if (c.metadata.userId !== undefined) d.operatorId = c.metadata.userId;
  return d;
};

export const decide = (c: WithdrawalCommand, s: Withdrawal): WithdrawalEvent[] => {
  switch (c.type) {
    case 'CreateWithdrawal': {
      // Created by a process manager from the wallet hold; a second creation is a redelivery.
      if (s.status !== 'absent') return [];
      const { withdrawalId, userId, asset, amount, fee, account } = c.data;
      requireId('withdrawalId', withdrawalId);
      requireId('userId', userId);
      requirePositive('amount', amount);
      requireNonNegative('fee', fee ?? 0);
      requireId('account', account);
      return [{ type: 'WithdrawalCreated', data: { withdrawalId, userId, asset, amount, ...(fee ? { fee } : {}), account } }];
    }
    case 'ApproveWithdrawal':
      return [{ type: 'WithdrawalApproved', data: pending(s, c) }];
    case 'RejectWithdrawal': {
      const data: WithdrawalRejected['data'] = pending(s, c);
      if (c.data.reason !== undefined) data.reason = requireText('reason', c.data.reason, { max: MAX_REJECT_REASON_LENGTH, multiline: true, blank: true });
      return [{ type: 'WithdrawalRejected', data }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const withdrawalStream = (withdrawalId: string): string => `withdrawal-${withdrawalId}`;

export const withdrawalDecider: Decider<Withdrawal, WithdrawalCommand, WithdrawalEvent> = { initialState, evolve, decide };
