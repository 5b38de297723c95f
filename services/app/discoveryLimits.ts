// Rate limits on finding people: phone-book matching (enumerating who owns which numbers), location
// reports (walking a fake position around someone to triangulate them) and user search. Token
// buckets per user and kind, in this process's memory (rateLimit.ts), at the caller's app's
// policy (policies.ts). A request over the limit is refused before anything runs: nothing is
// matched, stored or searched, and it is TOO_MANY_REQUESTS with `retryAfterMs`. Every request
// takes a token, a retry with an Idempotency-Key too (the check comes before the key's record).
import { CodedError } from '../../domain/errors.js';
import { requireUser, type Caller } from './caller.js';
import type { Core } from './core.js';
import type { Policy } from './policies.js';
import { rateLimiter, type RateLimiter } from './rateLimit.js';

export type DiscoveryKind = 'phoneBook' | 'location' | 'search';

const rules: Record<DiscoveryKind, (p: Policy) => { perMinute: number; burst: number; what: string }> = {
  phoneBook: (p) => ({ perMinute: p.phoneBookMatchesPerMinute, burst: p.phoneBookMatchBurst, what: 'phone-book matches' }),
  location: (p) => ({ perMinute: p.locationReportsPerMinute, burst: p.locationReportBurst, what: 'location reports' }),
  search: (p) => ({ perMinute: p.userSearchesPerMinute, burst: p.userSearchBurst, what: 'user searches' }),
};

const limiters = new WeakMap<Core, RateLimiter>();
const limiterOf = (core: Core): RateLimiter => {
  let l = limiters.get(core);
  if (!l) limiters.set(core, (l = rateLimiter()));
  return l;
};

/** Takes one of the caller's tokens for `kind`, or refuses with TOO_MANY_REQUESTS. */
export const limitDiscovery = (core: Core, caller: Caller, kind: DiscoveryKind): void => {
  const user = requireUser(caller);
  const { perMinute, burst, what } = rules[kind](core.policies[user.app]);
  const wait = limiterOf(core).take(`${kind}:${user.userId}`, core.clock().getTime(), { perSecond: perMinute / 60, burst });
  if (wait > 0) throw new CodedError('TOO_MANY_REQUESTS', `too many ${what}; try again in ${Math.ceil(wait / 1000)} s`, { retryAfterMs: wait });
};
