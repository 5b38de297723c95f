// Rules that differ by app are data: a named policy set per app, chosen by the caller's app and
// applied by the use cases. A facade says which app is calling; it never holds a rule itself.
// `/v1` runs under `core`. Sets can be overridden by configuration (APP_POLICIES, JSON keyed by
// app name, merged over these defaults), so an operator changes a rule without a release.
import { z } from 'zod';
import { DEFAULT_GROUP_LIMITS, GROUP_MEMBER_CEILING, MAX_GROUP_LEVEL } from '../../domain/group.js';

export const appNames = ['core', 'vparty', 'heihei-live', 'chat-wallet', 'im-groups-wallet', 'chat-platform'] as const;
export type AppName = (typeof appNames)[number];

/** Money operations an app may protect with the pay password. */
export const payOperations = ['transfer', 'instant_pay', 'aa', 'group_fee', 'purchase'] as const;
export type PayOperation = (typeof payOperations)[number];

export const PolicySchema = z.strictObject({
  /** Sessions: at most one per (user, app, device kind); a new sign-in ends the older one. */
  oneSessionPerDeviceKind: z.boolean(),
  /** A new chatroom admits guests (devices without an account) unless its creator says otherwise. */
  guests: z.boolean(),
  /** How long after sending a sender may recall a message. */
  recallWindowMs: z.number().int().min(0).max(7 * 24 * 3600 * 1000),
  /** Messages a user may send per second, sustained, and in a burst (per server process). */
  messagesPerSecond: z.number().positive().max(1000),
  messageBurst: z.number().int().min(1).max(10_000),
  /** 1:1 messages only between friends (004 -2018; the IM apps): else NOT_FRIENDS. */
  dmFriendsOnly: z.boolean(),
  /**
   * Groups created through this app: admins besides the owner, and the member cap per level
   * (0 free, 1..4 paid). Recorded in the group when it is created, so every later decision on it
   * uses the same numbers whichever app's client acts.
   */
  maxGroupAdmins: z.number().int().min(0).max(100),
  groupSizeByLevel: z.array(z.number().int().min(1).max(GROUP_MEMBER_CEILING)).length(MAX_GROUP_LEVEL + 1),
  /**
   * Finding people, per user and server process (token buckets, services/app/discoveryLimits.ts):
   * phone-book matching, location reports and user search (by nickname, phone or display
   * number), each a sustained rate per minute and a burst. Over it: TOO_MANY_REQUESTS.
   */
  phoneBookMatchesPerMinute: z.number().positive().max(6000),
  phoneBookMatchBurst: z.number().int().min(1).max(1000),
  locationReportsPerMinute: z.number().positive().max(6000),
  locationReportBurst: z.number().int().min(1).max(1000),
  userSearchesPerMinute: z.number().positive().max(6000),
  userSearchBurst: z.number().int().min(1).max(1000),
  /** Operations that need the caller's pay password (a pay password sent anyway is always checked). */
  payPassword: z.array(z.enum(payOperations)),
  /** Posts wait for an operator's approval before anyone but their author sees them (vparty's IsAudit). */
  postReview: z.boolean(),
  /** A new avatar, and new photo-wall photos, from an upload wait for an operator's approval; until then only the owner sees them. */
  reviewAvatars: z.boolean(),
  reviewPhotos: z.boolean(),
});
export type Policy = z.infer<typeof PolicySchema>;

// The core's group limits (DEFAULT_GROUP_LIMITS): 20 admins, since /v1 serves groups of up to
// 2,000 and no seed app; 003 and its older edition 002 allow 5 (003 release note 137).
const base: Policy = {
  oneSessionPerDeviceKind: false,
  guests: false,
  recallWindowMs: 2 * 60 * 1000,
  messagesPerSecond: 10,
  messageBurst: 30,
  dmFriendsOnly: false,
  maxGroupAdmins: DEFAULT_GROUP_LIMITS.maxAdmins,
  groupSizeByLevel: [...DEFAULT_GROUP_LIMITS.sizeByLevel],
  payPassword: [],
  postReview: false,
  reviewAvatars: false,
  reviewPhotos: false,
  // A phone book is matched when contacts change, not in a loop; a phone reports its position
  // every few minutes (a burst covers a reconnect), so a client cannot walk a fake position around
  // someone to triangulate them; search is typed by a person.
  phoneBookMatchesPerMinute: 2,
  phoneBookMatchBurst: 5,
  locationReportsPerMinute: 2,
  locationReportBurst: 10,
  userSearchesPerMinute: 30,
  userSearchBurst: 20,
};
/** 002 and 003 ask for the pay password on transfers, QR payments, AA payments and group fees (seed inventory M24). */
const walletApps: Policy = { ...base, dmFriendsOnly: true, maxGroupAdmins: 5, payPassword: ['transfer', 'instant_pay', 'aa', 'group_fee', 'purchase'] };

export const defaultPolicies: Record<AppName, Policy> = {
  core: base,
  // 000: dynamics are reviewed (IsAudit, L714; the manager's dynamic/audit, L846), and so are
  // avatars and photo-wall photos ("审核接口", L818).
  vparty: { ...base, postReview: true, reviewAvatars: true, reviewPhotos: true },
  'heihei-live': base,
  'chat-wallet': walletApps,
  // 003: "撤回…5 分钟内" (release note 37).
  'im-groups-wallet': { ...walletApps, recallWindowMs: 5 * 60 * 1000 },
  'chat-platform': { ...base, oneSessionPerDeviceKind: true, guests: true, dmFriendsOnly: true },
};

/** Policies from configuration: APP_POLICIES overrides, field by field, over the defaults. */
export const policiesFrom = (json: string | undefined): Record<AppName, Policy> => {
  if (!json) return defaultPolicies;
  // partialRecord: in zod 4 a record keyed by an enum requires every key, and an override names only some apps.
  const overrides = z.partialRecord(z.enum(appNames), PolicySchema.partial()).parse(JSON.parse(json));
  const out = { ...defaultPolicies };
  for (const app of appNames) out[app] = PolicySchema.parse({ ...defaultPolicies[app], ...overrides[app] });
  return out;
};
