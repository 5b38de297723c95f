// Withdrawals and their fees. The wallet holds the amount and the fee (WithdrawalRequested); an
// approval pays the amount out (it leaves the books: `withdrawn`) and the fee must reach the
// platform's `fees` account (PlatformFeeReceived); a rejection must return both
// (WithdrawalRefunded). Until the decision, both are held by the withdrawal.
import type { Asset } from '../../domain/assets.js';
import type { BalanceChange } from '../../domain/wallet/index.js';
import { handling } from '../../projections/support.js';
import type { StoredEvent } from '../shared/event-store/port.js';
import { add, amountOf, expectCredit, expectDebit, legOf, orphan, table, twice, type FlowFollower, type Leg, type Sink } from './flows.js';

const legs = handling(['WithdrawalRequested', 'WithdrawalRefunded', 'PlatformFeeReceived'] as const);
const others = handling(['WithdrawalCreated', 'WithdrawalApproved', 'WithdrawalRejected'] as const);

type Withdrawal = {
  asset?: Asset;
  amount?: bigint;
  fee: bigint;
  requestedAt?: number;
  created: boolean;
  decided?: { as: 'approved' | 'rejected'; at: number };
  refunds: Leg[];
  fees: Leg[];
};

export const withdrawalFlows = (sink: Sink): FlowFollower => {
  const withdrawals = table<Withdrawal>(() => ({ fee: 0n, created: false, refunds: [], fees: [] }));
  const amount = amountOf(sink);

  const wallet = (stored: StoredEvent, userId: string, changes: readonly BalanceChange[]): void => {
    const e = legs.of(stored);
    if (!e) return;
    const leg = (a: Asset) => legOf(stored, userId, changes, a);
    switch (e.type) {
      case 'WithdrawalRequested': {
        const w = withdrawals.get(e.data.withdrawalId);
        if (w.requestedAt !== undefined) twice(sink, 'withdrawal', e.data.withdrawalId, 'WithdrawalRequested', stored.position);
        const fee = e.data.fee === undefined ? 0n : amount(stored, 'fee', e.data.fee);
        Object.assign(w, { asset: e.data.asset, amount: amount(stored, 'amount', e.data.amount), fee, requestedAt: stored.position });
        return expectDebit(sink, 'withdrawal', e.data.withdrawalId, (w.amount ?? 0n) + fee, leg(e.data.asset));
      }
      case 'WithdrawalRefunded':
        return void withdrawals.get(e.data.withdrawalId).refunds.push(leg(e.data.asset));
      case 'PlatformFeeReceived':
        if (e.data.source === 'withdrawal') withdrawals.get(e.data.sourceId).fees.push(leg(e.data.asset));
        return;
      default:
        return;
    }
  };

  const other = (stored: StoredEvent): void => {
    const e = others.of(stored);
    if (!e) return;
    const w = withdrawals.get(e.data.withdrawalId);
    if (e.type === 'WithdrawalCreated') {
      w.created = true;
      return;
    }
    if (w.decided) return twice(sink, 'withdrawal', e.data.withdrawalId, 'decision', stored.position);
    w.decided = { as: e.type === 'WithdrawalApproved' ? 'approved' : 'rejected', at: stored.position };
  };

  const settleOne = (id: string, w: Withdrawal) => {
    if (w.asset === undefined || w.amount === undefined || w.requestedAt === undefined) {
      orphan(sink, 'withdrawal', id, [...w.refunds, ...w.fees], 'WithdrawalRequested');
      if (w.decided?.as === 'approved') sink.finding({ kind: 'flow_mismatch', message: `withdrawal ${id} paid out without a request`, position: w.decided.at });
      return;
    }
    const held = w.amount + w.fee;
    if (!w.created) sink.inFlight({ flow: 'withdrawal', id, waitingFor: 'WithdrawalCreated', asset: w.asset, amount: held, heldIn: 'withdrawals', since: w.requestedAt });
    if (!w.decided) {
      add(sink.totals.held.withdrawals, w.asset, held);
      orphan(sink, 'withdrawal', id, [...w.refunds, ...w.fees], 'a decision');
    } else if (w.decided.as === 'approved') {
      add(sink.totals.withdrawn, w.asset, w.amount);
      orphan(sink, 'withdrawal', id, w.refunds, 'a rejection (it was paid)');
      if (w.fee > 0n || w.fees.length > 0) expectCredit(sink, { flow: 'withdrawal fee', id, waitingFor: 'PlatformFeeReceived', asset: w.asset, since: w.decided.at, owed: w.fee, legs: w.fees });
    } else {
      expectCredit(sink, { flow: 'withdrawal', id, waitingFor: 'WithdrawalRefunded', asset: w.asset, since: w.decided.at, owed: held, legs: w.refunds });
      orphan(sink, 'withdrawal fee', id, w.fees, 'an approval (it was rejected)');
    }
  };

  return { wallet, other, settle: () => withdrawals.all.forEach((w, id) => settleOne(id, w)) };
};
