// im-groups-wallet (seed 003) and its older edition chat-wallet (seed 002): one implementation, a
// profile per app. The profile is everything the two editions write differently: the envelope
// (003 a string `code` and `data.info`; 002 a numeric `code` and a top-level `info`), how an amount
// of yuan is written (003 "1.50", 002 1.5) and the few parameter names that differ.
import { LosslessNumber } from 'lossless-json';
import { domainErrorCodes } from '../../../domain/errors.js';
import { anonymous, type Caller } from '../../app/caller.js';
import { callerOf } from '../../app/accounts.js';
import { bearer } from '../../api/support.js';
import { CodedError } from '../../../domain/errors.js';
import type { Dialect, FacadeErrorKey } from '../framework/dialect.js';
import { decimalNumber, decimalText } from '../framework/codecs.js';

export type ImApp = 'im-groups-wallet' | 'chat-wallet';
export type Code = number;

/** What a route answers: `info` (a message or a scalar value), `data` (the payload), a success code other than 1. */
export type Reply = {
  info?: unknown;
  data?: unknown;
  code?: Code;
  /** A refusal that still recorded something (requestGroupJoin's -4: the application waits for the fee): rendered as a refusal. */
  refused?: true;
};

export interface ImProfile {
  app: ImApp;
  /** 3 for seed 003, 2 for seed 002. */
  edition: 2 | 3;
  /** An amount of fen as the app writes yuan. */
  money(fen: number): string | LosslessNumber;
  /** Paths whose `userId` names someone other than the caller (002 updateGroupMemberMark), or no one (003 createNumberOrder: the seed requires it of a client still registering; never read). */
  userIdIsTarget: ReadonlySet<string>;
  /** Server-to-server paths (002's signed recharge and withdrawal): `token` is their signature, `userId` their subject. */
  serverPaths: ReadonlySet<string>;
}

export const im003: ImProfile = { app: 'im-groups-wallet', edition: 3, money: (fen) => decimalText(fen, 2), userIdIsTarget: new Set(['/pc/queryCode', '/pay/createNumberOrder']), serverPaths: new Set(['/wallet/alipayNotify', '/wallet/wxpayNotify']) };
export const im002: ImProfile = { app: 'chat-wallet', edition: 2, money: (fen) => decimalNumber(fen, 2), userIdIsTarget: new Set(['/chat/updateGroupMemberMark']),
  serverPaths: new Set(['/chat/recharge', '/wallet/getValidateNum']),
};

/** Every core refusal is -1 unless the seed names another code (facades.md); endpoints override more. */
const codes = {
  ...(Object.fromEntries([...domainErrorCodes, 'MISSING_PARAMETER', 'INTERNAL'].map((c) => [c, -1])) as Record<FacadeErrorKey, Code>),
  // "金额不足" is 3 wherever the seed names it (003 L2060, L4412, L4466; 002 pinned the same).
  INSUFFICIENT_FUNDS: 3,
} satisfies Record<FacadeErrorKey, Code>;

/** 003 writes every scalar inside `data` as a string (facades.md, Rendering (003)). */
export const stringify = (v: unknown): unknown => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof LosslessNumber) return v.value;
  if (Array.isArray(v)) return v.map(stringify);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringify(x)]));
  return String(v as never);
};

/** 002 keeps JSON numbers and amounts as written; absent values become null. */
const plain = (v: unknown): unknown => (v === undefined ? null : v);

const tokenOf = (req: { headers: Record<string, unknown> }, token: string | undefined): string | null => {
  const header = req.headers.token;
  return token ?? (typeof header === 'string' && header !== '' ? header : null) ?? bearer(req as never);
};

const failure = (p: ImProfile, code: Code, message: string) => (p.edition === 3 ? { code: String(code), info: message, data: { info: message } } : { code, info: message, data: null });

export const imDialect = (p: ImProfile): Dialect<Code> => ({
  app: p.app,
  methods: ['GET', 'POST'],
  codes,
  ok(payload) {
    const r = payload as Reply;
    if (r.refused && r.code !== undefined) return failure(p, r.code, typeof r.info === 'string' ? r.info : '');
    if (p.edition === 3) return { code: String(r.code ?? 1), data: stringify(r.data !== undefined ? r.data : { info: r.info ?? '操作成功' }) };
    return { code: r.code ?? 1, info: plain(r.info ?? 'success'), data: plain(r.data !== undefined ? r.data : r.info) };
  },
  fail(code, message) {
    return failure(p, code, message);
  },
  async caller(core, req, params): Promise<Caller> {
    // bindXgToken's `token` is the push device's, so the session then comes in a header only.
    const path = (req.routeOptions.url ?? '').replace(/^\/apps\/[^/]+/, '');
    if (p.serverPaths.has(path)) return anonymous(p.app);
    const token = tokenOf(req, path === '/chat/bindXgToken' ? undefined : params.optionalString('token', 200));
    const c = token ? await callerOf(core, token, p.app) : anonymous(p.app);
    // A `userId` naming the caller must be the token's user (no switch trusts a bare userId).
    const named = params.has('userId') && !p.userIdIsTarget.has(path) ? params.optionalString('userId', 40) : undefined;
    if (named !== undefined && (c.kind !== 'user' || c.userId !== named)) throw new CodedError('UNAUTHENTICATED', '请先登录');
    return c;
  },
});
