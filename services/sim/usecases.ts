// What a user's request does, as the use cases of services/app do it, on the bus directly: the
// same commands, the same loads before them, and the same next step at once (`follow`), which the
// process manager runs again from the log. The app's use cases need PostgreSQL read models and
// an Idempotency-Key store; the simulation keeps what touches money and drives the clock itself.
import { rechargeOrderDecider, rechargeOrderStream, type ConfirmRechargePayment, type CreateRechargeOrder, type FailRechargePayment } from '../../domain/rechargeOrder.js';
import { redPacketDecider, redPacketStream, type GrabRedPacket } from '../../domain/redPacket.js';
import { transferDecider, transferStream, type AcceptTransfer, type RejectTransfer } from '../../domain/transfer.js';
import { walletDecider, walletStream, type ExchangeCoins, type FundRedPacket, type RequestWithdrawal, type SendGift, type SendTransfer } from '../../domain/wallet/index.js';
import { withdrawalDecider, withdrawalStream, type ApproveWithdrawal, type RejectWithdrawal } from '../../domain/withdrawal.js';
import type { AnyDomainEvent } from '../../domain/index.js';
import { follow } from '../app/follow.js';
import type { CommandBus, CommandResult } from '../shared/commands/bus.js';

/** A user's (or operator's, or payment provider's) request, with its command as first sent. */
export type Request =
  | { kind: 'order'; command: CreateRechargeOrder }
  | { kind: 'notice'; command: ConfirmRechargePayment | FailRechargePayment }
  | { kind: 'transfer'; command: SendTransfer }
  | { kind: 'settle'; command: AcceptTransfer | RejectTransfer }
  | { kind: 'fund'; command: FundRedPacket }
  | { kind: 'grab'; command: GrabRedPacket }
  | { kind: 'gift'; command: SendGift }
  | { kind: 'exchange'; command: ExchangeCoins }
  | { kind: 'withdraw'; command: RequestWithdrawal }
  | { kind: 'decide'; command: ApproveWithdrawal | RejectWithdrawal };

type AnyResult = CommandResult<unknown, AnyDomainEvent>;

/** The request's command through the bus, after the loads its use case makes first. */
const send = async (bus: CommandBus, r: Request): Promise<AnyResult | null> => {
  switch (r.kind) {
    case 'order':
      // createRechargeOrder: the order's id is the command's new id, so the stream is fresh.
      return bus.handle(rechargeOrderDecider, rechargeOrderStream(r.command.data.orderId), r.command, { fresh: true });
    case 'notice': {
      // notifyPayment: an order this process cannot find is NOT_FOUND before any command.
      const stream = rechargeOrderStream(r.command.data.orderId);
      if ((await bus.load(rechargeOrderDecider, stream)).state.status === 'absent') return null;
      return bus.handle(rechargeOrderDecider, stream, r.command);
    }
    case 'settle': {
      // settleTransfer loads the transfer before accepting (to check the credit can land).
      const stream = transferStream(r.command.data.transferId);
      if (r.command.type === 'AcceptTransfer') await bus.load(transferDecider, stream);
      return bus.handle(transferDecider, stream, r.command);
    }
    case 'grab': {
      // grabRedPacket: the target from any cached state, else from the store.
      const stream = redPacketStream(r.command.data.redPacketId);
      const cached = await bus.load(redPacketDecider, stream, { maxStalenessMs: Infinity });
      const p = cached.state.status === 'absent' ? await bus.load(redPacketDecider, stream) : cached;
      if (p.state.status === 'absent') return null;
      return bus.handle(redPacketDecider, stream, r.command);
    }
    case 'decide':
      return bus.handle(withdrawalDecider, withdrawalStream(r.command.data.withdrawalId), r.command);
    case 'transfer':
      return bus.handle(walletDecider, walletStream(r.command.data.fromUserId), r.command);
    case 'fund':
      return bus.handle(walletDecider, walletStream(r.command.data.senderId), r.command);
    case 'gift':
      return bus.handle(walletDecider, walletStream(r.command.data.fromUserId), r.command);
    case 'withdraw':
      return bus.handle(walletDecider, walletStream(r.command.data.userId), r.command);
    case 'exchange': {
      const userId = r.command.metadata.userId ?? '';
      return bus.handle(walletDecider, walletStream(userId), r.command);
    }
    default: {
      const never: never = r;
      return never;
    }
  }
};

/**
 * Runs a request as its use case does; `thenFollow` false stops after the first command, as a
 * crash between the two appends of a flow would (the process manager must finish it).
 */
export const runRequest = async (bus: CommandBus, r: Request, thenFollow: boolean): Promise<void> => {
  const result = await send(bus, r);
  if (!result || !thenFollow) return;
  // Gifts credit the receiver asynchronously by design; every other flow's next step runs at once.
  if (r.kind === 'gift') return;
  for (const e of result.events) await follow(bus, e);
};
