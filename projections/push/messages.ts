// The messages the push service announces, from the events that cause them. Pure and typed: a
// stored event in, its drafts out (no seq yet: store.ts numbers them per channel). The switch is
// exhaustive over every domain event, so a new event is a decision here, and a draft's payload is
// the schema contracts/push.ts gives its message type.
import { channel, type PushDraft } from '../../contracts/push.js';
import type { Stored, StoredEvent } from '../../domain/events.js';
import { isPlatformOwner, type WalletEvent } from '../../domain/wallet/index.js';
import { asDomainEvent, streamOwner, type EventType } from '../../domain/index.js';
import type { RedPacketTerms } from '../../domain/redPacket.js';
import { chatMessages } from './chat.js';
import { groupEventTypes, groupMessages, groupRevocations } from './groups.js';
import { aaMessages as aa, transfer } from './money.js';
import { socialMessages } from './social.js';
import { isPostEvent, postEventTypes, postGiftMessages, postMessages } from './posts.js';
import { reviewEventTypes, reviewMessages } from './moderation.js';
import { roomMember, roomMuted } from './roomMembers.js';

/** Where a red packet's messages go (its target's channel), by red packet id. */
export type ChannelLookup = Pick<ReadonlyMap<string, string>, 'get'>;

/** Where a red packet was sent: its target as a channel. */
export const redPacketChannel = (target: RedPacketTerms['target']): string => channel[target.type](target.id);

const wallet = (e: Stored<WalletEvent>): PushDraft[] => {
  const owner = streamOwner(e.streamId);
  // A platform account is nobody's channel: operators read it over HTTP.
  if (owner?.kind !== 'wallet' || isPlatformOwner(owner.id)) return [];
  // The ledger entry is what a wallet screen needs; a red packet's pre-split shares are for no one's eyes.
  return [{ channel: channel.user(owner.id), type: 'wallet', data: { reason: e.data.reason, refId: e.data.refId, changes: e.data.changes } }];
};

/**
 * Maps one stored event to the messages it announces. `redPacketChannels` gives the channel of
 * each red packet already known (a grab does not repeat its target); the caller adds a packet to
 * it when it sees the packet created (see redPacketTargetOf).
 */
export const toPushMessages = (stored: StoredEvent, redPacketChannels: ChannelLookup = new Map()): PushDraft[] => {
  const e = asDomainEvent(stored);
  if (!e) return [];
  if (isPostEvent(e)) return postMessages(e);
  switch (e.type) {
    case 'GiftSent': {
      const d = e.data;
      const gift: PushDraft[] =
        d.roomId === undefined
          ? []
          : [{ channel: channel.room(d.roomId), type: 'gift', data: { giftSendId: d.giftSendId, giftId: d.giftId, fromUserId: d.fromUserId, toUserId: d.toUserId, count: d.count, unitPrice: d.unitPrice, roomId: d.roomId, value: d.coinsSpent } }];
      return [...wallet(e), ...gift, ...postGiftMessages(e)];
    }
    case 'RechargeCredited':
    case 'TransferSent':
    case 'TransferReceived':
    case 'TransferRefunded':
    case 'RedPacketFunded':
    case 'RedPacketShareReceived':
    case 'RedPacketRefunded':
    case 'GiftIncomeReceived':
    case 'CoinsExchanged':
    case 'WithdrawalRequested':
    case 'WithdrawalRefunded':
    case 'AaSharePaid':
    case 'AaShareReceived':
    case 'AaShareRefunded':
    case 'PlatformFeeReceived':
    case 'PurchasePaid':
    case 'SaleReceived':
    case 'GuestShareCredited':
    case 'GroupFeePaid':
    case 'GroupFeeReceived':
      return wallet(e);
    case 'RedPacketGuestReserved':
    case 'RedPacketGuestClaimed':
      // A guest device has no channel; the claimer hears of it as a wallet message (GuestShareCredited).
      return [];
    case 'AaCollectionStarted':
    case 'AaPaymentRecorded':
    case 'AaCollectionFinished':
    case 'AaCollectionExpired':
      return aa(e);
    case 'RoomMemberJoined':
      return roomMember('joined', e.data);
    case 'RoomMemberLeft':
      return roomMember('left', e.data);
    case 'RoomMemberBanned':
      return roomMember('banned', e.data);
    case 'RoomClosed':
      return [{ channel: channel.room(e.data.roomId), type: 'room.closed', data: { roomId: e.data.roomId, by: e.data.closedBy } }];
    case 'RoomReopened': {
      const { roomId, reopenedBy, ...shown } = e.data;
      return [{ channel: channel.room(roomId), type: 'room.reopened', data: { roomId, by: reopenedBy, ...shown } }];
    }
    case 'RoomDeleted':
      return [{ channel: channel.room(e.data.roomId), type: 'room.deleted', data: { roomId: e.data.roomId, by: e.data.deletedBy } }];
    case 'RoomDetailsChanged':
      return [{ channel: channel.room(e.data.roomId), type: 'room.updated', data: e.data }];
    case 'RoomMemberMuted':
      return roomMuted(e.data.roomId, e.data.userId, e.data.until);
    case 'RoomMemberUnmuted':
      return roomMuted(e.data.roomId, e.data.userId, null);
    case 'TransferCreated':
      // An instant payment is announced once, as accepted (its TransferAccepted follows at once).
      return e.data.instant ? [] : transfer('pending', e.data);
    case 'TransferAccepted':
      return transfer('accepted', e.data);
    case 'TransferReturned':
      return transfer('returned', e.data);
    case 'TransferExpired':
      return transfer('expired', e.data);
    case 'RedPacketCreated': {
      const ch = redPacketChannels.get(e.data.redPacketId) ?? redPacketChannel(e.data.target);
      const { redPacketId, senderId, kind, total, count, greeting, expiresAt } = e.data;
      return [{ channel: ch, type: 'red_packet', data: { action: 'created', redPacketId, senderId, kind, total, count, expiresAt, ...(greeting !== undefined ? { greeting } : {}) } }];
    }
    case 'RedPacketGrabbed': {
      const ch = redPacketChannels.get(e.data.redPacketId);
      const { redPacketId, userId, amount, remainingCount, remainingAmount } = e.data;
      return ch ? [{ channel: ch, type: 'red_packet', data: { action: 'grabbed', redPacketId, userId, amount, remainingCount, remainingAmount } }] : [];
    }
    case 'RedPacketExpired': {
      const ch = redPacketChannels.get(e.data.redPacketId);
      const { redPacketId, senderId, refundAmount, remainingCount } = e.data;
      return ch ? [{ channel: ch, type: 'red_packet', data: { action: 'expired', redPacketId, senderId, refundAmount, remainingCount } }] : [];
    }
    case 'RealNameApproved':
      return [{ channel: channel.user(e.data.userId), type: 'account', data: { action: 'real_name', status: 'approved' } }];
    case 'RealNameRejected': {
      const reason = e.data.reason;
      return [{ channel: channel.user(e.data.userId), type: 'account', data: { action: 'real_name', status: 'rejected', ...(reason !== undefined ? { reason } : {}) } }];
    }
    case 'ProfileUpdated':
      return [{ channel: channel.user(e.data.userId), type: 'profile', data: e.data }];
    case 'AccountMuted':
      return [{ channel: channel.user(e.data.userId), type: 'account', data: { action: 'muted', until: e.data.until, at: e.metadata.at } }];
    case 'MessageSent':
    case 'MessageRecalled':
    case 'MessageDeleted':
    case 'ConversationRead':
    case 'ReminderDue':
    case 'ConversationSettingChanged':
    case 'ChatSkinSet':
    case 'MessageHiddenForMe':
    case 'ReminderScheduled':
    case 'ReminderCancelled':
    case 'FavoriteAdded':
    case 'FavoriteRemoved':
    case 'ContentFavoriteAdded':
      return chatMessages(e);
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
      return groupMessages(e);
    case 'RoomCreated':
    case 'RoomGuestEntered':
    case 'RoomGuestLeft':
    case 'GroupMarkIdAllocated':
    case 'RechargeOrderCreated':
    case 'RechargeOrderPaid':
    case 'RechargeOrderFailed':
    case 'RechargeOrderCancelled':
    case 'WithdrawalCreated':
    case 'WithdrawalApproved':
    case 'WithdrawalRejected':
    case 'UserRegistered':
    case 'RoleGranted':
    case 'PhoneClaimed':
    case 'AaPaymentRefused':
    case 'PayPasswordSet':
    case 'PayoutAccountAdded':
    case 'PayoutAccountRemoved':
    case 'FeedCoverSet':
    case 'FeedSwitchSet':
    case 'PayPasswordAttemptFailed':
    case 'PayPasswordFailuresCleared':
    case 'ProfileDetailsUpdated':
    case 'PhotoWallSet':
    case 'PrivacyChanged':
    case 'RealNameSubmitted':
    case 'DisplayNumberAssigned':
    case 'DisplayNumberReplaced':
    case 'ExternalIdentityLinked':
    case 'PhoneBound':
    case 'PasswordChanged':
    case 'StaffPositionSet':
    case 'CompanyIdSet':
    case 'DisplayNumberClaimed':
    case 'ExternalIdentityClaimed':
      return [];
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
      return socialMessages(e);
    case 'MediaUploaded':
    case 'ReportFiled':
    case 'ReportResolved':
    case 'ShakeRecordRemoved':
      return [];
    case 'ReviewRequested':
    case 'ReviewApproved':
    case 'ReviewRejected':
      return reviewMessages(e);
    default: {
      const never: never = e;
      return never;
    }
  }
};

/** Every event type that can produce a message; the projector skips the rest cheaply. */
export const pushEventTypes: readonly EventType[] = [
  'GiftSent',
  'RechargeCredited',
  'TransferSent',
  'TransferReceived',
  'TransferRefunded',
  'RedPacketFunded',
  'RedPacketShareReceived',
  'RedPacketRefunded',
  'GiftIncomeReceived',
  'CoinsExchanged',
  'WithdrawalRequested',
  'WithdrawalRefunded',
  'RoomMemberJoined',
  'RoomMemberLeft',
  'RoomMemberBanned',
  'RoomClosed',
  'RoomReopened',
  'RoomDeleted',
  'RoomDetailsChanged',
  'RoomMemberMuted',
  'RoomMemberUnmuted',
  'TransferCreated',
  'TransferAccepted',
  'TransferReturned',
  'TransferExpired',
  'RedPacketCreated',
  'RedPacketGrabbed',
  'RedPacketExpired',
  'MessageSent',
  'MessageRecalled',
  'MessageDeleted',
  'ConversationRead',
  'ReminderDue',
  'RealNameApproved',
  'AccountMuted',
  'ProfileUpdated',
  'RealNameRejected',
  'FriendRequested',
  'FriendRequestWithdrawn',
  'ShakeMatched',
  'FriendRequestAccepted',
  'FriendRequestRejected',
  'FriendAdded',
  'UserFollowed',
  ...groupEventTypes,
  'AaSharePaid',
  'AaShareReceived',
  'AaShareRefunded',
  'PlatformFeeReceived',
  'PurchasePaid',
  'SaleReceived',
  'GuestShareCredited',
  'GroupFeePaid',
  'GroupFeeReceived',
  'AaCollectionStarted',
  'AaPaymentRecorded',
  'AaCollectionFinished',
  'AaCollectionExpired',
  ...postEventTypes,
  ...reviewEventTypes,
];

/** The channel a RedPacketCreated event targets, or undefined for any other event. */
export const redPacketTargetOf = (stored: StoredEvent): { redPacketId: string; channel: string } | undefined => {
  const e = asDomainEvent(stored);
  return e?.type === 'RedPacketCreated' ? { redPacketId: e.data.redPacketId, channel: redPacketChannel(e.data.target) } : undefined;
};

export const revocationEventTypes: readonly EventType[] = ['GroupMemberRemoved', 'GroupDismissed'];

/**
 * Who loses a channel with this event (a member who left or was kicked, every member of a
 * dismissed group): the gateway ends their subscriptions to it at once, before this event's
 * messages and any later message of the channel are fanned out.
 */
export const revocationsOf = (stored: StoredEvent): { channel: string; userId: string }[] => {
  const e = asDomainEvent(stored);
  return e ? groupRevocations(e) : [];
};
