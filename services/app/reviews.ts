// Review queues (issue #20): content an app's policy holds back until an operator approves it.
// vparty reviews avatars and photo-wall photos (services/app/policies.ts reviewAvatars,
// reviewPhotos); posts may join with kind `post`. Each review is a stream (domain/review.ts): the
// request, the operator's decision and reason are events, and the decision is pushed to the owner
// on `user:<ownerId>` (projections/push/moderation.ts).
//
// Avatars: a new avatar under review is not on the account yet; the owner's own profile shows it
// (from the `reviews` read model), everyone else keeps seeing the previous one. Approval puts it
// on the account (UpdateProfile, with a command id derived from the approval event, so a retried
// decision applies it once), unless a newer avatar was asked for since. A rejected one never
// reaches the account. Photos: the wall lists them at once; others see a photo only once its
// latest review is approved (profiles.ts).
import { accountDecider, accountStream } from '../../domain/account.js';
import { mediaRef } from '../../domain/media.js';
import { reviewDecider, reviewStream, type ReviewKind, type ReviewSubject } from '../../domain/review.js';
import { getReview, latestReviewOf, listReviews as readReviews, type ReviewStatus } from '../../projections/queries.js';
import { derivedCommandId, uuidFromName } from '../shared/ids.js';
import type { CommandMetadata } from '../../domain/aggregate.js';
import { actingUser, requireRole, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { mediaUrl } from './media.js';
import { settled } from './results.js';

/** Opens a review for the caller's command; its id and command id derive from that command, so a retry opens none twice. */
export const requestReview = async (core: Core, meta: CommandMetadata, subject: Omit<ReviewSubject, 'reviewId'>) => {
  const commandId = `${meta.commandId}:review:${subject.kind}:${subject.mediaId ?? subject.subjectId}`;
  const reviewId = uuidFromName(commandId);
  const r = await core.bus.handle(reviewDecider, reviewStream(reviewId), { type: 'RequestReview', data: { reviewId, ...subject }, metadata: { ...meta, commandId } });
  await settled(core, r);
  return r;
};

/** The owner's avatar awaiting review, if the newest avatar they asked for is still pending. */
export const pendingAvatarOf = async (core: Core, ownerId: string): Promise<string | null> => {
  const r = await latestReviewOf(core.pool, ownerId, 'avatar');
  return r?.status === 'pending' && r.mediaId !== null ? r.mediaId : null;
};

export const listReviews = async (core: Core, caller: Caller, input: { limit: number; cursor?: string | undefined; status?: ReviewStatus | undefined; kind?: ReviewKind | undefined }) => {
  requireRole(caller, 'operator');
  const p = await readReviews(core.pool, input);
  return { items: p.items.map((r) => ({ ...r, mediaUrl: r.mediaId === null ? null : mediaUrl(core, r.mediaId) })), nextCursor: p.nextCursor };
};

export const decideReview = (core: Core, caller: Caller, input: { reviewId: string; decision: 'approve' | 'reject'; reason?: string | undefined }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'decideReview', input, opts, async ({ meta }) => {
    requireRole(caller, 'operator');
    const r = await core.bus.handle(reviewDecider, reviewStream(input.reviewId), {
      type: 'DecideReview',
      data: { reviewId: input.reviewId, decision: input.decision, ...(input.reason !== undefined ? { reason: input.reason } : {}) },
      metadata: { ...meta, userId: meta.userId ?? actingUser(caller) ?? 'operator' },
    });
    await settled(core, r);
    const approved = r.events.find((e) => e.type === 'ReviewApproved');
    if (approved?.type === 'ReviewApproved' && approved.data.kind === 'avatar' && approved.data.mediaId !== undefined) {
      const latest = await latestReviewOf(core.pool, approved.data.ownerId, 'avatar');
      if (latest?.reviewId === approved.data.reviewId) {
        const applied = await core.bus.handle(accountDecider, accountStream(approved.data.ownerId), {
          type: 'UpdateProfile',
          data: { userId: approved.data.ownerId, avatarUrl: mediaRef(approved.data.mediaId) },
          // A step of the platform on the owner's behalf: no acting user, as process steps send.
          metadata: { commandId: derivedCommandId(approved.id, 'apply-avatar'), at: approved.metadata.at, causationId: approved.id },
        });
        await settled(core, applied);
      }
    }
    const status: 'approved' | 'rejected' = r.state.status === 'approved' ? 'approved' : 'rejected';
    return { reviewId: input.reviewId, status };
  });

export const reviewOf = (core: Core, reviewId: string) => getReview(core.pool, reviewId);
