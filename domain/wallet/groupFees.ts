// A paid group join's fee (issue #19): the joiner's debit carries the whole intent (group, owner,
// the platform's share); the owner's credit is the fee minus that share. The platform's share is
// credited to `platform:fees` by ReceivePlatformFee (source `group_join`).
import { fail } from '../errors.js';
import { requireId, requireNonNegative, requirePositive } from '../rules.js';
import type { PayGroupFee, ReceiveGroupFee } from './commands.js';
import type { WalletEvent } from './events.js';
import { credit, debit, entry, type Wallet } from './state.js';

const requireShare = (amount: number, platformShare: number): number => {
  requirePositive('amount', amount);
  requireNonNegative('platformShare', platformShare);
  if (platformShare > amount) fail('VALIDATION_FAILED', 'the platform share cannot exceed the fee', { field: 'platformShare', amount, platformShare });
  return amount - platformShare;
};

export const groupFee = (c: PayGroupFee | ReceiveGroupFee, s: Wallet): WalletEvent[] => {
  const { paymentRef, groupId, payerId, asset, amount, platformShare } = c.data;
  const ownerPart = requireShare(amount, platformShare);
  if (c.type === 'PayGroupFee') {
    const { ownerId } = c.data;
    if (requireId('payerId', payerId) === requireId('ownerId', ownerId)) fail('NOT_ELIGIBLE', 'the owner does not pay to join their own group');
    const data = { ...entry('group_fee', paymentRef, debit(s, asset, amount)), paymentRef, groupId: requireId('groupId', groupId), payerId, ownerId, asset, amount, platformShare };
    return [{ type: 'GroupFeePaid', data }];
  }
  // A fee wholly the platform's leaves the owner an entry without a change (the flow still closes).
  const changes = ownerPart > 0 ? [credit(s, asset, ownerPart)] : [];
  return [{ type: 'GroupFeeReceived', data: { ...entry('group_fee_in', paymentRef, ...changes), paymentRef, groupId, payerId, asset, amount, platformShare } }];
};
