import { z } from 'zod';
import { errorResponses, HttpUrl, Id, Nickname, Phone } from '../common.js';

export const requestSmsCode = {
  body: z.strictObject({ phone: Phone }),
  response: { 202: z.object({ status: z.literal('sent') }), ...errorResponses },
} as const;

export const createSession = {
  body: z.strictObject({ phone: Phone, code: z.string().regex(/^[0-9]{6}$/, 'must be 6 digits'), nickname: Nickname.optional() }),
  response: { 201: z.object({ userId: z.string(), token: z.string() }), ...errorResponses },
} as const;

export const getDevSmsCode = {
  params: z.strictObject({ phone: Phone }),
  response: { 200: z.object({ code: z.string() }), ...errorResponses },
} as const;

export const createDevAuditorSession = {
  response: { 201: z.object({ userId: z.string(), token: z.string() }), ...errorResponses },
} as const;

const Profile = z.object({ userId: z.string(), nickname: z.string(), phone: z.string(), avatarUrl: z.string().nullable().optional() });

export const getMe = { response: { 200: Profile, ...errorResponses } } as const;

export const patchMe = {
  body: z.strictObject({ nickname: Nickname.optional(), avatarUrl: HttpUrl.optional() }),
  response: { 200: Profile, ...errorResponses },
} as const;

export const getUser = {
  params: z.strictObject({ userId: Id }),
  response: { 200: z.object({ userId: z.string(), nickname: z.string(), avatarUrl: z.string().nullable().optional() }), ...errorResponses },
} as const;
