// The HTTP app as a plugin-built instance: it never listens (server.ts does), so tests inject.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { errorHandler } from './errors.js';
import { bearer } from './auth.js';
import type { AppDeps } from './deps.js';
import { routes } from './routes/index.js';

export const buildApp = async (deps: AppDeps): Promise<FastifyInstance> => {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Request lines only at debug: under load they cost more than the handlers.
    logController: new LogController({ disableRequestLogging: deps.config.LOG_LEVEL !== 'debug' && deps.config.LOG_LEVEL !== 'trace' }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Router-level refusals (a path parameter over maxParamLength → 414, a bad URL) get the coded body too.
    frameworkErrors: (err, req, res) => void errorHandler(err, req, res),
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
  app.setNotFoundHandler((req, res) =>
    res.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}`, details: {} } }),
  );

  await app.register(swagger, {
    openapi: {
      info: { title: 'moneyrooms core API', version: '1.0.0', description: 'Wallets, gifts, red packets, transfers, rooms and groups.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });

  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const token = bearer(req);
    req.principal = token ? await deps.sessions.verify(token, deps.clock()) : null;
  });
  app.addHook('onSend', async (req, res) => {
    res.header('x-request-id', req.id);
  });

  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(routes, deps);
  return app;
};
