import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getHealth } from '../../../contracts/http/health.js';
import { getMetrics } from '../../../contracts/http/metrics.js';
import type { Core } from '../../app/core.js';
import { health, metricsText } from '../../app/health.js';
import { PROMETHEUS_CONTENT_TYPE } from '../../shared/metrics.js';

export const healthRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.get('/health', { schema: getHealth }, async (_req, res) => {
    const { down, parked } = await health(core);
    const some = Object.keys(parked).length > 0 ? { parked } : {};
    if (down.length === 0) return res.status(200).send({ status: 'ok' as const, ...some });
    return res.status(503).send({ error: { code: 'UNAVAILABLE', message: 'not ready', details: { down, ...some } } });
  });
  app.get('/metrics', { schema: getMetrics }, async (req, res) => res.type(PROMETHEUS_CONTENT_TYPE).send(await metricsText(core, req.caller)));
};
