// What every chat-platform route shares: the route type, the caller's user id, the device a login
// names, a code of the seed's own (codeFor reads it), and the empty answer.
import { CodedError } from '../../../domain/errors.js';
import { requireUser } from '../../app/caller.js';
import type { DeviceKind } from '../../app/sessions.js';
import type { FacadeContext, FacadeRoute } from '../framework/surface.js';
import { deviceOf, type Code } from './dialect.js';

export type Route = FacadeRoute<Code>;
export type Ctx = FacadeContext;

export const me = (ctx: Ctx): string => requireUser(ctx.caller).userId;

/** The FZM-DEVICE of a login: required, one of android, ios, pc, web. */
export const loginDevice = (ctx: Ctx): DeviceKind => {
  const v = ctx.req.headers['fzm-device'];
  if (typeof v !== 'string' || v === '') throw new CodedError('VALIDATION_FAILED', 'FZM-DEVICE is required', { field: 'FZM-DEVICE', missing: true });
  return deviceOf(v);
};

/** A refusal with one of the seed's codes that no core code names (codeFor in dialect.ts answers it). */
export const seedCode = (code: Code, message: string): CodedError => new CodedError('CONFLICT', message, { chatPlatformCode: code });

export const empty = (): Record<string, unknown> => ({});

/** 1 or 2 (the seed's on/off and yes/no flags). */
export const oneOrTwo = (ctx: Ctx, name: string): boolean => ctx.params.int(name, { min: 1, max: 2 }) === 1;
