// Rules that differ by app are data: a named policy set per app, chosen by the caller's app and
// applied by the use cases. A facade says which app is calling; it never holds a rule itself.
// `/v1` runs under `core`. Sets can be overridden by configuration (APP_POLICIES, JSON keyed by
// app name, merged over these defaults), so an operator changes a rule without a release.
import { z } from 'zod';

export const appNames = ['core', 'vparty', 'heihei-live', 'chat-wallet', 'im-groups-wallet', 'chat-platform'] as const;
export type AppName = (typeof appNames)[number];

/** Money operations an app may protect with the pay password. */
export const payOperations = ['transfer', 'instant_pay', 'aa', 'group_fee'] as const;
export type PayOperation = (typeof payOperations)[number];

export const PolicySchema = z.strictObject({
  /** Sessions: at most one per (user, app, device kind); a new sign-in ends the older one. */
  oneSessionPerDeviceKind: z.boolean(),
  /** Guests (devices without an account) may enter chatrooms that allow them. */
  guests: z.boolean(),
  /** Operations that need the caller's pay password (a pay password sent anyway is always checked). */
  payPassword: z.array(z.enum(payOperations)),
});
export type Policy = z.infer<typeof PolicySchema>;

const base: Policy = { oneSessionPerDeviceKind: false, guests: false, payPassword: [] };
/** 002 and 003 ask for the pay password on transfers, QR payments, AA payments and group fees (seed inventory M24). */
const walletApps: Policy = { ...base, payPassword: ['transfer', 'instant_pay', 'aa', 'group_fee'] };

export const defaultPolicies: Record<AppName, Policy> = {
  core: base,
  vparty: base,
  'heihei-live': base,
  'chat-wallet': walletApps,
  'im-groups-wallet': walletApps,
  'chat-platform': { ...base, oneSessionPerDeviceKind: true, guests: true },
};

/** Policies from configuration: APP_POLICIES overrides, field by field, over the defaults. */
export const policiesFrom = (json: string | undefined): Record<AppName, Policy> => {
  if (!json) return defaultPolicies;
  // A partial record: zod 4 makes a record keyed by an enum require every key.
  const overrides = z.partialRecord(z.enum(appNames), PolicySchema.partial()).parse(JSON.parse(json));
  const out = { ...defaultPolicies };
  for (const app of appNames) out[app] = PolicySchema.parse({ ...defaultPolicies[app], ...overrides[app] });
  return out;
};
