// Push devices: where a user's notifications go when the app is not running (001
// `push-device-info`: APNs, GCM or Getui tokens), kept per user with the on/off switch
// (`pushEnabled`, 001 `push_enable` = 003 `newNotification`, in the account's privacy switches).
// Device tokens are delivery addresses that rotate and must be deletable: a table, not events.
// One (platform, token) belongs to one device of one user: a phone passed to another account
// stops receiving the first one's notices. A user keeps the 20 most recently registered devices.
import { inTransaction } from '../shared/postgres/transaction.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import type { Core } from './core.js';
import { privacyOf } from './profiles.js';
import type { DeviceKind } from './sessions.js';

export const pushPlatforms = ['apns', 'gcm', 'getui', 'xg'] as const;
export type PushPlatform = (typeof pushPlatforms)[number];
export const MAX_DEVICES = 20;

interface Row {
  device_id: string;
  platform: PushPlatform;
  device_kind: DeviceKind;
  updated_at: Date;
}

const view = (r: Row) => ({ deviceId: r.device_id, platform: r.platform, deviceKind: r.device_kind, updatedAt: r.updated_at.toISOString() });

export const registerDevice = async (core: Core, caller: Caller, input: { deviceId: string; platform: PushPlatform; token: string; deviceKind?: DeviceKind }) => {
  const user = requireUser(caller);
  const now = core.clock();
  const row = await inTransaction(core.pool, async (client) => {
    // The token moves to this device: whoever held it before stops getting these notices.
    await client.query('delete from push_devices where platform = $3 and token = $4 and not (user_id = $1 and device_id = $2)', [user.userId, input.deviceId, input.platform, input.token]);
    const r = await client.query<Row>(
      `insert into push_devices (user_id, device_id, platform, token, device_kind, updated_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (user_id, device_id) do update set platform = excluded.platform, token = excluded.token, device_kind = excluded.device_kind, updated_at = excluded.updated_at
       returning device_id, platform, device_kind, updated_at`,
      [user.userId, input.deviceId, input.platform, input.token, input.deviceKind ?? 'other', now],
    );
    await client.query(
      'delete from push_devices where user_id = $1 and device_id not in (select device_id from push_devices where user_id = $1 order by updated_at desc, device_id limit $2)',
      [user.userId, MAX_DEVICES],
    );
    return r.rows[0];
  });
  if (!row) throw new Error('device registration wrote no row');
  return view(row);
};

export const listDevices = async (core: Core, caller: Caller) => {
  const user = requireUser(caller);
  const r = await core.pool.query<Row>('select device_id, platform, device_kind, updated_at from push_devices where user_id = $1 order by updated_at desc, device_id', [user.userId]);
  return { pushEnabled: (await privacyOf(core, user.userId)).pushEnabled, items: r.rows.map(view) };
};

export const removeDevice = async (core: Core, caller: Caller, input: { deviceId: string }) => {
  const user = requireUser(caller);
  const r = await core.pool.query('delete from push_devices where user_id = $1 and device_id = $2', [user.userId, input.deviceId]);
  if (r.rowCount !== 1) throw notFound('device', { deviceId: input.deviceId });
  return { deviceId: input.deviceId, removed: true as const };
};

/** Where a notice to this user would go (none while their switch is off): the seam for the push sender. */
export const pushTargets = async (core: Core, userId: string): Promise<{ platform: PushPlatform; token: string }[]> => {
  if (!(await privacyOf(core, userId)).pushEnabled) return [];
  const r = await core.pool.query<{ platform: PushPlatform; token: string }>('select platform, token from push_devices where user_id = $1', [userId]);
  return r.rows;
};
