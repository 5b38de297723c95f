// The second half of every cross-aggregate flow, as one function per triggering event.
// The route that caused the event calls it at once (so its answer can include the result),
// and the process manager calls it again from the event log (so a crash in between is
// finished later). Both derive the command id from the triggering event id, so the command
// bus runs it once: whoever comes second gets the first result.
import type { CommandMetadata } from '../../domain/aggregate.js';
import { walletDecider, walletStream, type Wallet } from '../../domain/wallet.js';
import { redPacketDecider, redPacketStream } from '../../domain/redPacket.js';
import { transferDecider, transferStream } from '../../domain/transfer.js';
import { withdrawalDecider, withdrawalStream } from '../../domain/withdrawal.js';
import type { CommandBus, CommandResult } from '../shared/commands/bus.js';
import type { StoredEvent } from '../shared/event-store/port.js';
import { derivedCommandId } from '../shared/ids.js';

const meta = (cause: StoredEvent, step: string, at?: string): CommandMetadata => ({
  commandId: derivedCommandId(cause.id, step),
  causationId: cause.id,
  at: at ?? cause.metadata.at,
  ...(typeof cause.metadata.correlationId === 'string' ? { correlationId: cause.metadata.correlationId } : {}),
});

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);
const userOfWallet = (streamId: string) => streamId.slice('wallet-'.length);

type Step = (bus: CommandBus, e: StoredEvent) => Promise<CommandResult<unknown> | null>;

/** RedPacketFunded (sender's wallet) → the packet exists with its pre-split shares. */
const createRedPacket: Step = (bus, e) => {
  const d = e.data;
  return bus.handle(redPacketDecider, redPacketStream(str(d.redPacketId)), {
    type: 'CreateRedPacket',
    data: {
      redPacketId: str(d.redPacketId),
      senderId: str(d.senderId),
      kind: d.kind === 'fixed' ? 'fixed' : 'lucky',
      total: num(d.total),
      count: num(d.count),
      shares: Array.isArray(d.shares) ? d.shares.map(num) : [],
      target: targetOf(d.target),
      ...(typeof d.greeting === 'string' ? { greeting: d.greeting } : {}),
      expiresAt: str(d.expiresAt),
    },
    metadata: meta(e, 'create-red-packet'),
  });
};

const targetOf = (t: unknown): { type: 'user' | 'group' | 'room'; id: string } => {
  const o = (t ?? {}) as { type?: unknown; id?: unknown };
  const type = o.type === 'group' || o.type === 'room' ? o.type : 'user';
  return { type, id: str(o.id) };
};

/** RedPacketGrabbed → the grabber's wallet is credited. */
export const creditGrab = (bus: CommandBus, e: StoredEvent): Promise<CommandResult<Wallet>> =>
  bus.handle(walletDecider, walletStream(str(e.data.userId)), {
    type: 'ReceiveRedPacketShare',
    data: { redPacketId: str(e.data.redPacketId), amount: num(e.data.amount) },
    metadata: meta(e, 'credit-grab'),
  });

/** RedPacketExpired → what was not grabbed returns to the sender. */
const refundRedPacket: Step = async (bus, e) => {
  const amount = num(e.data.refundAmount);
  if (!(amount > 0)) return null;
  return bus.handle(walletDecider, walletStream(str(e.data.senderId)), {
    type: 'RefundRedPacket',
    data: { redPacketId: str(e.data.redPacketId), amount },
    metadata: meta(e, 'refund-red-packet'),
  });
};

/** TransferSent (sender's wallet) → the transfer exists, pending. */
const createTransfer: Step = (bus, e) => {
  const d = e.data;
  return bus.handle(transferDecider, transferStream(str(d.transferId)), {
    type: 'CreateTransfer',
    data: {
      transferId: str(d.transferId),
      fromUserId: str(d.fromUserId),
      toUserId: str(d.toUserId),
      amount: num(d.amount),
      ...(typeof d.note === 'string' ? { note: d.note } : {}),
      expiresAt: str(d.expiresAt),
    },
    metadata: meta(e, 'create-transfer'),
  });
};

/** TransferAccepted → the recipient is credited. */
export const creditTransfer = (bus: CommandBus, e: StoredEvent): Promise<CommandResult<Wallet>> =>
  bus.handle(walletDecider, walletStream(str(e.data.toUserId)), {
    type: 'ReceiveTransfer',
    data: { transferId: str(e.data.transferId), fromUserId: str(e.data.fromUserId), amount: num(e.data.amount) },
    metadata: meta(e, 'credit-transfer'),
  });

/** TransferReturned / TransferExpired → the sender is refunded. */
const refundTransfer: Step = (bus, e) =>
  bus.handle(walletDecider, walletStream(str(e.data.fromUserId)), {
    type: 'RefundTransfer',
    data: { transferId: str(e.data.transferId), amount: num(e.data.amount) },
    metadata: meta(e, 'refund-transfer'),
  });

/** GiftSent (sender's wallet) → the receiver earns the income share, asynchronously (hot receivers). */
const creditGiftIncome: Step = async (bus, e) => {
  const amount = num(e.data.incomeAmount);
  if (!(amount > 0)) return null;
  return bus.handle(walletDecider, walletStream(str(e.data.toUserId)), {
    type: 'ReceiveGiftIncome',
    data: { giftSendId: str(e.data.giftSendId), fromUserId: userOfWallet(e.streamId), amount },
    metadata: meta(e, 'credit-gift-income'),
  });
};

/** RechargeOrderPaid → the user's wallet is credited once. */
export const creditRecharge = (bus: CommandBus, e: StoredEvent): Promise<CommandResult<Wallet>> =>
  bus.handle(walletDecider, walletStream(str(e.data.userId)), {
    type: 'CreditRecharge',
    data: { orderId: str(e.data.orderId), asset: e.data.asset === 'coins' ? 'coins' : 'cash', amount: num(e.data.amount) },
    metadata: meta(e, 'credit-recharge'),
  });

/** WithdrawalRequested (wallet hold) → the withdrawal exists for an operator to decide. */
const createWithdrawal: Step = (bus, e) => {
  const d = e.data;
  return bus.handle(withdrawalDecider, withdrawalStream(str(d.withdrawalId)), {
    type: 'CreateWithdrawal',
    data: { withdrawalId: str(d.withdrawalId), userId: str(d.userId), asset: d.asset === 'income' ? 'income' : 'cash', amount: num(d.amount), account: str(d.account) },
    metadata: meta(e, 'create-withdrawal'),
  });
};

/** WithdrawalRejected → the held amount returns. */
const refundWithdrawal: Step = (bus, e) =>
  bus.handle(walletDecider, walletStream(str(e.data.userId)), {
    type: 'RefundWithdrawal',
    data: { withdrawalId: str(e.data.withdrawalId), asset: e.data.asset === 'income' ? 'income' : 'cash', amount: num(e.data.amount) },
    metadata: meta(e, 'refund-withdrawal'),
  });

/** Which step follows which event. One table, read by the routes and the process manager. */
export const nextSteps: Record<string, Step> = {
  RedPacketFunded: createRedPacket,
  RedPacketGrabbed: creditGrab,
  RedPacketExpired: refundRedPacket,
  TransferSent: createTransfer,
  TransferAccepted: creditTransfer,
  TransferReturned: refundTransfer,
  TransferExpired: refundTransfer,
  GiftSent: creditGiftIncome,
  RechargeOrderPaid: creditRecharge,
  WithdrawalRequested: createWithdrawal,
  WithdrawalRejected: refundWithdrawal,
};

/** Runs the step that follows an event, if any (used by routes for the synchronous path). */
export const follow = async (bus: CommandBus, e: StoredEvent): Promise<CommandResult<unknown> | null> => {
  const step = nextSteps[e.type];
  return step ? step(bus, e) : null;
};
