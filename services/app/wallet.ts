// The wallet: balances (from the wallet aggregate itself, so a read right after any command is
// exact), the ledger, exchanges to coins, and withdrawals (held at once, decided by an operator).
import type { WithdrawalAsset } from '../../domain/withdrawal.js';
import { withdrawalDecider, withdrawalStream } from '../../domain/withdrawal.js';
import { walletDecider, walletStream } from '../../domain/wallet.js';
import { getWithdrawal as readWithdrawal, listLedger, listWithdrawals as readWithdrawals, type PageRequest, type WithdrawalStatus } from '../../projections/queries.js';
import { notFound } from './access.js';
import { hasRole, requireRole, requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { follow } from './follow.js';
import { balanceAfter, eventOf, settled } from './results.js';

// The wallet_balances read model serves audits and rebuilds; answers come from the aggregate.
export const getWallet = async (core: Core, caller: Caller) => {
  const w = await core.bus.load(walletDecider, walletStream(requireUser(caller).userId));
  return { cash: w.state.cash, coins: w.state.coins, income: w.state.income, version: w.revision + 1 };
};

export const getLedger = (core: Core, caller: Caller, page: PageRequest) => listLedger(core.pool, requireUser(caller).userId, page);

export const exchangeCoins = (core: Core, caller: Caller, input: { from: 'cash' | 'income'; amount: number }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'exchangeCoins', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const rate = input.from === 'cash' ? core.config.EXCHANGE_RATE_CASH_TO_COINS : core.config.EXCHANGE_RATE_INCOME_TO_COINS;
    const r = await core.bus.handle(walletDecider, walletStream(user.userId), {
      type: 'ExchangeCoins',
      data: { exchangeId: newId(), from: input.from, amount: input.amount, rate },
      metadata: meta,
    });
    await settled(core, r);
    const e = eventOf(r, 'CoinsExchanged');
    return { credited: e.data.credited, coins: balanceAfter(e.data.changes, 'coins') ?? 0 };
  });

export const requestWithdrawal = (core: Core, caller: Caller, input: { asset: WithdrawalAsset; amount: number; account: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'requestWithdrawal', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const r = await core.bus.handle(walletDecider, walletStream(user.userId), {
      type: 'RequestWithdrawal',
      data: { withdrawalId: newId(), userId: user.userId, ...input },
      metadata: meta,
    });
    const e = eventOf(r, 'WithdrawalRequested');
    const created = await follow(core.bus, e);
    await settled(core, r, created);
    return { withdrawalId: e.data.withdrawalId, status: 'pending' as const };
  });

/** Another user's withdrawal is indistinguishable from a missing one (operators see all). */
export const getWithdrawal = async (core: Core, caller: Caller, input: { withdrawalId: string }) => {
  const user = requireUser(caller);
  const w = await readWithdrawal(core.pool, input.withdrawalId);
  if (!w || (w.userId !== user.userId && !hasRole(caller, 'operator'))) throw notFound('withdrawal');
  return w;
};

export const listWithdrawals = (core: Core, caller: Caller, input: PageRequest & { status?: WithdrawalStatus | undefined }) => {
  requireRole(caller, 'operator');
  return readWithdrawals(core.pool, input);
};

/** An operator pays a withdrawal out or rejects it (the held amount returns). */
export const decideWithdrawal = (core: Core, caller: Caller, input: { withdrawalId: string; decision: 'approve' | 'reject'; reason?: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'decideWithdrawal', input, opts, async ({ meta }) => {
    requireRole(caller, 'operator');
    const { withdrawalId, reason } = input;
    const command =
      input.decision === 'approve'
        ? { type: 'ApproveWithdrawal' as const, data: { withdrawalId }, metadata: meta }
        : { type: 'RejectWithdrawal' as const, data: { withdrawalId, ...(reason !== undefined ? { reason } : {}) }, metadata: meta };
    const r = await core.bus.handle(withdrawalDecider, withdrawalStream(withdrawalId), command);
    const refunds = await Promise.all(r.events.map((e) => follow(core.bus, e)));
    await settled(core, r, ...refunds);
    return { withdrawalId, status: input.decision === 'approve' ? ('paid' as const) : ('rejected' as const) };
  });
