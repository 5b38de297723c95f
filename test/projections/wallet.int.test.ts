import t from 'tap';
import { walletDecider, walletStream, type WalletCommand } from '../../domain/wallet/index.js';
import { isDomainError } from '../../domain/errors.js';
import { walletBalancesProjection } from '../../projections/walletBalances.js';
import { ledgerProjection } from '../../projections/ledger.js';
import { getWalletBalance, listLedger, type LedgerEntry } from '../../projections/queries.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';
import { assertRedeliveryChangesNothing, eventLog, project, startReadStore, type ReadStore } from '../support/read-models.js';

let store: ReadStore;
t.before(async () => {
  store = await startReadStore();
});
t.teardown(async () => store.stop());

const log = eventLog();
const T0 = '2025-03-01T10:00:00.000Z';
const wallet = (userId: string, command: Omit<WalletCommand, 'metadata'>, at = T0) => log.decide(walletDecider, walletStream(userId), command, at, userId);

// Ann recharges cash and coins, buys coins with cash, sends Bob a gift, sends a transfer and
// asks for a withdrawal; Bob earns income from the gift and exchanges part of it.
const annEvents: StoredEvent[] = [
  ...wallet('ann', { type: 'CreditRecharge', data: { orderId: 'o1', asset: 'cash', amount: 10_000 } }),
  ...wallet('ann', { type: 'CreditRecharge', data: { orderId: 'o2', asset: 'coins', amount: 500 } }),
  ...wallet('ann', { type: 'ExchangeCoins', data: { exchangeId: 'x1', from: 'cash', amount: 100, rate: 10 } }),
  ...wallet('ann', {
    type: 'SendGift',
    data: { giftSendId: 'g1', fromUserId: 'ann', giftId: 'rose', toUserId: 'bob', count: 3, unitPrice: 50, sharePercent: 50, roomId: 'r1' },
  }),
  ...wallet('ann', {
    type: 'SendTransfer',
    data: { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', amount: 700, expiresAt: '2025-03-02T10:00:00.000Z' },
  }),
  ...wallet('ann', { type: 'RequestWithdrawal', data: { withdrawalId: 'w1', userId: 'ann', asset: 'cash', amount: 1000, account: 'bank-1' } }),
];
const bobEvents: StoredEvent[] = [
  ...wallet('bob', { type: 'ReceiveGiftIncome', data: { giftSendId: 'g1', fromUserId: 'ann', amount: 75 } }),
  ...wallet('bob', { type: 'ExchangeCoins', data: { exchangeId: 'x2', from: 'income', amount: 25, rate: 2 } }),
  ...wallet('bob', { type: 'ReceiveTransfer', data: { transferId: 't1', fromUserId: 'ann', amount: 700 } }),
];
// A non-wallet stream carrying a wallet event type must not create a wallet.
const stray: StoredEvent = { ...bobEvents[0], streamId: 'audit-copy', position: 1000, revision: 0 } as StoredEvent;
const all = [...annEvents, ...bobEvents].sort((a, b) => a.position - b.position);
const batch = [...all, { ...stray, position: all.length + 1 }];

const sumDeltas = (entries: LedgerEntry[]) =>
  entries.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.asset]: (acc[e.asset] ?? 0) + e.delta }), { cash: 0, coins: 0, income: 0 });

const allLedger = async (userId: string, limit: number): Promise<LedgerEntry[]> => {
  const out: LedgerEntry[] = [];
  let cursor: string | undefined;
  for (;;) {
    const p = await listLedger(store.pool, userId, { limit, cursor });
    out.push(...p.items);
    if (p.nextCursor === null) return out;
    cursor = p.nextCursor;
  }
};

t.test('given no wallet events, when a balance is read, then it is zero at version 0', async (t) => {
  t.same(await getWalletBalance(store.pool, 'nobody'), { cash: 0, coins: 0, income: 0, assets: {}, version: 0 });
  t.same(await listLedger(store.pool, 'nobody', { limit: 10 }), { items: [], nextCursor: null });
});

t.test('given wallet events, when projected, then balances are the last balanceAfter per asset and version is revision + 1', async (t) => {
  await project(store.pool, walletBalancesProjection, batch);
  await project(store.pool, ledgerProjection, batch);
  // ann: cash 10000 - 100 - 700 - 1000 = 8200; coins 500 + 1000 - 150 = 1350.
  t.same(await getWalletBalance(store.pool, 'ann'), { cash: 8200, coins: 1350, income: 0, assets: {}, version: annEvents.length });
  // bob: income 75 - 25 = 50; coins 25 × 2 = 50; cash 700.
  t.same(await getWalletBalance(store.pool, 'bob'), { cash: 700, coins: 50, income: 50, assets: {}, version: bobEvents.length });
  t.same(await getWalletBalance(store.pool, 'audit-copy'), { cash: 0, coins: 0, income: 0, assets: {}, version: 0 });
});

t.test('given the projected ledger, when listed, then it is newest first with one entry per balance change', async (t) => {
  const page = await listLedger(store.pool, 'ann', { limit: 3 });
  t.equal(page.items.length, 3);
  t.type(page.nextCursor, 'string');
  const withdrawal = annEvents.at(-1);
  t.same(page.items[0], {
    entryId: `${withdrawal?.id}:cash`,
    asset: 'cash',
    delta: -1000,
    balanceAfter: 8200,
    reason: 'withdrawal',
    refId: 'w1',
    at: T0,
  });
  t.same(
    page.items.map((e) => e.reason),
    ['withdrawal', 'transfer_out', 'gift_out'],
  );
  // The exchange has two changes (cash out, coins in): both appear, on whichever page.
  const entries = await allLedger('ann', 2);
  t.equal(entries.length, 7);
  t.same(
    entries.filter((e) => e.reason === 'exchange').map((e) => [e.asset, e.delta]),
    [
      ['coins', 1000],
      ['cash', -100],
    ],
  );
  t.equal(new Set(entries.map((e) => e.entryId)).size, entries.length, 'no entry repeats across pages');
});

t.test('given the projected models, when compared, then each balance equals the sum of its ledger deltas', async (t) => {
  for (const userId of ['ann', 'bob']) {
    const { cash, coins, income } = await getWalletBalance(store.pool, userId);
    t.same(sumDeltas(await allLedger(userId, 4)), { cash, coins, income }, userId);
  }
});

t.test('given the projected models, when the same batch is delivered again, then nothing changes', async (t) => {
  await assertRedeliveryChangesNothing(t, store.pool, walletBalancesProjection, batch, { setBased: true });
  await assertRedeliveryChangesNothing(t, store.pool, ledgerProjection, batch, { setBased: true });
  t.same(await getWalletBalance(store.pool, 'ann'), { cash: 8200, coins: 1350, income: 0, assets: {}, version: annEvents.length });
  t.equal((await allLedger('ann', 100)).length, 7);
});

t.test('given an older wallet event, when it arrives after a newer one, then the balance keeps the newer state', async (t) => {
  const [first] = annEvents;
  t.ok(first);
  if (!first) return;
  const client = await store.pool.connect();
  try {
    await walletBalancesProjection.apply(client, first);
  } finally {
    client.release();
  }
  t.same(await getWalletBalance(store.pool, 'ann'), { cash: 8200, coins: 1350, income: 0, assets: {}, version: annEvents.length });
});

t.test('given a tampered cursor, when the ledger is listed, then it is refused as VALIDATION_FAILED', async (t) => {
  for (const cursor of ['not-a-cursor', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
    const err: unknown = await listLedger(store.pool, 'ann', { limit: 5, cursor }).then(
      () => null,
      (e: unknown) => e,
    );
    t.ok(isDomainError(err) && err.code === 'VALIDATION_FAILED', cursor);
  }
});
