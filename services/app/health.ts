// Health and metrics, probed often (load balancers, orchestrators, scrapers). The health check
// runs at most once a second per core and concurrent probes share it. Parked events keep it
// healthy (the product works) and are listed beside the status.
import { metricsRegistry } from '../shared/metrics.js';
import { requireRole, type Caller } from './caller.js';
import type { Core } from './core.js';

export interface Health {
  /** Parts that are down (empty when healthy). */
  down: string[];
  /** Open parked events per consumer (only consumers with some). */
  parked: Record<string, number>;
}

const cache = new WeakMap<Core, { at: number; health: Promise<Health> }>();

export const health = (core: Core): Promise<Health> => {
  const now = Date.now();
  let c = cache.get(core);
  if (!c || now - c.at > 1000) {
    const down = core.health.down().catch(() => ['health-check']);
    const parked = core.health.parked?.().catch(() => ({})) ?? Promise.resolve({});
    c = { at: now, health: Promise.all([down, parked]).then(([d, p]) => ({ down: d, parked: p })) };
    cache.set(core, c);
  }
  return c.health;
};

const registries = new WeakMap<Core, ReturnType<typeof metricsRegistry>>();

/**
 * Prometheus text for operators. Operator-only on the public API: consumer positions and counts
 * tell anyone the product's volume (a scraper sends an operator's token).
 */
export const metricsText = async (core: Core, caller: Caller): Promise<string> => {
  requireRole(caller, 'operator');
  let r = registries.get(core);
  if (!r) registries.set(core, (r = metricsRegistry(core.health)));
  return r.metrics();
};
