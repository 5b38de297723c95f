// The wallet's events. Every one is a ledger entry: it names its reason and reference and lists
// each balance change with the balance after it, so the ledger read model and an auditor read
// amounts instead of recomputing them. A debit that starts a cross-aggregate flow (transfer, red
// packet, gift, withdrawal, AA payment) carries the whole intent; process managers finish the
// other streams from it.
//
// `asset` on transfer and red-packet events is absent for cash (they were cash-only before assets
// existed, and cash events keep that shape); events of flows born with assets always name theirs.
import type { Asset } from '../assets.js';
import type { RedPacketTerms } from '../redPacket.js';

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
  | 'withdrawal_refund'
  | 'aa_pay'
  | 'aa_receive'
  | 'aa_refund'
  | 'fee'
  | 'purchase'
  | 'sale'
  | 'guest_credit'
  | 'group_fee'
  | 'group_fee_in';
export type BalanceChange = { asset: Asset; delta: number; balanceAfter: number };
export type Entry<R extends LedgerReason> = { reason: R; refId: string; changes: BalanceChange[] };

export type RechargeCredited = { type: 'RechargeCredited'; data: Entry<'recharge'> & { orderId: string; asset: Asset; amount: number } };
export type TransferSent = {
  type: 'TransferSent';
  data: Entry<'transfer_out'> & {
    transferId: string;
    fromUserId: string;
    toUserId: string;
    asset?: Asset;
    amount: number;
    note?: string;
    expiresAt: string;
    /** Instant payment (a QR receipt, pay-at-once): settled to the recipient without an accept step. */
    instant?: true;
    /** Sent in this group's conversation, to a member (a group-context transfer, 003). */
    groupId?: string;
  };
};
export type TransferReceived = { type: 'TransferReceived'; data: Entry<'transfer_in'> & { transferId: string; fromUserId: string; asset?: Asset; amount: number } };
export type TransferRefunded = { type: 'TransferRefunded'; data: Entry<'transfer_refund'> & { transferId: string; asset?: Asset; amount: number } };
export type RedPacketFunded = { type: 'RedPacketFunded'; data: Entry<'red_packet_out'> & RedPacketTerms };
export type RedPacketShareReceived = { type: 'RedPacketShareReceived'; data: Entry<'red_packet_in'> & { redPacketId: string; asset?: Asset; amount: number } };
export type RedPacketRefunded = { type: 'RedPacketRefunded'; data: Entry<'red_packet_refund'> & { redPacketId: string; asset?: Asset; amount: number } };
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
    /** A gift to a post (its author is toUserId): counts toward the post's gift value. */
    postId?: string;
  };
};
export type GiftIncomeReceived = { type: 'GiftIncomeReceived'; data: Entry<'gift_in'> & { giftSendId: string; fromUserId: string; amount: number } };
export type CoinsExchanged = {
  type: 'CoinsExchanged';
  data: Entry<'exchange'> & { exchangeId: string; from: 'cash' | 'income'; amount: number; rate: number; credited: number };
};
/** The wallet holds `amount + fee` (fee only when one is charged); `amount` is what is paid out. */
export type WithdrawalRequested = {
  type: 'WithdrawalRequested';
  data: Entry<'withdrawal'> & { withdrawalId: string; userId: string; asset: Asset; amount: number; fee?: number; account: string };
};
/** `amount` is everything the wallet held for the withdrawal: the amount and its fee. */
export type WithdrawalRefunded = { type: 'WithdrawalRefunded'; data: Entry<'withdrawal_refund'> & { withdrawalId: string; asset: Asset; amount: number } };
/** The payer's share of an AA collection, debited before the collection records it. */
export type AaSharePaid = { type: 'AaSharePaid'; data: Entry<'aa_pay'> & { aaId: string; payerId: string; payeeId: string; asset: Asset; amount: number } };
export type AaShareReceived = { type: 'AaShareReceived'; data: Entry<'aa_receive'> & { aaId: string; payerId: string; asset: Asset; amount: number } };
/** A share the collection refused (finished, expired, already paid): it goes back to the payer. */
export type AaShareRefunded = { type: 'AaShareRefunded'; data: Entry<'aa_refund'> & { aaId: string; asset: Asset; amount: number } };
/** A platform account (wallet `platform:fees`) credited with a fee; `source` and `sourceId` name what charged it. */
export type PlatformFeeReceived = {
  type: 'PlatformFeeReceived';
  data: Entry<'fee'> & { source: 'withdrawal' | 'group_join'; sourceId: string; userId: string; asset: Asset; amount: number };
};
/**
 * A paid group join's fee, debited from the joiner (refId: the payment) once its seat is held. The
 * owner is credited `amount - platformShare` (GroupFeeReceived), `platform:fees` the share
 * (PlatformFeeReceived, source `group_join`, sourceId the payment).
 */
export type GroupFeePaid = {
  type: 'GroupFeePaid';
  data: Entry<'group_fee'> & { paymentRef: string; groupId: string; payerId: string; ownerId: string; asset: Asset; amount: number; platformShare: number };
};
/** The owner's part of a paid join's fee. */
export type GroupFeeReceived = {
  type: 'GroupFeeReceived';
  data: Entry<'group_fee_in'> & { paymentRef: string; groupId: string; payerId: string; asset: Asset; amount: number; platformShare: number };
};
/** A user pays the platform for something it sells (the price is the service's); `item` says what. */
export type PurchasePaid = { type: 'PurchasePaid'; data: Entry<'purchase'> & { purchaseId: string; userId: string; item: PurchaseItem; asset: Asset; amount: number } };
/** The platform's `sales` account credited with a purchase. */
export type SaleReceived = { type: 'SaleReceived'; data: Entry<'sale'> & { purchaseId: string; userId: string; item: PurchaseItem; asset: Asset; amount: number } };
/** A red-packet share reserved by a guest device, credited when that device signed in as this user. */
export type GuestShareCredited = { type: 'GuestShareCredited'; data: Entry<'guest_credit'> & { redPacketId: string; mark: string; asset?: Asset; amount: number } };
export type PurchaseItem = { kind: string; id: string };

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
  | WithdrawalRefunded
  | AaSharePaid
  | AaShareReceived
  | AaShareRefunded
  | PlatformFeeReceived
  | PurchasePaid
  | SaleReceived
  | GuestShareCredited
  | GroupFeePaid
  | GroupFeeReceived;

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
  AaSharePaid: true,
  AaShareReceived: true,
  AaShareRefunded: true,
  PlatformFeeReceived: true,
  PurchasePaid: true,
  SaleReceived: true,
  GuestShareCredited: true,
  GroupFeePaid: true,
  GroupFeeReceived: true,
};

export const walletEventTypes: readonly WalletEvent['type'][] = Object.keys(isWalletEvent) as WalletEvent['type'][];
export const isWalletEventType = (type: string): type is WalletEvent['type'] => Object.hasOwn(isWalletEvent, type);
