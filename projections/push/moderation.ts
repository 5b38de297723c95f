// Moderation's push notices: a review's outcome, to the owner of what was reviewed (`user:`).
import { channel, type PushDraft } from '../../contracts/push.js';
import type { Stored } from '../../domain/events.js';
import type { ReviewEvent } from '../../domain/review.js';

export const reviewMessages = (e: Stored<ReviewEvent>): PushDraft[] => {
  if (e.type === 'ReviewRequested') return [];
  const { reviewId, kind, ownerId, subjectId, mediaId, reason } = e.data;
  const status = e.type === 'ReviewApproved' ? 'approved' : 'rejected';
  const data = { reviewId, kind, subjectId, status, ...(mediaId !== undefined ? { mediaId } : {}), ...(reason !== undefined ? { reason } : {}) } as const;
  return [{ channel: channel.user(ownerId), type: 'review', data }];
};

export const reviewEventTypes = ['ReviewApproved', 'ReviewRejected'] as const;
