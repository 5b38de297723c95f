// The wallet's commands. Configuration a decision depends on (a gift's income share, an exchange
// rate, a withdrawal fee) arrives in the command, so replaying a stream needs no configuration.
import type { CommandMetadata } from '../aggregate.js';
import type { Asset } from '../assets.js';
import type { RedPacketTerms } from '../redPacket.js';
import type { PurchaseItem } from './events.js';

type Cmd<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };
export type CreditRecharge = Cmd<'CreditRecharge', { orderId: string; asset: Asset; amount: number }>;
export type SendTransfer = Cmd<
  'SendTransfer',
  { transferId: string; fromUserId: string; toUserId: string; asset?: Asset; amount: number; note?: string; expiresAt: string; instant?: true; groupId?: string }
>;
export type ReceiveTransfer = Cmd<'ReceiveTransfer', { transferId: string; fromUserId: string; asset?: Asset; amount: number }>;
export type RefundTransfer = Cmd<'RefundTransfer', { transferId: string; asset?: Asset; amount: number }>;
export type FundRedPacket = Cmd<'FundRedPacket', RedPacketTerms>;
export type ReceiveRedPacketShare = Cmd<'ReceiveRedPacketShare', { redPacketId: string; asset?: Asset; amount: number }>;
export type RefundRedPacket = Cmd<'RefundRedPacket', { redPacketId: string; asset?: Asset; amount: number }>;
/** `sharePercent` (0-100) is configuration; the service passes it so replays need no config. */
export type SendGift = Cmd<
  'SendGift',
  { giftSendId: string; fromUserId: string; giftId: string; toUserId: string; count: number; unitPrice: number; sharePercent: number; roomId?: string; postId?: string }
>;
export type ReceiveGiftIncome = Cmd<'ReceiveGiftIncome', { giftSendId: string; fromUserId: string; amount: number }>;
/** `rate` coins per minor unit of `from`, from configuration. */
export type ExchangeCoins = Cmd<'ExchangeCoins', { exchangeId: string; from: 'cash' | 'income'; amount: number; rate: number }>;
/** `fee` (from the asset's configured withdrawal fee) is held on top of the amount. */
export type RequestWithdrawal = Cmd<'RequestWithdrawal', { withdrawalId: string; userId: string; asset: Asset; amount: number; fee?: number; account: string }>;
/** `amount` is everything held: the withdrawal's amount and its fee. */
export type RefundWithdrawal = Cmd<'RefundWithdrawal', { withdrawalId: string; asset: Asset; amount: number }>;
export type PayAaShare = Cmd<'PayAaShare', { aaId: string; payerId: string; payeeId: string; asset: Asset; amount: number }>;
export type ReceiveAaShare = Cmd<'ReceiveAaShare', { aaId: string; payerId: string; asset: Asset; amount: number }>;
export type RefundAaShare = Cmd<'RefundAaShare', { aaId: string; asset: Asset; amount: number }>;
/** Only for platform wallets (`platform:<account>`): the service never sends it to a user's wallet. */
export type ReceivePlatformFee = Cmd<'ReceivePlatformFee', { source: 'withdrawal' | 'group_join'; sourceId: string; userId: string; asset: Asset; amount: number }>;
export type PayPurchase = Cmd<'PayPurchase', { purchaseId: string; userId: string; item: PurchaseItem; asset: Asset; amount: number }>;
/** A guest's reserved share, claimed when their device signed in (RedPacketGuestClaimed). */
export type CreditGuestShare = Cmd<'CreditGuestShare', { redPacketId: string; mark: string; asset?: Asset; amount: number }>;
/** A paid join's fee (its seat already held); `platformShare` of it goes to `platform:fees`. */
export type PayGroupFee = Cmd<'PayGroupFee', { paymentRef: string; groupId: string; payerId: string; ownerId: string; asset: Asset; amount: number; platformShare: number }>;
/** The owner's part of a paid join's fee (`amount` is the whole fee; the owner gets amount - platformShare). */
export type ReceiveGroupFee = Cmd<'ReceiveGroupFee', { paymentRef: string; groupId: string; payerId: string; asset: Asset; amount: number; platformShare: number }>;
export type ReceiveSale = Cmd<'ReceiveSale', { purchaseId: string; userId: string; item: PurchaseItem; asset: Asset; amount: number }>;

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
  | RefundWithdrawal
  | PayAaShare
  | ReceiveAaShare
  | RefundAaShare
  | ReceivePlatformFee
  | PayPurchase
  | ReceiveSale
  | CreditGuestShare
  | PayGroupFee
  | ReceiveGroupFee;
