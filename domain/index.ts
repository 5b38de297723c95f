// The one registry of what the domain holds: every aggregate (its stream prefix and decider)
// and every event type. The compiler keeps both complete: a new event missing from
// `eventOwners` does not compile, and projections, reactions, push and the audit switch over
// AnyDomainEvent, so they learn of it too.
import type { Command, Decider, DomainEvent } from './aggregate.js';
import type { Stored, StoredEvent } from './events.js';
import { aaDecider, type AaEvent } from './aaCollection.js';
import { accountDecider, type AccountEvent } from './account.js';
import { conversationDecider, type ConversationEvent } from './conversation.js';
import { inboxDecider, type InboxEvent } from './inbox.js';
import { displayNumberDecider, type DisplayNumberEvent } from './displayNumber.js';
import { externalIdentityDecider, type ExternalIdentityEvent } from './externalIdentity.js';
import { groupDecider, type GroupEvent } from './group.js';
import { groupMarksDecider, type GroupMarkEvent } from './groupMarks.js';
import { payPasswordDecider, type PayPasswordEvent } from './payPassword.js';
import { payoutAccountsDecider, type PayoutAccountEvent } from './payoutAccounts.js';
import { phoneDecider, type PhoneEvent } from './phone.js';
import { rechargeOrderDecider, type RechargeOrderEvent } from './rechargeOrder.js';
import { redPacketDecider, type RedPacketEvent } from './redPacket.js';
import { roomDecider, type RoomEvent } from './room.js';
import { transferDecider, type TransferEvent } from './transfer.js';
import { walletDecider, type WalletEvent } from './wallet/index.js';
import { withdrawalDecider, type WithdrawalEvent } from './withdrawal.js';
import { relationDecider, type RelationEvent } from './relation.js';
import { contactsDecider, type ContactsEvent } from './contacts.js';
import { postDecider, type PostEvent } from './post.js';
import { mediaDecider, type MediaEvent } from './media.js';
import { reportDecider, type ReportEvent } from './report.js';
import { reviewDecider, type ReviewEvent } from './review.js';
import { feedPrefsDecider, type FeedPrefsEvent } from './feedPrefs.js';
import { shakeHistoryDecider, type ShakeHistoryEvent } from './shakeHistory.js';

export type AnyDomainEvent =
  | WalletEvent
  | TransferEvent
  | RedPacketEvent
  | RoomEvent
  | GroupEvent
  | GroupMarkEvent
  | RechargeOrderEvent
  | WithdrawalEvent
  | AccountEvent
  | PhoneEvent
  | ConversationEvent
  | InboxEvent
  | DisplayNumberEvent
  | ExternalIdentityEvent
  | RelationEvent
  | ContactsEvent
  | AaEvent
  | PayPasswordEvent
  | PostEvent
  | MediaEvent
  | ReportEvent
  | ReviewEvent
  | PayoutAccountEvent
  | FeedPrefsEvent
  | ShakeHistoryEvent;

export type EventType = AnyDomainEvent['type'];
export type EventOf<T extends EventType> = Extract<AnyDomainEvent, { type: T }>;

/** Aggregates by stream prefix (stream ids are `<prefix>-<id>`; see each file's stream helper). */
export const aggregates = {
  wallet: walletDecider,
  transfer: transferDecider,
  'red-packet': redPacketDecider,
  room: roomDecider,
  group: groupDecider,
  groupmarks: groupMarksDecider,
  recharge: rechargeOrderDecider,
  withdrawal: withdrawalDecider,
  user: accountDecider,
  phone: phoneDecider,
  conversation: conversationDecider,
  inbox: inboxDecider,
  'display-number': displayNumberDecider,
  external: externalIdentityDecider,
  relation: relationDecider,
  contacts: contactsDecider,
  aa: aaDecider,
  paypwd: payPasswordDecider,
  post: postDecider,
  media: mediaDecider,
  report: reportDecider,
  review: reviewDecider,
  payout: payoutAccountsDecider,
  feedprefs: feedPrefsDecider,
  shakes: shakeHistoryDecider,
} as const;

export type AggregateKind = keyof typeof aggregates;
export const aggregateKinds = Object.keys(aggregates) as AggregateKind[];

/** Which aggregate writes each event type. */
const eventOwners: Record<EventType, AggregateKind> = {
  RechargeCredited: 'wallet',
  TransferSent: 'wallet',
  TransferReceived: 'wallet',
  TransferRefunded: 'wallet',
  RedPacketFunded: 'wallet',
  RedPacketShareReceived: 'wallet',
  RedPacketRefunded: 'wallet',
  GiftSent: 'wallet',
  GiftIncomeReceived: 'wallet',
  CoinsExchanged: 'wallet',
  WithdrawalRequested: 'wallet',
  WithdrawalRefunded: 'wallet',
  AaSharePaid: 'wallet',
  AaShareReceived: 'wallet',
  AaShareRefunded: 'wallet',
  PlatformFeeReceived: 'wallet',
  PurchasePaid: 'wallet',
  SaleReceived: 'wallet',
  GroupFeePaid: 'wallet',
  GroupFeeReceived: 'wallet',
  GuestShareCredited: 'wallet',
  TransferCreated: 'transfer',
  TransferAccepted: 'transfer',
  TransferReturned: 'transfer',
  TransferExpired: 'transfer',
  RedPacketCreated: 'red-packet',
  RedPacketGrabbed: 'red-packet',
  RedPacketExpired: 'red-packet',
  RedPacketGuestReserved: 'red-packet',
  RedPacketGuestClaimed: 'red-packet',
  RoomCreated: 'room',
  RoomMemberJoined: 'room',
  RoomMemberLeft: 'room',
  RoomMemberBanned: 'room',
  RoomClosed: 'room',
  RoomReopened: 'room',
  RoomDeleted: 'room',
  RoomDetailsChanged: 'room',
  RoomGuestEntered: 'room',
  RoomGuestLeft: 'room',
  RoomMemberMuted: 'room',
  RoomMemberUnmuted: 'room',
  GroupCreated: 'group',
  GroupMembersAdded: 'group',
  GroupMemberRemoved: 'group',
  GroupDismissed: 'group',
  GroupProfileUpdated: 'group',
  GroupPermissionsSet: 'group',
  GroupMemberRoleChanged: 'group',
  GroupOwnershipOffered: 'group',
  GroupOwnershipOfferCancelled: 'group',
  GroupOwnershipTransferred: 'group',
  GroupJoinRequested: 'group',
  GroupJoinApproved: 'group',
  GroupJoinRejected: 'group',
  GroupPaidSeatHeld: 'group',
  GroupPaidSeatReleased: 'group',
  GroupMemberMuted: 'group',
  GroupMemberUnmuted: 'group',
  GroupMuteAllSet: 'group',
  GroupMemberNicknameSet: 'group',
  GroupNoticePosted: 'group',
  GroupNoticeEdited: 'group',
  GroupNoticeDeleted: 'group',
  GroupLevelSet: 'group',
  GroupLevelExpired: 'group',
  GroupMemberExtSet: 'group',
  GroupMemberJoinMethodRecorded: 'group',
  GroupMarkIdAllocated: 'groupmarks',
  RechargeOrderCreated: 'recharge',
  RechargeOrderPaid: 'recharge',
  RechargeOrderFailed: 'recharge',
  RechargeOrderCancelled: 'recharge',
  WithdrawalCreated: 'withdrawal',
  WithdrawalApproved: 'withdrawal',
  WithdrawalRejected: 'withdrawal',
  UserRegistered: 'user',
  ProfileUpdated: 'user',
  RoleGranted: 'user',
  ProfileDetailsUpdated: 'user',
  PhotoWallSet: 'user',
  PrivacyChanged: 'user',
  RealNameSubmitted: 'user',
  RealNameApproved: 'user',
  RealNameRejected: 'user',
  DisplayNumberAssigned: 'user',
  DisplayNumberReplaced: 'user',
  ExternalIdentityLinked: 'user',
  PhoneBound: 'user',
  PasswordChanged: 'user',
  AccountMuted: 'user',
  StaffPositionSet: 'user',
  CompanyIdSet: 'user',
  PhoneClaimed: 'phone',
  MessageSent: 'conversation',
  MessageRecalled: 'conversation',
  MessageDeleted: 'conversation',
  ConversationRead: 'inbox',
  ConversationSettingChanged: 'inbox',
  ChatSkinSet: 'inbox',
  MessageHiddenForMe: 'inbox',
  ReminderScheduled: 'inbox',
  ReminderCancelled: 'inbox',
  ReminderDue: 'inbox',
  FavoriteAdded: 'inbox',
  FavoriteRemoved: 'inbox',
  ContentFavoriteAdded: 'inbox',
  DisplayNumberClaimed: 'display-number',
  ExternalIdentityClaimed: 'external',
  UserFollowed: 'relation',
  UserUnfollowed: 'relation',
  FriendRequested: 'relation',
  FriendRequestAccepted: 'relation',
  FriendRequestRejected: 'relation',
  FriendRequestCancelled: 'relation',
  FriendRequestWithdrawn: 'relation',
  ShakeMatched: 'relation',
  ShakeRecordRemoved: 'shakes',
  FriendAdded: 'relation',
  FriendRemoved: 'relation',
  UserBlocked: 'relation',
  UserUnblocked: 'relation',
  RemarkSet: 'contacts',
  RemarkCleared: 'contacts',
  CommonlyUsedSet: 'contacts',
  TagCreated: 'contacts',
  TagRenamed: 'contacts',
  TagDeleted: 'contacts',
  FriendsTagged: 'contacts',
  FriendUntagged: 'contacts',
  AaCollectionStarted: 'aa',
  AaPaymentRecorded: 'aa',
  AaPaymentRefused: 'aa',
  AaCollectionFinished: 'aa',
  AaCollectionExpired: 'aa',
  PayPasswordSet: 'paypwd',
  PayPasswordAttemptFailed: 'paypwd',
  PayPasswordFailuresCleared: 'paypwd',
  PostPublished: 'post',
  PostEdited: 'post',
  PostDeleted: 'post',
  PostApproved: 'post',
  PostRejected: 'post',
  PostLiked: 'post',
  PostUnliked: 'post',
  CommentAdded: 'post',
  CommentDeleted: 'post',
  CommentLiked: 'post',
  CommentUnliked: 'post',
  PostListened: 'post',
  MediaUploaded: 'media',
  ReportFiled: 'report',
  ReportResolved: 'report',
  ReviewRequested: 'review',
  ReviewApproved: 'review',
  ReviewRejected: 'review',
  PayoutAccountAdded: 'payout',
  PayoutAccountRemoved: 'payout',
  FeedCoverSet: 'feedprefs',
  FeedSwitchSet: 'feedprefs',
};

export const eventTypes = Object.keys(eventOwners) as EventType[];
export const isEventType = (type: string): type is EventType => Object.hasOwn(eventOwners, type);

/**
 * A stored event as the domain event it is. The check is by type name: payloads in the store
 * were written by the deciders (contracts/events.ts validates them where old data is read, with
 * its upcast seam). An event of a type this code does not know is left out (null).
 */
export const asDomainEvent = (e: StoredEvent): Stored<AnyDomainEvent> | null => (isEventType(e.type) ? (e as Stored<AnyDomainEvent>) : null);

/** The aggregate and id a stream id names, or null for a stream no aggregate owns. */
export const streamOwner = (streamId: string): { kind: AggregateKind; id: string } | null => {
  for (const kind of aggregateKinds) {
    if (streamId.startsWith(`${kind}-`)) return { kind, id: streamId.slice(kind.length + 1) };
  }
  return null;
};

/** The decider of a stream, by its prefix (audit replays). */
export const deciderOf = (streamId: string): Decider<unknown, Command, DomainEvent> | null => {
  const owner = streamOwner(streamId);
  return owner ? (aggregates[owner.kind] as unknown as Decider<unknown, Command, DomainEvent>) : null;
};
