// Where people are: location reports, people nearby, shake and a random pick (002/003 /geo/*,
// 000's random list). Locations are a table, not events (migration 0018): each user's latest
// report, listed for LOCATION_TTL_SECONDS and deleted by later writes. Nobody blocked either way
// is listed, nor anyone without a live location; others' coordinates never leave the server,
// only a distance rounded up to DISTANCE_STEP_M.
import { CodedError } from '../../domain/errors.js';
import { clearLocation, findNearby, getLocation, randomUsers, saveLocation, shakeAndMatch } from '../../projections/queries.js';
import { decodeCursor, encodeCursor } from '../../projections/support.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';

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
export const updateLocation = (core: Core, caller: Caller, input: { lat: number; lng: number }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'updateLocation', input, opts, async () => {
    const me = requireUser(caller).userId;
    const { lat, lng } = requireCoordinates(input.lat, input.lng);
    const { now, expiredBefore } = lifetime(core);
    await saveLocation(core.pool, me, lat, lng, now, expiredBefore);
    return { expiresAt: new Date(now.getTime() + core.config.LOCATION_TTL_SECONDS * 1000).toISOString() };
  });

/** Stops listing me nearby at once. */
export const forgetLocation = (core: Core, caller: Caller, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'forgetLocation', {}, opts, async () => {
    await clearLocation(core.pool, requireUser(caller).userId);
    return { cleared: true as const };
  });

/**
 * People within `radius` meters of my live location, nearest first. Only someone who is listed
 * sees the list (LOCATION_UNKNOWN until I report where I am).
 */
export const nearby = async (core: Core, caller: Caller, input: { radius?: number | undefined; limit: number; cursor?: string | undefined }) => {
  const me = requireUser(caller).userId;
  const { expiredBefore } = lifetime(core);
  const here = await getLocation(core.pool, me, expiredBefore);
  if (!here) throw new CodedError('LOCATION_UNKNOWN', 'report your location first (POST /v1/geo/location)');
  const [offset] = input.cursor ? decodeCursor(input.cursor, ['number'] as const) : [0];
  if (offset < 0 || offset > MAX_OFFSET) throw new CodedError('VALIDATION_FAILED', 'cursor is not valid', { field: 'cursor' });
  const rows = await findNearby(core.pool, { userId: me, lat: here.lat, lng: here.lng, radiusM: input.radius ?? DEFAULT_RADIUS_M, expiredBefore, limit: input.limit + 1, offset });
  const items = rows.slice(0, input.limit).map((r) => ({ userId: r.userId, nickname: r.nickname, avatarUrl: r.avatarUrl, distance: shownDistance(r.distanceM) }));
  const next = offset + input.limit;
  return { items, nextCursor: rows.length > input.limit && next <= MAX_OFFSET ? encodeCursor([next]) : null };
};

/**
 * Shakes the phone here: answers the nearest other user who shook within the last
 * SHAKE_WINDOW_SECONDS, or null (002/003: nobody found shaking at the same moment).
 */
export const shake = (core: Core, caller: Caller, input: { lat: number; lng: number }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'shake', input, opts, async () => {
    const me = requireUser(caller).userId;
    const { lat, lng } = requireCoordinates(input.lat, input.lng);
    const now = core.clock();
    const since = new Date(now.getTime() - core.config.SHAKE_WINDOW_SECONDS * 1000);
    const m = await shakeAndMatch(core.pool, { userId: me, lat, lng, at: now, since });
    return { match: m ? { userId: m.userId, nickname: m.nickname, avatarUrl: m.avatarUrl, distance: shownDistance(m.distanceM) } : null };
  });

/** Up to `limit` users at random, never me nor anyone blocked either way (000's slot machine). */
export const randomPeople = async (core: Core, caller: Caller, input: { limit: number }) => ({
  items: await randomUsers(core.pool, requireUser(caller).userId, input.limit),
});
