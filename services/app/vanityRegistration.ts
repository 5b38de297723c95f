// 003's vanity-number registration (`/pay/createNumberOrder` with `mobile`, `pwd`, `validateNum`,
// `name`): registering an account and buying a display number in one external payment.
//
// 1. The number must be listed and unclaimed (NOT_FOR_SALE, DISPLAY_NUMBER_TAKEN): nothing is
//    created otherwise. It is not held: holding numbers for unpaid orders would let anyone with a
//    phone park numbers for free.
// 2. The account is registered as by `register` (SMS code, password; PHONE_TAKEN, SMS_CODE_INVALID)
//    and signed in: the answer carries its session.
// 3. A recharge order of the number's price, in PURCHASE_ASSET, names the number as its purpose.
//    The provider's signed notification credits the wallet as for any recharge, then the number
//    is bought from it (vanityNumbers.ts completeNumberOrder). A registrant who loses the number
//    to a faster buyer keeps the money in their wallet; nothing is owed and the audit closes as
//    for any recharge and purchase.
import { amountFor } from './assets.js';
import type { Caller } from './caller.js';
import type { Core } from './core.js';
import { createRechargeOrder } from './recharge.js';
import { requireProvider, type OrderProvider } from './rechargePay.js';
import { numberForSale } from './vanityNumbers.js';
import { registerWithProfile } from './walletAppViews.js';

type Registration = Parameters<typeof registerWithProfile>[2];

/** `provider`: where the registrant pays (rechargePay.ts; the sandbox when absent, dev mode only). */
export const registerForNumber = async (core: Core, caller: Caller, input: Registration & { displayNumber: string; provider?: OrderProvider | undefined; subject?: string | undefined }) => {
  const { displayNumber, provider, subject, ...registration } = input;
  const number = await numberForSale(core, displayNumber);
  // The order's amount and provider are checked before the account is made, so a price the
  // recharge rules refuse, or a provider not configured here, makes nothing.
  const amount = amountFor(core, core.config.PURCHASE_ASSET, 'recharge', number.price);
  requireProvider(core, provider ?? 'sandbox', { asset: core.config.PURCHASE_ASSET, amount });
  const { session, me } = await registerWithProfile(core, caller, registration);
  const user: Caller = { kind: 'user', userId: session.userId, roles: [], app: caller.kind === 'anonymous' || caller.kind === 'guest' || caller.kind === 'user' ? caller.app : 'core', token: session.token };
  const purpose = { kind: 'display_number' as const, displayNumber: number.displayNumber };
  const order = await createRechargeOrder(core, user, { asset: core.config.PURCHASE_ASSET, amount: number.price, purpose, provider, subject });
  return { session, me, orderId: order.orderId, provider: order.provider, payUrl: order.payUrl, pay: order.pay, displayNumber: number.displayNumber, asset: core.config.PURCHASE_ASSET, price: number.price };
};
