// Profiles, privacy, real-name verification and user search (issue #16's identity half).
import { z } from 'zod';
import { errorResponses, HttpUrl, Id, Phone, text } from '../common.js';

export const Sex = z.enum(['unknown', 'male', 'female']);
/** `YYYY-MM-DD`, a real past date from 1900 on (the domain checks the calendar). */
export const Birthday = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'must be YYYY-MM-DD');
const Place = text({ min: 1, max: 40 });
export const Region = z.strictObject({ country: Place.optional(), province: Place.optional(), city: Place.optional(), district: Place.optional() });
export const Privacy = z.object({
  /** Others may find me by my phone number. */
  searchMobile: z.boolean(),
  /** Adding me as a friend needs my approval. */
  needAuth: z.boolean(),
  /** Notifications to my registered devices. */
  pushEnabled: z.boolean(),
});
/** The seeds' digits: 0 none, 1 pending, 2 approved, 3 rejected. */
export const RealNameStatus = z.enum(['none', 'pending', 'approved', 'rejected']);
export const DisplayNumber = z.string().regex(/^[1-9][0-9]{4,11}$/, 'must be 5-12 digits without a leading zero');

export const PublicProfile = z.object({
  userId: z.string(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  /** The short number people see and search for (001 heiNum, 002/003 IMNo). */
  displayNumber: z.string().nullable(),
  sex: Sex,
  birthday: z.string().nullable(),
  /** Whole years, by today's date in Asia/Shanghai. */
  age: z.number().int().nullable(),
  signature: z.string().nullable(),
  region: z.object({ country: z.string().optional(), province: z.string().optional(), city: z.string().optional(), district: z.string().optional() }).nullable(),
  hobbies: z.array(z.string()),
  relationshipStatus: z.string().nullable(),
  purpose: z.string().nullable(),
  description: z.string().nullable(),
  photos: z.array(z.string()),
  /** Real-name verification approved. */
  verified: z.boolean(),
});

export const MyProfile = PublicProfile.extend({
  phone: z.string().nullable(),
  privacy: Privacy,
  realName: z.object({ status: RealNameStatus, maskedName: z.string().optional(), maskedIdNumber: z.string().optional(), reason: z.string().optional() }),
  externalIdentities: z.array(z.object({ provider: z.enum(['weibo', 'wechat']) })),
  hasPassword: z.boolean(),
  roles: z.array(z.string()),
});

export const patchProfile = {
  body: z.strictObject({
    sex: Sex.optional(),
    birthday: Birthday.nullable().optional(),
    signature: text({ min: 1, max: 100 }).nullable().optional(),
    region: Region.nullable().optional(),
    hobbies: z.array(text({ min: 1, max: 20 })).max(20).optional(),
    relationshipStatus: text({ min: 1, max: 40 }).nullable().optional(),
    purpose: text({ min: 1, max: 100 }).nullable().optional(),
    description: text({ max: 500, multiline: true }).nullable().optional(),
  }),
  response: { 200: MyProfile, ...errorResponses },
} as const;

export const putPhotos = {
  /** Each photo an http(s) URL or the id of an image the caller uploaded (POST /v1/media). */
  body: z.strictObject({ photos: z.array(z.union([HttpUrl, Id])).max(12) }),
  response: { 200: z.object({ photos: z.array(z.string()) }), ...errorResponses },
} as const;

export const patchPrivacy = {
  body: z.strictObject({ searchMobile: z.boolean().optional(), needAuth: z.boolean().optional(), pushEnabled: z.boolean().optional() }),
  response: { 200: Privacy, ...errorResponses },
} as const;

export const bindPhone = {
  body: z.strictObject({ phone: Phone, code: z.string().regex(/^[0-9]{6}$/, 'must be 6 digits') }),
  response: { 200: z.object({ phone: z.string() }), ...errorResponses },
} as const;

export const submitRealName = {
  body: z.strictObject({ name: text({ min: 1, max: 60 }), idNumber: z.string().regex(/^[0-9A-Za-z]{6,30}$/, 'must be 6-30 letters and digits') }),
  response: { 201: z.object({ status: z.literal('pending'), maskedName: z.string(), maskedIdNumber: z.string() }), ...errorResponses },
} as const;

export const searchUsers = {
  querystring: z.strictObject({ q: z.string().trim().min(1).max(40), limit: z.coerce.number().int().min(1).max(50).default(20) }),
  response: {
    200: z.object({
      items: z.array(z.object({ userId: z.string(), nickname: z.string(), avatarUrl: z.string().nullable(), displayNumber: z.string().nullable(), matchedBy: z.enum(['displayNumber', 'phone']) })),
      nextCursor: z.null(),
    }),
    ...errorResponses,
  },
} as const;

// Operators.
export const listRealNames = {
  querystring: z.strictObject({
    status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  }),
  response: {
    200: z.object({
      items: z.array(
        z.object({ userId: z.string(), name: z.string(), idNumber: z.string(), status: z.enum(['pending', 'approved', 'rejected']), submittedAt: z.string(), decidedAt: z.string().nullable() }),
      ),
      nextCursor: z.string().nullable(),
    }),
    ...errorResponses,
  },
} as const;

export const decideRealName = {
  params: z.strictObject({ userId: Id }),
  body: z.strictObject({ reason: text({ min: 1, max: 200, multiline: true }).optional() }).nullish(),
  response: { 200: z.object({ userId: z.string(), status: z.enum(['approved', 'rejected']) }), ...errorResponses },
} as const;

export const replaceDisplayNumber = {
  params: z.strictObject({ userId: Id }),
  body: z.strictObject({ displayNumber: DisplayNumber }),
  response: { 200: z.object({ userId: z.string(), displayNumber: z.string() }), ...errorResponses },
} as const;
