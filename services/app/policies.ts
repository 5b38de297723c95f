// Rules that differ by app are data: a named policy set per app, chosen by the caller's app and
// applied by the use cases. A facade says which app is calling; it never holds a rule itself.
// `/v1` runs under `core`. Sets can be overridden by configuration (APP_POLICIES, JSON keyed by
// app name, merged over these defaults), so an operator changes a rule without a release.
import { z } from 'zod';

export const appNames = ['core', 'vparty', 'heihei-live', 'chat-wallet', 'im-groups-wallet', 'chat-platform'] as const;
export type AppName = (typeof appNames)[number];

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
});
export type Policy = z.infer<typeof PolicySchema>;

const base: Policy = { oneSessionPerDeviceKind: false, guests: false, recallWindowMs: 2 * 60 * 1000, messagesPerSecond: 10, messageBurst: 30 };

export const defaultPolicies: Record<AppName, Policy> = {
  core: base,
  vparty: base,
  'heihei-live': base,
  'chat-wallet': base,
  // 003: "撤回…5 分钟内" (release note 37).
  'im-groups-wallet': { ...base, recallWindowMs: 5 * 60 * 1000 },
  'chat-platform': { ...base, oneSessionPerDeviceKind: true, guests: true },
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
