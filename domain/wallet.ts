// A user's wallet: three balances that never go below zero. Every event is a ledger entry:
// it names its reason and reference and lists each balance change with the balance after it,
// so the ledger read model and an auditor read amounts instead of recomputing them.
// A debit that starts a cross-aggregate flow (transfer, red packet, gift, withdrawal) carries
// the whole intent; process managers finish the other streams from it.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { MAX_GREETING_LENGTH, redPacketTerms, validateRedPacketTerms, type RedPacketTerms } from './redPacket.js';
import { requireId, requirePositive, requireText, requireTime, safeAdd, safeMultiply } from './rules.js';

export type Asset = 'cash' | 'coins' | 'income';
export type LedgerReason =
  | 'recharge'
  | 'transfer_out'
  | 'transfer_in'
  | 'transfer_refund'
  | 'red_packet_out'
  | 'red_packet_in'
  | 'red_packet_refund'
  | 'gift_out'
  | 'gift_in'
  | 'exchange'
  | 'withdrawal'
  | 'withdrawal_refund';
export type BalanceChange = { asset: Asset; delta: number; balanceAfter: number };
type Entry<R extends LedgerReason> = { reason: R; refId: string; changes: BalanceChange[] };

export type RechargeCredited = { type: 'RechargeCredited'; data: Entry<'recharge'> & { orderId: string; asset: 'cash' | 'coins'; amount: number } };
export type TransferSent = {
  type: 'TransferSent';
  data: Entry<'transfer_out'> & { transferId: string; fromUserId: string; toUserId: string; amount: number; note?: string; expiresAt: string };
};
export type TransferReceived = { type: 'TransferReceived'; data: Entry<'transfer_in'> & { transferId: string; fromUserId: string; amount: number } };
export type TransferRefunded = { type: 'TransferRefunded'; data: Entry<'transfer_refund'> & { transferId: string; amount: number } };
export type RedPacketFunded = { type: 'RedPacketFunded'; data: Entry<'red_packet_out'> & RedPacketTerms };
export type RedPacketShareReceived = { type: 'RedPacketShareReceived'; data: Entry<'red_packet_in'> & { redPacketId: string; amount: number } };
export type RedPacketRefunded = { type: 'RedPacketRefunded'; data: Entry<'red_packet_refund'> & { redPacketId: string; amount: number } };
export type GiftSent = {
  type: 'GiftSent';
  data: Entry<'gift_out'> & {
    giftSendId: string;
    fromUserId: string;
    giftId: string;
    toUserId: string;
    count: number;
    unitPrice: number;
    coinsSpent: number;
    /** What the receiver earns: floor(coinsSpent × sharePercent / 100). */
    incomeAmount: number;
    roomId?: string;
  };
};
export type GiftIncomeReceived = { type: 'GiftIncomeReceived'; data: Entry<'gift_in'> & { giftSendId: string; fromUserId: string; amount: number } };
export type CoinsExchanged = {
  type: 'CoinsExchanged';
  data: Entry<'exchange'> & { exchangeId: string; from: 'cash' | 'income'; amount: number; rate: number; credited: number };
};
export type WithdrawalRequested = {
  type: 'WithdrawalRequested';
  data: Entry<'withdrawal'> & { withdrawalId: string; userId: string; asset: 'cash' | 'income'; amount: number; account: string };
};
export type WithdrawalRefunded = { type: 'WithdrawalRefunded'; data: Entry<'withdrawal_refund'> & { withdrawalId: string; asset: 'cash' | 'income'; amount: number } };
export type WalletEvent =
  | RechargeCredited
  | TransferSent
  | TransferReceived
  | TransferRefunded
  | RedPacketFunded
  | RedPacketShareReceived
  | RedPacketRefunded
  | GiftSent
  | GiftIncomeReceived
  | CoinsExchanged
  | WithdrawalRequested
  | WithdrawalRefunded;

type Cmd<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };
export type CreditRecharge = Cmd<'CreditRecharge', { orderId: string; asset: 'cash' | 'coins'; amount: number }>;
export type SendTransfer = Cmd<'SendTransfer', { transferId: string; fromUserId: string; toUserId: string; amount: number; note?: string; expiresAt: string }>;
export type ReceiveTransfer = Cmd<'ReceiveTransfer', { transferId: string; fromUserId: string; amount: number }>;
export type RefundTransfer = Cmd<'RefundTransfer', { transferId: string; amount: number }>;
export type FundRedPacket = Cmd<'FundRedPacket', RedPacketTerms>;
export type ReceiveRedPacketShare = Cmd<'ReceiveRedPacketShare', { redPacketId: string; amount: number }>;
export type RefundRedPacket = Cmd<'RefundRedPacket', { redPacketId: string; amount: number }>;
/** `sharePercent` (0-100) is configuration; the service passes it so replays need no config. */
export type SendGift = Cmd<
  'SendGift',
  { giftSendId: string; fromUserId: string; giftId: string; toUserId: string; count: number; unitPrice: number; sharePercent: number; roomId?: string }
>;
export type ReceiveGiftIncome = Cmd<'ReceiveGiftIncome', { giftSendId: string; fromUserId: string; amount: number }>;
/** `rate` coins per minor unit of `from`, from configuration. */
export type ExchangeCoins = Cmd<'ExchangeCoins', { exchangeId: string; from: 'cash' | 'income'; amount: number; rate: number }>;
export type RequestWithdrawal = Cmd<'RequestWithdrawal', { withdrawalId: string; userId: string; asset: 'cash' | 'income'; amount: number; account: string }>;
export type RefundWithdrawal = Cmd<'RefundWithdrawal', { withdrawalId: string; asset: 'cash' | 'income'; amount: number }>;
export type WalletCommand =
  | CreditRecharge
  | SendTransfer
  | ReceiveTransfer
  | RefundTransfer
  | FundRedPacket
  | ReceiveRedPacketShare
  | RefundRedPacket
  | SendGift
  | ReceiveGiftIncome
  | ExchangeCoins
  | RequestWithdrawal
  | RefundWithdrawal;

/** A wallet exists implicitly with zero balances; there is no opening event. */
export type Wallet = { cash: number; coins: number; income: number };

export const initialState = (): Wallet => ({ cash: 0, coins: 0, income: 0 });

// The compiler keeps this list complete: a wallet event missing here would not compile.
// Read models and push use it too, so a new wallet event reaches them all.
const isWalletEvent: Record<WalletEvent['type'], true> = {
  RechargeCredited: true,
  TransferSent: true,
  TransferReceived: true,
  TransferRefunded: true,
  RedPacketFunded: true,
  RedPacketShareReceived: true,
  RedPacketRefunded: true,
  GiftSent: true,
  GiftIncomeReceived: true,
  CoinsExchanged: true,
  WithdrawalRequested: true,
  WithdrawalRefunded: true,
};

export const walletEventTypes: readonly WalletEvent['type'][] = Object.keys(isWalletEvent) as WalletEvent['type'][];
export const isWalletEventType = (type: string): type is WalletEvent['type'] => Object.hasOwn(isWalletEvent, type);

/** Replays trust the recorded balances: the events state them, nothing is recomputed. */
export const evolve = (s: Wallet, e: WalletEvent): Wallet => {
  if (!isWalletEventType(e.type)) return s;
  const next = { ...s };
  for (const c of e.data.changes) next[c.asset] = c.balanceAfter;
  return next;
};

/** Whether a credit of this amount can land (a balance never leaves the safe integer range). */
export const canCredit = (s: Wallet, asset: Asset, amount: number): boolean => Number.isSafeInteger(amount) && amount > 0 && Number.isSafeInteger(s[asset] + amount);

const credit = (s: Wallet, asset: Asset, amount: number): BalanceChange => {
  requirePositive('amount', amount);
  return { asset, delta: amount, balanceAfter: safeAdd(asset, s[asset], amount) };
};

const debit = (s: Wallet, asset: Asset, amount: number): BalanceChange => {
  requirePositive('amount', amount);
  const balance = s[asset];
  if (balance < amount) fail('INSUFFICIENT_FUNDS', `not enough ${asset}`, { asset, balance, required: amount });
  return { asset, delta: -amount, balanceAfter: balance - amount };
};

const entry = <R extends LedgerReason>(reason: R, refId: string, ...changes: BalanceChange[]): Entry<R> => ({
  reason,
  refId: requireId('refId', refId),
  changes,
});

// Free text is checked where it enters the log: here, in the debit that carries the intent. The
// streams a process manager creates from that event copy it without checking it again, so an
// event already stored never leaves its flow stuck.
export const MAX_TRANSFER_NOTE_LENGTH = 200;
export const MAX_WITHDRAWAL_ACCOUNT_LENGTH = 200;

const sendTransfer = (c: SendTransfer, s: Wallet): WalletEvent[] => {
  const d = c.data;
  requireId('toUserId', d.toUserId);
  requireTime('expiresAt', d.expiresAt);
  if (d.fromUserId === d.toUserId) fail('SELF_TRANSFER', 'you cannot transfer to yourself');
  const data: TransferSent['data'] = {
    ...entry('transfer_out', d.transferId, debit(s, 'cash', d.amount)),
    transferId: d.transferId,
    fromUserId: requireId('fromUserId', d.fromUserId),
    toUserId: d.toUserId,
    amount: d.amount,
    expiresAt: d.expiresAt,
  };
  if (d.note !== undefined) data.note = requireText('note', d.note, { max: MAX_TRANSFER_NOTE_LENGTH, multiline: true, blank: true });
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
    ...entry('gift_out', d.giftSendId, debit(s, 'coins', coinsSpent)),
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
  return [{ type: 'GiftSent', data }];
};

const exchange = (c: ExchangeCoins, s: Wallet): WalletEvent[] => {
  const d = c.data;
  const credited = safeMultiply('credited', requirePositive('amount', d.amount), requirePositive('rate', d.rate));
  const out = debit(s, d.from, d.amount);
  const afterDebit = { ...s, [d.from]: out.balanceAfter };
  const data = { ...entry('exchange', d.exchangeId, out, credit(afterDebit, 'coins', credited)), exchangeId: d.exchangeId, from: d.from, amount: d.amount, rate: d.rate, credited };
  return [{ type: 'CoinsExchanged', data }];
};

export const decide = (c: WalletCommand, s: Wallet): WalletEvent[] => {
  switch (c.type) {
    case 'CreditRecharge': {
      const { orderId, asset, amount } = c.data;
      return [{ type: 'RechargeCredited', data: { ...entry('recharge', orderId, credit(s, asset, amount)), orderId, asset, amount } }];
    }
    case 'SendTransfer':
      return sendTransfer(c, s);
    case 'ReceiveTransfer': {
      const { transferId, fromUserId, amount } = c.data;
      return [{ type: 'TransferReceived', data: { ...entry('transfer_in', transferId, credit(s, 'cash', amount)), transferId, fromUserId, amount } }];
    }
    case 'RefundTransfer': {
      const { transferId, amount } = c.data;
      return [{ type: 'TransferRefunded', data: { ...entry('transfer_refund', transferId, credit(s, 'cash', amount)), transferId, amount } }];
    }
    case 'FundRedPacket': {
      validateRedPacketTerms(c.data);
      if (c.data.greeting !== undefined) requireText('greeting', c.data.greeting, { max: MAX_GREETING_LENGTH, multiline: true, blank: true });
      const out = debit(s, 'cash', c.data.total);
      return [{ type: 'RedPacketFunded', data: { ...entry('red_packet_out', c.data.redPacketId, out), ...redPacketTerms(c.data) } }];
    }
    case 'ReceiveRedPacketShare': {
      const { redPacketId, amount } = c.data;
      return [{ type: 'RedPacketShareReceived', data: { ...entry('red_packet_in', redPacketId, credit(s, 'cash', amount)), redPacketId, amount } }];
    }
    case 'RefundRedPacket': {
      const { redPacketId, amount } = c.data;
      return [{ type: 'RedPacketRefunded', data: { ...entry('red_packet_refund', redPacketId, credit(s, 'cash', amount)), redPacketId, amount } }];
    }
    case 'SendGift':
      return sendGift(c, s);
    case 'ReceiveGiftIncome': {
      const { giftSendId, fromUserId, amount } = c.data;
      return [{ type: 'GiftIncomeReceived', data: { ...entry('gift_in', giftSendId, credit(s, 'income', amount)), giftSendId, fromUserId, amount } }];
    }
    case 'ExchangeCoins':
      return exchange(c, s);
    case 'RequestWithdrawal': {
      const { withdrawalId, userId, asset, amount, account } = c.data;
      requireId('userId', userId);
      requireText('account', account, { max: MAX_WITHDRAWAL_ACCOUNT_LENGTH });
      const data = { ...entry('withdrawal', withdrawalId, debit(s, asset, amount)), withdrawalId, userId, asset, amount, account };
      return [{ type: 'WithdrawalRequested', data }];
    }
    case 'RefundWithdrawal': {
      const { withdrawalId, asset, amount } = c.data;
      return [{ type: 'WithdrawalRefunded', data: { ...entry('withdrawal_refund', withdrawalId, credit(s, asset, amount)), withdrawalId, asset, amount } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const walletStream = (userId: string): string => `wallet-${userId}`;

export const walletDecider: Decider<Wallet, WalletCommand, WalletEvent> = { initialState, evolve, decide };
