import { z } from 'zod';
import { Amount, Asset, errorResponses, Id, IsoTime, text } from '../common.js';
import { guestHeaders } from './rooms.js';
import { IdParams, UserAmountAt } from './shapes.js';

/**
 * The largest lucky total the split handles exactly: services/shared/split.ts draws cut points
 * with crypto.randomInt(total - 1), whose range must stay below 2^48, so total ≤ 2^48 (about
 * 2.8 trillion in major units: no real packet). Above it the split failed with a 500. The domain
 * holds the same bound (MAX_LUCKY_TOTAL in domain/redPacket.ts).
 */
export const MAX_LUCKY_TOTAL = 2 ** 48;

export const createRedPacket = {
  body: z
    .strictObject({
      kind: z.enum(['lucky', 'fixed']),
      /** Any asset that allows red packets (GET /v1/assets), cash when absent; each share is at least its minimum. */
      asset: Asset.optional(),
      count: z.number().int().min(1).max(1000),
      total: Amount.max(MAX_LUCKY_TOTAL).optional(),
      amountEach: Amount.optional(),
      greeting: text({ max: 100, multiline: true }).optional(),
      target: z.strictObject({ type: z.enum(['user', 'group', 'room']), id: Id }),
      /** Designated openers (003 `limit`): only these users may grab; each must be able to (a member of the group, in the room). */
      openers: z.array(Id).min(1).max(100).optional(),
      /** 口令: a grab must carry this phrase (compared trimmed). */
      phrase: text({ max: 50 }).optional(),
      /** Only users registered within RED_PACKET_NEW_USER_SECONDS before the packet may grab (004 -4004). */
      newUsersOnly: z.boolean().optional(),
      /** Guest devices may reserve shares (POST /v1/red-packets/:id/guest-shares), credited when the device signs in. */
      guests: z.boolean().optional(),
    })
    .superRefine((b, ctx) => {
      if (b.kind === 'lucky' && b.total === undefined) ctx.addIssue({ code: 'custom', path: ['total'], message: 'a lucky packet needs total' });
      if (b.kind === 'fixed' && b.amountEach === undefined) ctx.addIssue({ code: 'custom', path: ['amountEach'], message: 'a fixed packet needs amountEach' });
      if (b.kind === 'lucky' && b.amountEach !== undefined) ctx.addIssue({ code: 'custom', path: ['amountEach'], message: 'a lucky packet takes total, not amountEach' });
      if (b.kind === 'fixed' && b.total !== undefined) ctx.addIssue({ code: 'custom', path: ['total'], message: 'a fixed packet takes amountEach, not total' });
      if (b.target.type === 'user' && b.count !== 1) ctx.addIssue({ code: 'custom', path: ['count'], message: 'a packet for one user has count 1' });
    })
    .superRefine((b, ctx) => {
      if (b.target.type === 'user' && b.openers !== undefined) ctx.addIssue({ code: 'custom', path: ['openers'], message: 'a packet for one user has no designated openers' });
      if (b.openers !== undefined && b.guests === true) ctx.addIssue({ code: 'custom', path: ['guests'], message: 'a packet with designated openers takes no guests' });
      if (b.openers !== undefined && new Set(b.openers).size !== b.openers.length) ctx.addIssue({ code: 'custom', path: ['openers'], message: 'openers must not repeat' });
    }),
  response: {
    201: z.object({ redPacketId: z.string(), asset: z.string().optional(), total: z.number().int(), count: z.number().int(), expiresAt: IsoTime }),
    ...errorResponses,
  },
} as const;

/** A phrase packet's grab carries the phrase; other packets need no body. */
const GrabBody = z.strictObject({ phrase: z.string().max(200).optional() }).nullish();

export const grabRedPacket = {
  params: IdParams,
  body: GrabBody,
  /** `cash`: the grabber's cash after it; `balance`: their balance of the packet's `asset` (the same as cash for a cash packet). */
  response: { 200: z.object({ amount: z.number().int(), cash: z.number().int(), asset: z.string().optional(), balance: z.number().int().optional() }), ...errorResponses },
} as const;

export const getRedPacket = {
  params: IdParams,
  response: {
    200: z.object({
      redPacketId: z.string(),
      senderId: z.string(),
      kind: z.enum(['lucky', 'fixed']),
      asset: z.string(),
      total: z.number().int(),
      count: z.number().int(),
      remainingCount: z.number().int(),
      remainingAmount: z.number().int(),
      status: z.enum(['open', 'empty', 'expired']),
      target: z.object({ type: z.enum(['user', 'group', 'room']), id: z.string() }),
      greeting: z.string().nullable(),
      expiresAt: IsoTime,
      grabs: z.array(UserAmountAt),
      /** Designated openers (empty: anyone the packet reaches), shown to everyone who may see the packet. */
      openers: z.array(z.string()),
      hasPhrase: z.boolean(),
      /** The phrase: only to its sender and those who grabbed; null otherwise or when there is none. */
      phrase: z.string().nullable(),
    }),
    ...errorResponses,
  },
} as const;

/** A guest device (X-Device-Id, no Authorization) reserves a share of a packet open to guests. */
export const reserveGuestShare = {
  params: IdParams,
  headers: guestHeaders,
  body: z
    .strictObject({
      /** The device's own mark for the share (e.g. a UUID its page made); one is made when absent. */
      mark: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, - or _').optional(),
      phrase: z.string().max(200).optional(),
    })
    .nullish(),
  response: {
    201: z.object({ redPacketId: z.string(), mark: z.string(), asset: z.string(), amount: z.number().int(), count: z.number().int(), remainingCount: z.number().int(), expiresAt: IsoTime }),
    ...errorResponses,
  },
} as const;

const RecordItem = z.object({
  redPacketId: z.string(),
  kind: z.string().nullable(),
  amount: z.number().int(),
  at: IsoTime,
  via: z.enum(['grab', 'guest']).optional(),
  senderId: z.string().nullable().optional(),
  senderNickname: z.string().nullable().optional(),
  count: z.number().int().nullable().optional(),
  refunded: z.number().int().optional(),
});
const RecordSide = z.object({ count: z.number().int(), amount: z.number().int(), items: z.array(RecordItem) });

/** Records per month or year, in one asset, read in an offset (`tz`, default UTC). */
export const redPacketRecords = {
  querystring: z
    .strictObject({
      asset: Asset.optional(),
      month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM').optional(),
      year: z.string().regex(/^\d{4}$/, 'must be YYYY').optional(),
      tz: z.string().regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, 'must be ±HH:MM').optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    })
    .refine((q) => (q.month === undefined) !== (q.year === undefined), { message: 'give month or year', path: ['month'] }),
  response: {
    200: z.object({ asset: z.string(), from: IsoTime, to: IsoTime, sent: RecordSide, received: RecordSide }),
    ...errorResponses,
  },
} as const;
