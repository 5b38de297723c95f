import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getHealth } from '../../../contracts/http/health.js';
import type { AppDeps } from '../deps.js';

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  // Probed often (load balancers, orchestrators): the check runs at most once a second and
  // concurrent probes share it.
  let cached: { at: number; down: Promise<string[]> } | null = null;
  app.get('/v1/health', { schema: getHealth }, async (_req, res) => {
    const now = Date.now();
    if (!cached || now - cached.at > 1000) cached = { at: now, down: deps.health.down().catch(() => ['health-check']) };
    const down = await cached.down;
    if (down.length === 0) return res.status(200).send({ status: 'ok' as const });
    return res.status(503).send({ error: { code: 'UNAVAILABLE', message: 'not ready', details: { down } } });
  });
};
