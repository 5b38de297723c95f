// The legs that follow a paid join's debit (issue #19), as data like reactions.ts: GroupFeePaid →
// the owner's part (GroupFeeReceived) → the platform's share on `platform:fees`
// (PlatformFeeReceived, source `group_join`). Command ids derive from the event, so the use case
// (at once) and the process manager (from the log) run each leg once.
import type { CommandMetadata } from '../../domain/aggregate.js';
import type { Stored } from '../../domain/events.js';
import type { AnyDomainEvent, EventOf } from '../../domain/index.js';
import { platformWalletStream, walletStream, type WalletCommand } from '../../domain/wallet/index.js';
import { derivedCommandId } from '../shared/ids.js';

/** reactions.ts's WalletReaction, restated (importing it would be a cycle). */
type WalletReaction = { kind: 'wallet'; streamId: string; command: WalletCommand };

const meta = (cause: Stored<AnyDomainEvent>, step: string): CommandMetadata => ({
  commandId: derivedCommandId(cause.id, step),
  causationId: cause.id,
  at: cause.metadata.at,
  ...(typeof cause.metadata.correlationId === 'string' ? { correlationId: cause.metadata.correlationId } : {}),
});

/** GroupFeePaid → the owner is credited the fee minus the platform's share. */
export const creditGroupOwner = (e: Stored<EventOf<'GroupFeePaid'>>): WalletReaction => {
  const { paymentRef, groupId, payerId, ownerId, asset, amount, platformShare } = e.data;
  return {
    kind: 'wallet',
    streamId: walletStream(ownerId),
    command: { type: 'ReceiveGroupFee', data: { paymentRef, groupId, payerId, asset, amount, platformShare }, metadata: meta(e, 'credit-group-fee') },
  };
};

/** GroupFeeReceived → `platform:fees` is credited the share (none when it is zero). */
export const creditGroupFeeShare = (e: Stored<EventOf<'GroupFeeReceived'>>): WalletReaction | null => {
  const { paymentRef, payerId, asset, platformShare } = e.data;
  if (platformShare <= 0) return null;
  return {
    kind: 'wallet',
    streamId: platformWalletStream('fees'),
    command: { type: 'ReceivePlatformFee', data: { source: 'group_join', sourceId: paymentRef, userId: payerId, asset, amount: platformShare }, metadata: meta(e, 'credit-group-fee-share') },
  };
};
