// A review: content that an app's policy holds back until an operator approves it (vparty's
// avatars and photo-wall photos; posts may join as kind `post`, anything else as `other`). One
// stream per review; the request, the decision, the operator and the reason stay on record.
// What a decision does to the subject (an approved avatar becomes the profile's) is the
// service's next step, keyed by the decision's event so it happens once.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { actor, requireId, requireText } from './rules.js';

export const reviewKinds = ['avatar', 'photo', 'post', 'other'] as const;
export type ReviewKind = (typeof reviewKinds)[number];
export const MAX_REVIEW_REASON_LENGTH = 200;

/** What is under review: whose it is, the media (avatars, photos) and the subject's own id. */
export type ReviewSubject = { reviewId: string; kind: ReviewKind; ownerId: string; subjectId: string; mediaId?: string };
export type ReviewRequested = { type: 'ReviewRequested'; data: ReviewSubject & { requestedAt: string } };
type Decision = ReviewSubject & { operatorId: string; reason?: string };
export type ReviewApproved = { type: 'ReviewApproved'; data: Decision };
export type ReviewRejected = { type: 'ReviewRejected'; data: Decision };
export type ReviewEvent = ReviewRequested | ReviewApproved | ReviewRejected;

export type RequestReview = { type: 'RequestReview'; data: ReviewSubject; metadata: CommandMetadata };
export type DecideReview = { type: 'DecideReview'; data: { reviewId: string; decision: 'approve' | 'reject'; reason?: string }; metadata: CommandMetadata };
export type ReviewCommand = RequestReview | DecideReview;

export type Review = { status: 'absent' } | ({ status: 'pending' | 'approved' | 'rejected' } & ReviewSubject);

export const initialState = (): Review => ({ status: 'absent' });

export const evolve = (s: Review, e: ReviewEvent): Review => {
  switch (e.type) {
    case 'ReviewRequested': {
      const { requestedAt: _at, ...subject } = e.data;
      return s.status === 'absent' ? { status: 'pending', ...subject } : s;
    }
    case 'ReviewApproved':
      return s.status === 'pending' ? { ...s, status: 'approved' } : s;
    case 'ReviewRejected':
      return s.status === 'pending' ? { ...s, status: 'rejected' } : s;
    default:
      return s;
  }
};

const request = (c: RequestReview, s: Review): ReviewEvent[] => {
  // The service asks once per subject; asking again for the same review is a no-op.
  if (s.status !== 'absent') return [];
  const d = c.data;
  if (!(reviewKinds as readonly string[]).includes(d.kind)) return fail('VALIDATION_FAILED', 'unknown review kind', { field: 'kind' });
  requireId('ownerId', d.ownerId);
  requireId('subjectId', d.subjectId);
  return [{ type: 'ReviewRequested', data: { ...d, requestedAt: c.metadata.at } }];
};

const decideReview = (c: DecideReview, s: Review): ReviewEvent[] => {
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such review', { reviewId: c.data.reviewId });
  if (s.status !== 'pending') return fail('CONFLICT', 'this review is already decided', { status: s.status });
  const { status: _status, ...subject } = s;
  const data: Decision = { ...subject, operatorId: actor(c.metadata) };
  if (c.data.reason !== undefined) data.reason = requireText('reason', c.data.reason, { max: MAX_REVIEW_REASON_LENGTH, multiline: true, blank: true });
  if (c.data.decision === 'approve') return [{ type: 'ReviewApproved', data }];
  if (c.data.decision === 'reject') return [{ type: 'ReviewRejected', data }];
  return fail('VALIDATION_FAILED', 'decision must be approve or reject', { field: 'decision' });
};

/** Operators only: the service checks the role before it sends DecideReview. */
export const decide = (c: ReviewCommand, s: Review): ReviewEvent[] => {
  switch (c.type) {
    case 'RequestReview':
      return request(c, s);
    case 'DecideReview':
      return decideReview(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const reviewStream = (reviewId: string): string => `review-${reviewId}`;

export const reviewDecider: Decider<Review, ReviewCommand, ReviewEvent> = { initialState, evolve, decide };
