// Vanity display numbers for sale: a price list from configuration (VANITY_NUMBER_PRICES; the
// first pattern matching the whole number sets its price), bought with the platform as seller.
//
// The order of a purchase is what keeps money and numbers straight:
// 1. price, ownership and funds are checked, then the pay password (`purchase`, per app policy);
// 2. the number's claim stream decides who gets it (display-number-<n>, the first claim wins for
//    ever): a buyer who loses a race, or asks for a number someone holds or held, is refused
//    DISPLAY_NUMBER_TAKEN before any money moves;
// 3. the winner pays (PurchasePaid → SaleReceived on platform:sales), once per (number, buyer);
// 4. ReplaceDisplayNumber gives it to them; the old number stays claimed by them, retired.
// A buyer whose debit fails after winning the claim (their balance spent meanwhile) keeps the
// claim: nobody else can have that number, and buying it again completes the purchase.
import { accountDecider, accountStream } from '../../domain/account.js';
import { displayNumberDecider, displayNumberStream, isDisplayNumber } from '../../domain/displayNumber.js';
import type { CommandMetadata } from '../../domain/aggregate.js';
import { CodedError, isDomainError } from '../../domain/errors.js';
import { defaultVanityPrices } from '../shared/purchaseConfig.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, systemMetadata, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { requirePayPassword, withoutSecret, type PayPasswordInput } from './payPassword.js';
import { balanceNow, payPlatform, purchaseIdFor, requireFunds } from './purchases.js';
import { settled } from './results.js';

const requireNumber = (n: string): string => {
  if (!isDisplayNumber(n)) throw new CodedError('VALIDATION_FAILED', 'displayNumber must be 5-12 digits without a leading zero', { field: 'displayNumber' });
  return n;
};

type PriceList = NonNullable<Core['config']['VANITY_NUMBER_PRICES']>;
const compiled = new WeakMap<PriceList, RegExp[]>();

/** The configured price list, each entry with its pattern compiled once (whole-number match). */
export const vanityPrices = (core: Core): { list: PriceList; matchers: RegExp[] } => {
  const list = core.config.VANITY_NUMBER_PRICES ?? defaultVanityPrices;
  let matchers = compiled.get(list);
  if (!matchers) compiled.set(list, (matchers = list.map((p) => new RegExp(`^(?:${p.pattern})$`))));
  return { list, matchers };
};

/** The index of the first listed pattern the number matches (its price type), or -1. */
export const vanityTypeOf = (prices: { matchers: RegExp[] }, displayNumber: string): number => prices.matchers.findIndex((m) => m.test(displayNumber));

/** The listed price of a number, or null when it is not for sale. */
export const vanityPriceOf = (core: Core, displayNumber: string): { price: number; name: string | null } | null => {
  const prices = vanityPrices(core);
  const hit = prices.list[vanityTypeOf(prices, displayNumber)];
  return hit ? { price: hit.price, name: hit.name ?? null } : null;
};

/** A number that is listed and unclaimed, with its price: else NOT_FOR_SALE or DISPLAY_NUMBER_TAKEN. */
export const numberForSale = async (core: Core, displayNumber: string): Promise<{ displayNumber: string; price: number }> => {
  const n = requireNumber(displayNumber);
  const listed = vanityPriceOf(core, n);
  if (!listed) throw new CodedError('NOT_FOR_SALE', 'this number is not for sale', { displayNumber: n });
  const claim = await core.bus.load(displayNumberDecider, displayNumberStream(n));
  if (claim.state.status !== 'unclaimed') throw new CodedError('DISPLAY_NUMBER_TAKEN', 'this number is or was someone else’s', { displayNumber: n });
  return { displayNumber: n, price: listed.price };
};

/** What a number costs and whether it can still be bought. */
export const quoteDisplayNumber = async (core: Core, caller: Caller, input: { displayNumber: string }) => {
  requireUser(caller);
  const n = requireNumber(input.displayNumber);
  const listed = vanityPriceOf(core, n);
  const claim = await core.bus.load(displayNumberDecider, displayNumberStream(n));
  return { displayNumber: n, forSale: listed !== null, available: listed !== null && claim.state.status === 'unclaimed', price: listed?.price ?? null, name: listed?.name ?? null, asset: core.config.PURCHASE_ASSET };
};

export const buyDisplayNumber = (core: Core, caller: Caller, input: { displayNumber: string; payPassword?: PayPasswordInput | undefined }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'buyDisplayNumber', withoutSecret(input), opts, async ({ meta }) => {
    const { userId } = requireUser(caller);
    return purchaseNumber(core, userId, input.displayNumber, meta, () => requirePayPassword(core, caller, 'purchase', input.payPassword, meta));
  });

/**
 * The purchase itself (steps 1-4 above) for `userId`; `authorize` runs once funds are known to be
 * there and before anything is claimed (the pay password, or nothing where a payment made for this
 * number is the authority).
 */
const purchaseNumber = async (core: Core, userId: string, displayNumber: string, meta: CommandMetadata, authorize: () => Promise<unknown>) => {
  const n = requireNumber(displayNumber);
  const listed = vanityPriceOf(core, n);
  if (!listed) throw new CodedError('NOT_FOR_SALE', 'this number is not for sale', { displayNumber: n });
  const asset = core.config.PURCHASE_ASSET;
  const account = await core.bus.load(accountDecider, accountStream(userId));
  if (account.state.status !== 'registered') throw notFound('user');
  const item = { kind: 'display_number', id: n };
  const purchaseId = purchaseIdFor(item, userId);
  const before = await core.bus.load(displayNumberDecider, displayNumberStream(n));
  if (before.state.status === 'claimed' && before.state.userId !== userId) throw new CodedError('DISPLAY_NUMBER_TAKEN', 'this number is or was someone else’s', { displayNumber: n });
  // Already theirs (a purchase answered before, under another key): nothing moves again.
  if (account.state.displayNumber === n) return { purchaseId, displayNumber: n, asset, price: listed.price, balance: await balanceNow(core, userId, asset) };
  await requireFunds(core, userId, asset, listed.price);
  await authorize();
  const claim = await core.bus.handle(displayNumberDecider, displayNumberStream(n), {
    type: 'ClaimDisplayNumber',
    data: { displayNumber: n, userId },
    metadata: { ...meta, commandId: `vanity-claim:${purchaseId}` },
  });
  if (claim.state.status !== 'claimed' || claim.state.userId !== userId) throw new CodedError('DISPLAY_NUMBER_TAKEN', 'this number is or was someone else’s', { displayNumber: n });
  const paid = await payPlatform(core, { buyerId: userId, item, asset, amount: listed.price, purchaseId }, meta);
  const replaced = await core.bus.handle(accountDecider, accountStream(userId), {
    type: 'ReplaceDisplayNumber',
    data: { userId, displayNumber: n },
    metadata: { ...meta, commandId: `vanity-replace:${purchaseId}` },
  });
  await settled(core, claim, ...paid.results, replaced);
  return { purchaseId, displayNumber: n, asset, price: listed.price, balance: paid.balance };
};

/**
 * 003's vanity-number registration, once its recharge order is paid and credited: the number is
 * bought from the wallet the payment just filled, with no pay password (the payment for this
 * number is the authority). If it is no longer to be had (another buyer won it meanwhile, its
 * price rose, it left the price list), the money stays in the wallet: nothing is refunded or lost,
 * and the answer says why.
 */
export const completeNumberOrder = async (core: Core, order: { orderId: string; userId: string; displayNumber: string }) => {
  const meta = systemMetadata(core, `vanity-order:${order.orderId}`);
  try {
    const r = await purchaseNumber(core, order.userId, order.displayNumber, meta, async () => undefined);
    return { bought: true as const, displayNumber: r.displayNumber };
  } catch (e) {
    if (!isDomainError(e) || !['DISPLAY_NUMBER_TAKEN', 'INSUFFICIENT_FUNDS', 'NOT_FOR_SALE'].includes(e.code)) throw e;
    core.log.info({ orderId: order.orderId, userId: order.userId, displayNumber: order.displayNumber, code: e.code }, 'vanity number not bought after its payment: the money stays in the wallet');
    return { bought: false as const, reason: e.code };
  }
};
