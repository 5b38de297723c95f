// Groups: create, read, search, profile, policy, invitations, joining, leaving, kicks, dismissal,
// the ownership hand-over and the operator's level. Members, applications and notices:
// groupMembers.ts. The first four routes are /v1's originals and keep their shapes.
import { z } from 'zod';
import { Amount, errorResponses, HttpUrl, Id, IsoTime, ListQuery, page, text } from '../common.js';

const Members = z.array(Id).max(500);
export const GroupRole = z.enum(['owner', 'admin', 'member']);
const JoinMode = z.enum(['free', 'approval', 'answer', 'invite', 'closed', 'paid']);
const Description = text({ max: 500, multiline: true });
/** An empty string clears the avatar. */
const Avatar = z.union([HttpUrl, z.literal('')]);

export const groupParams = z.strictObject({ id: Id });

export const createGroup = {
  body: z.strictObject({ name: text({ min: 1, max: 100 }), memberIds: Members, avatarUrl: HttpUrl.optional(), description: Description.optional() }),
  response: { 201: z.object({ groupId: z.string(), markId: z.string() }), ...errorResponses },
} as const;

const JoinPolicyOut = z.object({ mode: JoinMode, question: z.string().nullable(), answer: z.string().nullable(), fee: z.number().int().nullable() });

/** What names a group wherever it is shown: the full view and a list's summary start alike. */
const groupCard = {
  groupId: z.string(),
  markId: z.string().nullable(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  description: z.string().nullable(),
};

const Group = z.object({
  ...groupCard,
  ownerId: z.string(),
  status: z.enum(['active', 'dismissed']),
  memberIds: z.array(z.string()),
  memberCount: z.number().int(),
  adminCount: z.number().int(),
  level: z.number().int(),
  levelExpiresAt: IsoTime.nullable(),
  memberCap: z.number().int(),
  maxAdmins: z.number().int(),
  /** `answer` only for the owner, admins, auditors and operators. */
  join: JoinPolicyOut,
  membersMayAddFriends: z.boolean(),
  muteAll: z.boolean(),
  ownershipOfferedTo: z.string().nullable(),
  myRole: GroupRole.nullable(),
  createdAt: IsoTime,
  dismissedAt: IsoTime.nullable(),
});

export const getGroup = { params: groupParams, response: { 200: Group, ...errorResponses } } as const;

const Summary = z.object({
  ...groupCard,
  memberCount: z.number().int(),
  memberCap: z.number().int(),
  joinMode: JoinMode,
  question: z.string().nullable(),
  fee: z.number().int().nullable(),
  createdAt: IsoTime,
});

export const searchGroups = {
  querystring: ListQuery.extend({ q: text({ min: 1, max: 100 }) }),
  response: { 200: page(Summary), ...errorResponses },
} as const;

export const listMyGroups = { querystring: ListQuery, response: { 200: page(Summary.extend({ role: GroupRole })), ...errorResponses } } as const;

export const updateGroup = {
  params: groupParams,
  body: z.strictObject({ name: text({ min: 1, max: 100 }).optional(), avatarUrl: Avatar.optional(), description: Description.optional() }),
  response: { 200: z.object({ name: z.string(), avatarUrl: z.string().nullable(), description: z.string().nullable() }), ...errorResponses },
} as const;

/** A question for `approval` (optional) and `answer`; the answer for `answer`; the fee (minor units) for `paid`. */
const JoinPolicyIn = z.strictObject({ mode: JoinMode, question: text({ min: 1, max: 100 }).optional(), answer: text({ min: 1, max: 100 }).optional(), fee: Amount.optional() });

export const setGroupPermissions = {
  params: groupParams,
  body: z.strictObject({ join: JoinPolicyIn.optional(), membersMayAddFriends: z.boolean().optional() }),
  response: { 200: z.object({ join: JoinPolicyOut, membersMayAddFriends: z.boolean() }), ...errorResponses },
} as const;

export const addGroupMembers = {
  params: groupParams,
  body: z.strictObject({ userIds: Members.min(1) }),
  response: { 200: z.object({ memberIds: z.array(z.string()) }), ...errorResponses },
} as const;

export const removeGroupMember = {
  params: z.strictObject({ id: Id, userId: Id }),
  response: { 200: z.object({ memberIds: z.array(z.string()) }), ...errorResponses },
} as const;

export const kickGroupMembers = {
  params: groupParams,
  body: z.strictObject({ userIds: Members.min(1) }),
  response: { 200: z.object({ removed: z.array(z.string()), memberCount: z.number().int() }), ...errorResponses },
} as const;

export const dismissGroup = { params: groupParams, response: { 200: z.object({ status: z.literal('dismissed') }), ...errorResponses } } as const;

export const joinGroup = {
  params: groupParams,
  /** Your message to the admins, or your answer to the group's question. */
  body: z.strictObject({ message: text({ max: 200 }).optional() }).nullish(),
  response: {
    200: z.discriminatedUnion('status', [
      z.object({ status: z.literal('joined') }),
      z.object({ status: z.literal('pending'), applicationId: z.string() }),
      z.object({ status: z.literal('awaiting_payment'), applicationId: z.string(), fee: z.number().int() }),
    ]),
    ...errorResponses,
  },
} as const;

export const offerOwnership = {
  params: groupParams,
  body: z.strictObject({ userId: Id }),
  response: { 200: z.object({ offeredTo: z.string().nullable() }), ...errorResponses },
} as const;
export const acceptOwnership = { params: groupParams, response: { 200: z.object({ ownerId: z.string() }), ...errorResponses } } as const;
export const cancelOwnershipOffer = { params: groupParams, response: { 200: z.object({ offeredTo: z.string().nullable() }), ...errorResponses } } as const;

export const setMuteAll = {
  params: groupParams,
  body: z.strictObject({ on: z.boolean() }),
  response: { 200: z.object({ muteAll: z.boolean() }), ...errorResponses },
} as const;

/** Operators: the level (0 free, 1-4 paid) and when it ends (null: never). */
export const setGroupLevel = {
  params: groupParams,
  body: z.strictObject({ level: z.number().int().min(0).max(4), expiresAt: z.iso.datetime().nullable() }),
  response: { 200: z.object({ level: z.number().int(), expiresAt: IsoTime.nullable(), memberCap: z.number().int() }), ...errorResponses },
} as const;
