// My contacts: remarks and "commonly used" marks on people, and friend tags.
import { z } from 'zod';
import { errorResponses, Id, text } from '../common.js';
import { Tagged } from './friends.js';

const TagName = text({ min: 1, max: 30 });
const Members = z.array(Id).max(500);
const Tag = z.object({ tagId: z.string(), name: z.string(), userIds: z.array(z.string()) });

export const updateContact = {
  params: z.strictObject({ userId: Id }),
  /** An empty remark clears it. */
  body: z.strictObject({ remark: text({ max: 40 }).optional(), commonlyUsed: z.boolean().optional() }),
  response: {
    200: z.object({ userId: z.string(), remark: z.string().nullable(), commonlyUsed: z.boolean(), tags: z.array(Tagged) }),
    ...errorResponses,
  },
} as const;

export const createTag = {
  body: z.strictObject({ name: TagName, userIds: Members.default([]) }),
  response: { 201: Tag, ...errorResponses },
} as const;

export const listTags = { response: { 200: z.object({ items: z.array(Tag) }), ...errorResponses } } as const;

export const renameTag = {
  params: z.strictObject({ tagId: Id }),
  body: z.strictObject({ name: TagName }),
  response: { 200: Tag, ...errorResponses },
} as const;

export const deleteTag = {
  params: z.strictObject({ tagId: Id }),
  response: { 200: z.object({ tagId: z.string(), deleted: z.literal(true) }), ...errorResponses },
} as const;

export const tagFriends = {
  params: z.strictObject({ tagId: Id }),
  body: z.strictObject({ userIds: Members.min(1) }),
  response: { 200: Tag, ...errorResponses },
} as const;

export const untagFriend = {
  params: z.strictObject({ tagId: Id, userId: Id }),
  response: { 200: Tag, ...errorResponses },
} as const;
