// GET /v1/metrics: Prometheus text for operators (see services/shared/metrics.ts). Operator-only
// because this is the public API: consumer positions and counts tell anyone the product's volume.
// A scraper sends an operator's bearer token.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getMetrics } from '../../../contracts/http/metrics.js';
import { metricsRegistry, PROMETHEUS_CONTENT_TYPE } from '../../shared/metrics.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../deps.js';

export const metricsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const registry = metricsRegistry(deps.health);
  app.get('/v1/metrics', { schema: getMetrics }, async (req, res) => {
    requireRole(req, 'operator');
    return res.type(PROMETHEUS_CONTENT_TYPE).send(await registry.metrics());
  });
};
