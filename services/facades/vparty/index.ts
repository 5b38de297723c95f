// vparty (seed 000): a dating app with live rooms. Envelope `{Result, ...}`; callers name
// themselves with `userid` + `userkey` (the key is a core session token, the id must be its owner).
import { CodedError } from '../../../domain/errors.js';
import { callerOf } from '../../app/accounts.js';
import { anonymous } from '../../app/caller.js';
import type { Dialect, FacadeErrorKey } from '../framework/dialect.js';
import { facadeSurface, type FacadeRoute } from '../framework/surface.js';

type Code = number;

/** ErrCode: 0 ordinary (show ErrMsg), 1 log out, 2 insufficient balance (seed L4). */
const codes: Record<FacadeErrorKey, Code> = {
  VALIDATION_FAILED: 0,
  MISSING_PARAMETER: 0,
  UNAUTHENTICATED: 1,
  FORBIDDEN: 0,
  NOT_FOUND: 0,
  CONFLICT: 0,
  IDEMPOTENCY_KEY_REUSED: 0,
  INSUFFICIENT_FUNDS: 2,
  SELF_TRANSFER: 0,
  SELF_GIFT: 0,
  TRANSFER_SETTLED: 0,
  TOTAL_TOO_SMALL: 0,
  ALREADY_GRABBED: 0,
  RED_PACKET_EMPTY: 0,
  RED_PACKET_EXPIRED: 0,
  NOT_ELIGIBLE: 0,
  NOT_IN_ROOM: 0,
  ROOM_CLOSED: 0,
  BANNED_FROM_ROOM: 0,
  AMOUNT_MISMATCH: 0,
  TOO_MANY_REQUESTS: 0,
  NOT_A_MEMBER: 0,
  BLOCKED: 0,
  MUTED: 0,
  RECALL_WINDOW_PASSED: 0,
  GUEST_NOT_ALLOWED: 0,
  PAYLOAD_TOO_LARGE: 0,
  PHONE_TAKEN: 0,
  DISPLAY_NUMBER_TAKEN: 0,
  EXTERNAL_IDENTITY_TAKEN: 0,
  ID_NUMBER_TAKEN: 0,
  WRONG_PASSWORD: 0,
  QR_LOGIN_PENDING: 0,
  QR_LOGIN_EXPIRED: 0,
  SELF_RELATION: 0,
  ALREADY_FRIENDS: 0,
  NOT_FRIENDS: 0,
  LOCATION_UNKNOWN: 0,
  GROUP_FULL: 0,
  TOO_MANY_ADMINS: 0,
  WRONG_ANSWER: 0,
  JOIN_CLOSED: 0,
  GROUP_DISMISSED: 0,
  ASSET_NOT_ALLOWED: 0,
  AMOUNT_TOO_SMALL: 0,
  PAY_PASSWORD_REQUIRED: 0,
  PAY_PASSWORD_NOT_SET: 0,
  PAY_PASSWORD_WRONG: 0,
  PAY_PASSWORD_LOCKED: 0,
  PAY_PASSWORD_REUSED: 0,
  SMS_CODE_INVALID: 0,
  RECEIPT_INVALID: 0,
  RECEIPT_EXPIRED: 0,
  AA_FINISHED: 0,
  AA_EXPIRED: 0,
  AA_ALREADY_PAID: 0,
  EMPTY_POST: 0,
  POST_DELETED: 0,
  AUDIENCE_NOT_FRIENDS: 0,
  UNSUPPORTED_MEDIA_TYPE: 0,
  ALREADY_REPORTED: 0,
  RED_PACKET_NOT_DESIGNATED: 0,
  RED_PACKET_PHRASE_WRONG: 0,
  RED_PACKET_NEW_USERS_ONLY: 0,
  RED_PACKET_MARK_INVALID: 0,
  ORDER_SETTLED: 0,
  NOT_FOR_SALE: 0,
  PAYOUT_ACCOUNT_LIMIT: 0,
  PAYMENT_PROVIDER_UNAVAILABLE: 0,
  PAYMENT_PROVIDER_MISMATCH: 0,
  PAYMENT_PROVIDER_FAILED: 0,
  INTERNAL: 0,
};

export const vpartyDialect: Dialect<Code> = {
  app: 'vparty',
  methods: ['GET', 'POST'],
  codes,
  ok: (payload) => ({ Result: true, ...payload }),
  fail: (code, message) => ({ Result: false, ErrCode: code, ErrMsg: message }),
  async caller(core, _req, params) {
    const key = params.optionalString('userkey', 200);
    if (key === undefined) return anonymous('vparty');
    const c = await callerOf(core, key, 'vparty');
    // A userid that is not the key's owner (even a non-numeric one) logs the client out.
    if (c.kind !== 'user' || (params.has('userid') && params.optionalString('userid', 40) !== c.userId)) throw new CodedError('UNAUTHENTICATED', '请重新登录');
    return c;
  },
};

const routes: FacadeRoute<Code>[] = [
  // V01: the seed lists no parameters and no versions: no update is ever pending.
  { path: '/vparty/config', raw: true, handler: () => ({ result: true, hasUpdate: 0 }) },
];

export const vpartySurface = (prefix?: string) => facadeSurface(vpartyDialect, routes, prefix);
