// Instant payments, QR receipts, AA collections and the pay password (/v1 additions for the seed apps).
import { z } from 'zod';
import { Amount, Asset, errorResponses, Id, IsoTime, PayPassword, text } from '../common.js';
import { IdParams, payPasswordField, UserAmountAt } from './shapes.js';

const Note = text({ max: 200, multiline: true });

const InstantPayment = z.object({
  transferId: z.string(),
  status: z.literal('accepted'),
  toUserId: z.string(),
  asset: z.string(),
  amount: z.number().int(),
  /** The payer's balance of the asset after paying. */
  balance: z.number().int(),
});

/** Pays a user at once: no accept step. `payPassword` is checked when given, required where the app's policy says. */
export const payInstantly = {
  body: z.strictObject({ toUserId: Id, asset: Asset.optional(), amount: Amount, note: Note.optional(), ...payPasswordField }),
  response: { 201: InstantPayment, ...errorResponses },
} as const;

const Receipt = z.object({
  receiptId: z.string(),
  payeeId: z.string(),
  asset: z.string(),
  /** Null: the payer enters the amount. */
  amount: z.number().int().nullable(),
  note: z.string().nullable(),
  expiresAt: IsoTime,
});

export const createReceipt = {
  body: z.strictObject({
    asset: Asset.optional(),
    amount: Amount.optional(),
    note: Note.optional(),
    expiresInSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional(),
  }),
  /** `payload` is what the QR code holds: signed, so a payer cannot change who is paid or how much. */
  response: { 201: Receipt.extend({ payload: z.string() }), ...errorResponses },
} as const;

const Payload = z.string().min(1).max(2000);

export const readReceipt = {
  body: z.strictObject({ payload: Payload }),
  response: { 200: Receipt.extend({ expired: z.boolean() }), ...errorResponses },
} as const;

/** Pays a scanned receipt, once per payer: paying the same receipt again returns the first payment. */
export const payReceipt = {
  body: z.strictObject({ payload: Payload, amount: Amount.optional(), ...payPasswordField }),
  response: { 201: InstantPayment.extend({ receiptId: z.string() }), ...errorResponses },
} as const;

const AaTarget = z.strictObject({ type: z.enum(['user', 'group']), id: Id });

export const startAaCollection = {
  body: z
    .strictObject({
      asset: Asset.optional(),
      amountEach: Amount,
      count: z.number().int().min(1).max(50),
      target: AaTarget,
      note: Note.optional(),
      expiresInSeconds: z.number().int().min(60).max(30 * 24 * 3600).optional(),
    })
    .superRefine((b, ctx) => {
      if (b.target.type === 'user' && b.count !== 1) ctx.addIssue({ code: 'custom', path: ['count'], message: 'a collection from one user has count 1' });
    }),
  response: {
    201: z.object({ aaId: z.string(), asset: z.string(), amountEach: z.number().int(), count: z.number().int(), total: z.number().int(), expiresAt: IsoTime }),
    ...errorResponses,
  },
} as const;

/** `amount`, when given, must be the share (a client confirming what it pays). */
export const payAaShare = {
  params: IdParams,
  body: z.strictObject({ amount: Amount.optional(), ...payPasswordField }).nullish(),
  response: {
    200: z.object({ aaId: z.string(), asset: z.string(), amount: z.number().int(), balance: z.number().int(), paidCount: z.number().int(), remainingCount: z.number().int() }),
    ...errorResponses,
  },
} as const;

export const getAaCollection = {
  params: IdParams,
  response: {
    200: z.object({
      aaId: z.string(),
      payeeId: z.string(),
      asset: z.string(),
      amountEach: z.number().int(),
      count: z.number().int(),
      total: z.number().int(),
      target: z.object({ type: z.enum(['user', 'group']), id: z.string() }),
      note: z.string().nullable(),
      status: z.enum(['open', 'finished', 'expired']),
      paidCount: z.number().int(),
      remainingCount: z.number().int(),
      paidAmount: z.number().int(),
      paidByMe: z.boolean(),
      startedAt: IsoTime,
      expiresAt: IsoTime,
      payments: z.array(UserAmountAt),
    }),
    ...errorResponses,
  },
} as const;

/** Sets or changes the pay password with an SMS code from POST /v1/auth/sms-codes (to the caller's phone). */
export const setPayPassword = {
  body: z.strictObject({ code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code'), payPassword: PayPassword }),
  response: { 200: z.object({ set: z.literal(true), changed: z.boolean() }), ...errorResponses },
} as const;

export const verifyPayPassword = {
  body: z.strictObject({ payPassword: PayPassword }),
  response: { 200: z.object({ verified: z.literal(true) }), ...errorResponses },
} as const;

export const getPayPassword = {
  response: {
    200: z.object({ set: z.boolean(), locked: z.boolean(), lockedUntil: IsoTime.nullable(), failures: z.number().int(), maxFailures: z.number().int() }),
    ...errorResponses,
  },
} as const;
