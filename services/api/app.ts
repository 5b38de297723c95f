// The HTTP shell: parsers, request ids, the OpenAPI collector and framework refusals; the
// surfaces (/v1 and the seed apps' facades) are mounted on it. It never listens (platform.ts
// does), so tests inject.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Core } from '../app/core.js';
import { errorHandler } from './errors.js';
import type { Surface } from './surface.js';

export interface HttpOptions {
  log: FastifyBaseLogger;
  bodyLimit: number;
  /** Request lines only at debug: under load they cost more than the handlers. */
  logRequests: boolean;
}

export const buildHttp = async (core: Core, surfaces: readonly Surface[], opts: HttpOptions): Promise<FastifyInstance> => {
  const surfaceOf = (url: string) => surfaces.find((s) => url === s.prefix || url.startsWith(`${s.prefix}/`) || url.startsWith(`${s.prefix}?`));
  const app = Fastify({
    loggerInstance: opts.log,
    bodyLimit: opts.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    logController: new LogController({ disableRequestLogging: !opts.logRequests }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Router-level refusals (a path parameter over maxParamLength → 414, a bad URL) get the surface's body too.
    frameworkErrors: (err, req, res) => {
      const surface = surfaceOf(req.url);
      if (surface) surface.frameworkError(err, req, res);
      else void errorHandler(err, req, res);
    },
  }).withTypeProvider<ZodTypeProvider>();

  // An empty body sent as JSON (common for POST /grab, /join) means "no body", not an error;
  // anything else goes through fastify's own parser (prototype-poisoning checks included).
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') done(null, undefined);
    else void json(req, text, done);
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, req, res) => errorHandler(err, req, res));
  // Unknown paths outside every surface (a surface mounted at the root answers them itself).
  if (!surfaces.some((s) => s.prefix === '')) {
    app.setNotFoundHandler((req, res) =>
      res.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}`, details: {} } }),
    );
  }
  app.addHook('onSend', async (req, res) => {
    res.header('x-request-id', req.id);
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'moneyrooms core API', version: '1.0.0', description: 'Wallets, gifts, red packets, transfers, rooms and groups.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  for (const s of surfaces) await s.register(app, core);
  return app;
};
