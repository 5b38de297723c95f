// Token buckets per key, in this process's memory: a user's sends refill at `perSecond` up to
// `burst`. A limit on one server process, not across processes (N processes allow up to N times
// the rate); enough to stop a client that floods, which is what it is for.
export interface Bucket {
  tokens: number;
  at: number;
}

/** At most this many keys are tracked; the oldest are dropped first (a full bucket is the default). */
const MAX_KEYS = 100_000;

export interface RateLimiter {
  /** Takes a token for the key at `now` (ms); answers the wait in ms when there is none, else 0. */
  take(key: string, now: number, rule: { perSecond: number; burst: number }): number;
}

export const rateLimiter = (): RateLimiter => {
  const buckets = new Map<string, Bucket>();
  return {
    take(key, now, { perSecond, burst }) {
      const b = buckets.get(key);
      const tokens = b ? Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond) : burst;
      if (tokens < 1) return Math.ceil(((1 - tokens) / perSecond) * 1000);
      // Re-inserting keeps the map in order of last use, so the first key is the one to drop.
      buckets.delete(key);
      buckets.set(key, { tokens: tokens - 1, at: now });
      if (buckets.size > MAX_KEYS) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      return 0;
    },
  };
};
