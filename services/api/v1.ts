// The /v1 surface: bearer-token callers (guest devices on the few routes that take them), the
// coded error body, the OpenAPI document.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { callerOf } from '../app/accounts.js';
import { guestCaller } from '../app/caller.js';
import { validKey } from '../app/command.js';
import type { Core } from '../app/core.js';
import { errorHandler } from './errors.js';
import { routes } from './routes/index.js';
import type { Surface } from './surface.js';
import { bearer, guestDevice } from './support.js';

export const v1Surface: Surface = {
  name: 'v1',
  prefix: '/v1',
  frameworkError: (err, req, res) => errorHandler(err, req, res),
  async register(root: FastifyInstance, core: Core) {
    await root.register(
      async (app) => {
        // Set by the hook below on every request; the decorator only declares the property.
        app.decorateRequest('caller', null as never);
        app.addHook('onRequest', async (req) => {
          const device = guestDevice(req);
          req.caller = device === null ? await callerOf(core, bearer(req)) : guestCaller(device);
        });
        // The key comes back on answers to keyed commands (a valid key only).
        app.addHook('onSend', async (req, res) => {
          const key = req.headers['idempotency-key'];
          if (typeof key === 'string' && key === safeKey(key)) res.header('idempotency-key', key);
        });
        app.setErrorHandler((err, req, res) => errorHandler(err, req, res));
        app.setNotFoundHandler((req, res) =>
          res.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}`, details: {} } }),
        );
        app.withTypeProvider<ZodTypeProvider>().get('/openapi.json', { schema: { hide: true } }, async () => root.swagger());
        await app.register(routes, core);
      },
      { prefix: '/v1' },
    );
  },
};

const safeKey = (key: string): string | null => {
  try {
    return validKey(key);
  } catch {
    return null;
  }
};
