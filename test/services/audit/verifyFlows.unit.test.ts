// The auditor on the new flows, on hand-made logs: AA payments, withdrawal fees into the platform
// account, purchases and assets beyond cash. A clean log balances per asset; a lost or created
// unit in an AA or a fee is caught, and flows left unfinished turn stale.
import t from 'tap';
import type { StoredEvent } from '../../../services/shared/event-store/port.js';
import { compareWallets, verifyLog } from '../../../services/audit/verify.js';

type Change = { asset: string; delta: number; balanceAfter: number };
const T0 = Date.parse('2025-01-01T00:00:00.000Z');

const log = () => {
  const events: StoredEvent[] = [];
  const revisions = new Map<string, number>();
  const balances = new Map<string, number>();
  const add = (streamId: string, type: string, data: Record<string, unknown>) => {
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    events.push({ id: `e${events.length + 1}`, streamId, revision, position: events.length + 1, type, data, metadata: { at: new Date(T0).toISOString() } });
    return api;
  };
  /** A wallet event whose balanceAfter chain is right (the flows are what these tests vary). */
  const w = (owner: string, type: string, reason: string, refId: string, asset: string, delta: number, rest: Record<string, unknown>) => {
    const key = `${owner}/${asset}`;
    const after = (balances.get(key) ?? 0) + delta;
    balances.set(key, after);
    const changes: Change[] = [{ asset, delta, balanceAfter: after }];
    return add(`wallet-${owner}`, type, { reason, refId, changes, ...rest });
  };
  const api = {
    events,
    add,
    w,
    recharge: (user: string, orderId: string, amount: number, asset = 'cash') =>
      add(`recharge-${orderId}`, 'RechargeOrderPaid', { orderId, userId: user, asset, amount, providerTxId: `tx-${orderId}` }).w(user, 'RechargeCredited', 'recharge', orderId, asset, amount, { orderId, asset, amount }),
    aaStarted: (aaId: string, count = 2, amountEach = 250) =>
      add(`aa-${aaId}`, 'AaCollectionStarted', { aaId, payeeId: 'pat', asset: 'cash', amountEach, count, target: { type: 'group', id: 'g1' }, startedAt: 'x', expiresAt: 'y' }),
    aaPaid: (aaId: string, payerId: string, amount = 250) => w(payerId, 'AaSharePaid', 'aa_pay', aaId, 'cash', -amount, { aaId, payerId, payeeId: 'pat', asset: 'cash', amount }),
    aaRecorded: (aaId: string, payerId: string, paidCount: number, amount = 250) =>
      add(`aa-${aaId}`, 'AaPaymentRecorded', { aaId, payerId, payeeId: 'pat', asset: 'cash', amount, paidCount, remainingCount: 0, paidAt: 'x' }),
    aaReceived: (aaId: string, payerId: string, amount = 250) => w('pat', 'AaShareReceived', 'aa_receive', aaId, 'cash', amount, { aaId, payerId, asset: 'cash', amount }),
  };
  return api;
};

const kinds = (r: { findings: { kind: string }[] }) => r.findings.map((f) => f.kind);
const cash = (r: Awaited<ReturnType<typeof verifyLog>>) => r.conservation.find((l) => l.asset === 'cash');

/** ann and bob each pay pat 250 for a collection of two; pat is credited both. */
const aaLog = (secondCredit = 250) =>
  log()
    .recharge('ann', 'o1', 1000)
    .recharge('bob', 'o2', 1000)
    .aaStarted('a1')
    .aaPaid('a1', 'ann')
    .aaRecorded('a1', 'ann', 1)
    .aaReceived('a1', 'ann')
    .aaPaid('a1', 'bob')
    .aaRecorded('a1', 'bob', 2)
    .aaReceived('a1', 'bob', secondCredit);

t.test('given a clean AA collection, when verified, then it balances and finds nothing', async (t) => {
  const r = await verifyLog(aaLog().events);
  t.same(r.findings, []);
  t.same(r.inFlight, []);
  t.match(cash(r), { wallets: 2000, platform: 0, recharged: 2000, difference: 0 });
});

t.test('given a payee credited one cent less (or more) than a payer paid, when verified, then the lost (or created) cent is found', async (t) => {
  const lost = await verifyLog(aaLog(249).events);
  t.ok(kinds(lost).includes('flow_mismatch'));
  t.match(cash(lost), { difference: -1 });
  const created = await verifyLog(aaLog(251).events);
  t.match(cash(created), { difference: 1 });
  const fromNowhere = await verifyLog(log().aaStarted('a1').aaReceived('a1', 'ann').events);
  t.ok(kinds(fromNowhere).includes('flow_mismatch'), 'a credit without a debit');
  t.match(cash(fromNowhere), { difference: 250 });
});

t.test('given AA payments not finished, when young they are in flight; past the bound they are stale', async (t) => {
  const l = log().recharge('ann', 'o1', 1000).recharge('bob', 'o2', 1000).aaStarted('a1').aaPaid('a1', 'ann').aaPaid('a1', 'bob').aaRecorded('a1', 'bob', 1);
  const young = await verifyLog(l.events);
  t.same(young.findings, []);
  t.same(
    young.inFlight.map((i) => [i.id, i.waitingFor, i.amount]),
    [
      ['a1/ann', 'AaPaymentRecorded', 250n],
      ['a1/bob', 'AaShareReceived', 250n],
    ],
  );
  t.match(cash(young), { inFlight: 500, difference: 0 });
  const old = await verifyLog(l.events, { now: T0 + 3_600_000 });
  t.same(kinds(old), ['stale_flow', 'stale_flow'], 'an AA payment whose credit never came is a finding');
});

t.test('given a refused AA payment, when refunded it is clean; credited to the payee instead it is a finding', async (t) => {
  const base = () => aaLog().recharge('cat', 'o3', 1000).aaPaid('a1', 'cat').add('aa-a1', 'AaPaymentRefused', { aaId: 'a1', payerId: 'cat', asset: 'cash', amount: 250, reason: 'finished' });
  const refunded = await verifyLog(base().w('cat', 'AaShareRefunded', 'aa_refund', 'a1', 'cash', 250, { aaId: 'a1', asset: 'cash', amount: 250 }).events);
  t.same(refunded.findings, []);
  const misrouted = await verifyLog(base().aaReceived('a1', 'cat').events);
  t.ok(kinds(misrouted).includes('flow_mismatch'));
});

t.test('given a collection recording more payments than its count, when verified, then it is found', async (t) => {
  const l = aaLog().recharge('cat', 'o3', 1000).aaPaid('a1', 'cat').aaRecorded('a1', 'cat', 3).aaReceived('a1', 'cat');
  const r = await verifyLog(l.events);
  t.ok(r.findings.some((f) => f.kind === 'flow_mismatch' && f.message.includes('payment 3 of 2')));
});

/** ann withdraws 2,000 with a fee of 20: held 2,020, the operator decides. */
const withdrawal = (decision: 'approve' | 'reject', settle: (l: ReturnType<typeof log>) => void) => {
  const l = log().recharge('ann', 'o1', 5000);
  l.w('ann', 'WithdrawalRequested', 'withdrawal', 'w1', 'cash', -2020, { withdrawalId: 'w1', userId: 'ann', asset: 'cash', amount: 2000, fee: 20, account: 'bank' });
  l.add('withdrawal-w1', 'WithdrawalCreated', { withdrawalId: 'w1', userId: 'ann', asset: 'cash', amount: 2000, fee: 20, account: 'bank' });
  l.add('withdrawal-w1', decision === 'approve' ? 'WithdrawalApproved' : 'WithdrawalRejected', { withdrawalId: 'w1', userId: 'ann', asset: 'cash', amount: 2000, fee: 20, operatorId: 'op' });
  settle(l);
  return l.events;
};
const fee = (amount: number) => (l: ReturnType<typeof log>) =>
  l.w('platform:fees', 'PlatformFeeReceived', 'fee', 'w1', 'cash', amount, { source: 'withdrawal', sourceId: 'w1', userId: 'ann', asset: 'cash', amount });

t.test('given a paid-out withdrawal whose fee reached the platform, when verified, then it balances with the fee on the platform side', async (t) => {
  const r = await verifyLog(withdrawal('approve', fee(20)));
  t.same(r.findings, []);
  t.match(cash(r), { wallets: 2980, platform: 20, withdrawn: 2000, recharged: 5000, difference: 0 });
  t.ok(r.wallets.some((w) => w.userId === 'platform:fees' && w.cash === 20n));
});

t.test('given a fee that lost a unit on its way to the platform, when verified, then the lost unit is found', async (t) => {
  const r = await verifyLog(withdrawal('approve', fee(19)));
  t.ok(kinds(r).includes('flow_mismatch'));
  t.match(cash(r), { difference: -1 });
});

t.test('given a fee never credited, when it waits past the bound, then it is a stale_flow; in the meantime it is in flight', async (t) => {
  const events = withdrawal('approve', () => undefined);
  const young = await verifyLog(events);
  t.same(young.inFlight.map((i) => [i.flow, i.waitingFor, i.amount]), [['withdrawal fee', 'PlatformFeeReceived', 20n]]);
  t.match(cash(young), { difference: 0 });
  t.same(kinds(await verifyLog(events, { now: T0 + 3_600_000 })), ['stale_flow']);
});

t.test('given a rejected withdrawal with a fee, when both come back it is clean; when only the amount does, the fee is lost', async (t) => {
  const whole = (l: ReturnType<typeof log>) => l.w('ann', 'WithdrawalRefunded', 'withdrawal_refund', 'w1', 'cash', 2020, { withdrawalId: 'w1', asset: 'cash', amount: 2020 });
  t.same((await verifyLog(withdrawal('reject', whole))).findings, []);
  const short = (l: ReturnType<typeof log>) => l.w('ann', 'WithdrawalRefunded', 'withdrawal_refund', 'w1', 'cash', 2000, { withdrawalId: 'w1', asset: 'cash', amount: 2000 });
  const r = await verifyLog(withdrawal('reject', short));
  t.ok(kinds(r).includes('flow_mismatch'));
  t.match(cash(r), { difference: -20 });
  const pocketed = await verifyLog(withdrawal('reject', (l) => (whole(l), fee(20)(l))));
  t.ok(kinds(pocketed).includes('flow_mismatch'), 'a fee taken on a rejected withdrawal is found too');
});

t.test('given a purchase, when the sale reaches the platform it balances; when it does not arrive whole, the difference is found', async (t) => {
  const p = { purchaseId: 'p1', userId: 'ann', item: { kind: 'level', id: '1' }, asset: 'cash', amount: 500 };
  const l = () => log().recharge('ann', 'o1', 1000).w('ann', 'PurchasePaid', 'purchase', 'p1', 'cash', -500, p);
  const clean = await verifyLog(l().w('platform:sales', 'SaleReceived', 'sale', 'p1', 'cash', 500, p).events);
  t.same(clean.findings, []);
  t.match(cash(clean), { platform: 500, difference: 0 });
  const short = await verifyLog(l().w('platform:sales', 'SaleReceived', 'sale', 'p1', 'cash', 499, { ...p, amount: 499 }).events);
  t.match(cash(short), { difference: -1 });
});

t.test('given BTY in 1e-8 units, when recharged and paid instantly, then BTY has its own line and a created unit shows on it alone', async (t) => {
  const l = () => {
    const x = log().recharge('ann', 'o1', 300_000_000, 'bty');
    x.w('ann', 'TransferSent', 'transfer_out', 't1', 'bty', -1, { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', asset: 'bty', amount: 1, expiresAt: 'x', instant: true });
    x.add('transfer-t1', 'TransferCreated', { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', asset: 'bty', amount: 1, expiresAt: 'x', instant: true });
    x.add('transfer-t1', 'TransferAccepted', { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', asset: 'bty', amount: 1 });
    return x;
  };
  const clean = await verifyLog(l().w('bob', 'TransferReceived', 'transfer_in', 't1', 'bty', 1, { transferId: 't1', fromUserId: 'ann', asset: 'bty', amount: 1 }).events);
  t.same(clean.findings, []);
  t.same(clean.conservation.map((c) => c.asset), ['cash', 'coins', 'income', 'bty']);
  t.match(clean.conservation[3], { asset: 'bty', wallets: 300_000_000, recharged: 300_000_000, difference: 0 });
  t.match(clean.wallets, [{ userId: 'ann', cash: 0, assets: { bty: 299_999_999 } }, { userId: 'bob', assets: { bty: 1 } }]);
  const created = await verifyLog(l().w('bob', 'TransferReceived', 'transfer_in', 't1', 'bty', 2, { transferId: 't1', fromUserId: 'ann', asset: 'bty', amount: 1 }).events);
  t.same(created.conservation.filter((c) => c.difference !== 0n).map((c) => [c.asset, c.difference]), [['bty', 1n]]);
  const rows = [
    { userId: 'ann', cash: 0, coins: 0, income: 0, assets: { bty: 299_999_999 }, version: 2 },
    { userId: 'bob', cash: 0, coins: 0, income: 0, assets: { bty: 2 }, version: 1 },
  ];
  const rm = compareWallets(clean.wallets, rows, 100, 100);
  t.same(rm.findings.map((f) => f.streamId), ['wallet-bob'], 'a read-model row wrong in BTY is found');
});

t.test('given a log from before assets, when verified, then it reads as it always did: three lines, no platform', async (t) => {
  const r = await verifyLog(log().recharge('ann', 'o1', 100).events);
  t.same(r.conservation.map((c) => [c.asset, c.platform]), [
    ['cash', 0n],
    ['coins', 0n],
    ['income', 0n],
  ]);
  t.same(r.wallets, [{ userId: 'ann', cash: 100n, coins: 0n, income: 0n, version: 1, lastPosition: 2 }]);
});
