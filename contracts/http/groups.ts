import { z } from 'zod';
import { errorResponses, Id, IsoTime, text } from '../common.js';

const Members = z.array(Id).max(500);

export const createGroup = {
  body: z.strictObject({ name: text({ min: 1, max: 100 }), memberIds: Members }),
  response: { 201: z.object({ groupId: z.string() }), ...errorResponses },
} as const;

const Group = z.object({ groupId: z.string(), name: z.string(), ownerId: z.string(), memberIds: z.array(z.string()), createdAt: IsoTime });

export const addGroupMembers = {
  params: z.strictObject({ id: Id }),
  body: z.strictObject({ userIds: Members.min(1) }),
  response: { 200: z.object({ memberIds: z.array(z.string()) }), ...errorResponses },
} as const;

export const removeGroupMember = {
  params: z.strictObject({ id: Id, userId: Id }),
  response: { 200: z.object({ memberIds: z.array(z.string()) }), ...errorResponses },
} as const;

export const getGroup = { params: z.strictObject({ id: Id }), response: { 200: Group, ...errorResponses } } as const;
