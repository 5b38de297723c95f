// Internal staff's job titles (seed 004 `position`, shown only between staff): operators set them.
import { z } from 'zod';
import { errorResponses, Id, text } from '../common.js';

export const setStaffPosition = {
  params: z.strictObject({ userId: Id }),
  /** A one-line job title (at most 40 characters), or null: no longer staff. */
  body: z.strictObject({ position: text({ min: 1, max: 40 }).nullable() }),
  response: { 200: z.object({ userId: z.string(), position: z.string().nullable() }), ...errorResponses },
} as const;

/** 004 `com_id`: the company a user belongs to, shown in /user/userInfo to administrators only. */
export const setCompanyId = {
  params: z.strictObject({ userId: Id }),
  /** A one-line company id (at most 64 characters), or null: none. */
  body: z.strictObject({ companyId: text({ min: 1, max: 64 }).nullable() }),
  response: { 200: z.object({ userId: z.string(), companyId: z.string().nullable() }), ...errorResponses },
} as const;
