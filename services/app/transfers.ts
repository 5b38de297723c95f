// Transfers: the sender's wallet is debited with the whole intent; the transfer stream follows;
// the recipient accepts (credited) or rejects (refunded), or it expires (refunded).
import { CodedError } from '../../domain/errors.js';
import { transferDecider, transferStream } from '../../domain/transfer.js';
import { canCredit, walletDecider, walletStream } from '../../domain/wallet.js';
import { getTransfer as readTransfer, listTransfers as readTransfers, type PageRequest } from '../../projections/queries.js';
import { notFound, requireUserExists } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { follow } from './follow.js';
import { eventOf, settled } from './results.js';

export const createTransfer = (core: Core, caller: Caller, input: { toUserId: string; amount: number; note?: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'createTransfer', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const { toUserId, amount, note } = input;
    if (toUserId !== user.userId) await requireUserExists(core, toUserId, 'recipient');
    const expiresAt = new Date(Date.parse(meta.at) + core.config.TRANSFER_EXPIRY_SECONDS * 1000).toISOString();
    const r = await core.bus.handle(walletDecider, walletStream(user.userId), {
      type: 'SendTransfer',
      data: { transferId: newId(), fromUserId: user.userId, toUserId, amount, ...(note !== undefined ? { note } : {}), expiresAt },
      metadata: meta,
    });
    const sent = eventOf(r, 'TransferSent');
    const created = await follow(core.bus, sent);
    await settled(core, r, created);
    return { transferId: sent.data.transferId, status: 'pending' as const, expiresAt: sent.data.expiresAt };
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
        if (!canCredit(w.state, 'cash', t.state.amount)) throw new CodedError('CONFLICT', 'this credit would exceed the largest balance a wallet can hold', { transferId: input.transferId });
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
