// One facade as a surface: a seed app's paths under /apps/<app> (or the root of its own port),
// each answering in the app's envelope. Every route parses its parameters, calls one use case of
// the application layer and shapes the answer; refusals become the app's codes in HTTP 200, as
// the seeds expect; only transport failures keep a status (404 unknown path, 413 too large).
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../../domain/errors.js';
import type { Caller } from '../../app/caller.js';
import type { CommandOptions } from '../../app/command.js';
import type { Core } from '../../app/core.js';
import type { Surface } from '../../api/surface.js';
import type { Dialect, FacadeErrorKey } from './dialect.js';
import { parseJson, stringifyJson } from './json.js';
import { Params } from './params.js';
import { urlsFor, type Urls } from './urls.js';

export interface FacadeContext {
  core: Core;
  caller: Caller;
  params: Params;
  req: FastifyRequest;
  urls: Urls;
  /** Idempotency-Key (header, with /v1 semantics) and the request id. */
  opts: CommandOptions;
}

export interface FacadeRoute<Code> {
  path: string;
  /** This endpoint's own codes, where the seed's table for it says so. */
  codes?: Partial<Record<FacadeErrorKey, Code>>;
  /** The answer is the whole body, not wrapped in the envelope (an endpoint that breaks the app's own rule). */
  raw?: true;
  /** The request body is the file itself (any Content-Type), read as bytes up to this many; parameters come from the query. */
  rawBody?: (core: Core) => number;
  /** A provider's server-to-server callback: its own body (`payload.body`, this content type), its own failure status and body, never the app's envelope. */
  callback?: { contentType: string; fail(key: FacadeErrorKey, message: string): { status: number; body: string } };
  handler(ctx: FacadeContext): Promise<Record<string, unknown>> | Record<string, unknown>;
}

/** Which of the app's codes an error gets, and the message shown. */
export const errorKey = (err: unknown): { key: FacadeErrorKey; message: string } => {
  if (isDomainError(err)) {
    return err.code === 'VALIDATION_FAILED' && err.details.missing === true ? { key: 'MISSING_PARAMETER', message: err.message } : { key: err.code, message: err.message };
  }
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { key: 'VALIDATION_FAILED', message: 'malformed request' };
  return { key: 'INTERNAL', message: 'internal error' };
};

/** A JSON body's text as received (a provider's signature covers the bytes, not the parsed value). */
const rawBodies = new WeakMap<FastifyRequest, string>();
export const rawBodyOf = (req: FastifyRequest): string => rawBodies.get(req) ?? '';

const send = (res: FastifyReply, status: number, body: unknown) => res.status(status).type('application/json; charset=utf-8').header('cache-control', 'no-store').send(stringifyJson(body));

/** Transport failures keep their status; everything else is an answer in the envelope. */
const transportStatus = (err: unknown): number => {
  const code = (err as { code?: unknown }).code;
  return code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 413 : 200;
};

export const facadeSurface = <Code>(dialect: Dialect<Code>, routes: readonly FacadeRoute<Code>[], prefix = `/apps/${dialect.app}`): Surface => {
  const fail = (req: FastifyRequest, res: FastifyReply, err: unknown, overrides?: Partial<Record<FacadeErrorKey, Code>>) => {
    const { key, message } = errorKey(err);
    if (key === 'INTERNAL') req.log.error({ err }, 'facade request failed');
    return send(res, transportStatus(err), dialect.fail(dialect.codeFor?.(err) ?? overrides?.[key] ?? dialect.codes[key], message));
  };
  return {
    name: dialect.app,
    prefix,
    frameworkError: (err, req, res) => fail(req, res, err),
    async register(root: FastifyInstance, core: Core) {
      await root.register(
        async (app) => {
          // Seed bodies: form-urlencoded, multipart fields, or JSON read without losing digits.
          await app.register(formbody);
          await app.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: core.config.BODY_LIMIT_BYTES } });
          app.removeContentTypeParser('application/json');
          app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
            const text = typeof body === 'string' ? body : body.toString('utf8');
            rawBodies.set(req, text);
            if (text.trim() === '') return done(null, undefined);
            try {
              done(null, parseJson(text));
            } catch {
              done(Object.assign(new Error('malformed JSON body'), { statusCode: 400 }), undefined);
            }
          });
          app.setErrorHandler((err, req, res) => fail(req, res, err));
          app.setNotFoundHandler((req, res) => send(res, 404, dialect.fail(dialect.codes.NOT_FOUND, `no such path ${req.url.split('?')[0] ?? ''}`)));
          const mount = (scope: FastifyInstance, route: FacadeRoute<Code>) =>
            scope.route({
              method: [...dialect.methods],
              url: route.path,
              handler: async (req, res) => {
                try {
                  // A raw body is the file itself (read it from req.body): its bytes are no parameters.
                  const params = Params.of(req.query, route.rawBody ? undefined : req.body);
                  const caller = await dialect.caller(core, req, params);
                  const key = req.headers['idempotency-key'];
                  const opts: CommandOptions = { correlationId: req.id, ...(typeof key === 'string' ? { idempotencyKey: key } : {}) };
                  const payload = await route.handler({ core, caller, params, req, urls: urlsFor(core, req, prefix), opts });
                  if (route.callback) return res.status(200).type(route.callback.contentType).header('cache-control', 'no-store').send(String(payload.body));
                  return send(res, 200, route.raw ? payload : dialect.ok(payload));
                } catch (err) {
                  if (route.callback) {
                    const { key, message } = errorKey(err);
                    if (key === 'INTERNAL') req.log.error({ err }, 'provider callback failed');
                    const f = route.callback.fail(key, message);
                    return res.status(f.status).type(route.callback.contentType).header('cache-control', 'no-store').send(f.body);
                  }
                  return fail(req, res, err, route.codes);
                }
              },
            });
          for (const route of routes.filter((r) => !r.rawBody)) mount(app, route);
          // Raw-body routes live in a scope of their own, where any body (whatever its Content-Type)
          // is read as bytes up to the route's limit; the other paths keep their parsers.
          for (const route of routes.filter((r) => r.rawBody)) {
            await app.register(async (scope) => {
              scope.removeAllContentTypeParsers();
              scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: route.rawBody?.(core) ?? core.config.BODY_LIMIT_BYTES }, (_req, body, done) => done(null, body));
              mount(scope, route);
            });
          }
        },
        { prefix },
      );
    },
  };
};
