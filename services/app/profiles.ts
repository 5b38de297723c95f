// Profiles: the extended fields the seeds show (sex, birthday and the age derived from it,
// signature, region, hobbies, relationship status and purpose, description, a photo wall),
// privacy switches, and search by display number or phone. Profiles are read from the account
// stream itself (one stream answers them, exactly); search spans users, so it reads the users and
// display_numbers read models.
//
// Privacy, honoured by every read: another user never sees a phone, real-name values, linked
// identities or switches; a search by phone finds only users whose `searchMobile` is on.
import { accountDecider, accountStream, type Privacy, type ProfileDetailsChange, type RealName, type RegisteredAccount } from '../../domain/account.js';
import { isDisplayNumber } from '../../domain/displayNumber.js';
import { findUsersByPhone, getUserIdByDisplayNumber, renderMediaRef } from '../../projections/queries.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { limitDiscovery } from './discoveryLimits.js';
import { ensureDisplayNumber } from './displayNumbers.js';
import { ownAvatar, openPhotoReviews, planPhotoWall, visiblePhotos } from './profileMedia.js';
import { settled } from './results.js';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Whole years from the birthday to today's date in Asia/Shanghai (the seeds' wall clock; no DST there). */
export const ageOn = (birthday: string, now: Date): number => {
  const [y = 0, m = 0, d = 0] = birthday.split('-').map(Number);
  const today = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const [Y, M, D] = [today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate()];
  return Math.max(0, Y - y - (M < m || (M === m && D < d) ? 1 : 0));
};

const ymd = (y: number, m: number, d: number): string => {
  // The day clamped to the month (29 February in a common year is the 28th): no real date lies between.
  const day = Math.min(d, new Date(Date.UTC(y, m, 0)).getUTCDate());
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

/**
 * The birthdays of the ages asked for, as ageOn counts them: age ≥ minAge is a birthday on or
 * before `bornOnOrBefore`, age ≤ maxAge one after `bornAfter`.
 */
export const birthdayBounds = (now: Date, minAge?: number, maxAge?: number): { bornOnOrBefore?: string; bornAfter?: string } => {
  const today = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const [Y, M, D] = [today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate()];
  return {
    ...(minAge !== undefined ? { bornOnOrBefore: ymd(Y - minAge, M, D) } : {}),
    ...(maxAge !== undefined ? { bornAfter: ymd(Y - maxAge - 1, M, D) } : {}),
  };
};

const loadAccount = async (core: Core, userId: string): Promise<RegisteredAccount> => {
  const a = await core.bus.load(accountDecider, accountStream(userId));
  if (a.state.status !== 'registered') throw notFound('user', { userId });
  return a.state;
};

/** What anyone signed in may see of a user. */
export const publicView = (s: RegisteredAccount, now: Date) => {
  const d = s.details;
  return {
    userId: s.userId,
    nickname: s.nickname,
    avatarUrl: s.avatarUrl === undefined ? null : renderMediaRef(s.avatarUrl),
    displayNumber: s.displayNumber ?? null,
    sex: d.sex,
    birthday: d.birthday ?? null,
    age: d.birthday === undefined ? null : ageOn(d.birthday, now),
    signature: d.signature ?? null,
    region: d.region ?? null,
    hobbies: [...d.hobbies],
    relationshipStatus: d.relationshipStatus ?? null,
    purpose: d.purpose ?? null,
    description: d.description ?? null,
    photos: s.photos.map(renderMediaRef),
    /** Real-name verification approved (the values stay with the owner and the operators). */
    verified: s.realName.status === 'approved',
  };
};

const realNameView = (r: RealName) =>
  r.status === 'none'
    ? { status: r.status }
    : { status: r.status, maskedName: r.maskedName, maskedIdNumber: r.maskedIdNumber, ...(r.status === 'rejected' && r.reason !== undefined ? { reason: r.reason } : {}) };

/** The owner's own view: the public profile plus phone, switches, verification, linked identities. */
export const getMyProfile = async (core: Core, caller: Caller) => {
  const user = requireUser(caller);
  await ensureDisplayNumber(core, user.userId);
  const s = await loadAccount(core, user.userId);
  return {
    ...publicView(s, core.clock()),
    // The owner sees an avatar under review; others keep seeing the account's (profileMedia.ts).
    avatarUrl: await ownAvatar(core, user.userId, s.avatarUrl ?? null),
    phone: s.phone ?? null,
    privacy: { ...s.privacy },
    realName: realNameView(s.realName),
    externalIdentities: s.externalIdentities.map((x) => ({ provider: x.provider })),
    hasPassword: s.hasPassword,
    roles: [...s.roles],
  };
};

export const getProfile = async (core: Core, caller: Caller, input: { userId: string }) => {
  const me = requireUser(caller);
  const s = await loadAccount(core, input.userId);
  const view = publicView(s, core.clock());
  // Others see only approved photos of an app that reviews them; the owner sees the whole wall.
  return me.userId === s.userId ? { ...view, avatarUrl: await ownAvatar(core, s.userId, s.avatarUrl ?? null) } : { ...view, photos: await visiblePhotos(core, s.photos) };
};

export const updateProfileDetails = (core: Core, caller: Caller, input: ProfileDetailsChange, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'updateProfileDetails', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const r = await core.bus.handle(accountDecider, accountStream(user.userId), { type: 'UpdateProfileDetails', data: { ...input, userId: user.userId }, metadata: meta });
    await settled(core, r);
    return getMyProfile(core, caller);
  });

/** Replaces the whole photo wall (ordered http(s) URLs or ids of the caller's image uploads; see profileMedia.ts). */
export const setPhotoWall = (core: Core, caller: Caller, input: { photos: string[] }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'setPhotoWall', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const before = (await loadAccount(core, user.userId)).photos;
    const photos = await planPhotoWall(core, user, input.photos);
    const r = await core.bus.handle(accountDecider, accountStream(user.userId), { type: 'SetPhotoWall', data: { userId: user.userId, photos }, metadata: meta });
    await settled(core, r);
    const after = r.state.status === 'registered' ? r.state.photos : [];
    await openPhotoReviews(core, user, meta, before, after);
    return { photos: after.map(renderMediaRef) };
  });

export const setPrivacy = (core: Core, caller: Caller, input: Partial<Privacy>, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'setPrivacy', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const r = await core.bus.handle(accountDecider, accountStream(user.userId), { type: 'SetPrivacy', data: { ...input, userId: user.userId }, metadata: meta });
    await settled(core, r);
    if (r.state.status !== 'registered') throw notFound('user');
    return { ...r.state.privacy };
  });

/**
 * A user's privacy switches, for other contexts' decisions (the relations context reads
 * `needAuth`: whether a friend request needs approval). Read from the account stream, exactly.
 */
export const privacyOf = async (core: Core, userId: string): Promise<Privacy> => ({ ...(await loadAccount(core, userId)).privacy });

/** The forms a phone may be stored in: as typed, and with or without the default +86. */
const phoneForms = (q: string): string[] => {
  if (!/^\+?[0-9]{6,20}$/.test(q)) return [];
  const forms = new Set([q]);
  if (/^1[0-9]{10}$/.test(q)) forms.add(`+86${q}`);
  if (/^\+861[0-9]{10}$/.test(q)) forms.add(q.slice(3));
  if (/^861[0-9]{10}$/.test(q)) forms.add(`+${q}`);
  return [...forms];
};

export type SearchMatch = 'displayNumber' | 'phone';

/**
 * Finds users by display number (exact) or by phone (exact, in its usual forms; only users who
 * allow it). Nickname search belongs to the relations context, which adds its matches here.
 */
export const searchUsers = async (core: Core, caller: Caller, input: { q: string; limit?: number }) => {
  limitDiscovery(core, caller, 'search');
  const q = input.q.trim();
  const found = new Map<string, SearchMatch>();
  if (isDisplayNumber(q)) {
    const id = await getUserIdByDisplayNumber(core.pool, q);
    if (id) found.set(id, 'displayNumber');
  }
  for (const id of await findUsersByPhone(core.pool, phoneForms(q))) if (!found.has(id)) found.set(id, 'phone');
  const now = core.clock();
  const items = [];
  for (const [userId, matchedBy] of [...found].slice(0, input.limit ?? 20)) {
    const a = await core.bus.load(accountDecider, accountStream(userId));
    if (a.state.status !== 'registered') continue;
    // The read model may lag a switch just turned off: the stream has the last word.
    if (matchedBy === 'phone' && !a.state.privacy.searchMobile) continue;
    const v = publicView(a.state, now);
    items.push({ userId: v.userId, nickname: v.nickname, avatarUrl: v.avatarUrl, displayNumber: v.displayNumber, matchedBy });
  }
  return { items, nextCursor: null };
};
