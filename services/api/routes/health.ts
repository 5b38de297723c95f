import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getHealth } from '../../../contracts/http/health.js';
import type { AppDeps } from '../deps.js';

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get('/v1/health', { schema: getHealth }, async (_req, res) => {
    const down = await deps.health.down();
    if (down.length === 0) return res.status(200).send({ status: 'ok' as const });
    return res.status(503).send({ error: { code: 'UNAVAILABLE', message: 'not ready', details: { down } } });
  });
};
