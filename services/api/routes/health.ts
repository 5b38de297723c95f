import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getHealth } from '../../../contracts/http/health.js';
import type { AppDeps } from '../deps.js';

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  // Probed often (load balancers, orchestrators): the check runs at most once a second and
  // concurrent probes share it.
  // Parked events keep it 200 (the product works) and are listed beside the status.
  let cached: { at: number; down: Promise<string[]>; parked: Promise<Record<string, number>> } | null = null;
  app.get('/v1/health', { schema: getHealth }, async (_req, res) => {
    const now = Date.now();
    if (!cached || now - cached.at > 1000) {
      cached = { at: now, down: deps.health.down().catch(() => ['health-check']), parked: deps.health.parked?.().catch(() => ({})) ?? Promise.resolve({}) };
    }
    const [down, parked] = await Promise.all([cached.down, cached.parked]);
    const some = Object.keys(parked).length > 0;
    if (down.length === 0) return res.status(200).send({ status: 'ok' as const, ...(some ? { parked } : {}) });
    return res.status(503).send({ error: { code: 'UNAVAILABLE', message: 'not ready', details: { down, ...(some ? { parked } : {}) } } });
  });
};
