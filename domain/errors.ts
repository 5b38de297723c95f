// One catalog of the codes a command or query can fail with. services/ maps each code to an
// HTTP status in exactly one place; a code without a status does not compile.

export const domainErrorCodes = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'IDEMPOTENCY_KEY_REUSED',
  'INSUFFICIENT_FUNDS',
  'SELF_TRANSFER',
  'SELF_GIFT',
  'TRANSFER_SETTLED',
  'TOTAL_TOO_SMALL',
  'ALREADY_GRABBED',
  'RED_PACKET_EMPTY',
  'RED_PACKET_EXPIRED',
  'NOT_ELIGIBLE',
  'NOT_IN_ROOM',
  'ROOM_CLOSED',
  'BANNED_FROM_ROOM',
  'AMOUNT_MISMATCH',
  'TOO_MANY_REQUESTS',
  'NOT_A_MEMBER',
  'MUTED',
  'RECALL_WINDOW_PASSED',
  'GUEST_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'PHONE_TAKEN',
  'DISPLAY_NUMBER_TAKEN',
  'EXTERNAL_IDENTITY_TAKEN',
  'ID_NUMBER_TAKEN',
  'WRONG_PASSWORD',
  'QR_LOGIN_PENDING',
  'QR_LOGIN_EXPIRED',
  // The social graph (relation.ts, contacts.ts) and discovery.
  'SELF_RELATION',
  'BLOCKED',
  'ALREADY_FRIENDS',
  'NOT_FRIENDS',
  'LOCATION_UNKNOWN',
  // groups: the member cap of the group's level, the admin cap, a join refused by the policy
  // (wrong answer; invite-only or closed), a dismissed group
  'GROUP_FULL',
  'TOO_MANY_ADMINS',
  'WRONG_ANSWER',
  'JOIN_CLOSED',
  'GROUP_DISMISSED',
  'ASSET_NOT_ALLOWED',
  'AMOUNT_TOO_SMALL',
  'PAY_PASSWORD_REQUIRED',
  'PAY_PASSWORD_NOT_SET',
  'PAY_PASSWORD_WRONG',
  'PAY_PASSWORD_LOCKED',
  'PAY_PASSWORD_REUSED',
  'SMS_CODE_INVALID',
  'RECEIPT_INVALID',
  'RECEIPT_EXPIRED',
  'AA_FINISHED',
  'AA_EXPIRED',
  'AA_ALREADY_PAID',
  // posts: nothing written and nothing attached; a deleted post takes no likes, comments or gifts;
  // a visibility list names someone who is not the author's friend
  'EMPTY_POST',
  'POST_DELETED',
  'AUDIENCE_NOT_FRIENDS',
  // media and moderation: bytes that are not an accepted kind, a second open report on one subject
  'UNSUPPORTED_MEDIA_TYPE',
  'ALREADY_REPORTED',
  'RED_PACKET_NOT_DESIGNATED',
  'RED_PACKET_PHRASE_WRONG',
  'RED_PACKET_NEW_USERS_ONLY',
  'RED_PACKET_MARK_INVALID',
  'ORDER_SETTLED',
  'NOT_FOR_SALE',
  'PAYOUT_ACCOUNT_LIMIT',
  // recharge orders at a provider: one this server is not configured for, another provider's
  // notification for the order, the provider refusing or not answering the order's creation
  'PAYMENT_PROVIDER_UNAVAILABLE',
  'PAYMENT_PROVIDER_MISMATCH',
  'PAYMENT_PROVIDER_FAILED',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

export class CodedError extends Error implements DomainError {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const fail = (code: DomainErrorCode, message: string, details: Record<string, unknown> = {}): never => {
  throw new CodedError(code, message, details);
};

const codes: ReadonlySet<string> = new Set(domainErrorCodes);

/** Recognises coded errors by their code, so copies of this module from another bundle still match. */
export const isDomainError = (e: unknown): e is DomainError =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' && codes.has((e as { code: string }).code);
