// Paid group joins (issue #19): the joiner's debit (GroupFeePaid, the whole fee and the platform's
// share) must reach the owner as the fee minus the share (GroupFeeReceived, one entry even when
// the owner's part is 0) and `platform:fees` as the share (PlatformFeeReceived, source
// `group_join`, sourceId the payment; none when the share is 0). Each leg once, each of exactly
// its amount; a credit without its debit is money from nowhere.
import type { Asset } from '../../domain/assets.js';
import type { BalanceChange } from '../../domain/wallet/index.js';
import { handling } from '../../projections/support.js';
import type { StoredEvent } from '../shared/event-store/port.js';
import { amountOf, expectCredit, expectDebit, legOf, orphan, table, twice, type FlowFollower, type Leg, type Sink } from './flows.js';

const legs = handling(['GroupFeePaid', 'GroupFeeReceived', 'PlatformFeeReceived'] as const);

type Payment = { asset?: Asset; amount?: bigint; share?: bigint; paidAt?: number; owner: Leg[]; ownerEntries: number; fees: Leg[] };

export const groupFeeFlows = (sink: Sink): FlowFollower => {
  const payments = table<Payment>(() => ({ owner: [], ownerEntries: 0, fees: [] }));
  const amount = amountOf(sink);

  const wallet = (stored: StoredEvent, userId: string, changes: readonly BalanceChange[]): void => {
    const e = legs.of(stored);
    if (!e) return;
    const leg = (a: Asset) => legOf(stored, userId, changes, a);
    switch (e.type) {
      case 'GroupFeePaid': {
        const p = payments.get(e.data.paymentRef);
        if (p.paidAt !== undefined) twice(sink, 'group fee', e.data.paymentRef, 'GroupFeePaid', stored.position);
        Object.assign(p, { asset: e.data.asset, amount: amount(stored, 'amount', e.data.amount), share: amount(stored, 'platformShare', e.data.platformShare), paidAt: stored.position });
        return expectDebit(sink, 'group fee', e.data.paymentRef, p.amount ?? 0n, leg(e.data.asset));
      }
      case 'GroupFeeReceived': {
        const p = payments.get(e.data.paymentRef);
        p.ownerEntries++;
        if (changes.length > 0) p.owner.push(leg(e.data.asset));
        return;
      }
      case 'PlatformFeeReceived':
        if (e.data.source === 'group_join') payments.get(e.data.sourceId).fees.push(leg(e.data.asset));
        return;
      default:
        return;
    }
  };

  const settlePayment = (id: string, p: Payment) => {
    if (p.asset === undefined || p.amount === undefined || p.share === undefined || p.paidAt === undefined) {
      orphan(sink, 'group fee', id, [...p.owner, ...p.fees], 'GroupFeePaid');
      return;
    }
    if (p.ownerEntries > 1) twice(sink, 'group fee', id, 'GroupFeeReceived', p.paidAt);
    const base = { id, asset: p.asset, since: p.paidAt };
    expectCredit(sink, { ...base, flow: 'group fee (owner)', waitingFor: 'GroupFeeReceived', owed: p.amount - p.share, legs: p.owner });
    expectCredit(sink, { ...base, flow: 'group fee (platform)', waitingFor: 'PlatformFeeReceived', owed: p.share, legs: p.fees });
  };

  return { wallet, other: () => undefined, settle: () => payments.all.forEach((p, id) => settlePayment(id, p)) };
};
