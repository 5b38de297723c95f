// Small shapes several /v1 contracts share, written once so the same thing has one shape on the
// wire wherever it appears (a person in a list, a pay password, who took how much and when).
import { z } from 'zod';
import { Id, IsoTime, PayPassword } from '../common.js';

/** A path naming one resource by `:id`. */
export const IdParams = z.strictObject({ id: Id });
/** A path naming a user by `:userId`. */
export const UserParams = z.strictObject({ userId: Id });

/** Another user as a list shows them; spread into the item's own fields. */
export const person = { userId: z.string(), nickname: z.string(), avatarUrl: z.string().nullable() };

/**
 * A money command's pay password, spread into its body: checked when given, required where the
 * app's policy names the operation (services/app/payPassword.ts); never echoed or logged.
 */
export const payPasswordField = { payPassword: PayPassword.optional() };

/** Who took how much and when: a red packet's grabs, an AA collection's payments. */
export const UserAmountAt = z.object({ userId: z.string(), amount: z.number().int(), at: IsoTime });
