// Where people are: location reports, people nearby, shake and a random pick (002/003 /geo/*,
// 000's random list). Locations are a table, not events (migration 0018): each user's latest
// report, listed for LOCATION_TTL_SECONDS and deleted by later writes. Nobody blocked either way
// is listed, nor anyone without a live location; others' coordinates never leave the server,
// only a distance rounded up to DISTANCE_STEP_M.
import { CodedError } from '../../domain/errors.js';
import { relationDecider, relationStream } from '../../domain/relation.js';
import { clearLocation, findNearby, findNearbyFiltered, getLocation, listShakeMatches, randomUsers, saveLocation, shakeAndMatch, type PageRequest } from '../../projections/queries.js';
import { decodeCursor, encodeCursor } from '../../projections/support.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { limitDiscovery } from './discoveryLimits.js';
import { birthdayBounds } from './profiles.js';
import { settled } from './results.js';

/** Distances are shown in steps this long ("within 100 m"), not to the meter. */
export const DISTANCE_STEP_M = 100;
export const DEFAULT_RADIUS_M = 5000;
/** Deeper pages than this are not served: nearby is a glance, not an export. */
const MAX_OFFSET = 1000;

const shownDistance = (m: number): number => Math.max(DISTANCE_STEP_M, Math.ceil(m / DISTANCE_STEP_M) * DISTANCE_STEP_M);

/** Coordinates as the service checks them again (the HTTP contracts did already): finite, in range. */
export const requireCoordinates = (lat: number, lng: number): { lat: number; lng: number } => {
  const ok = (v: number, max: number) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= max;
  if (!ok(lat, 90) || !ok(lng, 180)) throw new CodedError('VALIDATION_FAILED', 'lat must be within ±90 and lng within ±180', { field: ok(lat, 90) ? 'lng' : 'lat' });
  return { lat, lng };
};

const lifetime = (core: Core) => {
  const now = core.clock();
  return { now, expiredBefore: new Date(now.getTime() - core.config.LOCATION_TTL_SECONDS * 1000) };
};

/** Reports where I am; I am listed nearby others until it expires. Answers when that is. */
export const updateLocation = (core: Core, caller: Caller, input: { lat: number; lng: number }, opts: CommandOptions = {}) => {
  limitDiscovery(core, caller, 'location');
  return runCommand(core, caller, 'updateLocation', input, opts, async () => {
    const me = requireUser(caller).userId;
    const { lat, lng } = requireCoordinates(input.lat, input.lng);
    const { now, expiredBefore } = lifetime(core);
    await saveLocation(core.pool, me, lat, lng, now, expiredBefore);
    return { expiresAt: new Date(now.getTime() + core.config.LOCATION_TTL_SECONDS * 1000).toISOString() };
  });
};

/** Stops listing me nearby at once. */
export const forgetLocation = (core: Core, caller: Caller, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'forgetLocation', {}, opts, async () => {
    await clearLocation(core.pool, requireUser(caller).userId);
    return { cleared: true as const };
  });

export interface NearbyInput {
  radius?: number | undefined;
  limit: number;
  cursor?: string | undefined;
  /** Only this sex (003 findNearby `sex`); users who did not say are left out. */
  sex?: 'male' | 'female' | undefined;
  /** Ages in whole years by today's date in Asia/Shanghai, both ends included; unknown birthdays are left out. */
  minAge?: number | undefined;
  maxAge?: number | undefined;
}

const filtersOf = (core: Core, input: NearbyInput) => {
  if (input.minAge !== undefined && input.maxAge !== undefined && input.minAge > input.maxAge) {
    throw new CodedError('VALIDATION_FAILED', 'minAge must not be above maxAge', { field: 'minAge' });
  }
  const filtered = input.sex !== undefined || input.minAge !== undefined || input.maxAge !== undefined;
  return filtered ? { sex: input.sex, ...birthdayBounds(core.clock(), input.minAge, input.maxAge) } : null;
};

/**
 * People within `radius` meters of my live location, nearest first, of a sex and an age range
 * when asked. Only someone who is listed sees the list (LOCATION_UNKNOWN until I report where I am).
 */
export const nearby = async (core: Core, caller: Caller, input: NearbyInput) => {
  const me = requireUser(caller).userId;
  const { expiredBefore } = lifetime(core);
  const here = await getLocation(core.pool, me, expiredBefore);
  if (!here) throw new CodedError('LOCATION_UNKNOWN', 'report your location first (POST /v1/geo/location)');
  const [offset] = input.cursor ? decodeCursor(input.cursor, ['number'] as const) : [0];
  if (offset < 0 || offset > MAX_OFFSET) throw new CodedError('VALIDATION_FAILED', 'cursor is not valid', { field: 'cursor' });
  const filters = filtersOf(core, input);
  const q = { userId: me, lat: here.lat, lng: here.lng, radiusM: input.radius ?? DEFAULT_RADIUS_M, expiredBefore, limit: input.limit + 1, offset };
  const rows = filters ? await findNearbyFiltered(core.pool, { ...q, ...filters }) : await findNearby(core.pool, q);
  const items = rows.slice(0, input.limit).map((r) => ({ userId: r.userId, nickname: r.nickname, avatarUrl: r.avatarUrl, distance: shownDistance(r.distanceM) }));
  const next = offset + input.limit;
  return { items, nextCursor: rows.length > input.limit && next <= MAX_OFFSET ? encodeCursor([next]) : null };
};

/**
 * Shakes the phone here: answers the nearest other user who shook within the last
 * SHAKE_WINDOW_SECONDS, or null (002/003: nobody found shaking at the same moment). A match is
 * recorded on the pair's relation stream (ShakeMatched): both see it in their shake history, and
 * the earlier shaker hears it by push (`shake.match`). A block standing there by then records nothing.
 */
export const shake = (core: Core, caller: Caller, input: { lat: number; lng: number }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'shake', input, opts, async ({ meta }) => {
    const me = requireUser(caller).userId;
    const { lat, lng } = requireCoordinates(input.lat, input.lng);
    const now = core.clock();
    const since = new Date(now.getTime() - core.config.SHAKE_WINDOW_SECONDS * 1000);
    const m = await shakeAndMatch(core.pool, { userId: me, lat, lng, at: now, since });
    if (m) {
      const r = await core.bus.handle(relationDecider, relationStream(me, m.userId), { type: 'RecordShakeMatch', data: { matchedId: m.userId, distance: shownDistance(m.distanceM) }, metadata: meta });
      if (r.events.length === 0) return { match: null };
      await settled(core, r);
    }
    return { match: m ? { userId: m.userId, nickname: m.nickname, avatarUrl: m.avatarUrl, distance: shownDistance(m.distanceM) } : null };
  });

/** Up to `limit` users at random, never me nor anyone blocked either way (000's slot machine). */
export const randomPeople = async (core: Core, caller: Caller, input: { limit: number }) => ({
  items: await randomUsers(core.pool, requireUser(caller).userId, input.limit),
});

/** My matches from shakes, newest first (003 getRockRecord): whom I matched, and who matched me. */
export const shakeHistory = async (core: Core, caller: Caller, input: PageRequest) => listShakeMatches(core.pool, requireUser(caller).userId, input);
