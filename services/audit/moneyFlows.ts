// Follows the core's money flows through the log (see flows.ts for the rules) and, once the log is
// read, settles each: what is still held, what is in flight, and what does not add up. Recharges,
// transfers (instant payments are transfers accepted as they are created), red packets, gifts and
// exchanges; withdrawals are in withdrawalFlows.ts, AA payments and sales in aaFlows.ts.
import { assetOr, type Asset } from '../../domain/assets.js';
import type { BalanceChange } from '../../domain/wallet/index.js';
import { handling } from '../../projections/support.js';
import type { StoredEvent } from '../shared/event-store/port.js';
import { add, amountOf, expectCredit, expectDebit, legOf, orphan, table, twice, type FlowFollower, type Leg, type Sink } from './flows.js';

/** The wallet legs these flows have. */
const legs = handling([
  'RechargeCredited',
  'TransferSent',
  'TransferReceived',
  'TransferRefunded',
  'RedPacketFunded',
  'RedPacketShareReceived',
  'RedPacketRefunded',
  'GiftSent',
  'GiftIncomeReceived',
  'CoinsExchanged',
  'GuestShareCredited',
] as const);

/** The streams beside wallets that hold money: orders, transfers, red packets. */
const others = handling([
  'RechargeOrderCreated',
  'RechargeOrderPaid',
  'RechargeOrderFailed',
  'RechargeOrderCancelled',
  'TransferCreated',
  'TransferAccepted',
  'TransferReturned',
  'TransferExpired',
  'RedPacketCreated',
  'RedPacketGrabbed',
  'RedPacketExpired',
  'RedPacketGuestReserved',
  'RedPacketGuestClaimed',
] as const);

type Recharge = { asset?: Asset; amount?: bigint; paidAt?: number; credits: Leg[] };
type Transfer = { asset: Asset; amount?: bigint; sentAt?: number; created: boolean; settled?: { as: 'accepted' | 'back'; at: number }; received: Leg[]; refunded: Leg[] };
type Packet = {
  asset: Asset;
  total?: bigint;
  count?: number;
  fundedAt?: number;
  created: boolean;
  grabs: Map<string, { amount: bigint; at: number }>;
  grabbed: bigint;
  expired?: { refund: bigint; at: number };
  shares: Map<string, Leg[]>;
  refunds: Leg[];
  /** Guest reservations by mark: still held by the packet until claimed (then in `grabbed`) or refunded. */
  reserved: Map<string, bigint>;
  claims: Map<string, { amount: bigint; at: number }>;
  guestCredits: Map<string, Leg[]>;
};
type Gift = { income?: bigint; sentAt?: number; received: Leg[] };

export const moneyFlows = (sink: Sink): FlowFollower => {
  const t = sink.totals;
  const recharges = table<Recharge>(() => ({ credits: [] }));
  const transfers = table<Transfer>(() => ({ asset: 'cash', created: false, received: [], refunded: [] }));
  const packets = table<Packet>(() => ({ asset: 'cash', created: false, grabs: new Map(), grabbed: 0n, shares: new Map(), refunds: [], reserved: new Map(), claims: new Map(), guestCredits: new Map() }));
  const gifts = table<Gift>(() => ({ received: [] }));
  const amount = amountOf(sink);

  const wallet = (stored: StoredEvent, userId: string, changes: readonly BalanceChange[]): void => {
    const e = legs.of(stored);
    if (!e) return;
    const leg = (a: Asset) => legOf(stored, userId, changes, a);
    switch (e.type) {
      case 'RechargeCredited':
        return void recharges.get(e.data.orderId).credits.push(leg(e.data.asset));
      case 'TransferSent': {
        const tr = transfers.get(e.data.transferId);
        if (tr.sentAt !== undefined) twice(sink, 'transfer', e.data.transferId, 'TransferSent', stored.position);
        Object.assign(tr, { asset: assetOr(e.data.asset), amount: amount(stored, 'amount', e.data.amount), sentAt: stored.position });
        return expectDebit(sink, 'transfer', e.data.transferId, tr.amount ?? 0n, leg(tr.asset));
      }
      case 'TransferReceived':
        return void transfers.get(e.data.transferId).received.push(leg(assetOr(e.data.asset)));
      case 'TransferRefunded':
        return void transfers.get(e.data.transferId).refunded.push(leg(assetOr(e.data.asset)));
      case 'RedPacketFunded': {
        const p = packets.get(e.data.redPacketId);
        if (p.fundedAt !== undefined) twice(sink, 'red packet', e.data.redPacketId, 'RedPacketFunded', stored.position);
        Object.assign(p, { asset: assetOr(e.data.asset), total: amount(stored, 'total', e.data.total), count: e.data.count, fundedAt: stored.position });
        return expectDebit(sink, 'red packet', e.data.redPacketId, p.total ?? 0n, leg(p.asset));
      }
      case 'RedPacketShareReceived': {
        const shares = packets.get(e.data.redPacketId).shares;
        return void shares.set(userId, [...(shares.get(userId) ?? []), leg(assetOr(e.data.asset))]);
      }
      case 'RedPacketRefunded':
        return void packets.get(e.data.redPacketId).refunds.push(leg(assetOr(e.data.asset)));
      case 'GuestShareCredited': {
        const credits = packets.get(e.data.redPacketId).guestCredits;
        return void credits.set(e.data.mark, [...(credits.get(e.data.mark) ?? []), leg(assetOr(e.data.asset))]);
      }
      case 'GiftSent':
        return gift(stored, e.data, leg('coins'));
      case 'GiftIncomeReceived':
        return void gifts.get(e.data.giftSendId).received.push(leg('income'));
      case 'CoinsExchanged':
        return exchange(stored, e.data, leg);
      default:
        return;
    }
  };

  const exchange = (stored: StoredEvent, d: { exchangeId: string; from: 'cash' | 'income'; amount: number; credited: number; rate: number }, leg: (a: Asset) => Leg) => {
    const [out, credited, rate] = [amount(stored, 'amount', d.amount), amount(stored, 'credited', d.credited), amount(stored, 'rate', d.rate)];
    add(t.exchangedOut, d.from, out);
    add(t.exchangedIn, 'coins', credited);
    expectDebit(sink, 'exchange', d.exchangeId, out, leg(d.from));
    if (credited !== out * rate || leg('coins').delta !== credited) {
      sink.finding({ kind: 'flow_mismatch', message: `exchange ${d.exchangeId}: ${out} × ${rate} credited as ${leg('coins').delta}`, position: stored.position, details: { ...d } });
    }
  };

  const gift = (stored: StoredEvent, d: { giftSendId: string; coinsSpent: number; incomeAmount: number }, debit: Leg) => {
    const g = gifts.get(d.giftSendId);
    if (g.sentAt !== undefined) twice(sink, 'gift', d.giftSendId, 'GiftSent', stored.position);
    const spent = amount(stored, 'coinsSpent', d.coinsSpent);
    const income = amount(stored, 'incomeAmount', d.incomeAmount);
    Object.assign(g, { income, sentAt: stored.position });
    add(t.giftsOut, 'coins', spent);
    add(t.giftsIncome, 'income', income);
    if (income > spent || income < 0n) {
      sink.finding({ kind: 'flow_mismatch', message: `gift ${d.giftSendId}: income ${income} exceeds the coins spent`, position: stored.position });
    }
    expectDebit(sink, 'gift', d.giftSendId, spent, debit);
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
        add(t.recharged, e.data.asset, r.amount ?? 0n);
        return;
      }
      case 'RechargeOrderCreated':
      case 'RechargeOrderFailed':
      case 'RechargeOrderCancelled':
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
      case 'RedPacketGuestReserved':
      case 'RedPacketGuestClaimed':
        return guest(stored, e);
      case 'RedPacketExpired': {
        const p = packets.get(e.data.redPacketId);
        if (p.expired) return twice(sink, 'red packet', e.data.redPacketId, 'expiry', at);
        p.expired = { refund: amount(stored, 'refundAmount', e.data.refundAmount), at };
        return;
      }
      default:
        return;
    }
  };

  /** A reservation keeps the share in the packet; its claim takes it out, once, for the amount reserved. */
  const guest = (stored: StoredEvent, e: { type: 'RedPacketGuestReserved' | 'RedPacketGuestClaimed'; data: { redPacketId: string; mark: string; amount: number } }): void => {
    const p = packets.get(e.data.redPacketId);
    const value = amount(stored, 'amount', e.data.amount);
    const at = stored.position;
    if (e.type === 'RedPacketGuestReserved') {
      if (p.reserved.has(e.data.mark)) twice(sink, 'red packet', e.data.redPacketId, `reservation ${e.data.mark}`, at);
      return void p.reserved.set(e.data.mark, value);
    }
    if (p.claims.has(e.data.mark)) return twice(sink, 'red packet', e.data.redPacketId, `claim of ${e.data.mark}`, at);
    if (p.reserved.get(e.data.mark) !== value) {
      sink.finding({ kind: 'flow_mismatch', message: `red packet ${e.data.redPacketId}: claim of ${e.data.mark} for ${value}, reserved ${p.reserved.get(e.data.mark) ?? 'nothing'}`, position: at });
    }
    p.claims.set(e.data.mark, { amount: value, at });
    p.grabbed += value;
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
  };

  const settleTransfer = (id: string, tr: Transfer) => {
    if (tr.amount === undefined || tr.sentAt === undefined) {
      orphan(sink, 'transfer', id, [...tr.received, ...tr.refunded], 'TransferSent');
      return;
    }
    const base = { flow: 'transfer', id, asset: tr.asset, owed: tr.amount };
    if (!tr.created) sink.inFlight({ flow: 'transfer', id, waitingFor: 'TransferCreated', asset: tr.asset, amount: tr.amount, heldIn: 'transfers', since: tr.sentAt });
    if (!tr.settled) {
      add(sink.totals.held.transfers, tr.asset, tr.amount);
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
    if (p.grabs.size + p.reserved.size > p.count || p.grabbed + refund > p.total) {
      sink.finding({
        kind: 'red_packet_overdrawn',
        message: `red packet ${id}: ${p.grabs.size} grabs of ${p.count}, ${p.grabbed} grabbed + ${refund} refunded of ${p.total}`,
        details: { total: p.total, count: p.count, grabs: p.grabs.size, grabbed: p.grabbed, refund },
      });
    }
    const left = p.total - p.grabbed - refund;
    if (p.expired && left !== 0n) sink.finding({ kind: 'flow_mismatch', message: `red packet ${id}: expired with ${left} left after its refund`, position: p.expired.at });
    add(sink.totals.held.red_packets, p.asset, left > 0n ? left : 0n);
  };

  /** Each guest claim is owed its credit (`guest_credit`); a credit without a claim is an orphan. */
  const settleGuests = (id: string, p: Packet) => {
    for (const [mark, c] of p.claims) {
      expectCredit(sink, { flow: 'red packet', id: `${id}/guest:${mark}`, waitingFor: 'GuestShareCredited', asset: p.asset, since: c.at, owed: c.amount, legs: p.guestCredits.get(mark) ?? [] });
    }
    for (const [mark, legs] of p.guestCredits) if (!p.claims.has(mark)) orphan(sink, 'red packet', `${id}/guest:${mark}`, legs, 'RedPacketGuestClaimed');
  };

  const settlePacket = (id: string, p: Packet) => {
    settleGuests(id, p);
    const { total, count, fundedAt, asset } = p;
    if (total === undefined || count === undefined || fundedAt === undefined) {
      orphan(sink, 'red packet', id, [...[...p.shares.values()].flat(), ...p.refunds], 'RedPacketFunded');
      if (p.grabs.size > 0 || p.expired) sink.finding({ kind: 'red_packet_overdrawn', message: `red packet ${id} paid out without funding` });
      return;
    }
    checkPacketTotals(id, { ...p, total, count, fundedAt });
    if (!p.created) sink.inFlight({ flow: 'red packet', id, waitingFor: 'RedPacketCreated', asset, amount: total, heldIn: 'red_packets', since: fundedAt });
    for (const [userId, g] of p.grabs) {
      expectCredit(sink, { flow: 'red packet', id: `${id}/${userId}`, waitingFor: 'RedPacketShareReceived', asset, since: g.at, owed: g.amount, legs: p.shares.get(userId) ?? [] });
    }
    for (const [userId, legs] of p.shares) if (!p.grabs.has(userId)) orphan(sink, 'red packet', `${id}/${userId}`, legs, 'RedPacketGrabbed');
    if (p.expired) expectCredit(sink, { flow: 'red packet', id, waitingFor: 'RedPacketRefunded', asset, since: p.expired.at, owed: p.expired.refund, legs: p.refunds });
    else orphan(sink, 'red packet', id, p.refunds, 'RedPacketExpired');
  };

  return { wallet, other, settle };
};
