// Registering an account and buying a vanity display number in one external payment (003
// `/pay/createNumberOrder` with registration fields).
import { z } from 'zod';
import { errorResponses, Nickname, Phone } from '../common.js';
import { Code, DeviceKind, Password, SignedIn } from './auth.js';

export const createNumberRegistration = {
  body: z.strictObject({ phone: Phone, code: Code, password: Password, nickname: Nickname.optional(), deviceKind: DeviceKind.optional(), displayNumber: z.string().regex(/^[1-9][0-9]{4,11}$/, 'must be 5-12 digits without a leading zero') }),
  /**
   * The new account's session, and the recharge order that pays for the number: once the provider
   * notifies its payment, the wallet is credited and the number bought from it (GET /v1/me shows it).
   */
  response: {
    201: SignedIn.extend({
      order: z.object({ orderId: z.string(), payUrl: z.string(), displayNumber: z.string(), asset: z.string(), price: z.number().int(), status: z.literal('pending') }),
    }),
    ...errorResponses,
  },
} as const;

