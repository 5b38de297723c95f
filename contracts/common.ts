// Shapes shared by every route: errors, ids, money, lists.
import { z } from 'zod';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});

/** Every status a route may answer with besides its success. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  429: ErrorBody,
  500: ErrorBody,
} as const;

/** Opaque ids: decimal strings of 64-bit integers in practice; kept loose on input so a bad id is a 404. */
export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

/** An amount of money as input: a positive safe integer of minor units. */
export const Amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const Count = z.number().int().positive();

/** An asset id (`cash`, `coins`, `income`, `bty`, ...): which ones exist is configuration (GET /v1/assets). */
export const Asset = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be an asset id');

/**
 * A pay password as typed (the core takes its md5 first, the canonical form every app shares).
 * Never echoed, never logged, never part of an Idempotency-Key's request hash.
 */
export const PayPassword = z.string().min(1).max(64);

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const IsoTime = z.string();

export const Phone = z.string().regex(/^\+?[0-9]{6,20}$/, 'must be a phone number');

// Free text from clients is stored in events (jsonb) and shown to other users. PostgreSQL refuses
// NUL (\u0000 in jsonb, 0x00 in text) and unpaired UTF-16 surrogates (not encodable as UTF-8),
// and a refused value fails the whole statement it travels in; other control characters (escape
// sequences, carriage returns) forge what screens and logs show. So every free-text field of a
// request is `text(...)` or `HttpUrl`; the domain checks the same (domain/rules.ts requireText).
const CONTROL = /[\u0000-\u001F\u007F]/;
/** Multi-line text keeps tab and line breaks (\n, \r). */
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** With the u flag a surrogate pair is one code point; only an unpaired half is category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

export const isPlainText = (value: string, multiline = false): boolean =>
  !(multiline ? CONTROL_EXCEPT_LINES : CONTROL).test(value) && !LONE_SURROGATE.test(value);

/**
 * Free text of at most `max` UTF-16 units. One-line text is trimmed first (so `min: 1` refuses
 * blanks) unless `trim: false` (a value that is signed as sent); multi-line text (notes,
 * greetings, reasons) is kept as written.
 */
export const text = ({ min = 0, max, multiline = false, trim = !multiline }: { min?: number; max: number; multiline?: boolean; trim?: boolean }) =>
  (trim ? z.string().trim() : z.string())
    .min(min)
    .max(max)
    .refine((v) => isPlainText(v, multiline), multiline ? 'must not contain control characters other than tab and line breaks, nor unpaired surrogates' : 'must not contain control characters nor unpaired surrogates');

/** A link others will load: http or https only (never `javascript:` or `data:`). */
export const HttpUrl = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .refine((v) => isPlainText(v), 'must not contain control characters nor unpaired surrogates');

export const Nickname = text({ min: 1, max: 40 });
