// A group's members (roles, cards, mutes), applications and notices.
import { z } from 'zod';
import { errorResponses, Id, IsoTime, ListQuery, page, text } from '../common.js';
import { GroupRole } from './groups.js';

const memberParams = z.strictObject({ id: Id, userId: Id });
const groupParams = z.strictObject({ id: Id });

const Member = z.object({
  userId: z.string(),
  role: GroupRole,
  /** Their card in this group. */
  nickname: z.string().nullable(),
  /** Their account nickname. */
  displayName: z.string().nullable(),
  mutedUntil: IsoTime.nullable(),
  joinedAt: IsoTime.nullable(),
  /** How the group added them (invite, join, answer, application, payment, created). */
  via: z.string().nullable(),
  /** The extension field the owner or an admin set (003 `ext`); this and joinMethod: null to other members. */
  ext: z.string().nullable(),
  /** invitation, request (asked to join, channel not recorded), search or qr_code; null for the creator. */
  joinMethod: z.enum(['invitation', 'request', 'search', 'qr_code']).nullable(),
});

export const listGroupMembers = {
  params: groupParams,
  querystring: ListQuery.extend({ q: text({ min: 1, max: 40 }).optional() }),
  response: { 200: page(Member), ...errorResponses },
} as const;

export const getGroupMember = { params: memberParams, response: { 200: Member, ...errorResponses } } as const;

export const setMemberRole = {
  params: memberParams,
  body: z.strictObject({ role: z.enum(['admin', 'member']) }),
  response: { 200: z.object({ userId: z.string(), role: GroupRole, adminCount: z.number().int() }), ...errorResponses },
} as const;

/** 0 lifts the mute; at most 7 days (604800 s). */
export const muteMember = {
  params: memberParams,
  body: z.strictObject({ seconds: z.number().int().min(0).max(604_800) }),
  response: { 200: z.object({ userId: z.string(), mutedUntil: IsoTime.nullable() }), ...errorResponses },
} as const;

/** Empty clears the card. */
export const setMemberNickname = {
  params: memberParams,
  body: z.strictObject({ nickname: text({ max: 40 }) }),
  response: { 200: z.object({ userId: z.string(), nickname: z.string().nullable() }), ...errorResponses },
} as const;

const ApplicationStatus = z.enum(['pending', 'approved', 'rejected', 'superseded', 'cancelled']);
const Application = z.object({
  applicationId: z.string(),
  groupId: z.string(),
  applicantId: z.string(),
  kind: z.enum(['approval', 'payment']),
  message: z.string().nullable(),
  fee: z.number().int().nullable(),
  status: ApplicationStatus,
  decidedBy: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: IsoTime,
  decidedAt: IsoTime.nullable(),
});

export const listGroupApplications = {
  params: groupParams,
  querystring: ListQuery.extend({ status: ApplicationStatus.optional() }),
  response: { 200: page(Application), ...errorResponses },
} as const;

/** `review` (default): pending applications in the groups you run; `mine`: your own. */
export const listApplicationInbox = {
  querystring: ListQuery.extend({ box: z.enum(['review', 'mine']).default('review') }),
  response: { 200: page(Application), ...errorResponses },
} as const;

export const decideApplication = {
  params: memberParams,
  body: z.strictObject({ reason: text({ max: 200, multiline: true }).optional() }).nullish(),
  response: { 200: z.object({ status: z.enum(['approved', 'rejected']), memberCount: z.number().int() }), ...errorResponses },
} as const;

const noticeParams = z.strictObject({ id: Id, noticeId: Id });
const NoticeText = text({ min: 1, max: 2000, multiline: true });
const Notice = z.object({
  noticeId: z.string(),
  groupId: z.string(),
  authorId: z.string(),
  text: z.string(),
  createdAt: IsoTime,
  editedBy: z.string().nullable(),
  editedAt: IsoTime.nullable(),
  /** Whether the caller may edit and delete it. */
  editable: z.boolean(),
});

export const listGroupNotices = { params: groupParams, querystring: ListQuery, response: { 200: page(Notice), ...errorResponses } } as const;
export const postNotice = { params: groupParams, body: z.strictObject({ text: NoticeText }), response: { 201: z.object({ noticeId: z.string() }), ...errorResponses } } as const;
export const editNotice = { params: noticeParams, body: z.strictObject({ text: NoticeText }), response: { 200: z.object({ noticeId: z.string() }), ...errorResponses } } as const;
export const deleteNotice = { params: noticeParams, response: { 200: z.object({ noticeId: z.string(), deleted: z.literal(true) }), ...errorResponses } } as const;
