// Assets as configuration: ASSETS (JSON keyed by asset id) over the defaults below, parsed once
// at start-up with zod; a bad value stops the process (config.ts checks it with the rest).
//
// An entry for a default asset overrides it field by field (`{"cash":{"minimum":100}}`); a new
// asset needs `decimals` and `allows`. cash, coins and income always exist: the core's own flows
// name them (gifts spend coins and earn income; exchanges credit coins).
import { z } from 'zod';
import { ASSET_ID, capabilities, coreAssets, type AssetRules } from '../../domain/assets.js';

const Units = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const FeeRule = z.strictObject({
  basisPoints: z.number().int().min(0).max(10_000),
  minimum: Units.default(0),
  maximum: Units.optional(),
});

// 15 decimal places at most: one whole unit must stay far inside the safe integer range.
const Entry = z.strictObject({
  decimals: z.number().int().min(0).max(15),
  minimum: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(1),
  allows: z.array(z.enum(capabilities)),
  withdrawalFee: FeeRule.optional(),
});

type Rules = Omit<AssetRules, 'asset'>;

const coin = (): Rules => ({ decimals: 8, minimum: 1, allows: ['recharge', 'transfer', 'red_packet'] });

/** cash in fen (2 places), coins and income whole; the chat platform's coins (BTY, YCC, coin 3) with 8 places. */
export const defaultAssets: Readonly<Record<string, Rules>> = {
  cash: { decimals: 2, minimum: 1, allows: ['recharge', 'transfer', 'red_packet', 'withdrawal', 'exchange'] },
  coins: { decimals: 0, minimum: 1, allows: ['recharge', 'gift_spend'] },
  income: { decimals: 0, minimum: 1, allows: ['withdrawal', 'exchange'] },
  bty: coin(),
  ycc: coin(),
  coin3: coin(),
};

const Overrides = z.record(z.string().regex(ASSET_ID, 'an asset id is lowercase letters, digits and _'), z.unknown());

/** The configured assets by id. Throws (with zod's message) on a bad ASSETS value. */
export const parseAssets = (json: string | undefined): Readonly<Record<string, AssetRules>> => {
  const overrides = json ? Overrides.parse(JSON.parse(json)) : {};
  const out: Record<string, AssetRules> = {};
  for (const id of new Set([...Object.keys(defaultAssets), ...Object.keys(overrides)])) {
    const base = Object.hasOwn(defaultAssets, id) ? defaultAssets[id] : undefined;
    const given = Object.hasOwn(overrides, id) ? overrides[id] : undefined;
    const merged = Entry.parse(base ? { ...base, ...z.record(z.string(), z.unknown()).parse(given ?? {}) } : given);
    out[id] = { asset: id, ...merged };
  }
  for (const core of coreAssets) if (!out[core]) throw new Error(`${core} must stay configured`);
  return out;
};

/** A readable reason ASSETS is bad, or null when it parses. */
export const assetsProblem = (json: string | undefined): string | null => {
  try {
    parseAssets(json);
    return null;
  } catch (err) {
    return err instanceof z.ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err);
  }
};
