// Profiles with uploads (issue #20): an avatar or a photo-wall photo may be a media id of the
// caller's own image upload instead of an http(s) URL. The account stores it as `media:<id>`
// (domain/account/profile.ts) and views render it as the media's content path. Where the app's
// policy reviews avatars or photos, a new one opens a review (services/app/reviews.ts): an avatar
// under review stays off the account until approved; a photo is on the wall but hidden from
// others until approved.
import type { CommandMetadata } from '../../domain/aggregate.js';
import { CodedError } from '../../domain/errors.js';
import { mediaIdOfRef, mediaRef } from '../../domain/media.js';
import { mediaReviewStatuses, renderMediaRef } from '../../projections/queries.js';
import type { UserCaller } from './caller.js';
import type { Core } from './core.js';
import { requireOwnMedia } from './media.js';
import { pendingAvatarOf, requestReview } from './reviews.js';

const isUrl = (v: string) => /^https?:\/\//i.test(v);

export interface AvatarPlan {
  /** What UpdateProfile records now (a URL, or `media:<id>` where no review is needed). */
  avatarUrl?: string;
  /** A media id that waits for review instead. */
  review?: string;
}

export const planAvatar = async (core: Core, user: UserCaller, input: { avatarUrl?: string | undefined; avatarMediaId?: string | undefined }): Promise<AvatarPlan> => {
  if (input.avatarMediaId === undefined) return input.avatarUrl === undefined ? {} : { avatarUrl: input.avatarUrl };
  if (input.avatarUrl !== undefined) throw new CodedError('VALIDATION_FAILED', 'give avatarUrl or avatarMediaId, not both', { field: 'avatarMediaId' });
  await requireOwnMedia(core, user.userId, input.avatarMediaId, 'image');
  return core.policies[user.app].reviewAvatars ? { review: input.avatarMediaId } : { avatarUrl: mediaRef(input.avatarMediaId) };
};

export const openAvatarReview = async (core: Core, user: UserCaller, meta: CommandMetadata, plan: AvatarPlan): Promise<void> => {
  if (plan.review === undefined) return;
  await requestReview(core, meta, { kind: 'avatar', ownerId: user.userId, subjectId: user.userId, mediaId: plan.review });
};

/** The wall as the account stores it: URLs as given, media ids (the caller's images) as `media:<id>`. */
export const planPhotoWall = async (core: Core, user: UserCaller, photos: readonly string[]): Promise<string[]> => {
  const out: string[] = [];
  for (const p of photos) {
    if (isUrl(p)) {
      out.push(p);
      continue;
    }
    await requireOwnMedia(core, user.userId, p, 'image');
    out.push(mediaRef(p));
  }
  return out;
};

/** Reviews for the wall's media photos that were not on it before (where the app's policy asks). */
export const openPhotoReviews = async (core: Core, user: UserCaller, meta: CommandMetadata, before: readonly string[], after: readonly string[]): Promise<void> => {
  if (!core.policies[user.app].reviewPhotos) return;
  const had = new Set(before);
  for (const p of after) {
    const mediaId = mediaIdOfRef(p);
    if (mediaId !== null && !had.has(p)) await requestReview(core, meta, { kind: 'photo', ownerId: user.userId, subjectId: mediaId, mediaId });
  }
};

/** The wall as others see it: photos under review or rejected are left out; media refs become paths. */
export const visiblePhotos = async (core: Core, photos: readonly string[]): Promise<string[]> => {
  const ids = photos.map(mediaIdOfRef).filter((x): x is string => x !== null);
  const statuses = await mediaReviewStatuses(core.pool, ids);
  return photos.filter((p) => {
    const id = mediaIdOfRef(p);
    const s = id === null ? undefined : statuses.get(id);
    return s === undefined || s === 'approved';
  }).map(renderMediaRef);
};

/** The owner's view of their avatar: the one under review if any, else the account's. */
export const ownAvatar = async (core: Core, userId: string, stored: string | null): Promise<string | null> => {
  const pending = await pendingAvatarOf(core, userId);
  return pending !== null ? renderMediaRef(mediaRef(pending)) : stored === null ? null : renderMediaRef(stored);
};
