// Assets: what a wallet holds besides cash, coins and income. Which assets exist, how many
// decimal places each has, its minimum and what it may be used for are configuration (the
// service parses ASSETS once and passes an asset's rules in); the rules themselves are pure and
// live here, so deciders, use cases and tests apply the same ones. Amounts are always integer
// minor units: 1 BTY with 8 decimal places is 100000000 units.
import { fail } from './errors.js';
import { requirePositive } from './rules.js';

/** An asset id: lowercase, as configured (`cash`, `bty`, ...). */
export type Asset = string;

/** The three assets the core's own flows name: cash (recharge, transfers), coins (gifts), income (gift earnings). */
export const CASH = 'cash';
export const COINS = 'coins';
export const INCOME = 'income';
export const coreAssets = [CASH, COINS, INCOME] as const;
export type CoreAsset = (typeof coreAssets)[number];

/** What an asset may be used for. Person-to-person money (transfers, instant pay, receipts, AA) is `transfer`. */
export const capabilities = ['recharge', 'transfer', 'red_packet', 'gift_spend', 'withdrawal', 'exchange'] as const;
export type Capability = (typeof capabilities)[number];

/** A fee in basis points of the amount, rounded up to a whole minor unit, then held within [minimum, maximum]. */
export interface FeeRule {
  basisPoints: number;
  minimum: number;
  maximum?: number | undefined;
}

export interface AssetRules {
  asset: Asset;
  /** Decimal places of one unit (cash 2: fen; bty 8): how amounts are written, never how they are stored. */
  decimals: number;
  /** The smallest amount an operation may move, in minor units (≥ 1). */
  minimum: number;
  allows: readonly Capability[];
  /** Charged on top of a paid-out withdrawal and credited to the platform's `fees` account. */
  withdrawalFee?: FeeRule | undefined;
}

/** Lowercase letters, digits and `_`, starting with a letter: safe as a key, a column value and a URL segment. */
export const ASSET_ID = /^[a-z][a-z0-9_]{0,31}$/;

export const requireAsset = (field: string, value: string): Asset =>
  typeof value === 'string' && ASSET_ID.test(value) ? value : fail('VALIDATION_FAILED', `${field} must be an asset id`, { field, value });

/** Cash is the default asset of transfers and red packets; events written before assets existed name none. */
export const assetOr = (asset: Asset | undefined): Asset => asset ?? CASH;

/** The `asset` field an event carries: none for cash, so cash flows keep the shape they always had. */
export const assetField = (asset: Asset | undefined): { asset?: Asset } => (asset === undefined || asset === CASH ? {} : { asset });

/** The amount an operation may move in this asset: allowed, positive, at least the minimum. */
export const requireAmountFor = (rules: AssetRules, capability: Capability, amount: number, field = 'amount'): number => {
  if (!rules.allows.includes(capability)) fail('ASSET_NOT_ALLOWED', `${rules.asset} cannot be used for ${capability}`, { asset: rules.asset, capability });
  requirePositive(field, amount);
  if (amount < rules.minimum) fail('AMOUNT_TOO_SMALL', `${field} is below the minimum of ${rules.asset}`, { field, asset: rules.asset, minimum: rules.minimum, amount });
  return amount;
};

/**
 * Minor units from a decimal text with at most the asset's decimal places ("0.00000001" BTY → 1).
 * More places than the asset has are refused, never rounded; so is anything that is not a plain
 * non-negative decimal or does not fit a safe integer.
 */
export const unitsFromDecimal = (rules: Pick<AssetRules, 'asset' | 'decimals'>, text: string, field = 'amount'): number => {
  const m = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/.exec(typeof text === 'string' ? text.trim() : '');
  if (!m) return fail('VALIDATION_FAILED', `${field} must be a non-negative decimal amount`, { field });
  const [, whole = '0', fraction = ''] = m;
  if (fraction.length > rules.decimals) return fail('VALIDATION_FAILED', `${field} has more than ${rules.decimals} decimal places`, { field, asset: rules.asset, decimals: rules.decimals });
  const units = BigInt(whole) * 10n ** BigInt(rules.decimals) + BigInt(fraction.padEnd(rules.decimals, '0') || '0');
  return units <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(units) : fail('VALIDATION_FAILED', `${field} is too large`, { field });
};

/** The decimal text of an amount of minor units: 150 cash → "1.50", 1 bty → "0.00000001". */
export const decimalFromUnits = (rules: Pick<AssetRules, 'decimals'>, units: number): string => {
  const digits = BigInt(Math.abs(units)).toString().padStart(rules.decimals + 1, '0');
  const cut = digits.length - rules.decimals;
  return `${units < 0 ? '-' : ''}${digits.slice(0, cut)}${rules.decimals > 0 ? `.${digits.slice(cut)}` : ''}`;
};

/** The fee on an amount: ⌈amount × bp / 10000⌉ (exact, in bigint), at least the minimum and at most the maximum. */
export const feeFor = (rule: FeeRule | undefined, amount: number): number => {
  if (!rule) return 0;
  const proportional = (BigInt(amount) * BigInt(rule.basisPoints) + 9_999n) / 10_000n;
  let fee = proportional < BigInt(rule.minimum) ? BigInt(rule.minimum) : proportional;
  if (rule.maximum !== undefined && fee > BigInt(rule.maximum)) fee = BigInt(rule.maximum);
  return Number(fee);
};
