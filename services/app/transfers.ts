// Transfers: the sender's wallet is debited with the whole intent; the transfer stream follows;
// the recipient accepts (credited) or rejects (refunded), or it expires (refunded).
import { assetField, assetOr } from '../../domain/assets.js';
import { CodedError } from '../../domain/errors.js';
import { transferDecider, transferStream } from '../../domain/transfer.js';
import { groupDecider, groupStream, isGroupMember } from '../../domain/group.js';
import { canCredit, walletDecider, walletStream } from '../../domain/wallet/index.js';
import { getTransfer as readTransfer, listTransfers as readTransfers, type PageRequest } from '../../projections/queries.js';
import { notFound, requireUserExists } from './access.js';
import { amountFor } from './assets.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { follow } from './follow.js';
import { requirePayPassword, withoutSecret, type PayPasswordInput } from './payPassword.js';
import { eventOf, settled } from './results.js';

export interface CreateTransferInput {
  toUserId: string;
  /** Any asset that allows transfers (cash when none is named). */
  asset?: string | undefined;
  amount: number;
  note?: string | undefined;
  /** Checked when given, required when the caller's app's policy says so. */
  payPassword?: PayPasswordInput | undefined;
  /** A group-context transfer: sent in this group's conversation, to a member, by a member. */
  groupId?: string | undefined;
}

const groupField = (groupId: string | undefined) => (groupId !== undefined ? { groupId } : {});

/** A group-context transfer: the group exists, and sender and recipient are both its members now. */
const requireBothMembers = async (core: Core, groupId: string, fromUserId: string, toUserId: string): Promise<void> => {
  const g = await core.bus.load(groupDecider, groupStream(groupId));
  if (g.state.status === 'absent') throw notFound('group', { groupId });
  if (!isGroupMember(g.state, fromUserId) || !isGroupMember(g.state, toUserId)) {
    throw new CodedError('NOT_ELIGIBLE', 'a transfer in a group goes from a member to a member', { groupId });
  }
};

export const createTransfer = (core: Core, caller: Caller, input: CreateTransferInput, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'createTransfer', withoutSecret(input), opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const { toUserId, note } = input;
    const asset = assetOr(input.asset);
    const amount = amountFor(core, asset, 'transfer', input.amount);
    if (toUserId !== user.userId) await requireUserExists(core, toUserId, 'recipient');
    if (input.groupId !== undefined) await requireBothMembers(core, input.groupId, user.userId, toUserId);
    await requirePayPassword(core, caller, 'transfer', input.payPassword, meta);
    const expiresAt = new Date(Date.parse(meta.at) + core.config.TRANSFER_EXPIRY_SECONDS * 1000).toISOString();
    const r = await core.bus.handle(walletDecider, walletStream(user.userId), {
      type: 'SendTransfer',
      data: { transferId: newId(), fromUserId: user.userId, toUserId, ...assetField(asset), amount, ...(note !== undefined ? { note } : {}), expiresAt, ...groupField(input.groupId) },
      metadata: meta,
    });
    const sent = eventOf(r, 'TransferSent');
    const created = await follow(core.bus, sent);
    await settled(core, r, created);
    return { transferId: sent.data.transferId, status: 'pending' as const, asset, amount, expiresAt: sent.data.expiresAt };
  });

/**
 * Accepting settles the transfer, and its credit follows. The credit's feasibility is decided
 * first (a balance that the credit would push past the safe integer range refuses it), so a
 * settlement is never stored whose consequence the recipient's wallet would refuse; a credit
 * refused anyway (a race with another credit) is parked by the process manager and reported by
 * the audit, never dropped.
 */
export const settleTransfer = (core: Core, caller: Caller, input: { transferId: string; action: 'accept' | 'reject' }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'settleTransfer', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const stream = transferStream(input.transferId);
    if (input.action === 'accept') {
      const t = await core.bus.load(transferDecider, stream);
      if (t.state.status === 'pending' && t.state.toUserId === user.userId) {
        const w = await core.bus.load(walletDecider, walletStream(user.userId));
        if (!canCredit(w.state, assetOr(t.state.asset), t.state.amount)) throw new CodedError('CONFLICT', 'this credit would exceed the largest balance a wallet can hold', { transferId: input.transferId });
      }
    }
    const type = input.action === 'accept' ? 'AcceptTransfer' : 'RejectTransfer';
    const r = await core.bus.handle(transferDecider, stream, { type, data: { transferId: input.transferId }, metadata: meta });
    const settledEvent = r.events[0];
    const money = settledEvent ? await follow(core.bus, settledEvent) : null;
    await settled(core, r, money);
    return { status: input.action === 'accept' ? ('accepted' as const) : ('returned' as const) };
  });

export const getTransfer = async (core: Core, caller: Caller, input: { transferId: string }) => {
  const user = requireUser(caller);
  const t = await readTransfer(core.pool, input.transferId);
  if (!t || (t.fromUserId !== user.userId && t.toUserId !== user.userId)) throw notFound('transfer');
  return t;
};

export const listTransfers = async (core: Core, caller: Caller, input: PageRequest & { role: 'sent' | 'received' }) => {
  const { role, ...page } = input;
  return readTransfers(core.pool, requireUser(caller).userId, role, page);
};
