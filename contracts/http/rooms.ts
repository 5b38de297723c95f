import { z } from 'zod';
import { errorResponses, Id, ListQuery, page, text } from '../common.js';

const Room = z.object({
  roomId: z.string(),
  title: z.string(),
  kind: z.enum(['live', 'voice', 'chatroom']),
  hostId: z.string(),
  status: z.enum(['open', 'closed']),
  onlineCount: z.number().int(),
  giftTotal: z.number().int(),
  seats: z.number().int().nullable(),
  members: z.array(z.string()).optional(),
});

export const createRoom = {
  body: z.strictObject({ title: text({ min: 1, max: 100 }), kind: z.enum(['live', 'voice']), seats: z.number().int().min(1).max(100).optional() }),
  response: { 201: z.object({ roomId: z.string() }), ...errorResponses },
} as const;

export const roomParams = z.strictObject({ id: Id });

export const joinRoom = { params: roomParams, response: { 200: z.object({ onlineCount: z.number().int() }), ...errorResponses } } as const;
export const leaveRoom = { params: roomParams, response: { 200: z.object({ onlineCount: z.number().int() }), ...errorResponses } } as const;
export const closeRoom = { params: roomParams, response: { 200: z.object({ status: z.literal('closed') }), ...errorResponses } } as const;
export const banFromRoom = {
  params: roomParams,
  body: z.strictObject({ userId: Id }),
  response: { 200: z.object({ onlineCount: z.number().int() }), ...errorResponses },
} as const;

export const getRoom = { params: roomParams, response: { 200: Room, ...errorResponses } } as const;
export const listRooms = { querystring: ListQuery, response: { 200: page(Room), ...errorResponses } } as const;
