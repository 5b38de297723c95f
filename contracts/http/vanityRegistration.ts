// Registering an account and buying a vanity display number in one external payment (003
// `/pay/createNumberOrder` with registration fields).
import { z } from 'zod';
import { errorResponses, Nickname, Phone } from '../common.js';
import { Code, DeviceKind, Password, SignedIn } from './auth.js';
import { DisplayNumber } from './profiles.js';
import { OrderProvider, OrderSubject, PayParams } from './rechargePay.js';

export const createNumberRegistration = {
  body: z.strictObject({ phone: Phone, code: Code, password: Password, nickname: Nickname.optional(), deviceKind: DeviceKind.optional(), displayNumber: DisplayNumber, provider: OrderProvider.optional(), subject: OrderSubject.optional() }),
  /**
   * The new account's session, and the recharge order that pays for the number: once the provider
   * notifies its payment, the wallet is credited and the number bought from it (GET /v1/me shows it).
   * `provider` (the sandbox when absent, dev mode only) and `pay` as for POST /v1/recharge-orders.
   */
  response: {
    201: SignedIn.extend({
      order: z.object({ orderId: z.string(), provider: OrderProvider, payUrl: z.string().optional(), pay: PayParams, displayNumber: z.string(), asset: z.string(), price: z.number().int(), status: z.literal('pending') }),
    }),
    ...errorResponses,
  },
} as const;

