// AA payments and platform sales.
//
// AA: each payment is one (collection, payer): the payer's debit (AaSharePaid) is in flight until
// the collection records it (AaPaymentRecorded: the payee must be credited, AaShareReceived) or
// refuses it (AaPaymentRefused: the payer must be refunded, AaShareRefunded). A collection never
// holds money, and never records more payments than its count or a payment other than its share.
//
// Sales: a purchase (PurchasePaid, the buyer's debit) must reach the platform's `sales` account
// (SaleReceived) with the same amount.
import type { Asset } from '../../domain/assets.js';
import type { BalanceChange } from '../../domain/wallet/index.js';
import { handling } from '../../projections/support.js';
import type { StoredEvent } from '../shared/event-store/port.js';
import { amountOf, expectCredit, expectDebit, legOf, orphan, table, twice, type FlowFollower, type Leg, type Sink } from './flows.js';

const legs = handling(['AaSharePaid', 'AaShareReceived', 'AaShareRefunded', 'PurchasePaid', 'SaleReceived'] as const);
const others = handling(['AaCollectionStarted', 'AaPaymentRecorded', 'AaPaymentRefused'] as const);

type Payment = { asset?: Asset; amount?: bigint; paidAt?: number; outcome?: { as: 'recorded' | 'refused'; at: number }; credits: Leg[]; refunds: Leg[] };
type Collection = { count?: number; amountEach?: bigint; recorded: number };
type Purchase = { asset?: Asset; amount?: bigint; paidAt?: number; sales: Leg[] };

export const aaFlows = (sink: Sink): FlowFollower => {
  const payments = table<Payment>(() => ({ credits: [], refunds: [] }));
  const collections = table<Collection>(() => ({ recorded: 0 }));
  const purchases = table<Purchase>(() => ({ sales: [] }));
  const amount = amountOf(sink);
  const key = (aaId: string, payerId: string) => `${aaId}/${payerId}`;

  const wallet = (stored: StoredEvent, userId: string, changes: readonly BalanceChange[]): void => {
    const e = legs.of(stored);
    if (!e) return;
    const leg = (a: Asset) => legOf(stored, userId, changes, a);
    switch (e.type) {
      case 'AaSharePaid': {
        const p = payments.get(key(e.data.aaId, e.data.payerId));
        if (p.paidAt !== undefined) twice(sink, 'aa payment', key(e.data.aaId, e.data.payerId), 'AaSharePaid', stored.position);
        Object.assign(p, { asset: e.data.asset, amount: amount(stored, 'amount', e.data.amount), paidAt: stored.position });
        return expectDebit(sink, 'aa payment', key(e.data.aaId, e.data.payerId), p.amount ?? 0n, leg(e.data.asset));
      }
      case 'AaShareReceived':
        return void payments.get(key(e.data.aaId, e.data.payerId)).credits.push(leg(e.data.asset));
      case 'AaShareRefunded':
        return void payments.get(key(e.data.aaId, userId)).refunds.push(leg(e.data.asset));
      case 'PurchasePaid': {
        const p = purchases.get(e.data.purchaseId);
        if (p.paidAt !== undefined) twice(sink, 'purchase', e.data.purchaseId, 'PurchasePaid', stored.position);
        Object.assign(p, { asset: e.data.asset, amount: amount(stored, 'amount', e.data.amount), paidAt: stored.position });
        return expectDebit(sink, 'purchase', e.data.purchaseId, p.amount ?? 0n, leg(e.data.asset));
      }
      case 'SaleReceived':
        return void purchases.get(e.data.purchaseId).sales.push(leg(e.data.asset));
      default:
        return;
    }
  };

  const other = (stored: StoredEvent): void => {
    const e = others.of(stored);
    if (!e) return;
    if (e.type === 'AaCollectionStarted') {
      Object.assign(collections.get(e.data.aaId), { count: e.data.count, amountEach: amount(stored, 'amountEach', e.data.amountEach) });
      return;
    }
    const id = key(e.data.aaId, e.data.payerId);
    const p = payments.get(id);
    if (p.outcome) return twice(sink, 'aa payment', id, 'an outcome', stored.position);
    p.outcome = { as: e.type === 'AaPaymentRecorded' ? 'recorded' : 'refused', at: stored.position };
    if (e.type === 'AaPaymentRecorded') recorded(e.data.aaId, id, amount(stored, 'amount', e.data.amount), stored.position);
  };

  /** A recorded payment against its collection: at most `count` of them, each exactly the share. */
  const recorded = (aaId: string, id: string, paid: bigint, position: number) => {
    const c = collections.get(aaId);
    c.recorded++;
    if (c.count === undefined || c.amountEach === undefined) {
      sink.finding({ kind: 'flow_mismatch', message: `aa ${aaId}: payment ${id} recorded for a collection never started`, position });
    } else if (c.recorded > c.count || paid !== c.amountEach) {
      sink.finding({ kind: 'flow_mismatch', message: `aa ${aaId}: payment ${c.recorded} of ${c.count} recorded as ${paid}, the share is ${c.amountEach}`, position });
    }
  };

  const settlePayment = (id: string, p: Payment) => {
    if (p.asset === undefined || p.amount === undefined || p.paidAt === undefined) {
      orphan(sink, 'aa payment', id, [...p.credits, ...p.refunds], 'AaSharePaid');
      if (p.outcome) sink.finding({ kind: 'flow_mismatch', message: `aa payment ${id}: ${p.outcome.as} without a debit`, position: p.outcome.at });
      return;
    }
    const base = { flow: 'aa payment', id, asset: p.asset, owed: p.amount };
    if (!p.outcome) {
      expectCredit(sink, { ...base, waitingFor: 'AaPaymentRecorded', since: p.paidAt, legs: [] });
      orphan(sink, 'aa payment', id, [...p.credits, ...p.refunds], 'an outcome');
    } else if (p.outcome.as === 'recorded') {
      expectCredit(sink, { ...base, waitingFor: 'AaShareReceived', since: p.outcome.at, legs: p.credits });
      orphan(sink, 'aa payment', id, p.refunds, 'a refusal (it was recorded)');
    } else {
      expectCredit(sink, { ...base, waitingFor: 'AaShareRefunded', since: p.outcome.at, legs: p.refunds });
      orphan(sink, 'aa payment', id, p.credits, 'a record (it was refused)');
    }
  };

  const settle = (): void => {
    payments.all.forEach((p, id) => settlePayment(id, p));
    purchases.all.forEach((p, id) => {
      if (p.asset === undefined || p.amount === undefined || p.paidAt === undefined) orphan(sink, 'purchase', id, p.sales, 'PurchasePaid');
      else expectCredit(sink, { flow: 'purchase', id, waitingFor: 'SaleReceived', asset: p.asset, since: p.paidAt, owed: p.amount, legs: p.sales });
    });
  };

  return { wallet, other, settle };
};
