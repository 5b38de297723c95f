// Push devices of the signed-in user (001 push-device-info) and the push on/off switch.
import { z } from 'zod';
import { errorResponses, Id } from '../common.js';
import { DeviceKind } from './auth.js';

const Platform = z.enum(['apns', 'gcm', 'getui', 'xg']);
const Device = z.object({ deviceId: z.string(), platform: Platform, deviceKind: DeviceKind, updatedAt: z.string() });

export const listDevices = {
  /** `pushEnabled` is the user's switch (PATCH /v1/me/privacy); tokens are never shown back. */
  response: { 200: z.object({ pushEnabled: z.boolean(), items: z.array(Device) }), ...errorResponses },
} as const;

export const putDevice = {
  params: z.strictObject({ deviceId: Id }),
  /** APNs device token, GCM/FCM registration token or Getui client id: printable ASCII. */
  body: z.strictObject({ platform: Platform, token: z.string().regex(/^[\x21-\x7e]{8,512}$/, 'must be 8-512 printable characters'), deviceKind: DeviceKind.optional() }),
  response: { 200: Device, ...errorResponses },
} as const;

export const deleteDevice = {
  params: z.strictObject({ deviceId: Id }),
  response: { 200: z.object({ deviceId: z.string(), removed: z.literal(true) }), ...errorResponses },
} as const;
