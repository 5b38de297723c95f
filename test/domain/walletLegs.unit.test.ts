// The wallet's legs for assets beyond cash, AA payments, withdrawal fees, platform fees and sales.
import t from 'tap';
import { decimalFromUnits, feeFor, requireAmountFor, unitsFromDecimal, type AssetRules } from '../../domain/assets.js';
import { balanceOf, platformWalletStream, walletDecider, type WalletCommand, type WalletEvent } from '../../domain/wallet/index.js';
import { transferDecider } from '../../domain/transfer.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const wallet = spec(walletDecider);
const BTY = 100_000_000;

const credited = (asset: string, amount: number, balanceAfter = amount, orderId = 'o1'): WalletEvent => ({
  type: 'RechargeCredited',
  data: { reason: 'recharge', refId: orderId, changes: [{ asset, delta: amount, balanceAfter }], orderId, asset, amount },
});
const cmd = (c: Omit<WalletCommand, 'metadata'>): WalletCommand => ({ ...c, metadata: meta(at, 'ann') }) as WalletCommand;

const bty: AssetRules = { asset: 'bty', decimals: 8, minimum: 1, allows: ['recharge', 'transfer', 'red_packet'] };
const cash: AssetRules = { asset: 'cash', decimals: 2, minimum: 100, allows: ['recharge', 'transfer', 'withdrawal'] };

t.test('any asset: credited, held apart from cash, debited never below zero', async (t) => {
  const [e] = wallet.given([]).when(cmd({ type: 'CreditRecharge', data: { orderId: 'o1', asset: 'bty', amount: 3 * BTY } })).then([credited('bty', 3 * BTY)]);
  t.ok(e);
  const s = wallet.given([credited('bty', 3 * BTY)]).state();
  t.same(s, { cash: 0, coins: 0, income: 0, bty: 3 * BTY });
  t.equal(balanceOf(s, 'ycc'), 0);
  t.equal(balanceOf(s, 'constructor'), 0, 'an asset id is never read off the prototype');
  wallet
    .given([credited('bty', 5)])
    .when(cmd({ type: 'SendTransfer', data: { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', asset: 'bty', amount: 6, expiresAt: at } }))
    .thenThrows('INSUFFICIENT_FUNDS', { asset: 'bty', balance: 5, required: 6 });
  wallet.given([]).when(cmd({ type: 'CreditRecharge', data: { orderId: 'o1', asset: 'Bad-Asset', amount: 1 } })).thenThrows('VALIDATION_FAILED');
});

t.test('a cash transfer keeps the shape it always had; another asset is named; an instant one says so', async () => {
  const base = { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', amount: 5, expiresAt: at };
  wallet
    .given([credited('cash', 10)])
    .when(cmd({ type: 'SendTransfer', data: base }))
    .then([{ type: 'TransferSent', data: { reason: 'transfer_out', refId: 't1', changes: [{ asset: 'cash', delta: -5, balanceAfter: 5 }], ...base } }]);
  wallet
    .given([credited('cash', 10)])
    .when(cmd({ type: 'SendTransfer', data: { ...base, asset: 'cash' } }))
    .then([{ type: 'TransferSent', data: { reason: 'transfer_out', refId: 't1', changes: [{ asset: 'cash', delta: -5, balanceAfter: 5 }], ...base } }]);
  wallet
    .given([credited('bty', 10)])
    .when(cmd({ type: 'SendTransfer', data: { ...base, asset: 'bty', instant: true } }))
    .then([{ type: 'TransferSent', data: { reason: 'transfer_out', refId: 't1', changes: [{ asset: 'bty', delta: -5, balanceAfter: 5 }], ...base, asset: 'bty', instant: true } }]);
});

t.test('an instant transfer is created and accepted in one decision', async () => {
  const terms = { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', asset: 'bty', amount: 5, expiresAt: at, instant: true as const };
  spec(transferDecider)
    .given([])
    .when({ type: 'CreateTransfer', data: terms, metadata: meta(at) })
    .then([
      { type: 'TransferCreated', data: terms },
      { type: 'TransferAccepted', data: { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', asset: 'bty', amount: 5 } },
    ]);
});

t.test('an AA share: the payer is debited with the intent, the payee credited, a refused one refunded', async () => {
  const paid = { aaId: 'a1', payerId: 'ann', payeeId: 'pat', asset: 'cash', amount: 250 };
  wallet
    .given([credited('cash', 1000)])
    .when(cmd({ type: 'PayAaShare', data: paid }))
    .then([{ type: 'AaSharePaid', data: { reason: 'aa_pay', refId: 'a1', changes: [{ asset: 'cash', delta: -250, balanceAfter: 750 }], ...paid } }]);
  wallet.given([credited('cash', 100)]).when(cmd({ type: 'PayAaShare', data: paid })).thenThrows('INSUFFICIENT_FUNDS');
  wallet.given([credited('cash', 1000)]).when(cmd({ type: 'PayAaShare', data: { ...paid, payeeId: 'ann' } })).thenThrows('NOT_ELIGIBLE');
  wallet
    .given([])
    .when(cmd({ type: 'ReceiveAaShare', data: { aaId: 'a1', payerId: 'ann', asset: 'cash', amount: 250 } }))
    .then([{ type: 'AaShareReceived', data: { reason: 'aa_receive', refId: 'a1', changes: [{ asset: 'cash', delta: 250, balanceAfter: 250 }], aaId: 'a1', payerId: 'ann', asset: 'cash', amount: 250 } }]);
  wallet
    .given([])
    .when(cmd({ type: 'RefundAaShare', data: { aaId: 'a1', asset: 'cash', amount: 250 } }))
    .then([{ type: 'AaShareRefunded', data: { reason: 'aa_refund', refId: 'a1', changes: [{ asset: 'cash', delta: 250, balanceAfter: 250 }], aaId: 'a1', asset: 'cash', amount: 250 } }]);
});

t.test('a withdrawal holds its fee with its amount; the platform is credited the fee', async () => {
  const req = { withdrawalId: 'w1', userId: 'ann', asset: 'cash', amount: 2000, account: 'bank' };
  wallet
    .given([credited('cash', 5000)])
    .when(cmd({ type: 'RequestWithdrawal', data: { ...req, fee: 20 } }))
    .then([{ type: 'WithdrawalRequested', data: { reason: 'withdrawal', refId: 'w1', changes: [{ asset: 'cash', delta: -2020, balanceAfter: 2980 }], ...req, fee: 20 } }]);
  wallet
    .given([credited('cash', 5000)])
    .when(cmd({ type: 'RequestWithdrawal', data: { ...req, fee: 0 } }))
    .then([{ type: 'WithdrawalRequested', data: { reason: 'withdrawal', refId: 'w1', changes: [{ asset: 'cash', delta: -2000, balanceAfter: 3000 }], ...req } }]);
  wallet.given([credited('cash', 2010)]).when(cmd({ type: 'RequestWithdrawal', data: { ...req, fee: 20 } })).thenThrows('INSUFFICIENT_FUNDS', { required: 2020 });
  wallet.given([credited('cash', 5000)]).when(cmd({ type: 'RequestWithdrawal', data: { ...req, fee: -1 } })).thenThrows('VALIDATION_FAILED');
  wallet
    .given([])
    .when(cmd({ type: 'ReceivePlatformFee', data: { source: 'withdrawal', sourceId: 'w1', userId: 'ann', asset: 'cash', amount: 20 } }))
    .then([
      {
        type: 'PlatformFeeReceived',
        data: { reason: 'fee', refId: 'w1', changes: [{ asset: 'cash', delta: 20, balanceAfter: 20 }], source: 'withdrawal', sourceId: 'w1', userId: 'ann', asset: 'cash', amount: 20 },
      },
    ]);
});

t.test('a purchase debits the buyer; the sale credits the platform', async (t) => {
  const p = { purchaseId: 'p1', userId: 'ann', item: { kind: 'vanity_number', id: '8888' }, asset: 'cash', amount: 500 };
  wallet
    .given([credited('cash', 600)])
    .when(cmd({ type: 'PayPurchase', data: p }))
    .then([{ type: 'PurchasePaid', data: { reason: 'purchase', refId: 'p1', changes: [{ asset: 'cash', delta: -500, balanceAfter: 100 }], ...p } }]);
  wallet
    .given([])
    .when(cmd({ type: 'ReceiveSale', data: p }))
    .then([{ type: 'SaleReceived', data: { reason: 'sale', refId: 'p1', changes: [{ asset: 'cash', delta: 500, balanceAfter: 500 }], ...p } }]);
  t.equal(platformWalletStream('sales'), 'wallet-platform:sales');
});

t.test('asset rules: allowed, positive, at least the minimum', async (t) => {
  t.equal(requireAmountFor(bty, 'transfer', 1), 1);
  t.throws(() => requireAmountFor(bty, 'withdrawal', 1), { code: 'ASSET_NOT_ALLOWED' });
  t.throws(() => requireAmountFor(cash, 'transfer', 99), { code: 'AMOUNT_TOO_SMALL', details: { minimum: 100 } });
  t.throws(() => requireAmountFor(cash, 'transfer', 100.5), { code: 'VALIDATION_FAILED' });
  t.throws(() => requireAmountFor(cash, 'transfer', 0), { code: 'VALIDATION_FAILED' });
});

t.test('decimals: exact both ways, more places than the asset has refused, never rounded', async (t) => {
  t.equal(unitsFromDecimal(bty, '0.00000001'), 1);
  t.equal(unitsFromDecimal(bty, '1.5'), 150_000_000);
  t.equal(unitsFromDecimal(cash, '12.34'), 1234);
  t.equal(unitsFromDecimal(cash, '12'), 1200);
  t.throws(() => unitsFromDecimal(bty, '0.000000001'), { code: 'VALIDATION_FAILED' });
  t.throws(() => unitsFromDecimal(cash, '0.001'), { code: 'VALIDATION_FAILED' });
  for (const bad of ['-1', '1e3', '0x10', '', '1.', '.5', '99999999999999999']) t.throws(() => unitsFromDecimal(cash, bad), { code: 'VALIDATION_FAILED' }, bad);
  t.equal(decimalFromUnits(bty, 1), '0.00000001');
  t.equal(decimalFromUnits(cash, 150), '1.50');
  t.equal(decimalFromUnits({ decimals: 0 }, 7), '7');
});

t.test('fees: basis points rounded up, then held within minimum and maximum, exact for any amount', async (t) => {
  t.equal(feeFor(undefined, 1000), 0);
  t.equal(feeFor({ basisPoints: 100, minimum: 10 }, 2000), 20);
  t.equal(feeFor({ basisPoints: 100, minimum: 10 }, 500), 10);
  t.equal(feeFor({ basisPoints: 100, minimum: 0 }, 101), 2, 'rounded up to a whole unit');
  t.equal(feeFor({ basisPoints: 100, minimum: 0, maximum: 2500 }, 10_000_000), 2500);
  t.equal(feeFor({ basisPoints: 10_000, minimum: 0 }, Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER, 'no double rounding');
});
