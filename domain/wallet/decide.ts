// The wallet's decisions: a debit never takes a balance below zero, a credit never past the
// largest safe integer; each returns one ledger entry. Free text is checked where it enters the
// log: here, in the debit that carries the intent. The streams a process manager creates from
// that event copy it without checking it again, so an event already stored never leaves its flow
// stuck.
import { assetField, assetOr, COINS, requireAsset } from '../assets.js';
import { fail } from '../errors.js';
import { MAX_GREETING_LENGTH, redPacketTerms, validateRedPacketTerms } from '../redPacket.js';
import { requireId, requireNonNegative, requirePositive, requireText, requireTime, safeAdd, safeMultiply } from '../rules.js';
import type { ExchangeCoins, PayPurchase, ReceiveSale, RequestWithdrawal, SendGift, SendTransfer, WalletCommand } from './commands.js';
import type { GiftSent, PurchaseItem, TransferSent, WalletEvent } from './events.js';
import { groupFee } from './groupFees.js';
import { after, credit, debit, entry, type Wallet } from './state.js';

export const MAX_TRANSFER_NOTE_LENGTH = 200;
export const MAX_WITHDRAWAL_ACCOUNT_LENGTH = 200;

const sendTransfer = (c: SendTransfer, s: Wallet): WalletEvent[] => {
  const d = c.data;
  requireId('toUserId', d.toUserId);
  requireTime('expiresAt', d.expiresAt);
  if (d.fromUserId === d.toUserId) fail('SELF_TRANSFER', 'you cannot transfer to yourself');
  const data: TransferSent['data'] = {
    ...entry('transfer_out', d.transferId, debit(s, assetOr(d.asset), d.amount)),
    transferId: d.transferId,
    fromUserId: requireId('fromUserId', d.fromUserId),
    toUserId: d.toUserId,
    ...assetField(d.asset),
    amount: d.amount,
    expiresAt: d.expiresAt,
  };
  if (d.note !== undefined) data.note = requireText('note', d.note, { max: MAX_TRANSFER_NOTE_LENGTH, multiline: true, blank: true });
  if (d.instant) data.instant = true;
  if (d.groupId !== undefined) data.groupId = requireId('groupId', d.groupId);
  return [{ type: 'TransferSent', data }];
};

const sendGift = (c: SendGift, s: Wallet): WalletEvent[] => {
  const d = c.data;
  requireId('giftId', d.giftId);
  requireId('toUserId', d.toUserId);
  // A gift to yourself would turn coins into your own income and climb both rankings for free.
  if (d.fromUserId === d.toUserId) fail('SELF_GIFT', 'you cannot send a gift to yourself');
  const count = requirePositive('count', d.count);
  const coinsSpent = safeMultiply('coinsSpent', count, requirePositive('unitPrice', d.unitPrice));
  if (!Number.isInteger(d.sharePercent) || d.sharePercent < 0 || d.sharePercent > 100) {
    fail('VALIDATION_FAILED', 'sharePercent must be an integer 0-100', { field: 'sharePercent', value: d.sharePercent });
  }
  const data: GiftSent['data'] = {
    ...entry('gift_out', d.giftSendId, debit(s, COINS, coinsSpent)),
    giftSendId: d.giftSendId,
    fromUserId: requireId('fromUserId', d.fromUserId),
    giftId: d.giftId,
    toUserId: d.toUserId,
    count,
    unitPrice: d.unitPrice,
    coinsSpent,
    // Rounded down: the platform keeps the fraction, so income never exceeds the share.
    incomeAmount: Math.floor(safeMultiply('incomeAmount', coinsSpent, d.sharePercent) / 100),
  };
  if (d.roomId !== undefined) data.roomId = d.roomId;
  if (d.postId !== undefined) data.postId = d.postId;
  return [{ type: 'GiftSent', data }];
};

const exchange = (c: ExchangeCoins, s: Wallet): WalletEvent[] => {
  const d = c.data;
  const credited = safeMultiply('credited', requirePositive('amount', d.amount), requirePositive('rate', d.rate));
  const out = debit(s, d.from, d.amount);
  const data = { ...entry('exchange', d.exchangeId, out, credit(after(s, out), COINS, credited)), exchangeId: d.exchangeId, from: d.from, amount: d.amount, rate: d.rate, credited };
  return [{ type: 'CoinsExchanged', data }];
};

const requestWithdrawal = (c: RequestWithdrawal, s: Wallet): WalletEvent[] => {
  const { withdrawalId, userId, asset, amount, account } = c.data;
  requireId('userId', userId);
  requireText('account', account, { max: MAX_WITHDRAWAL_ACCOUNT_LENGTH });
  const fee = requireNonNegative('fee', c.data.fee ?? 0);
  const held = safeAdd('amount', requirePositive('amount', amount), fee);
  const data = { ...entry('withdrawal', withdrawalId, debit(s, requireAsset('asset', asset), held)), withdrawalId, userId, asset, amount, ...(fee > 0 ? { fee } : {}), account };
  return [{ type: 'WithdrawalRequested', data }];
};

const item = (i: PurchaseItem): PurchaseItem => ({ kind: requireId('item.kind', i.kind), id: requireId('item.id', i.id) });

const purchase = (c: PayPurchase | ReceiveSale, s: Wallet): WalletEvent[] => {
  const { purchaseId, userId, asset, amount } = c.data;
  const data = { purchaseId, userId: requireId('userId', userId), item: item(c.data.item), asset, amount };
  return c.type === 'PayPurchase'
    ? [{ type: 'PurchasePaid', data: { ...entry('purchase', purchaseId, debit(s, asset, amount)), ...data } }]
    : [{ type: 'SaleReceived', data: { ...entry('sale', purchaseId, credit(s, asset, amount)), ...data } }];
};

/** Credits and refunds that only name an amount, an asset and what they belong to. */
const credits = (c: Extract<WalletCommand, { type: 'CreditRecharge' | 'ReceiveTransfer' | 'RefundTransfer' | 'ReceiveRedPacketShare' | 'RefundRedPacket' | 'ReceiveGiftIncome' }>, s: Wallet): WalletEvent[] => {
  switch (c.type) {
    case 'CreditRecharge': {
      const { orderId, asset, amount } = c.data;
      return [{ type: 'RechargeCredited', data: { ...entry('recharge', orderId, credit(s, asset, amount)), orderId, asset, amount } }];
    }
    case 'ReceiveTransfer': {
      const { transferId, fromUserId, asset, amount } = c.data;
      return [{ type: 'TransferReceived', data: { ...entry('transfer_in', transferId, credit(s, assetOr(asset), amount)), transferId, fromUserId, ...assetField(asset), amount } }];
    }
    case 'RefundTransfer': {
      const { transferId, asset, amount } = c.data;
      return [{ type: 'TransferRefunded', data: { ...entry('transfer_refund', transferId, credit(s, assetOr(asset), amount)), transferId, ...assetField(asset), amount } }];
    }
    case 'ReceiveRedPacketShare': {
      const { redPacketId, asset, amount } = c.data;
      return [{ type: 'RedPacketShareReceived', data: { ...entry('red_packet_in', redPacketId, credit(s, assetOr(asset), amount)), redPacketId, ...assetField(asset), amount } }];
    }
    case 'RefundRedPacket': {
      const { redPacketId, asset, amount } = c.data;
      return [{ type: 'RedPacketRefunded', data: { ...entry('red_packet_refund', redPacketId, credit(s, assetOr(asset), amount)), redPacketId, ...assetField(asset), amount } }];
    }
    case 'ReceiveGiftIncome': {
      const { giftSendId, fromUserId, amount } = c.data;
      return [{ type: 'GiftIncomeReceived', data: { ...entry('gift_in', giftSendId, credit(s, 'income', amount)), giftSendId, fromUserId, amount } }];
    }
    default: {
      const never: never = c;
      return never;
    }
  }
};

/** The legs of an AA collection, a withdrawal's refund and a platform fee. */
const legs = (c: Extract<WalletCommand, { type: 'PayAaShare' | 'ReceiveAaShare' | 'RefundAaShare' | 'RefundWithdrawal' | 'ReceivePlatformFee' }>, s: Wallet): WalletEvent[] => {
  switch (c.type) {
    case 'PayAaShare': {
      const { aaId, payerId, payeeId, asset, amount } = c.data;
      if (payerId === payeeId) fail('NOT_ELIGIBLE', 'you cannot pay your own collection');
      const data = { ...entry('aa_pay', aaId, debit(s, asset, amount)), aaId, payerId: requireId('payerId', payerId), payeeId: requireId('payeeId', payeeId), asset, amount };
      return [{ type: 'AaSharePaid', data }];
    }
    case 'ReceiveAaShare': {
      const { aaId, payerId, asset, amount } = c.data;
      return [{ type: 'AaShareReceived', data: { ...entry('aa_receive', aaId, credit(s, asset, amount)), aaId, payerId, asset, amount } }];
    }
    case 'RefundAaShare': {
      const { aaId, asset, amount } = c.data;
      return [{ type: 'AaShareRefunded', data: { ...entry('aa_refund', aaId, credit(s, asset, amount)), aaId, asset, amount } }];
    }
    case 'RefundWithdrawal': {
      const { withdrawalId, asset, amount } = c.data;
      return [{ type: 'WithdrawalRefunded', data: { ...entry('withdrawal_refund', withdrawalId, credit(s, asset, amount)), withdrawalId, asset, amount } }];
    }
    case 'ReceivePlatformFee': {
      const { source, sourceId, userId, asset, amount } = c.data;
      return [{ type: 'PlatformFeeReceived', data: { ...entry('fee', sourceId, credit(s, asset, amount)), source, sourceId, userId, asset, amount } }];
    }
    default: {
      const never: never = c;
      return never;
    }
  }
};

export const decide = (c: WalletCommand, s: Wallet): WalletEvent[] => {
  switch (c.type) {
    case 'CreditRecharge':
    case 'ReceiveTransfer':
    case 'RefundTransfer':
    case 'ReceiveRedPacketShare':
    case 'RefundRedPacket':
    case 'ReceiveGiftIncome':
      return credits(c, s);
    case 'SendTransfer':
      return sendTransfer(c, s);
    case 'FundRedPacket': {
      validateRedPacketTerms(c.data);
      if (c.data.greeting !== undefined) requireText('greeting', c.data.greeting, { max: MAX_GREETING_LENGTH, multiline: true, blank: true });
      const out = debit(s, assetOr(c.data.asset), c.data.total);
      return [{ type: 'RedPacketFunded', data: { ...entry('red_packet_out', c.data.redPacketId, out), ...redPacketTerms(c.data) } }];
    }
    case 'SendGift':
      return sendGift(c, s);
    case 'ExchangeCoins':
      return exchange(c, s);
    case 'RequestWithdrawal':
      return requestWithdrawal(c, s);
    case 'PayAaShare':
    case 'ReceiveAaShare':
    case 'RefundAaShare':
    case 'RefundWithdrawal':
    case 'ReceivePlatformFee':
      return legs(c, s);
    case 'PayPurchase':
    case 'ReceiveSale':
      return purchase(c, s);
    case 'PayGroupFee':
    case 'ReceiveGroupFee':
      return groupFee(c, s);
    case 'CreditGuestShare': {
      const { redPacketId, mark, asset, amount } = c.data;
      return [{ type: 'GuestShareCredited', data: { ...entry('guest_credit', redPacketId, credit(s, assetOr(asset), amount)), redPacketId, mark, ...assetField(asset), amount } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};
