// Health, probed often (load balancers, orchestrators): the check runs at most once a second per
// core and concurrent probes share it.
import type { Core } from './core.js';

const cache = new WeakMap<Core, { at: number; down: Promise<string[]> }>();

/** The names of the parts that are down (empty when healthy). */
export const health = (core: Core): Promise<string[]> => {
  const now = Date.now();
  let c = cache.get(core);
  if (!c || now - c.at > 1000) {
    c = { at: now, down: core.health.down().catch(() => ['health-check']) };
    cache.set(core, c);
  }
  return c.down;
};
