// Profile decisions: nickname and avatar, the extended details, the photo wall and the privacy
// switches. Each records only what changed, so a repeated edit adds nothing to the log.
import type { CommandMetadata } from '../aggregate.js';
import { fail } from '../errors.js';
import { requireText } from '../rules.js';
import { ownedBy } from './guards.js';
import {
  MAX_AVATAR_URL_LENGTH,
  MAX_NICKNAME_LENGTH,
  type Account,
  type AccountEvent,
  type ProfileDetailsChange,
  type ProfileUpdated,
  type Region,
  type SetPhotoWall,
  type SetPrivacy,
  type Sex,
  type UpdateProfile,
  type UpdateProfileDetails,
} from './types.js';

export const MAX_SIGNATURE_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 500;
export const MAX_SHORT_TEXT_LENGTH = 40;
export const MAX_PURPOSE_LENGTH = 100;
export const MAX_HOBBIES = 20;
export const MAX_HOBBY_LENGTH = 20;
export const MAX_PHOTOS = 12;

const sexes: readonly Sex[] = ['unknown', 'male', 'female'];

export const nickname = (value: string): string => requireText('nickname', typeof value === 'string' ? value.trim() : value, { max: MAX_NICKNAME_LENGTH });

/**
 * Other users' apps load it: http or https with a host, never `javascript:` or `data:`; or
 * `media:<mediaId>`, an upload of ours (domain/media.ts) the services render as its content URL.
 */
export const httpUrl = (field: string, value: string): string =>
  /^(https?:\/\/[^/?#\s]|media:[0-9A-Za-z_-]{1,64}$)/i.test(requireText(field, value, { max: MAX_AVATAR_URL_LENGTH })) ? value : fail('VALIDATION_FAILED', `${field} must be an http or https URL`, { field });

export const updateProfile = (c: UpdateProfile, s: Account): AccountEvent[] => {
  const user = ownedBy(s, c.data.userId, c.metadata);
  const data: ProfileUpdated['data'] = { userId: user.userId };
  if (c.data.nickname !== undefined) {
    const name = nickname(c.data.nickname);
    if (name !== user.nickname) data.nickname = name;
  }
  if (c.data.avatarUrl !== undefined) {
    const url = httpUrl('avatarUrl', c.data.avatarUrl);
    if (url !== user.avatarUrl) data.avatarUrl = url;
  }
  return data.nickname === undefined && data.avatarUrl === undefined ? [] : [{ type: 'ProfileUpdated', data }];
};

const oneLine = (field: string, max: number) => (v: string) => requireText(field, typeof v === 'string' ? v.trim() : v, { max });

/** A calendar date from 1900-01-01 up to the command's day: people are born, not scheduled. */
const birthday = (value: string, metadata: CommandMetadata): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof value === 'string' ? value : '');
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(y, mo - 1, d));
  const real = m !== null && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
  if (!real || y < 1900 || value > metadata.at.slice(0, 10)) return fail('VALIDATION_FAILED', 'birthday must be a past date YYYY-MM-DD from 1900 on', { field: 'birthday' });
  return value;
};

const region = (value: Region): Region => {
  if (typeof value !== 'object' || value === null) return fail('VALIDATION_FAILED', 'region must be an object', { field: 'region' });
  const out: Region = {};
  for (const key of ['country', 'province', 'city', 'district'] as const) {
    const v = value[key];
    if (v !== undefined) out[key] = oneLine(`region.${key}`, MAX_SHORT_TEXT_LENGTH)(v);
  }
  return out;
};

const hobbies = (value: string[]): string[] => {
  if (!Array.isArray(value) || value.length > MAX_HOBBIES) return fail('VALIDATION_FAILED', `hobbies must be a list of at most ${MAX_HOBBIES}`, { field: 'hobbies' });
  return value.map(oneLine('hobbies', MAX_HOBBY_LENGTH));
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Validates one optional text field: undefined stays, null clears, a value is checked. */
const field = <T>(value: T | null | undefined, check: (v: T) => T): T | null | undefined => (value === undefined || value === null ? value : check(value));

export const updateProfileDetails = (c: UpdateProfileDetails, s: Account): AccountEvent[] => {
  const user = ownedBy(s, c.data.userId, c.metadata);
  const d = c.data;
  if (d.sex !== undefined && !sexes.includes(d.sex)) return fail('VALIDATION_FAILED', `sex must be one of ${sexes.join(', ')}`, { field: 'sex' });
  const next: ProfileDetailsChange = {
    sex: d.sex,
    birthday: field(d.birthday, (v) => birthday(v, c.metadata)),
    signature: field(d.signature, oneLine('signature', MAX_SIGNATURE_LENGTH)),
    region: field(d.region, region),
    hobbies: d.hobbies === undefined ? undefined : hobbies(d.hobbies),
    relationshipStatus: field(d.relationshipStatus, oneLine('relationshipStatus', MAX_SHORT_TEXT_LENGTH)),
    purpose: field(d.purpose, oneLine('purpose', MAX_PURPOSE_LENGTH)),
    description: field(d.description, (v) => requireText('description', v, { max: MAX_DESCRIPTION_LENGTH, multiline: true, blank: true })),
  };
  const changed: ProfileDetailsChange = {};
  for (const key of Object.keys(next) as (keyof ProfileDetailsChange)[]) {
    const v = next[key];
    if (v !== undefined && !same(v, user.details[key])) Object.assign(changed, { [key]: v });
  }
  return Object.keys(changed).length === 0 ? [] : [{ type: 'ProfileDetailsUpdated', data: { userId: user.userId, ...changed } }];
};

export const setPhotoWall = (c: SetPhotoWall, s: Account): AccountEvent[] => {
  const user = ownedBy(s, c.data.userId, c.metadata);
  if (!Array.isArray(c.data.photos) || c.data.photos.length > MAX_PHOTOS) return fail('VALIDATION_FAILED', `photos must be a list of at most ${MAX_PHOTOS}`, { field: 'photos' });
  const photos = c.data.photos.map((p) => httpUrl('photos', p));
  return same(photos, user.photos) ? [] : [{ type: 'PhotoWallSet', data: { userId: user.userId, photos } }];
};

export const setPrivacy = (c: SetPrivacy, s: Account): AccountEvent[] => {
  const user = ownedBy(s, c.data.userId, c.metadata, 'settings');
  const data: { userId: string; searchMobile?: boolean; needAuth?: boolean; pushEnabled?: boolean } = { userId: user.userId };
  for (const key of ['searchMobile', 'needAuth', 'pushEnabled'] as const) {
    const v = c.data[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') return fail('VALIDATION_FAILED', `${key} must be true or false`, { field: key });
    if (v !== user.privacy[key]) data[key] = v;
  }
  return Object.keys(data).length === 1 ? [] : [{ type: 'PrivacyChanged', data }];
};
