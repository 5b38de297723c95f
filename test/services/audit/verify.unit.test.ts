// The conservation check on hand-made logs: a clean log passes; a created cent, a lost cent,
// a broken balanceAfter chain and an overdrawn red packet are each caught; unfinished flows are
// reported as in flight, not as a loss, until they wait past the bound (stale_flow); sums stay
// exact past 2^53.
import t from 'tap';
import type { StoredEvent } from '../../../services/shared/event-store/port.js';
import { compareWallets, verifyLog } from '../../../services/audit/verify.js';
import { auditJson } from '../../../services/audit/report.js';

type Change = { asset: 'cash' | 'coins' | 'income'; delta: number; balanceAfter: number };

/** A log under construction: positions rise by one, revisions count per stream. */
const log = () => {
  const events: StoredEvent[] = [];
  const revisions = new Map<string, number>();
  const add = (streamId: string, type: string, data: Record<string, unknown>) => {
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    events.push({ id: `e${events.length + 1}`, streamId, revision, position: events.length + 1, type, data, metadata: { at: '2025-01-01T00:00:00.000Z' } });
    return api;
  };
  const w = (user: string, type: string, reason: string, refId: string, changes: Change[], rest: Record<string, unknown>) =>
    add(`wallet-${user}`, type, { reason, refId, changes, ...rest });
  const api = {
    events,
    add,
    recharge: (user: string, orderId: string, amount: number, credited = amount, balanceAfter = credited) =>
      add(`recharge-${orderId}`, 'RechargeOrderPaid', { orderId, userId: user, asset: 'cash', amount, providerTxId: `tx-${orderId}` }).w(
        user,
        'RechargeCredited',
        'recharge',
        orderId,
        [{ asset: 'cash', delta: credited, balanceAfter }],
        { orderId, asset: 'cash', amount },
      ),
    w,
  };
  return api;
};

/** ann recharges 1000, sends bob 300; bob accepts and is credited. */
const transferLog = (received = 300) =>
  log()
    .recharge('ann', 'o1', 1000)
    .w('ann', 'TransferSent', 'transfer_out', 't1', [{ asset: 'cash', delta: -300, balanceAfter: 700 }], {
      transferId: 't1',
      fromUserId: 'ann',
      toUserId: 'bob',
      amount: 300,
      expiresAt: '2025-01-02T00:00:00.000Z',
    })
    .add('transfer-t1', 'TransferCreated', { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', amount: 300, expiresAt: '2025-01-02T00:00:00.000Z' })
    .add('transfer-t1', 'TransferAccepted', { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', amount: 300 })
    .w('bob', 'TransferReceived', 'transfer_in', 't1', [{ asset: 'cash', delta: received, balanceAfter: received }], { transferId: 't1', fromUserId: 'ann', amount: 300 });

const kinds = (r: { findings: { kind: string }[] }) => r.findings.map((f) => f.kind);

t.test('given a clean log with a transfer, when verified, then it balances and finds nothing', async (t) => {
  const r = await verifyLog(transferLog().events);
  t.ok(r.ok);
  t.same(r.findings, []);
  t.same(r.inFlight, []);
  t.match(r.conservation[0], { asset: 'cash', wallets: 1000, recharged: 1000, difference: 0 });
  t.match(r.wallets, [
    { userId: 'ann', cash: 700, version: 2 },
    { userId: 'bob', cash: 300, version: 1 },
  ]);
});

t.test('given a recharge credited one cent more than was paid, when verified, then the created cent is found', async (t) => {
  const r = await verifyLog(log().recharge('ann', 'o1', 1000, 1001).events);
  t.notOk(r.ok);
  t.match(r.conservation[0], { asset: 'cash', held: 1001, expected: 1000, difference: 1 });
  t.ok(kinds(r).includes('conservation'));
  t.ok(kinds(r).includes('flow_mismatch'), 'and the flow names the order');
});

t.test('given a transfer whose receiver is credited one cent less, when verified, then the lost cent is found', async (t) => {
  const r = await verifyLog(transferLog(299).events);
  t.notOk(r.ok);
  t.match(r.conservation[0], { asset: 'cash', difference: -1 });
  t.ok(r.findings.some((f) => f.kind === 'flow_mismatch' && f.message.includes('t1')));
  t.same(r.inFlight, [], 'a wrong credit is not "in flight"');
});

t.test('given a wallet event whose balanceAfter does not follow from the one before, when verified, then the broken chain is found', async (t) => {
  const l = log().recharge('ann', 'o1', 500);
  l.w('ann', 'TransferSent', 'transfer_out', 't1', [{ asset: 'cash', delta: -100, balanceAfter: 450 }], {
    transferId: 't1',
    fromUserId: 'ann',
    toUserId: 'bob',
    amount: 100,
    expiresAt: '2025-01-02T00:00:00.000Z',
  });
  l.add('transfer-t1', 'TransferCreated', { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', amount: 100, expiresAt: 'x' });
  const r = await verifyLog(l.events);
  t.notOk(r.ok);
  t.same(kinds(r), ['balance_chain']);
  t.match(r.findings[0], { streamId: 'wallet-ann', position: 3, details: { before: 500, delta: -100, balanceAfter: 450 } });
  t.equal(r.wallets[0]?.cash, 400n, 'the recomputed wallet follows the deltas, not the stated balance');
});

t.test('given a debit below zero, when verified, then the negative balance is found', async (t) => {
  const r = await verifyLog(
    log().w('ann', 'GiftSent', 'gift_out', 'g1', [{ asset: 'coins', delta: -5, balanceAfter: -5 }], {
      giftSendId: 'g1',
      fromUserId: 'ann',
      toUserId: 'bob',
      giftId: 'heart',
      count: 1,
      unitPrice: 5,
      coinsSpent: 5,
      incomeAmount: 2,
    }).events,
  );
  t.ok(kinds(r).includes('negative_balance'));
});

t.test('given a red packet grabbed more than it holds, when verified, then it is reported overdrawn', async (t) => {
  const l = log().recharge('ann', 'o1', 100);
  l.w('ann', 'RedPacketFunded', 'red_packet_out', 'p1', [{ asset: 'cash', delta: -10, balanceAfter: 90 }], { redPacketId: 'p1', senderId: 'ann', kind: 'fixed', total: 10, count: 2, shares: [5, 5], target: { type: 'room', id: 'r1' }, expiresAt: '2025-01-02T00:00:00.000Z' });
  l.add('red-packet-p1', 'RedPacketCreated', { redPacketId: 'p1', senderId: 'ann', kind: 'fixed', total: 10, count: 2, shares: [5, 5], target: { type: 'room', id: 'r1' }, expiresAt: '2025-01-02T00:00:00.000Z' });
  for (const [i, u] of ['bob', 'cat', 'dan'].entries()) {
    l.add('red-packet-p1', 'RedPacketGrabbed', { redPacketId: 'p1', userId: u, amount: 5, shareIndex: i, remainingCount: 1 - i, remainingAmount: 5 - 5 * i });
    l.w(u, 'RedPacketShareReceived', 'red_packet_in', 'p1', [{ asset: 'cash', delta: 5, balanceAfter: 5 }], { redPacketId: 'p1', amount: 5 });
  }
  const r = await verifyLog(l.events);
  t.ok(kinds(r).includes('red_packet_overdrawn'));
  t.match(r.conservation[0], { difference: 5 }, 'the extra share is created money');
});

t.test('given flows the process manager has not finished, when verified, then they are in flight and the sum still balances', async (t) => {
  const l = log().recharge('ann', 'o1', 100);
  l.add('recharge-o2', 'RechargeOrderPaid', { orderId: 'o2', userId: 'ann', asset: 'cash', amount: 50, providerTxId: 'x' });
  l.w('ann', 'RedPacketFunded', 'red_packet_out', 'p1', [{ asset: 'cash', delta: -10, balanceAfter: 90 }], { redPacketId: 'p1', senderId: 'ann', kind: 'fixed', total: 10, count: 2, shares: [5, 5], target: { type: 'room', id: 'r1' }, expiresAt: '2025-01-02T00:00:00.000Z' });
  l.add('red-packet-p1', 'RedPacketCreated', { redPacketId: 'p1', senderId: 'ann', kind: 'fixed', total: 10, count: 2, shares: [5, 5], target: { type: 'room', id: 'r1' }, expiresAt: '2025-01-02T00:00:00.000Z' });
  l.add('red-packet-p1', 'RedPacketGrabbed', { redPacketId: 'p1', userId: 'bob', amount: 5, shareIndex: 0, remainingCount: 1, remainingAmount: 5 });
  const r = await verifyLog(l.events);
  t.ok(r.ok, JSON.stringify(r.findings));
  t.same(
    r.inFlight.map((i) => [i.waitingFor, i.amount]),
    [
      ['RechargeCredited', 50],
      ['RedPacketShareReceived', 5],
    ],
  );
  t.match(r.conservation[0], { wallets: 90, redPackets: 5, inFlight: 55, expected: 150, difference: 0 });
});

t.test('given gifts and exchanges, when verified, then coins and income convert without a difference', async (t) => {
  const l = log();
  l.add('recharge-o1', 'RechargeOrderPaid', { orderId: 'o1', userId: 'ann', asset: 'coins', amount: 100, providerTxId: 'x' });
  l.w('ann', 'RechargeCredited', 'recharge', 'o1', [{ asset: 'coins', delta: 100, balanceAfter: 100 }], { orderId: 'o1', asset: 'coins', amount: 100 });
  l.w('ann', 'GiftSent', 'gift_out', 'g1', [{ asset: 'coins', delta: -99, balanceAfter: 1 }], {
    giftSendId: 'g1',
    fromUserId: 'ann',
    toUserId: 'bob',
    giftId: 'x',
    count: 1,
    unitPrice: 99,
    coinsSpent: 99,
    incomeAmount: 49,
  });
  l.w('bob', 'GiftIncomeReceived', 'gift_in', 'g1', [{ asset: 'income', delta: 49, balanceAfter: 49 }], { giftSendId: 'g1', fromUserId: 'ann', amount: 49 });
  l.w('bob', 'CoinsExchanged', 'exchange', 'x1', [
    { asset: 'income', delta: -40, balanceAfter: 9 },
    { asset: 'coins', delta: 40, balanceAfter: 40 },
  ], { exchangeId: 'x1', from: 'income', amount: 40, rate: 1, credited: 40 });
  const r = await verifyLog(l.events);
  t.ok(r.ok, JSON.stringify(r.findings));
  t.match(r.conservation, [
    { asset: 'cash', difference: 0 },
    { asset: 'coins', wallets: 41, recharged: 100, giftsOut: 99, exchangedIn: 40, difference: 0 },
    { asset: 'income', wallets: 9, giftsIncome: 49, exchangedOut: 40, difference: 0 },
  ]);
});

t.test('given the wallet_balances read model, when compared with the log, then a wrong row is found and lag is not', async (t) => {
  const r = await verifyLog(transferLog().events);
  const good = compareWallets(r.wallets, [{ userId: 'ann', cash: 700, coins: 0, income: 0, version: 2 }, { userId: 'bob', cash: 300, coins: 0, income: 0, version: 1 }], 6, 6);
  t.same(good.findings, []);
  const bad = compareWallets(r.wallets, [{ userId: 'ann', cash: 701, coins: 0, income: 0, version: 2 }], 6, 6);
  t.same(bad.findings.map((f) => f.streamId), ['wallet-ann', 'wallet-bob']);
  const lagging = compareWallets(r.wallets, [{ userId: 'ann', cash: 700, coins: 0, income: 0, version: 2 }], 5, 6);
  t.same(lagging.findings, []);
  t.same(lagging.behind, ['bob']);
});

const T0 = Date.parse('2025-01-01T00:00:00.000Z');
/** Sets each event's time: `secondsByPosition` maps a position to seconds after T0 (others stay at T0). */
const timed = (events: StoredEvent[], secondsByPosition: Record<number, number>) =>
  events.map((e) => ({ ...e, metadata: { ...e.metadata, at: new Date(T0 + (secondsByPosition[e.position] ?? 0) * 1000).toISOString() } }));

/** ann funds a packet of two shares; bob grabs (position 5) and cat grabs (position 6); neither is credited yet. */
const twoGrabs = () => {
  const l = log().recharge('ann', 'o1', 100);
  l.w('ann', 'RedPacketFunded', 'red_packet_out', 'p1', [{ asset: 'cash', delta: -10, balanceAfter: 90 }], { redPacketId: 'p1', senderId: 'ann', kind: 'fixed', total: 10, count: 2, shares: [5, 5], target: { type: 'room', id: 'r1' }, expiresAt: '2025-01-02T00:00:00.000Z' });
  l.add('red-packet-p1', 'RedPacketCreated', { redPacketId: 'p1', senderId: 'ann', kind: 'fixed', total: 10, count: 2, shares: [5, 5], target: { type: 'room', id: 'r1' }, expiresAt: '2025-01-02T00:00:00.000Z' });
  l.add('red-packet-p1', 'RedPacketGrabbed', { redPacketId: 'p1', userId: 'bob', amount: 5, shareIndex: 0, remainingCount: 1, remainingAmount: 5 });
  l.add('red-packet-p1', 'RedPacketGrabbed', { redPacketId: 'p1', userId: 'cat', amount: 5, shareIndex: 1, remainingCount: 0, remainingAmount: 0 });
  return l.events;
};

t.test('given a grab not credited for longer than the bound, when verified, then it is a stale_flow finding, and a younger one stays in flight', async (t) => {
  // bob's grab at T0, cat's 250 s later; the audit runs at T0 + 310 s with the default bound (300 s).
  const events = timed(twoGrabs(), { 6: 250 });
  const r = await verifyLog(events, { now: T0 + 310_000 });
  t.notOk(r.ok);
  t.same(kinds(r), ['stale_flow']);
  t.match(r.findings[0], { position: 5, message: /red packet p1\/bob: waiting 310 s for RedPacketShareReceived/, details: { waitingFor: 'RedPacketShareReceived', amount: 5, ageSeconds: 310, sinceAt: '2025-01-01T00:00:00.000Z' } });
  t.same(r.inFlight.map((i) => [i.id, i.sinceAt]), [['p1/cat', '2025-01-01T00:04:10.000Z']], "cat's grab is 60 s old: in flight");
  t.match(r.conservation[0], { inFlight: 10, difference: 0 }, 'the stale money is still counted where it is held');
  t.same(r.stale, { afterSeconds: 300, now: '2025-01-01T00:05:10.000Z' });

  const fresh = await verifyLog(events, { now: T0 + 60_000 });
  t.ok(fresh.ok, 'a minute after, both are in flight');
  t.equal(fresh.inFlight.length, 2);
  const tight = await verifyLog(events, { now: T0 + 310_000, staleAfterMs: 30_000 });
  t.same(tight.findings.map((f) => f.position), [5, 6], 'the bound is configurable');
  const pure = await verifyLog(events);
  t.ok(pure.ok, "without a clock the newest event's time is now: nothing has waited 300 s since");
});

t.test('given a gift without its income and an expired packet without its refund, when they wait past the bound, then each is a stale_flow finding', async (t) => {
  const l = log();
  l.add('recharge-o1', 'RechargeOrderPaid', { orderId: 'o1', userId: 'ann', asset: 'coins', amount: 100, providerTxId: 'x' });
  l.w('ann', 'RechargeCredited', 'recharge', 'o1', [{ asset: 'coins', delta: 100, balanceAfter: 100 }], { orderId: 'o1', asset: 'coins', amount: 100 });
  l.w('ann', 'GiftSent', 'gift_out', 'g1', [{ asset: 'coins', delta: -10, balanceAfter: 90 }], { giftSendId: 'g1', fromUserId: 'ann', toUserId: 'bob', giftId: 'x', count: 1, unitPrice: 10, coinsSpent: 10, incomeAmount: 5 });
  l.recharge('ann', 'o2', 50);
  l.w('ann', 'RedPacketFunded', 'red_packet_out', 'p1', [{ asset: 'cash', delta: -50, balanceAfter: 0 }], { redPacketId: 'p1', senderId: 'ann', kind: 'lucky', total: 50, count: 1, shares: [50], target: { type: 'room', id: 'r1' }, expiresAt: '2025-01-02T00:00:00.000Z' });
  l.add('red-packet-p1', 'RedPacketCreated', { redPacketId: 'p1', senderId: 'ann', kind: 'lucky', total: 50, count: 1, shares: [50], target: { type: 'room', id: 'r1' }, expiresAt: '2025-01-02T00:00:00.000Z' });
  l.add('red-packet-p1', 'RedPacketExpired', { redPacketId: 'p1', senderId: 'ann', refundAmount: 50, remainingCount: 1 });
  const r = await verifyLog(l.events, { now: T0 + 3_600_000 });
  t.same(
    r.findings.map((f) => [f.kind, (f.details as { waitingFor: string }).waitingFor]),
    [
      ['stale_flow', 'GiftIncomeReceived'],
      ['stale_flow', 'RedPacketRefunded'],
    ],
  );
  t.same(r.inFlight, []);
  t.ok(r.conservation.every((c) => c.difference === 0n), 'and the money balances: it is stuck, not lost');
});

t.test('given balances whose sum passes 2^53, when verified, then every sum is exact and a one-cent difference is still found', async (t) => {
  const MAX = Number.MAX_SAFE_INTEGER; // 2^53 − 1
  const clean = await verifyLog(log().recharge('ann', 'o1', MAX).recharge('bob', 'o2', MAX - 1).events);
  t.ok(clean.ok, JSON.stringify(clean.findings, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
  const cash = clean.conservation[0];
  t.equal(cash?.wallets, 18014398509481981n, 'Σ wallets = 2 × (2^53 − 1) − 1, exactly (a double rounds it to …980)');
  t.equal(cash?.recharged, 18014398509481981n);
  t.equal(cash?.difference, 0n);

  // bob is credited one cent more than he paid, each amount a safe integer: only exact sums see it.
  const created = await verifyLog(log().recharge('ann', 'o1', MAX).recharge('bob', 'o2', MAX - 1, MAX).events);
  t.equal(created.conservation[0]?.difference, 1n, 'one cent created (doubles would say 2)');
  t.ok(kinds(created).includes('conservation'));

  const json = JSON.parse(auditJson(clean)) as { conservation: { wallets: unknown; difference: unknown }[]; wallets: { cash: unknown }[] };
  t.equal(json.conservation[0]?.wallets, '18014398509481981', 'JSON: a decimal string once a number would round');
  t.equal(json.conservation[0]?.difference, 0, 'and a number while it is safe');
  t.equal(json.wallets[0]?.cash, MAX);
});

t.test('given a stored payload that does not match its schema, when verified, then it is a malformed_event finding', async (t) => {
  const l = transferLog();
  l.add('transfer-t9', 'TransferCreated', { transferId: 't9', fromUserId: 'ann', amount: 'lots' });
  const r = await verifyLog(l.events);
  t.notOk(r.ok);
  t.match(r.findings, [{ kind: 'malformed_event', streamId: 'transfer-t9', position: l.events.length }]);
});
