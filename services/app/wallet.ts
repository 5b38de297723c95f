// The wallet: balances (from the wallet aggregate itself, so a read right after any command is
// exact), the ledger, exchanges to coins, and withdrawals (held at once, decided by an operator).
import { feeFor } from '../../domain/assets.js';
import type { WithdrawalAsset } from '../../domain/withdrawal.js';
import { withdrawalDecider, withdrawalStream } from '../../domain/withdrawal.js';
import { balancesOf, walletDecider, walletStream } from '../../domain/wallet/index.js';
import { getWithdrawal as readWithdrawal, listLedger, listWithdrawals as readWithdrawals, type LedgerFilter, type PageRequest, type WithdrawalStatus } from '../../projections/queries.js';
import { notFound } from './access.js';
import { amountFor, assetRules } from './assets.js';
import { hasRole, requireRole, requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { follow } from './follow.js';
import { payoutAccountLabel } from './payoutAccounts.js';
import { CodedError } from '../../domain/errors.js';
import { balanceAfter, eventOf, settled } from './results.js';

// The wallet_balances read model serves audits and rebuilds; answers come from the aggregate.
// `assets` has every configured asset (0 when untouched) and any other the wallet still holds.
export const getWallet = async (core: Core, caller: Caller) => {
  const w = await core.bus.load(walletDecider, walletStream(requireUser(caller).userId));
  const held = balancesOf(w.state);
  const assets: Record<string, number> = Object.fromEntries(Object.keys(core.assets).map((a) => [a, 0]));
  for (const [a, v] of Object.entries(held)) if (v !== 0 || Object.hasOwn(assets, a)) assets[a] = v;
  return { cash: w.state.cash, coins: w.state.coins, income: w.state.income, version: w.revision + 1, assets };
};

/**
 * The caller's ledger, newest first, optionally only some reasons, one asset, one month.
 * `month` is `YYYY-MM` in the offset `utcOffsetMinutes` (0: UTC, what /v1 speaks; a facade whose
 * app shows Shanghai time passes 480).
 */
export const getLedger = (core: Core, caller: Caller, input: PageRequest & LedgerFilterInput) => listLedger(core.pool, requireUser(caller).userId, input, ledgerFilter(input));

export interface LedgerFilterInput {
  reasons?: readonly string[] | undefined;
  asset?: string | undefined;
  month?: string | undefined;
  utcOffsetMinutes?: number | undefined;
}

/** The instants a `YYYY-MM` month spans at an offset from UTC: [from, to). */
export const monthRange = (month: string, utcOffsetMinutes = 0): { from: string; to: string } => {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new CodedError('VALIDATION_FAILED', 'month must be YYYY-MM', { field: 'month' });
  const [y, mo] = [Number(m[1]), Number(m[2])];
  const shift = utcOffsetMinutes * 60_000;
  return { from: new Date(Date.UTC(y, mo - 1, 1) - shift).toISOString(), to: new Date(Date.UTC(y, mo, 1) - shift).toISOString() };
};

export const ledgerFilter = (input: LedgerFilterInput): LedgerFilter => ({
  ...(input.reasons && input.reasons.length > 0 ? { reasons: [...input.reasons] } : {}),
  ...(input.asset !== undefined ? { asset: input.asset } : {}),
  ...(input.month !== undefined ? monthRange(input.month, input.utcOffsetMinutes) : {}),
});

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

/**
 * Holds the amount and the asset's withdrawal fee (configured; none by default). An approval pays
 * the amount out and credits the fee to the platform's `fees` account; a rejection returns both.
 */
export const requestWithdrawal = (core: Core, caller: Caller, input: { asset: WithdrawalAsset; amount: number; account?: string | undefined; accountId?: string | undefined }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'requestWithdrawal', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    // A payout account on file (payoutAccounts.ts) is named by id; the withdrawal records its masked label.
    const account = input.accountId !== undefined ? await payoutAccountLabel(core, user.userId, input.accountId) : input.account;
    if (account === undefined) throw new CodedError('VALIDATION_FAILED', 'name a payout account (accountId) or an account', { field: 'accountId' });
    const amount = amountFor(core, input.asset, 'withdrawal', input.amount);
    const fee = feeFor(assetRules(core, input.asset).withdrawalFee, amount);
    const r = await core.bus.handle(walletDecider, walletStream(user.userId), {
      type: 'RequestWithdrawal',
      data: { withdrawalId: newId(), userId: user.userId, asset: input.asset, amount, ...(fee > 0 ? { fee } : {}), account },
      metadata: meta,
    });
    const e = eventOf(r, 'WithdrawalRequested');
    const created = await follow(core.bus, e);
    await settled(core, r, created);
    return { withdrawalId: e.data.withdrawalId, status: 'pending' as const, fee: e.data.fee ?? 0 };
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
