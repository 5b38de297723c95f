// Follows every money flow through the log (see flows.ts for the rules) and, once the log is
// read, settles each: what is still held, what is in flight, and what does not add up.
import type { Asset, BalanceChange } from '../../domain/wallet.js';
import { walletHandled } from '../../projections/walletBalances.js';
import { handling } from '../../projections/support.js';

/** The streams beside wallets that hold money: orders, transfers, red packets, withdrawals. */
const others = handling([
  'RechargeOrderCreated',
  'RechargeOrderPaid',
  'RechargeOrderFailed',
  'TransferCreated',
  'TransferAccepted',
  'TransferReturned',
  'TransferExpired',
  'RedPacketCreated',
  'RedPacketGrabbed',
  'RedPacketExpired',
  'WithdrawalCreated',
  'WithdrawalApproved',
  'WithdrawalRejected',
] as const);
import type { StoredEvent } from '../shared/event-store/port.js';
import { exact, expectCredit, expectDebit, orphan, twice, type Leg, type Sink } from './flows.js';

// A delta that is not a safe integer is a balance_chain finding already (verify.ts): 0 here.
const legOf = (e: StoredEvent, userId: string, changes: readonly BalanceChange[], asset: Asset): Leg => ({
  delta: changes.filter((c) => c.asset === asset).reduce((s, c) => s + (exact(c.delta) ?? 0n), 0n),
  position: e.position,
  userId,
});

type Recharge = { asset?: Asset; amount?: bigint; paidAt?: number; credits: Leg[] };
type Transfer = { amount?: bigint; sentAt?: number; created: boolean; settled?: { as: 'accepted' | 'back'; at: number }; received: Leg[]; refunded: Leg[] };
type Packet = {
  total?: bigint;
  count?: number;
  fundedAt?: number;
  created: boolean;
  grabs: Map<string, { amount: bigint; at: number }>;
  grabbed: bigint;
  expired?: { refund: bigint; at: number };
  shares: Map<string, Leg[]>;
  refunds: Leg[];
};
type Gift = { income?: bigint; sentAt?: number; received: Leg[] };
type Withdrawal = { asset?: 'cash' | 'income'; amount?: bigint; requestedAt?: number; created: boolean; decided?: { as: 'approved' | 'rejected'; at: number }; refunds: Leg[] };

const table = <T>(make: () => T) => {
  const m = new Map<string, T>();
  return { all: m, get: (id: string) => m.get(id) ?? m.set(id, make()).get(id) ?? make() };
};

export const moneyFlows = (sink: Sink) => {
  const t = sink.totals;
  const recharges = table<Recharge>(() => ({ credits: [] }));
  const transfers = table<Transfer>(() => ({ created: false, received: [], refunded: [] }));
  const packets = table<Packet>(() => ({ created: false, grabs: new Map(), grabbed: 0n, shares: new Map(), refunds: [] }));
  const gifts = table<Gift>(() => ({ received: [] }));
  const withdrawals = table<Withdrawal>(() => ({ created: false, refunds: [] }));

  /** An event's amount, exactly; one that is not a safe integer is a finding and counts as 0. */
  const amount = (e: StoredEvent, field: string, v: unknown): bigint => {
    const x = exact(v);
    if (x !== undefined) return x;
    sink.finding({ kind: 'flow_mismatch', message: `${e.type} has a malformed ${field} (${String(v)})`, streamId: e.streamId, position: e.position });
    return 0n;
  };

  const wallet = (stored: StoredEvent, userId: string, changes: readonly BalanceChange[]): void => {
    const e = walletHandled.of(stored);
    if (!e) return;
    const leg = (a: Asset) => legOf(stored, userId, changes, a);
    switch (e.type) {
      case 'RechargeCredited':
        return void recharges.get(e.data.orderId).credits.push(leg(e.data.asset));
      case 'TransferSent': {
        const tr = transfers.get(e.data.transferId);
        if (tr.sentAt !== undefined) twice(sink, 'transfer', e.data.transferId, 'TransferSent', stored.position);
        Object.assign(tr, { amount: amount(stored, 'amount', e.data.amount), sentAt: stored.position });
        return expectDebit(sink, 'transfer', e.data.transferId, tr.amount ?? 0n, leg('cash'));
      }
      case 'TransferReceived':
        return void transfers.get(e.data.transferId).received.push(leg('cash'));
      case 'TransferRefunded':
        return void transfers.get(e.data.transferId).refunded.push(leg('cash'));
      case 'RedPacketFunded': {
        const p = packets.get(e.data.redPacketId);
        if (p.fundedAt !== undefined) twice(sink, 'red packet', e.data.redPacketId, 'RedPacketFunded', stored.position);
        Object.assign(p, { total: amount(stored, 'total', e.data.total), count: e.data.count, fundedAt: stored.position });
        return expectDebit(sink, 'red packet', e.data.redPacketId, p.total ?? 0n, leg('cash'));
      }
      case 'RedPacketShareReceived': {
        const shares = packets.get(e.data.redPacketId).shares;
        return void shares.set(userId, [...(shares.get(userId) ?? []), leg('cash')]);
      }
      case 'RedPacketRefunded':
        return void packets.get(e.data.redPacketId).refunds.push(leg('cash'));
      case 'GiftSent': {
        const g = gifts.get(e.data.giftSendId);
        if (g.sentAt !== undefined) twice(sink, 'gift', e.data.giftSendId, 'GiftSent', stored.position);
        const spent = amount(stored, 'coinsSpent', e.data.coinsSpent);
        const income = amount(stored, 'incomeAmount', e.data.incomeAmount);
        Object.assign(g, { income, sentAt: stored.position });
        t.giftsOut.coins += spent;
        t.giftsIncome.income += income;
        if (income > spent || income < 0n) {
          sink.finding({ kind: 'flow_mismatch', message: `gift ${e.data.giftSendId}: income ${income} exceeds the coins spent`, position: stored.position });
        }
        return expectDebit(sink, 'gift', e.data.giftSendId, spent, leg('coins'));
      }
      case 'GiftIncomeReceived':
        return void gifts.get(e.data.giftSendId).received.push(leg('income'));
      case 'CoinsExchanged': {
        const d = e.data;
        const [out, credited, rate] = [amount(stored, 'amount', d.amount), amount(stored, 'credited', d.credited), amount(stored, 'rate', d.rate)];
        t.exchangedOut[d.from] += out;
        t.exchangedIn.coins += credited;
        expectDebit(sink, 'exchange', d.exchangeId, out, leg(d.from));
        if (credited !== out * rate || leg('coins').delta !== credited) {
          sink.finding({ kind: 'flow_mismatch', message: `exchange ${d.exchangeId}: ${out} × ${rate} credited as ${leg('coins').delta}`, position: stored.position, details: { ...d } });
        }
        return;
      }
      case 'WithdrawalRequested': {
        const w = withdrawals.get(e.data.withdrawalId);
        if (w.requestedAt !== undefined) twice(sink, 'withdrawal', e.data.withdrawalId, 'WithdrawalRequested', stored.position);
        Object.assign(w, { asset: e.data.asset, amount: amount(stored, 'amount', e.data.amount), requestedAt: stored.position });
        return expectDebit(sink, 'withdrawal', e.data.withdrawalId, w.amount ?? 0n, leg(e.data.asset));
      }
      case 'WithdrawalRefunded':
        return void withdrawals.get(e.data.withdrawalId).refunds.push(leg(e.data.asset));
      default:
        return;
    }
  };

  const other = (stored: StoredEvent): void => {
    const e = others.of(stored);
    if (!e) return;
    const at = stored.position;
    switch (e.type) {
      case 'RechargeOrderPaid': {
        const r = recharges.get(e.data.orderId);
        if (r.paidAt !== undefined) return twice(sink, 'recharge', e.data.orderId, 'RechargeOrderPaid', at);
        Object.assign(r, { asset: e.data.asset, amount: amount(stored, 'amount', e.data.amount), paidAt: at });
        t.recharged[e.data.asset] += r.amount ?? 0n;
        return;
      }
      case 'RechargeOrderCreated':
      case 'RechargeOrderFailed':
        // An unpaid (or failed) order moves no money.
        return;
      case 'TransferCreated':
        return void (transfers.get(e.data.transferId).created = true);
      case 'TransferAccepted':
      case 'TransferReturned':
      case 'TransferExpired': {
        const tr = transfers.get(e.data.transferId);
        if (tr.settled) return twice(sink, 'transfer', e.data.transferId, 'settlement', at);
        tr.settled = { as: e.type === 'TransferAccepted' ? 'accepted' : 'back', at };
        return;
      }
      case 'RedPacketCreated':
        return void (packets.get(e.data.redPacketId).created = true);
      case 'RedPacketGrabbed': {
        const p = packets.get(e.data.redPacketId);
        if (p.grabs.has(e.data.userId)) twice(sink, 'red packet', e.data.redPacketId, `grab by ${e.data.userId}`, at);
        const grabbed = amount(stored, 'amount', e.data.amount);
        p.grabs.set(e.data.userId, { amount: grabbed, at });
        p.grabbed += grabbed;
        return;
      }
      case 'RedPacketExpired': {
        const p = packets.get(e.data.redPacketId);
        if (p.expired) return twice(sink, 'red packet', e.data.redPacketId, 'expiry', at);
        p.expired = { refund: amount(stored, 'refundAmount', e.data.refundAmount), at };
        return;
      }
      case 'WithdrawalCreated':
        return void (withdrawals.get(e.data.withdrawalId).created = true);
      case 'WithdrawalApproved':
      case 'WithdrawalRejected': {
        const w = withdrawals.get(e.data.withdrawalId);
        if (w.decided) return twice(sink, 'withdrawal', e.data.withdrawalId, 'decision', at);
        w.decided = { as: e.type === 'WithdrawalApproved' ? 'approved' : 'rejected', at };
        return;
      }
      default:
        return;
    }
  };

  const settle = (): void => {
    for (const [id, r] of recharges.all) {
      if (r.paidAt === undefined || r.asset === undefined || r.amount === undefined) orphan(sink, 'recharge', id, r.credits, 'a paid order');
      else expectCredit(sink, { flow: 'recharge', id, waitingFor: 'RechargeCredited', asset: r.asset, since: r.paidAt, owed: r.amount, legs: r.credits });
    }
    for (const [id, tr] of transfers.all) settleTransfer(id, tr);
    for (const [id, p] of packets.all) settlePacket(id, p);
    for (const [id, g] of gifts.all) {
      if (g.sentAt === undefined || g.income === undefined) orphan(sink, 'gift', id, g.received, 'GiftSent');
      else expectCredit(sink, { flow: 'gift', id, waitingFor: 'GiftIncomeReceived', asset: 'income', since: g.sentAt, owed: g.income, legs: g.received });
    }
    for (const [id, w] of withdrawals.all) settleWithdrawal(id, w);
  };

  const settleTransfer = (id: string, tr: Transfer) => {
    if (tr.amount === undefined || tr.sentAt === undefined) {
      orphan(sink, 'transfer', id, [...tr.received, ...tr.refunded], 'TransferSent');
      return;
    }
    const base = { flow: 'transfer', id, asset: 'cash' as const, owed: tr.amount };
    if (!tr.created) sink.inFlight({ flow: 'transfer', id, waitingFor: 'TransferCreated', asset: 'cash', amount: tr.amount, heldIn: 'transfers', since: tr.sentAt });
    if (!tr.settled) {
      sink.totals.held.transfers.cash += tr.amount;
      orphan(sink, 'transfer', id, [...tr.received, ...tr.refunded], 'a settlement');
    } else if (tr.settled.as === 'accepted') {
      expectCredit(sink, { ...base, waitingFor: 'TransferReceived', since: tr.settled.at, legs: tr.received });
      orphan(sink, 'transfer', id, tr.refunded, 'a return (it was accepted)');
    } else {
      expectCredit(sink, { ...base, waitingFor: 'TransferRefunded', since: tr.settled.at, legs: tr.refunded });
      orphan(sink, 'transfer', id, tr.received, 'an acceptance (it went back)');
    }
  };

  /** A funded packet's shares and refund against its total and count. */
  const checkPacketTotals = (id: string, p: Packet & { total: bigint; count: number; fundedAt: number }) => {
    const refund = p.expired?.refund ?? 0n;
    if (p.grabs.size > p.count || p.grabbed + refund > p.total) {
      sink.finding({
        kind: 'red_packet_overdrawn',
        message: `red packet ${id}: ${p.grabs.size} grabs of ${p.count}, ${p.grabbed} grabbed + ${refund} refunded of ${p.total}`,
        details: { total: p.total, count: p.count, grabs: p.grabs.size, grabbed: p.grabbed, refund },
      });
    }
    const left = p.total - p.grabbed - refund;
    if (p.expired && left !== 0n) sink.finding({ kind: 'flow_mismatch', message: `red packet ${id}: expired with ${left} left after its refund`, position: p.expired.at });
    sink.totals.held.red_packets.cash += left > 0n ? left : 0n;
  };

  const settlePacket = (id: string, p: Packet) => {
    const { total, count, fundedAt } = p;
    if (total === undefined || count === undefined || fundedAt === undefined) {
      orphan(sink, 'red packet', id, [...[...p.shares.values()].flat(), ...p.refunds], 'RedPacketFunded');
      if (p.grabs.size > 0 || p.expired) sink.finding({ kind: 'red_packet_overdrawn', message: `red packet ${id} paid out without funding` });
      return;
    }
    checkPacketTotals(id, { ...p, total, count, fundedAt });
    if (!p.created) sink.inFlight({ flow: 'red packet', id, waitingFor: 'RedPacketCreated', asset: 'cash', amount: total, heldIn: 'red_packets', since: fundedAt });
    for (const [userId, g] of p.grabs) {
      expectCredit(sink, { flow: 'red packet', id: `${id}/${userId}`, waitingFor: 'RedPacketShareReceived', asset: 'cash', since: g.at, owed: g.amount, legs: p.shares.get(userId) ?? [] });
    }
    for (const [userId, legs] of p.shares) if (!p.grabs.has(userId)) orphan(sink, 'red packet', `${id}/${userId}`, legs, 'RedPacketGrabbed');
    if (p.expired) expectCredit(sink, { flow: 'red packet', id, waitingFor: 'RedPacketRefunded', asset: 'cash', since: p.expired.at, owed: p.expired.refund, legs: p.refunds });
    else orphan(sink, 'red packet', id, p.refunds, 'RedPacketExpired');
  };

  const settleWithdrawal = (id: string, w: Withdrawal) => {
    if (w.asset === undefined || w.amount === undefined || w.requestedAt === undefined) {
      orphan(sink, 'withdrawal', id, w.refunds, 'WithdrawalRequested');
      if (w.decided?.as === 'approved') sink.finding({ kind: 'flow_mismatch', message: `withdrawal ${id} paid out without a request`, position: w.decided.at });
      return;
    }
    if (!w.created) sink.inFlight({ flow: 'withdrawal', id, waitingFor: 'WithdrawalCreated', asset: w.asset, amount: w.amount, heldIn: 'withdrawals', since: w.requestedAt });
    if (!w.decided) {
      sink.totals.held.withdrawals[w.asset] += w.amount;
      orphan(sink, 'withdrawal', id, w.refunds, 'a rejection');
    } else if (w.decided.as === 'approved') {
      sink.totals.withdrawn[w.asset] += w.amount;
      orphan(sink, 'withdrawal', id, w.refunds, 'a rejection (it was paid)');
    } else {
      expectCredit(sink, { flow: 'withdrawal', id, waitingFor: 'WithdrawalRefunded', asset: w.asset, since: w.decided.at, owed: w.amount, legs: w.refunds });
    }
  };

  return { wallet, other, settle };
};
