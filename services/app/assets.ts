// The configured assets, as the use cases and facades ask about them: which exist, what each
// allows, and an amount checked against its rules (allowed, positive, at least its minimum).
import { requireAmountFor, unitsFromDecimal, decimalFromUnits, type AssetRules, type Capability } from '../../domain/assets.js';
import { CodedError } from '../../domain/errors.js';
import type { Core } from './core.js';

/** An asset's rules; an asset that is not configured is bad input. */
export const assetRules = (core: Pick<Core, 'assets'>, asset: string): AssetRules => {
  const rules = Object.hasOwn(core.assets, asset) ? core.assets[asset] : undefined;
  if (!rules) throw new CodedError('VALIDATION_FAILED', `no such asset: ${asset}`, { field: 'asset', value: asset });
  return rules;
};

/** The amount, if this asset may be used for this and the amount is at least its minimum. */
export const amountFor = (core: Pick<Core, 'assets'>, asset: string, capability: Capability, amount: number, field = 'amount'): number =>
  requireAmountFor(assetRules(core, asset), capability, amount, field);

/** Minor units of an asset from a decimal text (facades: "0.5" BTY); more places than the asset has are refused. */
export const unitsOf = (core: Pick<Core, 'assets'>, asset: string, text: string, field = 'amount'): number => unitsFromDecimal(assetRules(core, asset), text, field);

/** The decimal text of minor units of an asset (facades: 150 cash → "1.50"). */
export const decimalOf = (core: Pick<Core, 'assets'>, asset: string, units: number): string => decimalFromUnits(assetRules(core, asset), units);

export const listAssets = (core: Pick<Core, 'assets'>) => ({
  items: Object.values(core.assets).map((a) => ({
    asset: a.asset,
    decimals: a.decimals,
    minimum: a.minimum,
    allows: [...a.allows],
    ...(a.withdrawalFee ? { withdrawalFee: { ...a.withdrawalFee } } : {}),
  })),
});
