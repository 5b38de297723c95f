// Configuration of the paid products and the payment providers (issue #19): spread into the one
// config schema (config.ts), so it is parsed with everything else at start-up. Prices are integer
// minor units of their asset. Provider keys have no defaults: a provider without its keys is off
// (its callback answers 404), and nothing is ever credited without a verified signature.
import { z } from 'zod';

const json = <T extends z.ZodType>(schema: T) =>
  z.string().transform((s, ctx): z.output<T> => {
    try {
      const r = schema.safeParse(JSON.parse(s));
      if (r.success) return r.data;
      ctx.addIssue({ code: 'custom', message: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
    }
    return z.NEVER;
  });

const price = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A vanity price: the first entry whose pattern (a regular expression over the whole number) matches. */
const VanityPrice = z.object({ pattern: z.string().min(1), price, name: z.string().optional() });
/** A group level's price for one term of `days`. */
const LevelPrice = z.object({ price, days: z.number().int().min(1).max(3660) });
/** An App Store product and what one purchase of it is worth. */
const IapProduct = z.object({ asset: z.string().min(1), amount: price });

export const defaultVanityPrices: z.output<typeof VanityPrice>[] = [
  { name: 'AAAAAA', pattern: '\\d*(\\d)\\1{5}\\d*', price: 888_800 },
  { name: 'AAAA', pattern: '\\d*(\\d)\\1{3}\\d*', price: 188_800 },
  { name: 'ABCDE', pattern: '\\d*(01234|12345|23456|34567|45678|56789)\\d*', price: 88_800 },
  { name: 'AABB', pattern: '\\d*(\\d)\\1(\\d)\\2\\d*', price: 18_800 },
];
export const defaultLevelPrices: Record<string, z.output<typeof LevelPrice>> = {
  '1': { price: 1_000, days: 30 },
  '2': { price: 3_000, days: 30 },
  '3': { price: 6_000, days: 30 },
  '4': { price: 10_000, days: 30 },
};

export const purchaseConfigShape = {
  /** Vanity display numbers for sale (JSON list of {pattern, price, name?}); a number matching none is NOT_FOR_SALE. */
  VANITY_NUMBER_PRICES: json(z.array(VanityPrice).max(100)).optional(),
  /** The asset vanity numbers and group levels are paid in. */
  PURCHASE_ASSET: z.string().min(1).default('cash'),
  /** Group level prices (JSON {"1": {price, days}, ...} for levels 1-4). */
  GROUP_LEVEL_PRICES: json(z.partialRecord(z.enum(['1', '2', '3', '4']), LevelPrice)).optional(),
  /** The platform's share of a paid join's fee, in basis points (the owner receives the rest). */
  GROUP_JOIN_PLATFORM_SHARE_BP: z.coerce.number().int().min(0).max(10_000).default(1_000),
  /** Payout accounts (bank cards, Alipay) a user may keep. */
  PAYOUT_ACCOUNTS_MAX: z.coerce.number().int().min(1).max(50).default(5),
  /** Alipay: our app id (notifications for another are refused) and Alipay's RSA public key (PEM or base64 DER). */
  ALIPAY_APP_ID: z.string().min(1).optional(),
  ALIPAY_PUBLIC_KEY: z.string().min(32).optional(),
  /** WeChat Pay v3: the platform certificate's public key (PEM) and the 32-byte APIv3 key that encrypts the resource. */
  WECHATPAY_PLATFORM_PUBLIC_KEY: z.string().min(32).optional(),
  WECHATPAY_APIV3_KEY: z.string().length(32).optional(),
  /** How old a WeChat Pay notification's timestamp may be (replays beyond it are refused). */
  WECHATPAY_MAX_SKEW_SECONDS: z.coerce.number().int().positive().default(300),
  /** Apple IAP: the verifyReceipt endpoint, the app's shared secret and bundle id, and the products (JSON {productId: {asset, amount}}). */
  APPLE_IAP_VERIFY_URL: z.string().url().default('https://buy.itunes.apple.com/verifyReceipt'),
  APPLE_IAP_SHARED_SECRET: z.string().min(8).optional(),
  APPLE_IAP_BUNDLE_ID: z.string().min(1).optional(),
  APPLE_IAP_PRODUCTS: json(z.record(z.string(), IapProduct)).optional(),
};
