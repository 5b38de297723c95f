// Transfers, red packets, recharge orders, withdrawals and the timers they schedule.
import t from 'tap';
import { transferDecider, transferStream, type TransferCommand } from '../../domain/transfer.js';
import { redPacketDecider, redPacketStream, type RedPacketCommand, type RedPacketTerms } from '../../domain/redPacket.js';
import { rechargeOrderDecider, rechargeOrderStream, type RechargeOrderCommand } from '../../domain/rechargeOrder.js';
import { withdrawalDecider, withdrawalStream, type WithdrawalCommand } from '../../domain/withdrawal.js';
import { transfersProjection } from '../../projections/transfers.js';
import { redPacketsProjection } from '../../projections/redPackets.js';
import { rechargeOrdersProjection } from '../../projections/rechargeOrders.js';
import { withdrawalsProjection } from '../../projections/withdrawals.js';
import { timersProjection } from '../../projections/timers.js';
import { getRechargeOrder, getRedPacket, getTransfer, getWithdrawal, listTransfers, listWithdrawals } from '../../projections/queries.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';
import { assertRedeliveryChangesNothing, eventLog, project, startReadStore, type ReadStore } from '../support/read-models.js';

let store: ReadStore;
t.before(async () => {
  store = await startReadStore();
});
t.teardown(async () => store.stop());

const log = eventLog();
const T0 = '2025-03-01T10:00:00.000Z';
const T1 = '2025-03-01T11:00:00.000Z';
const DAY_LATER = '2025-03-02T10:00:00.000Z';
const LATE = '2025-03-02T12:00:00.000Z';

const transfer = (id: string, c: Omit<TransferCommand, 'metadata'>, at = T0, userId?: string) => log.decide(transferDecider, transferStream(id), c, at, userId);
const packet = (id: string, c: Omit<RedPacketCommand, 'metadata'>, at = T0) => log.decide(redPacketDecider, redPacketStream(id), c, at);
const order = (id: string, c: Omit<RechargeOrderCommand, 'metadata'>, at = T0) => log.decide(rechargeOrderDecider, rechargeOrderStream(id), c, at);
const withdrawal = (id: string, c: Omit<WithdrawalCommand, 'metadata'>, at = T0, userId?: string) =>
  log.decide(withdrawalDecider, withdrawalStream(id), c, at, userId);

const terms = (transferId: string, fromUserId: string, toUserId: string, amount: number, note?: string) => ({
  type: 'CreateTransfer' as const,
  data: { transferId, fromUserId, toUserId, amount, expiresAt: DAY_LATER, ...(note === undefined ? {} : { note }) },
});

t.test('transfers', async (t) => {
  const events: StoredEvent[] = [
    ...transfer('t1', terms('t1', 'ann', 'bob', 100, 'rent')),
    ...transfer('t2', terms('t2', 'ann', 'cat', 200)),
    ...transfer('t3', terms('t3', 'bob', 'ann', 300)),
    ...transfer('t4', terms('t4', 'ann', 'bob', 400)),
    ...transfer('t1', { type: 'AcceptTransfer', data: { transferId: 't1' } }, T1, 'bob'),
    ...transfer('t2', { type: 'RejectTransfer', data: { transferId: 't2' } }, T1, 'cat'),
    ...transfer('t4', { type: 'ExpireTransfer', data: { transferId: 't4' } }, LATE),
  ];
  t.equal(events.length, 7, 'the domain decided every step');

  await t.test('given transfers created and settled, when projected, then each shows its status and settlement time', async (t) => {
    await project(store.pool, transfersProjection, events);
    t.same(await getTransfer(store.pool, 't1'), {
      transferId: 't1',
      fromUserId: 'ann',
      toUserId: 'bob',
      asset: 'cash',
      amount: 100,
      note: 'rent',
      status: 'accepted',
      instant: false,
      createdAt: T0,
      expiresAt: DAY_LATER,
      settledAt: T1,
    });
    t.match(await getTransfer(store.pool, 't2'), { status: 'returned', note: null, settledAt: T1 });
    t.match(await getTransfer(store.pool, 't3'), { status: 'pending', settledAt: null });
    t.match(await getTransfer(store.pool, 't4'), { status: 'expired', settledAt: LATE });
    t.equal(await getTransfer(store.pool, 'nope'), null);
  });

  await t.test('given those transfers, when listed by role, then each list is newest first and pages by cursor', async (t) => {
    const first = await listTransfers(store.pool, 'ann', 'sent', { limit: 2 });
    t.same(
      first.items.map((x) => x.transferId),
      ['t4', 't2'],
    );
    t.type(first.nextCursor, 'string');
    const second = await listTransfers(store.pool, 'ann', 'sent', { limit: 2, cursor: first.nextCursor ?? undefined });
    t.same(second, { items: [await getTransfer(store.pool, 't1')], nextCursor: null });
    const received = await listTransfers(store.pool, 'ann', 'received', { limit: 10 });
    t.same(
      received.items.map((x) => x.transferId),
      ['t3'],
    );
  });

  await t.test('given those transfers, when the batch is delivered again, then nothing changes', async (t) => {
    await assertRedeliveryChangesNothing(t, store.pool, transfersProjection, events, { setBased: true });
  });

  await t.test('given those transfers, when timers are projected, then only the pending one keeps an expiry timer', async (t) => {
    let pokes = 0;
    const timers = timersProjection({ pokeTimers: () => (pokes += 1) });
    await project(store.pool, timers, events);
    const rows = await store.pool.query<{ timer_id: string; kind: string; payload: unknown; due_at: Date }>(
      "select timer_id, kind, payload, due_at from timers where kind = 'transfer_expiry'",
    );
    t.same(rows.rows, [{ timer_id: 'transfer_expiry:t3', kind: 'transfer_expiry', payload: { transferId: 't3' }, due_at: new Date(DAY_LATER) }]);
    t.equal(pokes, 1, 'the timer loop is woken once per committed batch that wrote timers');
    await assertRedeliveryChangesNothing(t, store.pool, timers, events, { setBased: true });
    t.equal(pokes, 1, 'a redelivered batch applies nothing and wakes nobody');
  });
});

const packetTerms = (redPacketId: string, shares: number[], target: RedPacketTerms['target'], greeting?: string): RedPacketTerms => ({
  redPacketId,
  senderId: 'ann',
  kind: 'lucky',
  total: shares.reduce((a, b) => a + b, 0),
  count: shares.length,
  shares,
  target,
  expiresAt: DAY_LATER,
  ...(greeting === undefined ? {} : { greeting }),
});
const grab = (id: string, userId: string, at = T1) => packet(id, { type: 'GrabRedPacket', data: { redPacketId: id, userId, eligible: true } }, at);

t.test('red packets', async (t) => {
  const events: StoredEvent[] = [
    ...packet('p1', { type: 'CreateRedPacket', data: packetTerms('p1', [30, 50, 20], { type: 'group', id: 'g1' }, 'gong xi') }),
    ...packet('p2', { type: 'CreateRedPacket', data: packetTerms('p2', [10, 15], { type: 'room', id: 'r1' }) }),
    ...grab('p1', 'bob', '2025-03-01T10:01:00.000Z'),
    ...grab('p2', 'bob'),
    ...grab('p1', 'cat', '2025-03-01T10:02:00.000Z'),
    ...grab('p1', 'dan', '2025-03-01T10:03:00.000Z'),
    ...packet('p2', { type: 'ExpireRedPacket', data: { redPacketId: 'p2' } }, LATE),
  ];
  t.equal(events.length, 7, 'the domain decided every step');

  await t.test('given a packet grabbed to the end, when projected, then it is empty with its grabs in grab order', async (t) => {
    await project(store.pool, redPacketsProjection, events);
    t.same(await getRedPacket(store.pool, 'p1'), {
      redPacketId: 'p1',
      senderId: 'ann',
      kind: 'lucky',
      asset: 'cash',
      total: 100,
      count: 3,
      remainingCount: 0,
      remainingAmount: 0,
      status: 'empty',
      target: { type: 'group', id: 'g1' },
      greeting: 'gong xi',
      expiresAt: DAY_LATER,
      createdAt: T0,
      grabs: [
        { userId: 'bob', amount: 30, at: '2025-03-01T10:01:00.000Z' },
        { userId: 'cat', amount: 50, at: '2025-03-01T10:02:00.000Z' },
        { userId: 'dan', amount: 20, at: '2025-03-01T10:03:00.000Z' },
      ],
    });
    t.equal(await getRedPacket(store.pool, 'nope'), null);
  });

  await t.test('given a packet that expired with money left, when projected, then it is expired and keeps what was refunded', async (t) => {
    t.match(await getRedPacket(store.pool, 'p2'), {
      status: 'expired',
      remainingCount: 1,
      remainingAmount: 15,
      greeting: null,
      target: { type: 'room', id: 'r1' },
      grabs: [{ userId: 'bob', amount: 10, at: T1 }],
    });
  });

  await t.test('given those packets, when the batch is delivered again, then nothing changes', async (t) => {
    await assertRedeliveryChangesNothing(t, store.pool, redPacketsProjection, events, { setBased: true });
  });

  await t.test('given those packets, when timers are projected, then the expired one has no timer and the emptied one still has', async (t) => {
    let pokes = 0;
    const timers = timersProjection({ pokeTimers: () => (pokes += 1) });
    await project(store.pool, timers, events);
    const rows = await store.pool.query<{ timer_id: string; payload: unknown; due_at: Date; cause_event_id: string }>(
      "select timer_id, payload, due_at, cause_event_id from timers where kind = 'red_packet_expiry'",
    );
    // An emptied packet has no expiry event; its timer fires and the aggregate ignores it.
    t.same(rows.rows, [{ timer_id: 'red_packet_expiry:p1', payload: { redPacketId: 'p1' }, due_at: new Date(DAY_LATER), cause_event_id: events[0]?.id }]);
    t.equal(pokes, 1);
  });

  await t.test('given a new packet, when its creation and later its expiry are projected, then only the creation wakes the timer loop', async (t) => {
    let pokes = 0;
    const timers = timersProjection({ pokeTimers: () => (pokes += 1) });
    await project(store.pool, timers, packet('p3', { type: 'CreateRedPacket', data: packetTerms('p3', [5], { type: 'user', id: 'bob' }) }));
    t.equal(pokes, 1);
    const timer = await store.pool.query("select 1 from timers where timer_id = 'red_packet_expiry:p3'");
    t.equal(timer.rows.length, 1);
    await project(store.pool, timers, packet('p3', { type: 'ExpireRedPacket', data: { redPacketId: 'p3' } }, LATE));
    t.equal(pokes, 1, 'removing a timer needs no wake-up');
    const left = await store.pool.query("select 1 from timers where timer_id = 'red_packet_expiry:p3'");
    t.equal(left.rows.length, 0, 'the expiry removed its timer');
  });
});

t.test('recharge orders', async (t) => {
  const events: StoredEvent[] = [
    ...order('o1', { type: 'CreateRechargeOrder', data: { orderId: 'o1', userId: 'ann', asset: 'cash', amount: 1000, provider: 'alipay' } }),
    ...order('o2', { type: 'CreateRechargeOrder', data: { orderId: 'o2', userId: 'ann', asset: 'coins', amount: 50 } }),
    ...order('o1', { type: 'ConfirmRechargePayment', data: { orderId: 'o1', amount: 1000, providerTxId: 'px1', provider: 'alipay' } }, T1),
    ...order('o1', { type: 'ConfirmRechargePayment', data: { orderId: 'o1', amount: 1000, providerTxId: 'px1', provider: 'alipay' } }, T1),
  ];
  t.equal(events.length, 3, 'a repeated confirmation decides nothing');

  await t.test('given a paid and a pending order, when projected, then each shows its status', async (t) => {
    await project(store.pool, rechargeOrdersProjection, events);
    t.same(await getRechargeOrder(store.pool, 'o1'), { orderId: 'o1', userId: 'ann', asset: 'cash', amount: 1000, status: 'paid', provider: 'alipay' });
    t.same(await getRechargeOrder(store.pool, 'o2'), { orderId: 'o2', userId: 'ann', asset: 'coins', amount: 50, status: 'pending', provider: null }, 'no provider recorded: null');
    t.equal(await getRechargeOrder(store.pool, 'nope'), null);
  });

  await t.test('given those orders, when the batch is delivered again, then nothing changes', async (t) => {
    await assertRedeliveryChangesNothing(t, store.pool, rechargeOrdersProjection, events, { setBased: true });
  });
});

t.test('withdrawals', async (t) => {
  const create = (id: string, userId: string, amount: number) =>
    withdrawal(id, { type: 'CreateWithdrawal', data: { withdrawalId: id, userId, asset: 'cash', amount, account: `bank-${userId}` } });
  const events: StoredEvent[] = [
    ...create('w1', 'ann', 100),
    ...create('w2', 'bob', 200),
    ...create('w3', 'ann', 300),
    ...withdrawal('w1', { type: 'ApproveWithdrawal', data: { withdrawalId: 'w1' } }, T1, 'op'),
    ...withdrawal('w2', { type: 'RejectWithdrawal', data: { withdrawalId: 'w2', reason: 'account closed' } }, T1, 'op'),
  ];

  await t.test('given withdrawals decided and pending, when projected, then each shows its status', async (t) => {
    await project(store.pool, withdrawalsProjection, events);
    t.same(await getWithdrawal(store.pool, 'w1'), {
      withdrawalId: 'w1',
      userId: 'ann',
      asset: 'cash',
      amount: 100,
      fee: 0,
      account: 'bank-ann',
      status: 'paid',
      reason: null,
      operatorId: 'op',
      createdAt: T0,
      settledAt: T1,
    });
    t.match(await getWithdrawal(store.pool, 'w2'), { status: 'rejected', reason: 'account closed', settledAt: T1 });
    t.match(await getWithdrawal(store.pool, 'w3'), { status: 'pending', settledAt: null, operatorId: null });
    t.equal(await getWithdrawal(store.pool, 'nope'), null);
  });

  await t.test('given those withdrawals, when listed, then newest first, filtered by status and paged', async (t) => {
    const ids = async (req: Parameters<typeof listWithdrawals>[1]) => (await listWithdrawals(store.pool, req)).items.map((w) => w.withdrawalId);
    t.same(await ids({ limit: 10 }), ['w3', 'w2', 'w1']);
    t.same(await ids({ limit: 10, status: 'pending' }), ['w3']);
    t.same(await ids({ limit: 10, status: 'paid' }), ['w1']);
    const first = await listWithdrawals(store.pool, { limit: 2 });
    t.type(first.nextCursor, 'string');
    const rest = await listWithdrawals(store.pool, { limit: 2, cursor: first.nextCursor ?? undefined });
    t.same(
      rest.items.map((w) => w.withdrawalId),
      ['w1'],
    );
    t.equal(rest.nextCursor, null);
  });

  await t.test('given those withdrawals, when the batch is delivered again, then nothing changes', async (t) => {
    await assertRedeliveryChangesNothing(t, store.pool, withdrawalsProjection, events, { setBased: true });
  });
});
