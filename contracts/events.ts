// Stored event payloads, one schema per event type. Stored events last forever, so these
// schemas are the check an auditor or a rebuild runs over old data; the type test in
// test/contracts/events.types.unit.test.ts keeps each one equal to its domain type.
import { z } from 'zod';

import { Count, Id, Money, Time } from './events/primitives.js';
import { contacts, conversation, inbox, relation, shakeHistory } from './events/social.js';
import { post } from './events/posts.js';
import { media, report, review } from './events/moderation.js';
import { payoutAccounts } from './events/payouts.js';
import { feedPrefs } from './events/feed.js';

/** Any configured asset (domain/assets.ts ASSET_ID); the events written before assets existed name cash, coins or income. */
const Asset = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/);
const BalanceChange = z.object({ asset: Asset, delta: z.number().int(), balanceAfter: Count });
const ledger = <R extends string>(reason: R) => ({ reason: z.literal(reason), refId: Id, changes: z.array(BalanceChange) });

const RedPacketTerms = {
  redPacketId: Id,
  senderId: Id,
  kind: z.enum(['lucky', 'fixed']),
  asset: Asset.optional(),
  total: Money,
  count: z.number().int().min(1).max(1000),
  shares: z.array(Money),
  target: z.object({ type: z.enum(['user', 'group', 'room']), id: Id }),
  greeting: z.string().optional(),
  expiresAt: Time,
  openers: z.array(Id).optional(),
  phrase: z.string().optional(),
  newUsersSince: Time.optional(),
  guests: z.literal(true).optional(),
};

/** What a transfer is: the sender's wallet debit (TransferSent) and the transfer's creation carry the same terms. */
const transferTerms = {
  transferId: Id,
  fromUserId: Id,
  toUserId: Id,
  asset: Asset.optional(),
  amount: Money,
  note: z.string().optional(),
  expiresAt: Time,
  instant: z.literal(true).optional(),
  groupId: Id.optional(),
};

const PurchaseItem = z.object({ kind: Id, id: Id });

const wallet = {
  RechargeCredited: z.object({ ...ledger('recharge'), orderId: Id, asset: Asset, amount: Money }),
  TransferSent: z.object({ ...ledger('transfer_out'), ...transferTerms }),
  TransferReceived: z.object({ ...ledger('transfer_in'), transferId: Id, fromUserId: Id, asset: Asset.optional(), amount: Money }),
  TransferRefunded: z.object({ ...ledger('transfer_refund'), transferId: Id, asset: Asset.optional(), amount: Money }),
  RedPacketFunded: z.object({ ...ledger('red_packet_out'), ...RedPacketTerms }),
  RedPacketShareReceived: z.object({ ...ledger('red_packet_in'), redPacketId: Id, asset: Asset.optional(), amount: Money }),
  RedPacketRefunded: z.object({ ...ledger('red_packet_refund'), redPacketId: Id, asset: Asset.optional(), amount: Money }),
  GiftSent: z.object({
    ...ledger('gift_out'),
    giftSendId: Id,
    fromUserId: Id,
    giftId: Id,
    toUserId: Id,
    count: Money,
    unitPrice: Money,
    coinsSpent: Money,
    incomeAmount: Count,
    roomId: Id.optional(),
    postId: Id.optional(),
  }),
  GiftIncomeReceived: z.object({ ...ledger('gift_in'), giftSendId: Id, fromUserId: Id, amount: Money }),
  CoinsExchanged: z.object({ ...ledger('exchange'), exchangeId: Id, from: z.enum(['cash', 'income']), amount: Money, rate: Money, credited: Money }),
  WithdrawalRequested: z.object({ ...ledger('withdrawal'), withdrawalId: Id, userId: Id, asset: Asset, amount: Money, fee: Money.optional(), account: z.string().min(1) }),
  WithdrawalRefunded: z.object({ ...ledger('withdrawal_refund'), withdrawalId: Id, asset: Asset, amount: Money }),
  AaSharePaid: z.object({ ...ledger('aa_pay'), aaId: Id, payerId: Id, payeeId: Id, asset: Asset, amount: Money }),
  AaShareReceived: z.object({ ...ledger('aa_receive'), aaId: Id, payerId: Id, asset: Asset, amount: Money }),
  AaShareRefunded: z.object({ ...ledger('aa_refund'), aaId: Id, asset: Asset, amount: Money }),
  PlatformFeeReceived: z.object({ ...ledger('fee'), source: z.enum(['withdrawal', 'group_join']), sourceId: Id, userId: Id, asset: Asset, amount: Money }),
  PurchasePaid: z.object({ ...ledger('purchase'), purchaseId: Id, userId: Id, item: PurchaseItem, asset: Asset, amount: Money }),
  SaleReceived: z.object({ ...ledger('sale'), purchaseId: Id, userId: Id, item: PurchaseItem, asset: Asset, amount: Money }),
  GuestShareCredited: z.object({ ...ledger('guest_credit'), redPacketId: Id, mark: z.string(), asset: Asset.optional(), amount: Money }),
  GroupFeePaid: z.object({ ...ledger('group_fee'), paymentRef: Id, groupId: Id, payerId: Id, ownerId: Id, asset: Asset, amount: Money, platformShare: Count }),
  GroupFeeReceived: z.object({ ...ledger('group_fee_in'), paymentRef: Id, groupId: Id, payerId: Id, asset: Asset, amount: Money, platformShare: Count }),
};

const transferSettlement = z.object({ transferId: Id, fromUserId: Id, toUserId: Id, asset: Asset.optional(), amount: Money, groupId: Id.optional() });
const transfer = {
  TransferCreated: z.object(transferTerms),
  TransferAccepted: transferSettlement,
  TransferReturned: transferSettlement,
  TransferExpired: transferSettlement,
};

const redPacket = {
  RedPacketCreated: z.object(RedPacketTerms),
  RedPacketGrabbed: z.object({ redPacketId: Id, userId: Id, asset: Asset.optional(), amount: Money, shareIndex: Count, remainingCount: Count, remainingAmount: Count }),
  RedPacketExpired: z.object({ redPacketId: Id, senderId: Id, asset: Asset.optional(), refundAmount: Count, remainingCount: Count, reservedAmount: Count.optional() }),
  RedPacketGuestReserved: z.object({ redPacketId: Id, mark: z.string(), deviceId: Id, asset: Asset.optional(), amount: Money, shareIndex: Count, remainingCount: Count, remainingAmount: Count }),
  RedPacketGuestClaimed: z.object({ redPacketId: Id, mark: z.string(), userId: Id, asset: Asset.optional(), amount: Money }),
};

const roomMember = z.object({ roomId: Id, userId: Id, onlineCount: Count });
const roomGuest = z.object({ roomId: Id, deviceId: Id, guestCount: Count });
const room = {
  RoomCreated: z.object({
    roomId: Id,
    title: z.string(),
    kind: z.enum(['live', 'voice', 'chatroom']),
    seats: Money.optional(),
    hostId: Id,
    avatarUrl: z.string().optional(),
    guests: z.boolean().optional(),
    createdAt: z.string().optional(),
  }),
  RoomMemberJoined: roomMember,
  RoomMemberLeft: roomMember,
  RoomMemberBanned: roomMember,
  RoomClosed: z.object({ roomId: Id, closedBy: Id, closedAt: z.string().optional() }),
  RoomReopened: z.object({ roomId: Id, reopenedBy: Id, title: z.string(), avatarUrl: z.string().optional(), createdAt: z.string().optional(), closedAt: z.string().optional() }),
  RoomDeleted: z.object({ roomId: Id, deletedBy: Id }),
  RoomDetailsChanged: z.object({ roomId: Id, title: z.string().optional(), avatarUrl: z.string().optional() }),
  RoomGuestEntered: roomGuest,
  RoomGuestLeft: roomGuest,
  RoomMemberMuted: z.object({ roomId: Id, userId: Id, until: Time }),
  RoomMemberUnmuted: z.object({ roomId: Id, userId: Id }),
};

// Groups: the first three predate roles and join policies (their newer fields are optional).
const GroupLimits = z.object({ maxAdmins: Count, sizeByLevel: z.array(Count) });
const JoinPolicy = z.object({
  mode: z.enum(['free', 'approval', 'answer', 'invite', 'closed', 'paid']),
  question: z.string().optional(),
  answer: z.string().optional(),
  fee: Money.optional(),
});
const groupNotice = { groupId: Id, noticeId: Id, by: Id };
const groupApplication = { groupId: Id, applicationId: Id, applicantId: Id, by: Id };
const group = {
  GroupCreated: z.object({
    groupId: Id,
    name: z.string(),
    ownerId: Id,
    memberIds: z.array(Id),
    markId: Id.optional(),
    limits: GroupLimits.optional(),
    avatarUrl: z.string().optional(),
    description: z.string().optional(),
  }),
  GroupMembersAdded: z.object({ groupId: Id, userIds: z.array(Id), addedBy: Id, via: z.enum(['invite', 'join', 'answer', 'application', 'payment']).optional() }),
  GroupMemberRemoved: z.object({ groupId: Id, userId: Id, removedBy: Id }),
  GroupDismissed: z.object({ groupId: Id, by: Id, memberIds: z.array(Id) }),
  GroupProfileUpdated: z.object({ groupId: Id, by: Id, name: z.string().optional(), avatarUrl: z.string().optional(), description: z.string().optional() }),
  GroupPermissionsSet: z.object({ groupId: Id, by: Id, join: JoinPolicy, membersMayAddFriends: z.boolean() }),
  GroupMemberRoleChanged: z.object({ groupId: Id, userId: Id, role: z.enum(['admin', 'member']), by: Id }),
  GroupOwnershipOffered: z.object({ groupId: Id, from: Id, to: Id }),
  GroupOwnershipOfferCancelled: z.object({ groupId: Id, to: Id, by: Id }),
  GroupOwnershipTransferred: z.object({ groupId: Id, from: Id, to: Id, formerOwnerRole: z.enum(['admin', 'member']) }),
  GroupJoinRequested: z.object({
    groupId: Id,
    applicationId: Id,
    applicantId: Id,
    kind: z.enum(['approval', 'payment']),
    message: z.string().optional(),
    fee: Count.optional(),
    reviewerIds: z.array(Id),
  }),
  GroupJoinApproved: z.object({ ...groupApplication, paymentRef: Id.optional() }),
  GroupJoinRejected: z.object({ ...groupApplication, reason: z.string().optional() }),
  GroupPaidSeatHeld: z.object({ groupId: Id, applicationId: Id, applicantId: Id, paymentRef: Id, fee: Count }),
  GroupPaidSeatReleased: z.object({ groupId: Id, applicationId: Id, applicantId: Id, paymentRef: Id }),
  GroupMemberMuted: z.object({ groupId: Id, userId: Id, until: Time, by: Id }),
  GroupMemberUnmuted: z.object({ groupId: Id, userId: Id, by: Id }),
  GroupMuteAllSet: z.object({ groupId: Id, on: z.boolean(), by: Id }),
  GroupMemberNicknameSet: z.object({ groupId: Id, userId: Id, nickname: z.string(), by: Id }),
  GroupNoticePosted: z.object({ ...groupNotice, text: z.string() }),
  GroupNoticeEdited: z.object({ ...groupNotice, text: z.string() }),
  GroupNoticeDeleted: z.object(groupNotice),
  GroupLevelSet: z.object({ groupId: Id, level: Count, expiresAt: Time.optional(), term: Count }),
  GroupLevelExpired: z.object({ groupId: Id, level: Count, term: Count }),
  GroupMemberExtSet: z.object({ groupId: Id, userId: Id, ext: z.string(), by: Id }),
  GroupMemberJoinMethodRecorded: z.object({ groupId: Id, userId: Id, method: z.enum(['search', 'qr_code']), by: Id }),
};

const groupMarks = {
  GroupMarkIdAllocated: z.object({ markId: Id, groupId: Id }),
};

const rechargeTerms = { orderId: Id, userId: Id, asset: Asset, amount: Money };
const rechargeOrder = {
  RechargeOrderCreated: z.object({
    ...rechargeTerms,
    purpose: z.object({ kind: z.literal('display_number'), displayNumber: Id }).optional(),
    provider: z.enum(['sandbox', 'alipay', 'wechat', 'apple', 'signed']).optional(),
  }),
  RechargeOrderPaid: z.object({ ...rechargeTerms, providerTxId: Id }),
  RechargeOrderFailed: z.object({ ...rechargeTerms, providerTxId: Id }),
  RechargeOrderCancelled: z.object(rechargeTerms),
};

const withdrawalDecision = { withdrawalId: Id, userId: Id, asset: Asset, amount: Money, fee: Money.optional(), operatorId: Id.optional() };
const withdrawal = {
  WithdrawalCreated: z.object({ withdrawalId: Id, userId: Id, asset: Asset, amount: Money, fee: Money.optional(), account: z.string().min(1) }),
  WithdrawalApproved: z.object(withdrawalDecision),
  WithdrawalRejected: z.object({ ...withdrawalDecision, reason: z.string().optional() }),
};

const text = z.string();
const Region = z.object({ country: text.optional(), province: text.optional(), city: text.optional(), district: text.optional() });
const ExternalProvider = z.enum(['weibo', 'wechat']);
const account = {
  UserRegistered: z.object({ userId: Id, phone: z.string().min(1).optional(), nickname: z.string() }),
  ProfileUpdated: z.object({ userId: Id, nickname: z.string().optional(), avatarUrl: z.string().optional() }),
  RoleGranted: z.object({ userId: Id, role: z.enum(['auditor', 'operator']) }),
  ProfileDetailsUpdated: z.object({
    userId: Id,
    sex: z.enum(['unknown', 'male', 'female']).optional(),
    birthday: text.nullable().optional(),
    signature: text.nullable().optional(),
    region: Region.nullable().optional(),
    hobbies: z.array(text).optional(),
    relationshipStatus: text.nullable().optional(),
    purpose: text.nullable().optional(),
    description: text.nullable().optional(),
  }),
  PhotoWallSet: z.object({ userId: Id, photos: z.array(text) }),
  PrivacyChanged: z.object({ userId: Id, searchMobile: z.boolean().optional(), needAuth: z.boolean().optional(), pushEnabled: z.boolean().optional() }),
  RealNameSubmitted: z.object({ userId: Id, maskedName: text, maskedIdNumber: text }),
  RealNameApproved: z.object({ userId: Id, operatorId: Id }),
  RealNameRejected: z.object({ userId: Id, operatorId: Id, reason: text.optional() }),
  DisplayNumberAssigned: z.object({ userId: Id, displayNumber: Id }),
  DisplayNumberReplaced: z.object({ userId: Id, displayNumber: Id, previous: Id }),
  ExternalIdentityLinked: z.object({ userId: Id, provider: ExternalProvider, subject: Id }),
  PhoneBound: z.object({ userId: Id, phone: z.string().min(1) }),
  PasswordChanged: z.object({ userId: Id, via: z.enum(['set', 'change', 'reset']) }),
  AccountMuted: z.object({ userId: Id, until: z.string().nullable(), by: Id }),
  StaffPositionSet: z.object({ userId: Id, position: z.string().nullable(), by: Id }),
  CompanyIdSet: z.object({ userId: Id, companyId: z.string().nullable(), by: Id }),
  PhoneClaimed: z.object({ phone: z.string().min(1), userId: Id }),
  DisplayNumberClaimed: z.object({ displayNumber: Id, userId: Id }),
  ExternalIdentityClaimed: z.object({ provider: ExternalProvider, subject: Id, userId: Id }),
};

const aaTarget = z.object({ type: z.enum(['user', 'group']), id: Id });
const aa = {
  AaCollectionStarted: z.object({
    aaId: Id,
    payeeId: Id,
    asset: Asset,
    amountEach: Money,
    count: z.number().int().min(1).max(50),
    target: aaTarget,
    note: z.string().optional(),
    startedAt: Time,
    expiresAt: Time,
  }),
  AaPaymentRecorded: z.object({ aaId: Id, payerId: Id, payeeId: Id, asset: Asset, amount: Money, paidCount: Count, remainingCount: Count, paidAt: Time }),
  AaPaymentRefused: z.object({
    aaId: Id,
    payerId: Id,
    asset: Asset,
    amount: Money,
    reason: z.enum(['already_paid', 'finished', 'expired', 'not_eligible', 'amount_mismatch', 'not_found']),
  }),
  AaCollectionFinished: z.object({ aaId: Id, payeeId: Id, asset: Asset, paidCount: Count, total: Money }),
  AaCollectionExpired: z.object({ aaId: Id, payeeId: Id, paidCount: Count, remainingCount: Count }),
};

// No password and no hash of one: the credential is a row in a table, named by its id.
const payPassword = {
  PayPasswordSet: z.object({ userId: Id, credentialId: Id, changed: z.boolean() }),
  PayPasswordAttemptFailed: z.object({ userId: Id, failures: Money, maxFailures: Money, lockedUntil: Time.optional() }),
  PayPasswordFailuresCleared: z.object({ userId: Id }),
};

/** Payload schema by event type, for every event the domain emits. */
export const eventDataSchemas = { ...wallet, ...transfer, ...redPacket, ...room, ...group, ...groupMarks, ...rechargeOrder, ...withdrawal, ...account, ...conversation, ...inbox, ...relation, ...contacts, ...aa, ...payPassword, ...post, ...media, ...report, ...review, ...payoutAccounts, ...feedPrefs, ...shakeHistory } as const;

export type EventType = keyof typeof eventDataSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]>;

export const isKnownEventType = (type: string): type is EventType => Object.hasOwn(eventDataSchemas, type);

/**
 * The upcast seam: a payload stored in an older shape is rewritten to the current one before it is
 * read. Empty until an event's schema first changes; then its entry takes the stored data (any
 * version) and returns the current shape, and old events keep validating below.
 */
export const upcasters: Partial<Record<EventType, (data: unknown) => unknown>> = {};

/** A stored payload as the current schema has it: upcast, then checked. */
export const readEventData = (type: string, data: unknown): { ok: true; data: Record<string, unknown> } | { ok: false; error: string } => {
  if (!isKnownEventType(type)) return { ok: false, error: `unknown event type ${type}` };
  const upcast = upcasters[type];
  const r = eventDataSchemas[type].safeParse(upcast ? upcast(data) : data);
  return r.success ? { ok: true, data: r.data } : { ok: false, error: r.error.message };
};

/** Checks a stored payload; an unknown type is refused rather than passed through. */
export const parseEventData = (type: string, data: unknown): { ok: true } | { ok: false; error: string } => {
  if (!isKnownEventType(type)) return { ok: false, error: `unknown event type ${type}` };
  const r = eventDataSchemas[type].safeParse(data);
  return r.success ? { ok: true } : { ok: false, error: r.error.message };
};
