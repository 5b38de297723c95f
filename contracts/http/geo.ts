// Locations, people nearby, shake and a random pick. Coordinates are WGS 84 degrees; distances
// are meters, rounded up to 100 m; others' coordinates are never returned.
import { z } from 'zod';
import { errorResponses, IsoTime, ListQuery, page } from '../common.js';
import { person } from './shapes.js';

const Coordinates = z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });
const Near = z.object({ ...person, distance: z.number().int() });

export const updateLocation = {
  body: Coordinates,
  /** When this report stops being listed (LOCATION_TTL_SECONDS after it). */
  response: { 200: z.object({ expiresAt: IsoTime }), ...errorResponses },
} as const;

export const forgetLocation = { response: { 200: z.object({ cleared: z.literal(true) }), ...errorResponses } } as const;

const Age = z.coerce.number().int().min(0).max(150);

export const nearby = {
  /**
   * radius in meters, 100 m to 50 km (default 5 km). sex: only male or only female users (those
   * who did not say are left out). minAge, maxAge: whole years by today's date in Asia/Shanghai,
   * both ends included (users without a birthday are left out).
   */
  querystring: ListQuery.extend({
    radius: z.coerce.number().int().min(100).max(50_000).optional(),
    sex: z.enum(['male', 'female']).optional(),
    minAge: Age.optional(),
    maxAge: Age.optional(),
  }),
  response: { 200: page(Near), ...errorResponses },
} as const;

export const shake = {
  body: Coordinates,
  response: { 200: z.object({ match: Near.nullable() }), ...errorResponses },
} as const;

export const randomPeople = {
  querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
  response: { 200: z.object({ items: z.array(z.object(person)) }), ...errorResponses },
} as const;

/** 003 getRockRecord: my matches from shakes, newest first; `matchId` is its `rockid`. */
export const shakeHistory = {
  querystring: ListQuery,
  response: {
    200: page(z.object({ matchId: z.string(), ...person, sex: z.enum(['unknown', 'male', 'female']), distance: z.number().int(), at: IsoTime })),
    ...errorResponses,
  },
} as const;
