import { z } from 'zod';
import { guestHeaders } from './rooms.js';
import { errorResponses, HttpUrl, Id, Nickname, Phone, text } from '../common.js';
import { MyProfile, PublicProfile } from './profiles.js';

export const DeviceKind = z.enum(['android', 'ios', 'pc', 'web', 'other']);
export const Code = z.string().regex(/^[0-9]{6}$/, 'must be 6 digits');
/** As typed: the server takes its md5 (the canonical form every app shares) and stores only a slow hash of that. */
export const Password = z.string().min(6).max(128);
const ExternalProvider = z.enum(['weibo', 'wechat']);

/** A new session. `displayNumber` is the user's short public number. */
export const SignedIn = z.object({ userId: z.string(), token: z.string(), sessionId: z.string(), expiresAt: z.string(), displayNumber: z.string() });
const Ended = z.object({ sessionsEnded: z.number().int().min(0) });

export const requestSmsCode = {
  body: z.strictObject({ phone: Phone }),
  response: { 202: z.object({ status: z.literal('sent') }), ...errorResponses },
} as const;

export const createSession = {
  /** From a guest device: the red-packet shares it reserved are credited to the account. */
  headers: guestHeaders,
  body: z.strictObject({ phone: Phone, code: Code, nickname: Nickname.optional(), deviceKind: DeviceKind.optional() }),
  /** `created`: this sign-in registered the user. */
  response: { 201: SignedIn.extend({ created: z.boolean() }), ...errorResponses },
} as const;

export const createPasswordSession = {
  /** From a guest device: the red-packet shares it reserved are credited to the account. */
  headers: guestHeaders,
  body: z.strictObject({ phone: Phone, password: Password, deviceKind: DeviceKind.optional() }),
  response: { 201: SignedIn, ...errorResponses },
} as const;

export const createRegistration = {
  /** From a guest device: the red-packet shares it reserved are credited to the account. */
  headers: guestHeaders,
  body: z.strictObject({ phone: Phone, code: Code, password: Password, nickname: Nickname.optional(), deviceKind: DeviceKind.optional() }),
  response: { 201: SignedIn, ...errorResponses },
} as const;

export const createPasswordReset = {
  body: z.strictObject({ phone: Phone, code: Code, password: Password }),
  response: { 200: z.object({ userId: z.string(), sessionsEnded: z.number().int().min(0) }), ...errorResponses },
} as const;

export const createExternalSession = {
  body: z.strictObject({ provider: ExternalProvider, credential: z.string().min(1).max(4096), deviceKind: DeviceKind.optional() }),
  /** `created`: a first sign-in made the account; `phoneBound`: it has a phone (else bind one: POST /v1/me/phone). */
  response: { 201: SignedIn.extend({ created: z.boolean(), phoneBound: z.boolean() }), ...errorResponses },
} as const;

export const linkExternalIdentity = {
  body: z.strictObject({ provider: ExternalProvider, credential: z.string().min(1).max(4096) }),
  response: { 200: z.object({ provider: ExternalProvider, linked: z.literal(true) }), ...errorResponses },
} as const;

export const createDevExternalCredential = {
  body: z.strictObject({ provider: ExternalProvider, subject: text({ min: 1, max: 128 }), nickname: text({ min: 1, max: 100 }).optional() }),
  response: { 201: z.object({ credential: z.string() }), ...errorResponses },
} as const;

export const endCurrentSession = { response: { 200: Ended, ...errorResponses } } as const;

export const changePassword = {
  body: z.strictObject({ password: Password, currentPassword: Password.optional() }),
  /** Every other session of the user ends. */
  response: { 200: Ended, ...errorResponses },
} as const;

export const listSessions = {
  response: {
    200: z.object({
      items: z.array(z.object({ sessionId: z.string(), app: z.string(), deviceKind: DeviceKind, createdAt: z.string(), expiresAt: z.string(), current: z.boolean() })),
      nextCursor: z.null(),
    }),
    ...errorResponses,
  },
} as const;

export const endSession = { params: z.strictObject({ sessionId: Id }), response: { 200: Ended, ...errorResponses } } as const;

export const endSessions = {
  querystring: z.strictObject({ keepCurrent: z.enum(['true', 'false']).default('false') }),
  response: { 200: Ended, ...errorResponses },
} as const;

export const revokeUserSessions = { params: z.strictObject({ userId: Id }), response: { 200: Ended, ...errorResponses } } as const;

const QrId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be a QR login id');
export const createQrLogin = {
  body: z.strictObject({ deviceKind: DeviceKind.optional() }).nullish(),
  /** Show `qrId` as the QR code; keep `pollToken` (it collects the session). */
  response: { 201: z.object({ qrId: z.string(), pollToken: z.string(), expiresAt: z.string() }), ...errorResponses },
} as const;

export const getQrLogin = {
  params: z.strictObject({ qrId: QrId }),
  response: { 200: z.object({ status: z.enum(['pending', 'confirmed', 'consumed', 'expired']), app: z.string(), deviceKind: DeviceKind, expiresAt: z.string() }), ...errorResponses },
} as const;

export const confirmQrLogin = {
  params: z.strictObject({ qrId: QrId }),
  response: { 200: z.object({ status: z.literal('confirmed') }), ...errorResponses },
} as const;

export const exchangeQrLogin = {
  params: z.strictObject({ qrId: QrId }),
  body: z.strictObject({ pollToken: z.string().min(16).max(100) }),
  response: { 201: SignedIn, ...errorResponses },
} as const;

export const getDevSmsCode = {
  params: z.strictObject({ phone: Phone }),
  response: { 200: z.object({ code: z.string() }), ...errorResponses },
} as const;

export const createDevAuditorSession = {
  response: { 201: z.object({ userId: z.string(), token: z.string() }), ...errorResponses },
} as const;

export const getMe = { response: { 200: MyProfile, ...errorResponses } } as const;

export const patchMe = {
  /** `avatarMediaId`: an image the caller uploaded (POST /v1/media), instead of `avatarUrl`. */
  body: z.strictObject({ nickname: Nickname.optional(), avatarUrl: HttpUrl.optional(), avatarMediaId: Id.optional() }),
  response: { 200: MyProfile, ...errorResponses },
} as const;

export const getUser = {
  params: z.strictObject({ userId: Id }),
  response: { 200: PublicProfile, ...errorResponses },
} as const;
