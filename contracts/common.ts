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

export const Asset = z.enum(['cash', 'coins', 'income']);

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const IsoTime = z.string();

export const Phone = z.string().regex(/^\+?[0-9]{6,20}$/, 'must be a phone number');
export const Nickname = z.string().trim().min(1).max(40);

/** A link others will load: http or https only (never `javascript:` or `data:`). */
export const HttpUrl = z.url({ protocol: /^https?$/ }).max(500);
