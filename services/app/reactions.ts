// The second half of every cross-aggregate flow, as data: which command follows which event.
// Pure: an event in, the next command out (or null), with a command id derived from the event id,
// so whoever runs it (the use case at once, so its answer can include it; the process manager
// again from the log, so a crash in between is finished later) runs it once: the command bus
// answers whoever comes second with the first result. Unit-tested without a bus.
import { aaStream, type AaCommand } from '../../domain/aaCollection.js';
import type { CommandMetadata } from '../../domain/aggregate.js';
import { assetField } from '../../domain/assets.js';
import type { Stored } from '../../domain/events.js';
import type { AnyDomainEvent, EventOf } from '../../domain/index.js';
import { redPacketStream, type RedPacketCommand } from '../../domain/redPacket.js';
import { transferStream, type TransferCommand } from '../../domain/transfer.js';
import { platformWalletStream, walletStream, type WalletCommand } from '../../domain/wallet/index.js';
import { withdrawalStream, type WithdrawalCommand } from '../../domain/withdrawal.js';
import { derivedCommandId } from '../shared/ids.js';
import { creditGroupFeeShare, creditGroupOwner } from './groupFeeReactions.js';

export type WalletReaction = { kind: 'wallet'; streamId: string; command: WalletCommand };
export type Reaction =
  | WalletReaction
  // `creates`: the command starts the stream, named by an id its cause allocated (the bus's `fresh`).
  | { kind: 'red-packet'; streamId: string; command: RedPacketCommand; creates?: true }
  | { kind: 'transfer'; streamId: string; command: TransferCommand; creates?: true }
  | { kind: 'withdrawal'; streamId: string; command: WithdrawalCommand; creates?: true }
  | { kind: 'aa'; streamId: string; command: AaCommand };

const meta = (cause: Stored<AnyDomainEvent>, step: string): CommandMetadata => ({
  commandId: derivedCommandId(cause.id, step),
  causationId: cause.id,
  at: cause.metadata.at,
  ...(typeof cause.metadata.correlationId === 'string' ? { correlationId: cause.metadata.correlationId } : {}),
});

const wallet = (userId: string, command: WalletCommand): WalletReaction => ({ kind: 'wallet', streamId: walletStream(userId), command });

/** RedPacketGrabbed → the grabber's wallet is credited. */
export const creditGrab = (e: Stored<EventOf<'RedPacketGrabbed'>>): WalletReaction =>
  wallet(e.data.userId, {
    type: 'ReceiveRedPacketShare',
    data: { redPacketId: e.data.redPacketId, ...assetField(e.data.asset), amount: e.data.amount },
    metadata: meta(e, 'credit-grab'),
  });

/** RedPacketGuestClaimed → the claimer's wallet is credited (`guest_credit`). */
export const creditGuestClaim = (e: Stored<EventOf<'RedPacketGuestClaimed'>>): WalletReaction =>
  wallet(e.data.userId, {
    type: 'CreditGuestShare',
    data: { redPacketId: e.data.redPacketId, mark: e.data.mark, ...assetField(e.data.asset), amount: e.data.amount },
    metadata: meta(e, 'credit-guest-claim'),
  });

/** TransferAccepted → the recipient is credited. */
export const creditTransfer = (e: Stored<EventOf<'TransferAccepted'>>): WalletReaction =>
  wallet(e.data.toUserId, {
    type: 'ReceiveTransfer',
    data: { transferId: e.data.transferId, fromUserId: e.data.fromUserId, ...assetField(e.data.asset), amount: e.data.amount },
    metadata: meta(e, 'credit-transfer'),
  });

/** AaSharePaid → the collection records the payment (or refuses it, and the share goes back). */
export const recordAaPayment = (e: Stored<EventOf<'AaSharePaid'>>): Reaction => {
  const { aaId, payerId, asset, amount } = e.data;
  return { kind: 'aa', streamId: aaStream(aaId), command: { type: 'RecordAaPayment', data: { aaId, payerId, asset, amount }, metadata: meta(e, 'record-aa-payment') } };
};

/** AaPaymentRecorded → the payee is credited; AaPaymentRefused → the payer is refunded. */
export const settleAaPayment = (e: Stored<EventOf<'AaPaymentRecorded' | 'AaPaymentRefused'>>): WalletReaction => {
  const { aaId, payerId, asset, amount } = e.data;
  return e.type === 'AaPaymentRecorded'
    ? wallet(e.data.payeeId, { type: 'ReceiveAaShare', data: { aaId, payerId, asset, amount }, metadata: meta(e, 'credit-aa-share') })
    : wallet(payerId, { type: 'RefundAaShare', data: { aaId, asset, amount }, metadata: meta(e, 'refund-aa-share') });
};

/** Withdrawal events that move money: the fee of a paid-out one, everything held for a rejected one. */
const withdrawalMoney = (e: Stored<EventOf<'WithdrawalApproved' | 'WithdrawalRejected'>>): WalletReaction | null => {
  const { withdrawalId, userId, asset, amount, fee = 0 } = e.data;
  if (e.type === 'WithdrawalRejected') {
    return wallet(userId, { type: 'RefundWithdrawal', data: { withdrawalId, asset, amount: amount + fee }, metadata: meta(e, 'refund-withdrawal') });
  }
  if (fee <= 0) return null;
  return {
    kind: 'wallet',
    streamId: platformWalletStream('fees'),
    command: { type: 'ReceivePlatformFee', data: { source: 'withdrawal', sourceId: withdrawalId, userId, asset, amount: fee }, metadata: meta(e, 'credit-withdrawal-fee') },
  };
};

/** RechargeOrderPaid → the user's wallet is credited once. */
export const creditRecharge = (e: Stored<EventOf<'RechargeOrderPaid'>>): WalletReaction =>
  wallet(e.data.userId, { type: 'CreditRecharge', data: { orderId: e.data.orderId, asset: e.data.asset, amount: e.data.amount }, metadata: meta(e, 'credit-recharge') });

/** Which command follows an event, if any. */
export const reactionTo = (e: Stored<AnyDomainEvent>): Reaction | null => {
  switch (e.type) {
    case 'RedPacketFunded': {
      const { reason: _r, refId: _ref, changes: _c, ...terms } = e.data;
      return { kind: 'red-packet', streamId: redPacketStream(terms.redPacketId), command: { type: 'CreateRedPacket', data: terms, metadata: meta(e, 'create-red-packet') }, creates: true };
    }
    case 'RedPacketGrabbed':
      return creditGrab(e);
    case 'RedPacketGuestClaimed':
      return creditGuestClaim(e);
    case 'RedPacketExpired': {
      // A fully grabbed packet owes nothing (see domain/README.md).
      const { redPacketId, asset, refundAmount } = e.data;
      if (refundAmount <= 0) return null;
      return wallet(e.data.senderId, { type: 'RefundRedPacket', data: { redPacketId, ...assetField(asset), amount: refundAmount }, metadata: meta(e, 'refund-red-packet') });
    }
    case 'TransferSent': {
      const { transferId, fromUserId, toUserId, asset, amount, note, expiresAt, instant, groupId } = e.data;
      const data = { transferId, fromUserId, toUserId, ...assetField(asset), amount, expiresAt, ...(note !== undefined ? { note } : {}), ...(instant ? { instant } : {}), ...(groupId !== undefined ? { groupId } : {}) };
      return { kind: 'transfer', streamId: transferStream(transferId), command: { type: 'CreateTransfer', data, metadata: meta(e, 'create-transfer') }, creates: true };
    }
    case 'TransferAccepted':
      return creditTransfer(e);
    case 'TransferReturned':
    case 'TransferExpired':
      return wallet(e.data.fromUserId, {
        type: 'RefundTransfer',
        data: { transferId: e.data.transferId, ...assetField(e.data.asset), amount: e.data.amount },
        metadata: meta(e, 'refund-transfer'),
      });
    case 'GiftSent':
      // Asynchronous on purpose: a hot receiver is one batched mailbox, not a row lock.
      if (e.data.incomeAmount <= 0) return null;
      return wallet(e.data.toUserId, {
        type: 'ReceiveGiftIncome',
        data: { giftSendId: e.data.giftSendId, fromUserId: e.data.fromUserId, amount: e.data.incomeAmount },
        metadata: meta(e, 'credit-gift-income'),
      });
    case 'RechargeOrderPaid':
      return creditRecharge(e);
    case 'WithdrawalRequested': {
      const { withdrawalId, userId, asset, amount, fee, account } = e.data;
      const data = { withdrawalId, userId, asset, amount, ...(fee ? { fee } : {}), account };
      return { kind: 'withdrawal', streamId: withdrawalStream(withdrawalId), command: { type: 'CreateWithdrawal', data, metadata: meta(e, 'create-withdrawal') }, creates: true };
    }
    case 'WithdrawalApproved':
    case 'WithdrawalRejected':
      return withdrawalMoney(e);
    case 'AaSharePaid':
      return recordAaPayment(e);
    case 'AaPaymentRecorded':
    case 'AaPaymentRefused':
      return settleAaPayment(e);
    case 'PurchasePaid': {
      const { purchaseId, userId, item, asset, amount } = e.data;
      return { kind: 'wallet', streamId: platformWalletStream('sales'), command: { type: 'ReceiveSale', data: { purchaseId, userId, item, asset, amount }, metadata: meta(e, 'credit-sale') } };
    }
    case 'GroupFeePaid':
      return creditGroupOwner(e);
    case 'GroupFeeReceived':
      return creditGroupFeeShare(e);
    // Events that end their flow (or start none): listed, so a new event type is a decision here.
    case 'CoinsExchanged':
    case 'GiftIncomeReceived':
    case 'RechargeCredited':
    case 'RedPacketRefunded':
    case 'RedPacketShareReceived':
    case 'TransferReceived':
    case 'TransferRefunded':
    case 'WithdrawalRefunded':
    case 'RedPacketCreated':
    case 'TransferCreated':
    case 'RechargeOrderCreated':
    case 'RechargeOrderFailed':
    case 'RechargeOrderCancelled':
    case 'WithdrawalCreated':
    case 'AaShareReceived':
    case 'AaShareRefunded':
    case 'PlatformFeeReceived':
    case 'SaleReceived':
    case 'GuestShareCredited':
    case 'RedPacketGuestReserved':
    case 'AaCollectionStarted':
    case 'AaCollectionFinished':
    case 'AaCollectionExpired':
    case 'PayPasswordSet':
    case 'PayoutAccountAdded':
    case 'PayoutAccountRemoved':
    case 'FeedCoverSet':
    case 'FeedSwitchSet':
    case 'PayPasswordAttemptFailed':
    case 'PayPasswordFailuresCleared':
    case 'RoomCreated':
    case 'RoomMemberJoined':
    case 'RoomMemberLeft':
    case 'RoomMemberBanned':
    case 'RoomClosed':
    case 'RoomReopened':
    case 'RoomDeleted':
    case 'RoomDetailsChanged':
    case 'RoomGuestEntered':
    case 'RoomGuestLeft':
    case 'RoomMemberMuted':
    case 'RoomMemberUnmuted':
    case 'GroupCreated':
    case 'GroupMembersAdded':
    case 'GroupMemberRemoved':
    case 'GroupDismissed':
    case 'GroupProfileUpdated':
    case 'GroupPermissionsSet':
    case 'GroupMemberRoleChanged':
    case 'GroupOwnershipOffered':
    case 'GroupOwnershipOfferCancelled':
    case 'GroupOwnershipTransferred':
    // A paid join (kind `payment`) waits for the money flow to call admitPaidJoin: no reaction yet.
    case 'GroupJoinRequested':
    case 'GroupJoinApproved':
    case 'GroupJoinRejected':
    case 'GroupPaidSeatHeld':
    case 'GroupPaidSeatReleased':
    case 'GroupMemberMuted':
    case 'GroupMemberUnmuted':
    case 'GroupMuteAllSet':
    case 'GroupMemberNicknameSet':
    case 'GroupMemberExtSet':
    case 'GroupMemberJoinMethodRecorded':
    case 'GroupNoticePosted':
    case 'GroupNoticeEdited':
    case 'GroupNoticeDeleted':
    case 'GroupLevelSet':
    case 'GroupLevelExpired':
    case 'GroupMarkIdAllocated':
    case 'UserRegistered':
    case 'ProfileUpdated':
    case 'RoleGranted':
    case 'PhoneClaimed':
    case 'MessageSent':
    case 'MessageRecalled':
    case 'MessageDeleted':
    case 'ConversationRead':
    case 'ConversationSettingChanged':
    case 'ChatSkinSet':
    case 'MessageHiddenForMe':
    case 'ReminderScheduled':
    case 'ReminderCancelled':
    case 'ReminderDue':
    case 'FavoriteAdded':
    case 'FavoriteRemoved':
    case 'ContentFavoriteAdded':
    case 'ProfileDetailsUpdated':
    case 'PhotoWallSet':
    case 'PrivacyChanged':
    case 'RealNameSubmitted':
    case 'RealNameApproved':
    case 'RealNameRejected':
    case 'DisplayNumberAssigned':
    case 'DisplayNumberReplaced':
    case 'ExternalIdentityLinked':
    case 'PhoneBound':
    case 'PasswordChanged':
    case 'AccountMuted':
    case 'StaffPositionSet':
    case 'CompanyIdSet':
    case 'DisplayNumberClaimed':
    case 'ExternalIdentityClaimed':
    // The social graph decides each pair in one stream and each owner's contacts in another: no flow follows.
    case 'UserFollowed':
    case 'UserUnfollowed':
    case 'FriendRequested':
    case 'FriendRequestAccepted':
    case 'FriendRequestRejected':
    case 'FriendRequestCancelled':
    case 'FriendRequestWithdrawn':
    case 'ShakeMatched':
    case 'FriendAdded':
    case 'FriendRemoved':
    case 'UserBlocked':
    case 'UserUnblocked':
    case 'RemarkSet':
    case 'RemarkCleared':
    case 'CommonlyUsedSet':
    case 'TagCreated':
    case 'TagRenamed':
    case 'TagDeleted':
    case 'FriendsTagged':
    case 'FriendUntagged':
    case 'PostPublished':
    case 'PostEdited':
    case 'PostDeleted':
    case 'PostApproved':
    case 'PostRejected':
    case 'PostLiked':
    case 'PostUnliked':
    case 'CommentAdded':
    case 'CommentDeleted':
    case 'CommentLiked':
    case 'CommentUnliked':
    case 'PostListened':
    // Media and moderation: an approved avatar is applied by the decide use case (services/app/reviews.ts).
    case 'MediaUploaded':
    case 'ReportFiled':
    case 'ReportResolved':
    case 'ReviewRequested':
    case 'ReviewApproved':
    case 'ReviewRejected':
    case 'ShakeRecordRemoved':
      return null;
    default: {
      const never: never = e;
      return never;
    }
  }
};

/** The event types some reaction follows (the process manager subscribes to these). */
export const reactedTypes = [
  'RedPacketFunded',
  'RedPacketGrabbed',
  'RedPacketExpired',
  'RedPacketGuestClaimed',
  'TransferSent',
  'TransferAccepted',
  'TransferReturned',
  'TransferExpired',
  'GiftSent',
  'RechargeOrderPaid',
  'WithdrawalRequested',
  'WithdrawalApproved',
  'WithdrawalRejected',
  'AaSharePaid',
  'AaPaymentRecorded',
  'AaPaymentRefused',
  'PurchasePaid',
] as const satisfies readonly AnyDomainEvent['type'][];
