// A wallet's state: one balance per asset, none below zero. A wallet exists implicitly with zero
// balances (there is no opening event); cash, coins and income are always present, other assets
// once they were touched. The shape is the one snapshots stored before assets existed, so old
// snapshots load as they are.
import { requireAsset, type Asset } from '../assets.js';
import { fail } from '../errors.js';
import { requireId, requirePositive, safeAdd } from '../rules.js';
import { isWalletEventType, type BalanceChange, type Entry, type LedgerReason, type WalletEvent } from './events.js';

export type Wallet = { readonly cash: number; readonly coins: number; readonly income: number; readonly [asset: string]: number };

export const initialState = (): Wallet => ({ cash: 0, coins: 0, income: 0 });

/** An asset's balance; an own property only (an asset id is never read off the prototype). */
export const balanceOf = (s: Wallet, asset: Asset): number => (Object.hasOwn(s, asset) ? (s[asset] ?? 0) : 0);

/** Every asset the wallet holds (cash, coins and income always), with its balance. */
export const balancesOf = (s: Wallet): Record<Asset, number> => ({ ...s });

/** Replays trust the recorded balances: the events state them, nothing is recomputed. */
export const evolve = (s: Wallet, e: WalletEvent): Wallet => {
  if (!isWalletEventType(e.type)) return s;
  const next: Record<string, number> = { ...s };
  for (const c of e.data.changes) next[c.asset] = c.balanceAfter;
  return next as Wallet;
};

/** Whether a credit of this amount can land (a balance never leaves the safe integer range). */
export const canCredit = (s: Wallet, asset: Asset, amount: number): boolean =>
  Number.isSafeInteger(amount) && amount > 0 && Number.isSafeInteger(balanceOf(s, asset) + amount);

export const credit = (s: Wallet, asset: Asset, amount: number): BalanceChange => {
  requireAsset('asset', asset);
  requirePositive('amount', amount);
  return { asset, delta: amount, balanceAfter: safeAdd(asset, balanceOf(s, asset), amount) };
};

export const debit = (s: Wallet, asset: Asset, amount: number): BalanceChange => {
  requireAsset('asset', asset);
  requirePositive('amount', amount);
  const balance = balanceOf(s, asset);
  if (balance < amount) fail('INSUFFICIENT_FUNDS', `not enough ${asset}`, { asset, balance, required: amount });
  return { asset, delta: -amount, balanceAfter: balance - amount };
};

export const entry = <R extends LedgerReason>(reason: R, refId: string, ...changes: BalanceChange[]): Entry<R> => ({
  reason,
  refId: requireId('refId', refId),
  changes,
});

/** The state after a change, for a decision that moves two assets (exchange). */
export const after = (s: Wallet, c: BalanceChange): Wallet => ({ ...s, [c.asset]: c.balanceAfter });
