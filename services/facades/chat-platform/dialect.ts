// chat-platform (seed 004): envelope `{result, message, data}` (0 success), callers by the FZM-*
// headers (or same-named query parameters on the socket): FZM-AUTH-TOKEN a core session token,
// FZM-DEVICE one of android/ios/pc/web, FZM-UUID a guest device. Every core code maps onto the
// seed's table (L93-L145); a few are decided by the error's details (codeFor).
import type { FastifyRequest } from 'fastify';
import { CodedError, isDomainError } from '../../../domain/errors.js';
import { callerOf } from '../../app/accounts.js';
import { anonymous, guestCaller, type Caller } from '../../app/caller.js';
import type { Core } from '../../app/core.js';
import type { DeviceKind } from '../../app/sessions.js';
import type { Dialect, FacadeErrorKey } from '../framework/dialect.js';

export type Code = number;
export const APP = 'chat-platform' as const;

export const codes: Record<FacadeErrorKey, Code> = {
  VALIDATION_FAILED: -1001,
  MISSING_PARAMETER: -1002,
  UNAUTHENTICATED: -1004,
  FORBIDDEN: -3000,
  NOT_FOUND: -2001,
  CONFLICT: -1001,
  IDEMPOTENCY_KEY_REUSED: -1001,
  INSUFFICIENT_FUNDS: -4000,
  SELF_TRANSFER: -2021,
  SELF_GIFT: -2021,
  TRANSFER_SETTLED: -1001,
  TOTAL_TOO_SMALL: -4000,
  ALREADY_GRABBED: -4009,
  RED_PACKET_EMPTY: -4001,
  RED_PACKET_EXPIRED: -4006,
  NOT_ELIGIBLE: -3000,
  NOT_IN_ROOM: -5001,
  ROOM_CLOSED: -5000,
  BANNED_FROM_ROOM: -3001,
  AMOUNT_MISMATCH: -1001,
  TOO_MANY_REQUESTS: -1012,
  NOT_A_MEMBER: -3001,
  BLOCKED: -3000,
  MUTED: -2007,
  RECALL_WINDOW_PASSED: -2023,
  GUEST_NOT_ALLOWED: -2008,
  PAYLOAD_TOO_LARGE: -1005,
  PHONE_TAKEN: -2002,
  DISPLAY_NUMBER_TAKEN: -2002,
  EXTERNAL_IDENTITY_TAKEN: -2002,
  ID_NUMBER_TAKEN: -2002,
  WRONG_PASSWORD: -1001,
  QR_LOGIN_PENDING: -1001,
  QR_LOGIN_EXPIRED: -1001,
  SELF_RELATION: -2021,
  ALREADY_FRIENDS: -2017,
  NOT_FRIENDS: -2018,
  LOCATION_UNKNOWN: -1001,
  GROUP_FULL: -3001,
  TOO_MANY_ADMINS: -3000,
  WRONG_ANSWER: -3001,
  JOIN_CLOSED: -3001,
  GROUP_DISMISSED: -3001,
  ASSET_NOT_ALLOWED: -4010,
  AMOUNT_TOO_SMALL: -4000,
  PAY_PASSWORD_REQUIRED: -1001,
  PAY_PASSWORD_NOT_SET: -1001,
  PAY_PASSWORD_WRONG: -1001,
  PAY_PASSWORD_LOCKED: -1001,
  PAY_PASSWORD_REUSED: -1001,
  SMS_CODE_INVALID: -4007,
  RECEIPT_INVALID: -1001,
  RECEIPT_EXPIRED: -1001,
  AA_FINISHED: -1001,
  AA_EXPIRED: -1001,
  AA_ALREADY_PAID: -1001,
  EMPTY_POST: -1001,
  POST_DELETED: -2001,
  AUDIENCE_NOT_FRIENDS: -2018,
  UNSUPPORTED_MEDIA_TYPE: -1001,
  ALREADY_REPORTED: -1001,
  RED_PACKET_NOT_DESIGNATED: -3000,
  RED_PACKET_PHRASE_WRONG: -1001,
  RED_PACKET_NEW_USERS_ONLY: -4004,
  RED_PACKET_MARK_INVALID: -4005,
  ORDER_SETTLED: -1001,
  NOT_FOR_SALE: -1001,
  PAYOUT_ACCOUNT_LIMIT: -1001,
  PAYMENT_PROVIDER_UNAVAILABLE: -1001,
  PAYMENT_PROVIDER_MISMATCH: -1001,
  PAYMENT_PROVIDER_FAILED: -1001,
  INTERNAL: -9000,
};

/** Codes of the seed that no core code names: an unknown device, a session replaced on another terminal, "not supported". */
export const UNKNOWN_DEVICE = -1006;
export const SIGNED_IN_ELSEWHERE = -1007;

export const devices = ['android', 'ios', 'pc', 'web'] as const satisfies readonly DeviceKind[];

const unknownDevice = (value: string) => new CodedError('VALIDATION_FAILED', 'unknown device type', { field: 'FZM-DEVICE', value, unknownDevice: true });

/** The device kind a FZM-DEVICE value names (case ignored), or -1006. */
export const deviceOf = (value: string): DeviceKind => {
  const v = value.trim().toLowerCase();
  const found = devices.find((d) => d === v);
  if (!found) throw unknownDevice(value);
  return found;
};

/** A guest's device (a MAC or any id): 16-64 letters, digits, '-' or '_' once colons are dashes. */
export const guestDevice = (value: string): string | null => {
  const v = value.trim().replace(/:/g, '-');
  return /^[A-Za-z0-9_-]{16,64}$/.test(v) ? v : null;
};

export type Credentials = { token: string; device: string; uuid: string };

/** Who calls, from the FZM-* values: a user by token, a guest by device id, or nobody. */
export const callerFrom = async (core: Core, c: Credentials): Promise<Caller> => {
  if (c.device !== '') deviceOf(c.device);
  if (c.token !== '') return callerOf(core, c.token, APP);
  const device = c.uuid === '' ? null : guestDevice(c.uuid);
  if (c.uuid !== '' && device === null) throw new CodedError('VALIDATION_FAILED', 'FZM-UUID must be a device id (16-64 letters, digits, -, _ or :)', { field: 'FZM-UUID' });
  return device === null ? anonymous(APP) : guestCaller(device, APP);
};

const header = (req: FastifyRequest, name: string): string => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : '';
};

export const credentialsOf = (req: FastifyRequest): Credentials => ({ token: header(req, 'fzm-auth-token'), device: header(req, 'fzm-device'), uuid: header(req, 'fzm-uuid') });

export const codeFor = (err: unknown): Code | undefined => {
  if (!isDomainError(err)) return undefined;
  if (err.details.unknownDevice === true) return UNKNOWN_DEVICE;
  if (typeof err.details.chatPlatformCode === 'number') return err.details.chatPlatformCode;
  if (err.code === 'UNAUTHENTICATED' && err.details.sessionEnded === 'replaced') return SIGNED_IN_ELSEWHERE;
  return undefined;
};

export const SUCCESS = '操作成功';

export const chatPlatformDialect: Dialect<Code> = {
  app: APP,
  methods: ['POST'],
  codes,
  ok: (payload) => ({ result: 0, message: SUCCESS, data: 'data' in payload && Object.keys(payload).length === 1 ? payload.data : payload }),
  fail: (code, message) => ({ result: code, message, data: {} }),
  caller: (core, req) => callerFrom(core, credentialsOf(req)),
  codeFor,
};
