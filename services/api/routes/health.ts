import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getHealth } from '../../../contracts/http/health.js';
import type { Core } from '../../app/core.js';
import { health } from '../../app/health.js';

export const healthRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.get('/health', { schema: getHealth }, async (_req, res) => {
    const down = await health(core);
    if (down.length === 0) return res.status(200).send({ status: 'ok' as const });
    return res.status(503).send({ error: { code: 'UNAVAILABLE', message: 'not ready', details: { down } } });
  });
};
