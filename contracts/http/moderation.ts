// Reports and reviews (issue #20): users report users, posts, messages and groups; operators work
// the report queue and the review queue (avatars and photos where the app's policy asks).
import { z } from 'zod';
import { errorResponses, Id, ListQuery, page, text } from '../common.js';

export const ReportSubjectType = z.enum(['user', 'post', 'message', 'group']);
export const ReviewKind = z.enum(['avatar', 'photo', 'post', 'other']);

const Report = z.object({
  reportId: z.string(),
  reporterId: z.string(),
  subjectType: ReportSubjectType,
  subjectId: z.string(),
  reason: z.string(),
  note: z.string().nullable(),
  status: z.enum(['open', 'resolved']),
  /** How many times this reporter filed on this subject (a resolved report may be filed again). */
  filings: z.number().int(),
  resolution: z.enum(['actioned', 'dismissed']).nullable(),
  resolutionNote: z.string().nullable(),
  operatorId: z.string().nullable(),
  filedAt: z.string(),
  resolvedAt: z.string().nullable(),
});

export const fileReport = {
  body: z.strictObject({
    subjectType: ReportSubjectType,
    /** A user, post or group id; a message is `<conversationId>:<seq>`. */
    subjectId: z.string().min(1).max(200).regex(/^[A-Za-z0-9:_-]+$/, 'must be a subject id'),
    reason: text({ min: 1, max: 40 }),
    note: text({ max: 500, multiline: true }).optional(),
  }),
  response: { 201: z.object({ reportId: z.string(), status: z.literal('open') }), ...errorResponses },
} as const;

export const listReports = {
  querystring: ListQuery.extend({ status: z.enum(['open', 'resolved']).optional(), subjectType: ReportSubjectType.optional() }),
  response: { 200: page(Report), ...errorResponses },
} as const;

export const resolveReport = {
  params: z.strictObject({ reportId: z.string().min(1).max(300) }),
  body: z.strictObject({ resolution: z.enum(['actioned', 'dismissed']), note: text({ max: 500, multiline: true }).optional() }),
  response: { 200: z.object({ reportId: z.string(), status: z.literal('resolved'), resolution: z.enum(['actioned', 'dismissed']) }), ...errorResponses },
} as const;

const Review = z.object({
  reviewId: z.string(),
  kind: ReviewKind,
  ownerId: z.string(),
  subjectId: z.string(),
  mediaId: z.string().nullable(),
  /** Where an operator sees the media under review. */
  mediaUrl: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected']),
  reason: z.string().nullable(),
  operatorId: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
});

export const listReviews = {
  querystring: ListQuery.extend({ status: z.enum(['pending', 'approved', 'rejected']).optional(), kind: ReviewKind.optional() }),
  response: { 200: page(Review), ...errorResponses },
} as const;

export const decideReview = {
  params: z.strictObject({ reviewId: Id }),
  body: z.strictObject({ reason: text({ max: 200, multiline: true }).optional() }).nullish(),
  response: { 200: z.object({ reviewId: z.string(), status: z.enum(['approved', 'rejected']) }), ...errorResponses },
} as const;
