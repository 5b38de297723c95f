import t from 'tap';
import { walletDecider, walletStream, type WalletCommand, type WalletEvent } from '../../domain/wallet/index.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const later = '2025-01-02T00:00:00.000Z';
const wallet = spec(walletDecider);

const recharged = (asset: 'cash' | 'coins', amount: number, balanceAfter = amount, orderId = 'o1'): WalletEvent => ({
  type: 'RechargeCredited',
  data: { reason: 'recharge', refId: orderId, changes: [{ asset, delta: amount, balanceAfter }], orderId, asset, amount },
});
const recharge = (asset: 'cash' | 'coins', amount: number, orderId = 'o1'): WalletCommand => ({ type: 'CreditRecharge', data: { orderId, asset, amount }, metadata: meta(at) });
const sendTransfer = (amount: number, toUserId = 'bob'): WalletCommand => ({
  type: 'SendTransfer',
  data: { transferId: 't1', fromUserId: 'ann', toUserId, amount, note: 'rent', expiresAt: later },
  metadata: meta(at, 'ann'),
});
const fund = (kind: 'lucky' | 'fixed', total: number, shares: number[], target: 'user' | 'group' | 'room' = 'group'): WalletCommand => ({
  type: 'FundRedPacket',
  data: { redPacketId: 'rp1', senderId: 'ann', kind, total, count: shares.length, shares, target: { type: target, id: 'g1' }, expiresAt: later },
  metadata: meta(at, 'ann'),
});
const gift = (count: number, unitPrice: number, sharePercent = 50): WalletCommand => ({
  type: 'SendGift',
  data: { giftSendId: 'gs1', fromUserId: 'ann', giftId: 'rose', toUserId: 'bob', count, unitPrice, sharePercent, roomId: 'r1' },
  metadata: meta(at, 'ann'),
});

t.test('the stream id comes from the owner', async (t) => t.equal(walletStream('42'), 'wallet-42'));

t.test('a recharge credits and records the balance after', async () => {
  wallet.given([recharged('cash', 100)]).when(recharge('cash', 50, 'o2')).then([recharged('cash', 50, 150, 'o2')]);
});

t.test('a transfer debits cash and carries the whole intent', async () => {
  wallet
    .given([recharged('cash', 100)])
    .when(sendTransfer(60))
    .then([
      {
        type: 'TransferSent',
        data: { reason: 'transfer_out', refId: 't1', changes: [{ asset: 'cash', delta: -60, balanceAfter: 40 }], transferId: 't1', fromUserId: 'ann', toUserId: 'bob', amount: 60, note: 'rent', expiresAt: later },
      },
    ]);
});

t.test('no balance goes negative: debiting more than the balance is refused with the numbers', async () => {
  wallet.given([recharged('cash', 100)]).when(sendTransfer(101)).thenThrows('INSUFFICIENT_FUNDS', { asset: 'cash', balance: 100, required: 101 });
  wallet.given([]).when(gift(1, 1)).thenThrows('INSUFFICIENT_FUNDS', { asset: 'coins', balance: 0, required: 1 });
});

t.test('spending the exact balance leaves zero', async (t) => {
  const s = wallet.given([recharged('cash', 100)]).when(sendTransfer(100)).thenState();
  t.same(s, { cash: 0, coins: 0, income: 0 });
});

t.test('a transfer to yourself is refused', async () => {
  wallet.given([recharged('cash', 100)]).when(sendTransfer(10, 'ann')).thenThrows('SELF_TRANSFER');
});

t.test('amounts must be positive safe integers', async () => {
  for (const bad of [0, -5, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) {
    wallet.given([recharged('cash', 100)]).when(sendTransfer(bad)).thenThrows('VALIDATION_FAILED');
    wallet.given([]).when(recharge('cash', bad)).thenThrows('VALIDATION_FAILED');
  }
});

t.test('a credit that would leave the safe integer range is refused', async () => {
  wallet.given([recharged('cash', Number.MAX_SAFE_INTEGER)]).when(recharge('cash', 1, 'o2')).thenThrows('VALIDATION_FAILED');
});

t.test('a red packet is funded from cash with its shares', async (t) => {
  const [e] = wallet.given([recharged('cash', 100)]).when(fund('lucky', 10, [3, 1, 6])).then([
    {
      type: 'RedPacketFunded',
      data: {
        reason: 'red_packet_out',
        refId: 'rp1',
        changes: [{ asset: 'cash', delta: -10, balanceAfter: 90 }],
        redPacketId: 'rp1',
        senderId: 'ann',
        kind: 'lucky',
        total: 10,
        count: 3,
        shares: [3, 1, 6],
        target: { type: 'group', id: 'g1' },
        expiresAt: later,
      },
    },
  ]);
  t.ok(e);
});

t.test('red packet shares must be valid before any money moves', async () => {
  const given = wallet.given([recharged('cash', 100)]);
  given.when(fund('lucky', 2, [1, 1, 0])).thenThrows('TOTAL_TOO_SMALL');
  given.when(fund('lucky', 10, [3, 3, 3])).thenThrows('VALIDATION_FAILED', { sum: 9, total: 10 });
  given.when(fund('lucky', 10, [11, -1])).thenThrows('VALIDATION_FAILED');
  given.when(fund('fixed', 10, [4, 6])).thenThrows('VALIDATION_FAILED');
  given.when(fund('fixed', 10, [5, 5], 'user')).thenThrows('VALIDATION_FAILED');
  given.when(fund('lucky', 0, [])).thenThrows('VALIDATION_FAILED');
  given.when(fund('fixed', 1001, Array.from({ length: 1001 }, () => 1))).thenThrows('VALIDATION_FAILED');
  given.when(fund('lucky', 101, [100, 1])).thenThrows('INSUFFICIENT_FUNDS');
});

t.test('a red packet of 1000 shares is allowed', async (t) => {
  const shares = Array.from({ length: 1000 }, () => 1);
  const s = wallet.given([recharged('cash', 1000)]).when(fund('fixed', 1000, shares)).thenState();
  t.equal(s.cash, 0);
});

t.test('a gift spends coins and states the receiver income, rounded down', async () => {
  wallet
    .given([recharged('coins', 100)])
    .when(gift(3, 7, 50))
    .then([
      {
        type: 'GiftSent',
        data: {
          reason: 'gift_out',
          refId: 'gs1',
          changes: [{ asset: 'coins', delta: -21, balanceAfter: 79 }],
          giftSendId: 'gs1',
          fromUserId: 'ann',
          giftId: 'rose',
          toUserId: 'bob',
          count: 3,
          unitPrice: 7,
          coinsSpent: 21,
          incomeAmount: 10,
          roomId: 'r1',
        },
      },
    ]);
  wallet.given([recharged('coins', 100)]).when(gift(1, 1, 101)).thenThrows('VALIDATION_FAILED');
});

t.test('a gift to yourself is refused: it would turn your coins into your own income and climb both rankings', async () => {
  const self: WalletCommand = { type: 'SendGift', data: { giftSendId: 'gs1', fromUserId: 'ann', giftId: 'rose', toUserId: 'ann', count: 1, unitPrice: 1, sharePercent: 50 }, metadata: meta(at, 'ann') };
  wallet.given([recharged('coins', 100)]).when(self).thenThrows('SELF_GIFT');
});

t.test('a lucky total above 2^48 (what the split can draw from) is refused before any money moves', async () => {
  const given = wallet.given([recharged('cash', Number.MAX_SAFE_INTEGER)]);
  given.when(fund('lucky', 2 ** 48 + 1, [1, 2 ** 48])).thenThrows('VALIDATION_FAILED', { field: 'total' });
  given.when(fund('lucky', 2 ** 48, [1, 2 ** 48 - 1])).thenState();
  given.when(fund('fixed', 2 ** 49, [2 ** 48, 2 ** 48])).thenState();
});

t.test('gift income credits income', async (t) => {
  const s = wallet.given([]).when({ type: 'ReceiveGiftIncome', data: { giftSendId: 'gs1', fromUserId: 'ann', amount: 10 }, metadata: meta(at) }).thenState();
  t.same(s, { cash: 0, coins: 0, income: 10 });
});

t.test('an exchange moves from cash to coins at the given rate, in two changes', async () => {
  wallet
    .given([recharged('cash', 100)])
    .when({ type: 'ExchangeCoins', data: { exchangeId: 'x1', from: 'cash', amount: 30, rate: 10 }, metadata: meta(at, 'ann') })
    .then([
      {
        type: 'CoinsExchanged',
        data: {
          reason: 'exchange',
          refId: 'x1',
          changes: [
            { asset: 'cash', delta: -30, balanceAfter: 70 },
            { asset: 'coins', delta: 300, balanceAfter: 300 },
          ],
          exchangeId: 'x1',
          from: 'cash',
          amount: 30,
          rate: 10,
          credited: 300,
        },
      },
    ]);
  wallet.given([recharged('cash', 100)]).when({ type: 'ExchangeCoins', data: { exchangeId: 'x1', from: 'income', amount: 1, rate: 1 }, metadata: meta(at) }).thenThrows('INSUFFICIENT_FUNDS');
});

t.test('a withdrawal holds the amount and a refund returns it', async (t) => {
  const [held] = wallet
    .given([recharged('cash', 100)])
    .when({ type: 'RequestWithdrawal', data: { withdrawalId: 'w1', userId: 'ann', asset: 'cash', amount: 80, account: 'bank:1' }, metadata: meta(at, 'ann') })
    .then([
      {
        type: 'WithdrawalRequested',
        data: { reason: 'withdrawal', refId: 'w1', changes: [{ asset: 'cash', delta: -80, balanceAfter: 20 }], withdrawalId: 'w1', userId: 'ann', asset: 'cash', amount: 80, account: 'bank:1' },
      },
    ]);
  t.ok(held);
  if (!held) return;
  const s = wallet.given([recharged('cash', 100), held]).when({ type: 'RefundWithdrawal', data: { withdrawalId: 'w1', asset: 'cash', amount: 80 }, metadata: meta(at) }).thenState();
  t.equal(s.cash, 100);
});

t.test('transfer and red packet credits and refunds add to cash', async (t) => {
  const refs = [
    { type: 'ReceiveTransfer', data: { transferId: 't1', fromUserId: 'bob', amount: 5 }, metadata: meta(at) },
    { type: 'RefundTransfer', data: { transferId: 't2', amount: 5 }, metadata: meta(at) },
    { type: 'ReceiveRedPacketShare', data: { redPacketId: 'rp1', amount: 5 }, metadata: meta(at) },
    { type: 'RefundRedPacket', data: { redPacketId: 'rp2', amount: 5 }, metadata: meta(at) },
  ] as const satisfies readonly WalletCommand[];
  for (const c of refs) t.equal(wallet.given([recharged('cash', 10)]).when(c).thenState().cash, 15, c.type);
});

t.test('evolve ignores events it does not know', async (t) => {
  const unknown = { type: 'SomethingElse', data: {} } as unknown as WalletEvent;
  t.same(walletDecider.evolve({ cash: 1, coins: 2, income: 3 }, unknown), { cash: 1, coins: 2, income: 3 });
});
