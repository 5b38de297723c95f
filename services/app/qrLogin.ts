// PC sign-in by QR code (003 /pc/*): the PC asks for a QR login and shows `qrId` as the code; a
// signed-in phone scans it and confirms; the PC, polling, exchanges it for a session of the phone's
// user. The exchange also needs `pollToken`, which the PC got with the request and never shows:
// someone who photographs the screen cannot collect the session. Exactly one exchange succeeds
// (one statement moves confirmed → consumed). Rows are short-lived platform state, not events;
// each new request sweeps those expired an hour ago.
import { randomBytes } from 'node:crypto';
import { CodedError } from '../../domain/errors.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import type { Core } from './core.js';
import { appOf, startSession } from './registration.js';
import { appNames, type AppName } from './policies.js';
import { hashToken, type DeviceKind } from './sessions.js';

export type QrLoginStatus = 'pending' | 'confirmed' | 'consumed' | 'expired';

interface Row {
  status: 'pending' | 'confirmed' | 'consumed';
  user_id: string | null;
  app: string;
  device_kind: DeviceKind;
  expires_at: Date;
  poll_hash: string;
}

const read = async (core: Core, qrId: string): Promise<Row | null> =>
  (await core.pool.query<Row>('select status, user_id, app, device_kind, expires_at, poll_hash from qr_logins where qr_id = $1', [qrId])).rows[0] ?? null;

const statusOf = (row: Row, now: Date): QrLoginStatus => (row.status !== 'consumed' && row.expires_at <= now ? 'expired' : row.status);

const isApp = (s: string): s is AppName => (appNames as readonly string[]).includes(s);

export const createQrLogin = async (core: Core, caller: Caller, input: { deviceKind?: DeviceKind }) => {
  const now = core.clock();
  const qrId = randomBytes(24).toString('base64url');
  const pollToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + core.config.QR_LOGIN_TTL_SECONDS * 1000);
  await core.pool.query("delete from qr_logins where expires_at < $1::timestamptz - interval '1 hour'", [now]);
  await core.pool.query("insert into qr_logins (qr_id, poll_hash, app, device_kind, status, created_at, expires_at) values ($1, $2, $3, $4, 'pending', $5, $6)", [
    qrId,
    hashToken(pollToken),
    appOf(caller),
    input.deviceKind ?? 'pc',
    now,
    expiresAt,
  ]);
  return { qrId, pollToken, expiresAt: expiresAt.toISOString() };
};

/** What the PC polls and the phone shows before confirming: the state, and which app and device asks. */
export const getQrLogin = async (core: Core, input: { qrId: string }) => {
  const row = await read(core, input.qrId);
  if (!row) throw notFound('QR login');
  return { status: statusOf(row, core.clock()), app: row.app, deviceKind: row.device_kind, expiresAt: row.expires_at.toISOString() };
};

/** The signed-in phone confirms: the PC may now collect a session of this user. */
export const confirmQrLogin = async (core: Core, caller: Caller, input: { qrId: string }) => {
  const user = requireUser(caller);
  const now = core.clock();
  const r = await core.pool.query("update qr_logins set status = 'confirmed', user_id = $2 where qr_id = $1 and status = 'pending' and expires_at > $3", [input.qrId, user.userId, now]);
  if (r.rowCount === 1) return { status: 'confirmed' as const };
  const row = await read(core, input.qrId);
  if (!row) throw notFound('QR login');
  const status = statusOf(row, now);
  if (status === 'expired') throw new CodedError('QR_LOGIN_EXPIRED', 'this QR code expired; ask for a new one');
  if (row.user_id === user.userId && status === 'confirmed') return { status: 'confirmed' as const };
  throw new CodedError('CONFLICT', 'this QR code was already used');
};

/** The PC collects its session once confirmed: QR_LOGIN_PENDING until then. */
export const exchangeQrLogin = async (core: Core, input: { qrId: string; pollToken: string }) => {
  const now = core.clock();
  const pollHash = hashToken(input.pollToken);
  const r = await core.pool.query<Row>(
    "update qr_logins set status = 'consumed' where qr_id = $1 and poll_hash = $2 and status = 'confirmed' and expires_at > $3 returning status, user_id, app, device_kind, expires_at, poll_hash",
    [input.qrId, pollHash, now],
  );
  const won = r.rows[0];
  if (won?.user_id) return startSession(core, isApp(won.app) ? won.app : 'core', won.user_id, won.device_kind);
  const row = await read(core, input.qrId);
  // A wrong poll token reads as an unknown code: it tells a guesser nothing.
  if (!row || row.poll_hash !== pollHash || row.status === 'consumed') throw notFound('QR login');
  if (statusOf(row, now) === 'expired') throw new CodedError('QR_LOGIN_EXPIRED', 'this QR code expired; ask for a new one');
  throw new CodedError('QR_LOGIN_PENDING', 'waiting for the phone to confirm', { retryAfterSeconds: 1 });
};
