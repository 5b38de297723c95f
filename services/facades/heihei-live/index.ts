// heihei-live (seed 001): live voice rooms and 1:1 chats. Envelope `{errorcode, errormsg, ...}`;
// callers send their core session token as `token` (or `Authorization: Bearer`).
import { callerOf } from '../../app/accounts.js';
import { bearer } from '../../api/support.js';
import type { Dialect, FacadeErrorKey } from '../framework/dialect.js';
import { facadeSurface, type FacadeRoute } from '../framework/surface.js';
import { CHANNEL_PATH, initPaths } from './init.js';

type Code = number;

/** 700 malformed, 720 bad token, 740 too little gold, 506 not in the live; the v2.0 "unified" 400 otherwise. */
const codes: Record<FacadeErrorKey, Code> = {
  VALIDATION_FAILED: 700,
  MISSING_PARAMETER: 700,
  UNAUTHENTICATED: 720,
  FORBIDDEN: 400,
  NOT_FOUND: 400,
  CONFLICT: 400,
  IDEMPOTENCY_KEY_REUSED: 400,
  INSUFFICIENT_FUNDS: 740,
  SELF_TRANSFER: 400,
  SELF_GIFT: 400,
  TRANSFER_SETTLED: 400,
  TOTAL_TOO_SMALL: 400,
  ALREADY_GRABBED: 400,
  RED_PACKET_EMPTY: 400,
  RED_PACKET_EXPIRED: 400,
  NOT_ELIGIBLE: 400,
  NOT_IN_ROOM: 506,
  ROOM_CLOSED: 400,
  BANNED_FROM_ROOM: 400,
  AMOUNT_MISMATCH: 400,
  TOO_MANY_REQUESTS: 400,
  NOT_A_MEMBER: 506,
  BLOCKED: 400,
  MUTED: 400,
  RECALL_WINDOW_PASSED: 400,
  GUEST_NOT_ALLOWED: 400,
  PAYLOAD_TOO_LARGE: 400,
  PHONE_TAKEN: 403,
  DISPLAY_NUMBER_TAKEN: 400,
  EXTERNAL_IDENTITY_TAKEN: 400,
  ID_NUMBER_TAKEN: 400,
  WRONG_PASSWORD: 400,
  QR_LOGIN_PENDING: 400,
  QR_LOGIN_EXPIRED: 400,
  SELF_RELATION: 400,
  ALREADY_FRIENDS: 400,
  NOT_FRIENDS: 400,
  LOCATION_UNKNOWN: 400,
  GROUP_FULL: 400,
  TOO_MANY_ADMINS: 400,
  WRONG_ANSWER: 400,
  JOIN_CLOSED: 400,
  GROUP_DISMISSED: 400,
  ASSET_NOT_ALLOWED: 400,
  AMOUNT_TOO_SMALL: 700,
  PAY_PASSWORD_REQUIRED: 400,
  PAY_PASSWORD_NOT_SET: 400,
  PAY_PASSWORD_WRONG: 400,
  PAY_PASSWORD_LOCKED: 400,
  PAY_PASSWORD_REUSED: 400,
  SMS_CODE_INVALID: 400,
  RECEIPT_INVALID: 400,
  RECEIPT_EXPIRED: 400,
  AA_FINISHED: 400,
  AA_EXPIRED: 400,
  AA_ALREADY_PAID: 400,
  EMPTY_POST: 400,
  POST_DELETED: 400,
  AUDIENCE_NOT_FRIENDS: 400,
  UNSUPPORTED_MEDIA_TYPE: 400,
  ALREADY_REPORTED: 400,
  RED_PACKET_NOT_DESIGNATED: 400,
  RED_PACKET_PHRASE_WRONG: 400,
  RED_PACKET_NEW_USERS_ONLY: 400,
  RED_PACKET_MARK_INVALID: 400,
  ORDER_SETTLED: 400,
  NOT_FOR_SALE: 400,
  PAYOUT_ACCOUNT_LIMIT: 400,
  PAYMENT_PROVIDER_UNAVAILABLE: 400,
  PAYMENT_PROVIDER_MISMATCH: 400,
  PAYMENT_PROVIDER_FAILED: 400,
  INTERNAL: 400,
};

export const heiheiDialect: Dialect<Code> = {
  app: 'heihei-live',
  methods: ['GET', 'POST'],
  codes,
  ok: (payload) => ({ errorcode: 0, errormsg: 'success', ...payload }),
  fail: (code, message) => ({ errorcode: code, errormsg: message }),
  caller: (core, req, params) => callerOf(core, params.optionalString('token', 200) ?? bearer(req), 'heihei-live'),
};

const absolute = (map: Record<string, string>, url: (path: string) => string) => Object.fromEntries(Object.entries(map).map(([k, p]) => [k, url(p)]));

const routes: FacadeRoute<Code>[] = [
  {
    path: '/api/init',
    handler: ({ params, urls }) => {
      // Required by the seed (L3584-L3599); the others are optional and unused.
      for (const p of ['ap', 'version', 'local', 'uuid', 'apiVersion', 'deveiceType']) params.string(p, 200);
      const groups = Object.fromEntries(Object.entries(initPaths).map(([group, map]) => [group, absolute(map, urls.http)]));
      return {
        ...groups,
        message: { ...groups.message, channel: urls.ws(CHANNEL_PATH) },
        tips: { 'pay-tips': '提现请联系黑黑官方客服', 'search-tips': '输入黑号或昵称搜索' },
        function: { chat: true },
        imgPath: urls.http('/media'),
        actionCode: '0',
        comment: '',
      };
    },
  },
];

export const heiheiSurface = (prefix?: string) => facadeSurface(heiheiDialect, routes, prefix);
