import { z } from 'zod';
import { errorResponses, HttpUrl, Id, ListQuery, page, text } from '../common.js';

const RoomKind = z.enum(['live', 'voice', 'chatroom']);
const Title = text({ min: 1, max: 100 });

const Room = z.object({
  roomId: z.string(),
  title: z.string(),
  kind: RoomKind,
  hostId: z.string(),
  status: z.enum(['open', 'closed']),
  onlineCount: z.number().int(),
  giftTotal: z.number().int(),
  seats: z.number().int().nullable(),
  avatarUrl: z.string().nullable(),
  /** Guests (devices without an account) may enter. */
  guests: z.boolean(),
  /** Guests inside, counted apart from members (onlineCount). */
  guestCount: z.number().int(),
  members: z.array(z.string()).optional(),
  /** Mutes in force: to the host and operators only. */
  mutes: z.array(z.object({ userId: z.string(), until: z.string() })).optional(),
  /** When it was created, last opened (created or reopened) and last closed (null: never). */
  createdAt: z.string().nullable().optional(),
  openedAt: z.string().nullable().optional(),
  closedAt: z.string().nullable().optional(),
});

/** A chatroom is created by an operator only; `guests` defaults to the app's policy for chatrooms, false otherwise. */
export const createRoom = {
  body: z.strictObject({
    title: Title,
    kind: RoomKind,
    seats: z.number().int().min(1).max(100).optional(),
    avatarUrl: HttpUrl.optional(),
    guests: z.boolean().optional(),
  }),
  response: { 201: z.object({ roomId: z.string() }), ...errorResponses },
} as const;

export const roomParams = z.strictObject({ id: Id });

/**
 * A guest's device id. With no Authorization header, `X-Device-Id` makes the caller a guest on the
 * routes that take guests (join, leave, one room, a room's messages); elsewhere, or beside a bearer token, it is ignored.
 */
export const DeviceId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16-64 letters, digits, - or _');
export const guestHeaders = z.object({ 'x-device-id': z.string().optional().describe('a guest device (16-64 letters, digits, - or _), used only without a bearer token') });

/** Also for a guest (an `X-Device-Id` header and no bearer token): then `guestCount` is what moved. */
const Moved = z.object({ onlineCount: z.number().int(), guestCount: z.number().int().optional() });
export const joinRoom = { params: roomParams, headers: guestHeaders, response: { 200: Moved, ...errorResponses } } as const;
export const leaveRoom = { params: roomParams, headers: guestHeaders, response: { 200: Moved, ...errorResponses } } as const;
export const closeRoom = { params: roomParams, response: { 200: z.object({ status: z.literal('closed') }), ...errorResponses } } as const;
export const reopenRoom = { params: roomParams, response: { 200: z.object({ status: z.literal('open') }), ...errorResponses } } as const;
export const deleteRoom = { params: roomParams, response: { 200: z.object({ status: z.literal('deleted') }), ...errorResponses } } as const;
export const banFromRoom = {
  params: roomParams,
  body: z.strictObject({ userId: Id }),
  response: { 200: z.object({ onlineCount: z.number().int() }), ...errorResponses },
} as const;

/** Rename, a new avatar, or both. */
export const updateRoom = {
  params: roomParams,
  body: z
    .strictObject({ title: Title.optional(), avatarUrl: HttpUrl.optional() })
    .refine((b) => b.title !== undefined || b.avatarUrl !== undefined, 'give a title or an avatarUrl'),
  response: { 200: Room, ...errorResponses },
} as const;

/** Muted until a time (later than now), or `until: null` to lift the mute. */
export const muteInRoom = {
  params: roomParams,
  body: z.strictObject({ userId: Id, until: z.iso.datetime({ offset: true }).nullable() }),
  response: { 200: z.object({ userId: z.string(), until: z.string().nullable() }), ...errorResponses },
} as const;

export const getRoom = { params: roomParams, headers: guestHeaders, response: { 200: Room, ...errorResponses } } as const;
export const listRooms = {
  querystring: ListQuery.extend({
    kind: RoomKind.optional(),
    /** Open rooms when not given. */
    status: z.enum(['open', 'closed']).optional(),
    /** The title contains this, ignoring case. */
    q: text({ min: 1, max: 100 }).optional(),
  }),
  response: { 200: page(Room), ...errorResponses },
} as const;
