// A seed app's dialect as data plus small functions: its envelope, its code for every core error
// (a complete table: a new core code does not compile until every app maps it), and how its
// callers say who they are. The framework (surface.ts) does everything else the same way for all.
import type { FastifyRequest } from 'fastify';
import type { DomainErrorCode } from '../../../domain/errors.js';
import type { Caller } from '../../app/caller.js';
import type { Core } from '../../app/core.js';
import type { AppName } from '../../app/policies.js';
import type { Params } from './params.js';

/** Core codes, plus what only the edge knows: a missing parameter, an unexpected fault. */
export type FacadeErrorKey = DomainErrorCode | 'MISSING_PARAMETER' | 'INTERNAL';

export interface Dialect<Code> {
  app: AppName;
  /** Methods every path answers (chat-platform: POST only; the others GET and POST). */
  methods: readonly ('GET' | 'POST')[];
  codes: Record<FacadeErrorKey, Code>;
  /** The success envelope around an endpoint's payload. */
  ok(payload: Record<string, unknown>): unknown;
  /** The failure envelope. */
  fail(code: Code, message: string): unknown;
  /** Who calls: from headers, query or form parameters, as the app sends it. */
  caller(core: Core, req: FastifyRequest, params: Params): Promise<Caller>;
  /** A code the error's details decide (004: an unknown device -1006, a replaced session -1007), before any table. */
  codeFor?(err: unknown): Code | undefined;
}
