// Runs reactions (reactions.ts) through the command bus: the use cases' synchronous next step and
// the process manager's asynchronous one are the same call.
import { aaDecider } from '../../domain/aaCollection.js';
import type { Stored } from '../../domain/events.js';
import type { AnyDomainEvent } from '../../domain/index.js';
import { redPacketDecider } from '../../domain/redPacket.js';
import { transferDecider } from '../../domain/transfer.js';
import { walletDecider, type Wallet, type WalletEvent } from '../../domain/wallet/index.js';
import { withdrawalDecider } from '../../domain/withdrawal.js';
import type { CommandBus, CommandResult } from '../shared/commands/bus.js';
import { reactionTo, type Reaction, type WalletReaction } from './reactions.js';

export const runWallet = (bus: CommandBus, r: WalletReaction): Promise<CommandResult<Wallet, WalletEvent>> => bus.handle(walletDecider, r.streamId, r.command);

export interface FollowOptions {
  /**
   * The process manager, running a step again from the log: the use case that caused it has
   * usually run it already, so a stream the step creates is not assumed new (the bus's `fresh`).
   */
  fromLog?: boolean;
}

export const runReaction = async (bus: CommandBus, r: Reaction, opts: FollowOptions = {}): Promise<CommandResult<unknown, AnyDomainEvent>> => {
  const fresh = { fresh: 'creates' in r && r.creates === true && opts.fromLog !== true };
  switch (r.kind) {
    case 'wallet':
      return runWallet(bus, r);
    case 'red-packet':
      return bus.handle(redPacketDecider, r.streamId, r.command, fresh);
    case 'transfer':
      return bus.handle(transferDecider, r.streamId, r.command, fresh);
    case 'withdrawal':
      return bus.handle(withdrawalDecider, r.streamId, r.command, fresh);
    case 'aa':
      return bus.handle(aaDecider, r.streamId, r.command);
    default: {
      const never: never = r;
      return never;
    }
  }
};

/** Runs the step that follows an event, if any. */
export const follow = async (bus: CommandBus, e: Stored<AnyDomainEvent>, opts: FollowOptions = {}): Promise<CommandResult<unknown, AnyDomainEvent> | null> => {
  const r = reactionTo(e);
  return r ? runReaction(bus, r, opts) : null;
};
