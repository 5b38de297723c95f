// Stored event payloads of media and moderation (uploads, reports, reviews); part of contracts/events.ts.
import { z } from 'zod';
import { Count, Id, Time } from './primitives.js';

const Positive = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const media = {
  MediaUploaded: z.object({
    mediaId: Id,
    ownerId: Id,
    kind: z.enum(['image', 'voice', 'video', 'file']),
    mime: z.string().min(1),
    size: Count,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    objectKey: Id,
    width: Positive.optional(),
    height: Positive.optional(),
    durationMs: Positive.optional(),
    thumbnailKey: Id.optional(),
    name: z.string().optional(),
    uploadedAt: Time,
  }),
};

const subjectType = z.enum(['user', 'post', 'message', 'group']);
export const report = {
  ReportFiled: z.object({ reportId: Id, reporterId: Id, subjectType, subjectId: Id, reason: z.string(), note: z.string().optional(), filedAt: Time }),
  ReportResolved: z.object({ reportId: Id, reporterId: Id, operatorId: Id, resolution: z.enum(['actioned', 'dismissed']), note: z.string().optional() }),
};

const reviewSubject = { reviewId: Id, kind: z.enum(['avatar', 'photo', 'post', 'other']), ownerId: Id, subjectId: Id, mediaId: Id.optional() };
const reviewDecision = z.object({ ...reviewSubject, operatorId: Id, reason: z.string().optional() });
export const review = {
  ReviewRequested: z.object({ ...reviewSubject, requestedAt: Time }),
  ReviewApproved: reviewDecision,
  ReviewRejected: reviewDecision,
};
