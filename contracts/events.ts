// Stored event payloads, one schema per event type. Stored events last forever, so these
// schemas are the check an auditor or a rebuild runs over old data; the type test in
// test/contracts/events.types.unit.test.ts keeps each one equal to its domain type.
import { z } from 'zod';

const Id = z.string().min(1);
const Time = z.string();
const Money = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

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
};

const PurchaseItem = z.object({ kind: Id, id: Id });

const wallet = {
  RechargeCredited: z.object({ ...ledger('recharge'), orderId: Id, asset: Asset, amount: Money }),
  TransferSent: z.object({
    ...ledger('transfer_out'),
    transferId: Id,
    fromUserId: Id,
    toUserId: Id,
    asset: Asset.optional(),
    amount: Money,
    note: z.string().optional(),
    expiresAt: Time,
    instant: z.literal(true).optional(),
  }),
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
  }),
  GiftIncomeReceived: z.object({ ...ledger('gift_in'), giftSendId: Id, fromUserId: Id, amount: Money }),
  CoinsExchanged: z.object({ ...ledger('exchange'), exchangeId: Id, from: z.enum(['cash', 'income']), amount: Money, rate: Money, credited: Money }),
  WithdrawalRequested: z.object({ ...ledger('withdrawal'), withdrawalId: Id, userId: Id, asset: Asset, amount: Money, fee: Money.optional(), account: z.string().min(1) }),
  WithdrawalRefunded: z.object({ ...ledger('withdrawal_refund'), withdrawalId: Id, asset: Asset, amount: Money }),
  AaSharePaid: z.object({ ...ledger('aa_pay'), aaId: Id, payerId: Id, payeeId: Id, asset: Asset, amount: Money }),
  AaShareReceived: z.object({ ...ledger('aa_receive'), aaId: Id, payerId: Id, asset: Asset, amount: Money }),
  AaShareRefunded: z.object({ ...ledger('aa_refund'), aaId: Id, asset: Asset, amount: Money }),
  PlatformFeeReceived: z.object({ ...ledger('fee'), source: z.enum(['withdrawal']), sourceId: Id, userId: Id, asset: Asset, amount: Money }),
  PurchasePaid: z.object({ ...ledger('purchase'), purchaseId: Id, userId: Id, item: PurchaseItem, asset: Asset, amount: Money }),
  SaleReceived: z.object({ ...ledger('sale'), purchaseId: Id, userId: Id, item: PurchaseItem, asset: Asset, amount: Money }),
};

const transferSettlement = z.object({ transferId: Id, fromUserId: Id, toUserId: Id, asset: Asset.optional(), amount: Money });
const transfer = {
  TransferCreated: z.object({
    transferId: Id,
    fromUserId: Id,
    toUserId: Id,
    asset: Asset.optional(),
    amount: Money,
    note: z.string().optional(),
    expiresAt: Time,
    instant: z.literal(true).optional(),
  }),
  TransferAccepted: transferSettlement,
  TransferReturned: transferSettlement,
  TransferExpired: transferSettlement,
};

const redPacket = {
  RedPacketCreated: z.object(RedPacketTerms),
  RedPacketGrabbed: z.object({ redPacketId: Id, userId: Id, asset: Asset.optional(), amount: Money, shareIndex: Count, remainingCount: Count, remainingAmount: Count }),
  RedPacketExpired: z.object({ redPacketId: Id, senderId: Id, asset: Asset.optional(), refundAmount: Count, remainingCount: Count }),
};

const roomMember = z.object({ roomId: Id, userId: Id, onlineCount: Count });
const room = {
  RoomCreated: z.object({ roomId: Id, title: z.string(), kind: z.enum(['live', 'voice']), seats: Money.optional(), hostId: Id }),
  RoomMemberJoined: roomMember,
  RoomMemberLeft: roomMember,
  RoomMemberBanned: roomMember,
  RoomClosed: z.object({ roomId: Id, closedBy: Id }),
};

const group = {
  GroupCreated: z.object({ groupId: Id, name: z.string(), ownerId: Id, memberIds: z.array(Id) }),
  GroupMembersAdded: z.object({ groupId: Id, userIds: z.array(Id), addedBy: Id }),
  GroupMemberRemoved: z.object({ groupId: Id, userId: Id, removedBy: Id }),
};

const rechargeTerms = { orderId: Id, userId: Id, asset: Asset, amount: Money };
const rechargeOrder = {
  RechargeOrderCreated: z.object(rechargeTerms),
  RechargeOrderPaid: z.object({ ...rechargeTerms, providerTxId: Id }),
  RechargeOrderFailed: z.object({ ...rechargeTerms, providerTxId: Id }),
};

const withdrawalDecision = { withdrawalId: Id, userId: Id, asset: Asset, amount: Money, fee: Money.optional(), operatorId: Id.optional() };
const withdrawal = {
  WithdrawalCreated: z.object({ withdrawalId: Id, userId: Id, asset: Asset, amount: Money, fee: Money.optional(), account: z.string().min(1) }),
  WithdrawalApproved: z.object(withdrawalDecision),
  WithdrawalRejected: z.object({ ...withdrawalDecision, reason: z.string().optional() }),
};

const account = {
  UserRegistered: z.object({ userId: Id, phone: z.string().min(1), nickname: z.string() }),
  ProfileUpdated: z.object({ userId: Id, nickname: z.string().optional(), avatarUrl: z.string().optional() }),
  RoleGranted: z.object({ userId: Id, role: z.enum(['auditor', 'operator']) }),
  PhoneClaimed: z.object({ phone: z.string().min(1), userId: Id }),
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
export const eventDataSchemas = { ...wallet, ...transfer, ...redPacket, ...room, ...group, ...rechargeOrder, ...withdrawal, ...account, ...aa, ...payPassword } as const;

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
