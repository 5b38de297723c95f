// The one place domain error codes meet HTTP. A code without a status does not compile.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDomainError, type DomainErrorCode } from '../../domain/errors.js';

export const httpStatus: Record<DomainErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  INSUFFICIENT_FUNDS: 409,
  SELF_TRANSFER: 409,
  SELF_GIFT: 409,
  TRANSFER_SETTLED: 409,
  TOTAL_TOO_SMALL: 409,
  ALREADY_GRABBED: 409,
  RED_PACKET_EMPTY: 409,
  RED_PACKET_EXPIRED: 409,
  NOT_ELIGIBLE: 409,
  NOT_IN_ROOM: 409,
  ROOM_CLOSED: 409,
  BANNED_FROM_ROOM: 409,
  AMOUNT_MISMATCH: 409,
  TOO_MANY_REQUESTS: 429,
  NOT_A_MEMBER: 403,
  MUTED: 403,
  RECALL_WINDOW_PASSED: 409,
  GUEST_NOT_ALLOWED: 403,
  PAYLOAD_TOO_LARGE: 413,
  PHONE_TAKEN: 409,
  DISPLAY_NUMBER_TAKEN: 409,
  EXTERNAL_IDENTITY_TAKEN: 409,
  ID_NUMBER_TAKEN: 409,
  WRONG_PASSWORD: 403,
  QR_LOGIN_PENDING: 409,
  QR_LOGIN_EXPIRED: 409,
  SELF_RELATION: 409,
  BLOCKED: 409,
  ALREADY_FRIENDS: 409,
  NOT_FRIENDS: 409,
  LOCATION_UNKNOWN: 409,
  GROUP_FULL: 409,
  TOO_MANY_ADMINS: 409,
  WRONG_ANSWER: 403,
  JOIN_CLOSED: 403,
  GROUP_DISMISSED: 409,
  ASSET_NOT_ALLOWED: 409,
  AMOUNT_TOO_SMALL: 409,
  PAY_PASSWORD_REQUIRED: 403,
  PAY_PASSWORD_NOT_SET: 409,
  PAY_PASSWORD_WRONG: 403,
  PAY_PASSWORD_LOCKED: 429,
  PAY_PASSWORD_REUSED: 409,
  SMS_CODE_INVALID: 403,
  RECEIPT_INVALID: 400,
  RECEIPT_EXPIRED: 409,
  AA_FINISHED: 409,
  AA_EXPIRED: 409,
  AA_ALREADY_PAID: 409,
  EMPTY_POST: 400,
  POST_DELETED: 409,
  AUDIENCE_NOT_FRIENDS: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ALREADY_REPORTED: 409,
  RED_PACKET_NOT_DESIGNATED: 403,
  RED_PACKET_PHRASE_WRONG: 403,
  RED_PACKET_NEW_USERS_ONLY: 403,
  RED_PACKET_MARK_INVALID: 409,
  ORDER_SETTLED: 409,
  NOT_FOR_SALE: 409,
  PAYOUT_ACCOUNT_LIMIT: 409,
  PAYMENT_PROVIDER_UNAVAILABLE: 409,
  PAYMENT_PROVIDER_MISMATCH: 409,
  PAYMENT_PROVIDER_FAILED: 502,
};

export interface ErrorReply {
  status: number;
  body: { error: { code: string; message: string; details: Record<string, unknown> } };
}

const reply = (status: number, code: string, message: string, details: Record<string, unknown> = {}): ErrorReply => ({
  status,
  body: { error: { code, message, details } },
});

// fastify's own refusals, by their error code.
const fastifyCodes: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', 'request body too large'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'VALIDATION_FAILED', 'malformed JSON body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'VALIDATION_FAILED', 'malformed JSON body'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'VALIDATION_FAILED', 'malformed JSON body'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [400, 'VALIDATION_FAILED', 'unsupported content type; send application/json'],
  FST_ERR_CTP_INVALID_TYPE: [400, 'VALIDATION_FAILED', 'unsupported content type; send application/json'],
};

/** Maps anything thrown to the API's error body. 5xx are masked; their detail goes to the log. */
export const toErrorReply = (err: unknown): ErrorReply => {
  if (isDomainError(err)) return reply(httpStatus[err.code], err.code, err.message, err.details);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message ?? 'invalid' }));
    return reply(400, 'VALIDATION_FAILED', `invalid ${err.validationContext ?? 'request'}`, { issues });
  }
  if (isResponseSerializationError(err)) return reply(500, 'INTERNAL', 'internal error');
  const fe = err as Partial<FastifyError>;
  const known = fe.code === undefined ? undefined : fastifyCodes[fe.code];
  if (known) return reply(known[0], known[1], known[2]);
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply(fe.statusCode, fe.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', fe.message ?? 'bad request');
  }
  return reply(500, 'INTERNAL', 'internal error');
};

export const errorHandler = (err: unknown, req: FastifyRequest, res: FastifyReply) => {
  const r = toErrorReply(err);
  if (r.status >= 500) req.log.error({ err }, 'request failed');
  else req.log.info({ code: r.body.error.code }, 'request refused');
  return res.status(r.status).send(r.body);
};
