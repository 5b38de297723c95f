// Passwords: one canonical form for every app, the lowercase md5 hex of the password (002/003
// clients send it; /v1 and 004 receive the password and take its md5 here), so a password set
// in one app works in all. Only scrypt(canonical, a per-user random salt) is stored, in the
// `credentials` table, with its parameters, so the cost can be raised later without a reset.
//
// Not in an event: events last for ever, are exported to auditors and Kafka, and cannot be
// erased; a hash of a weak password can be cracked offline however slow it is. The log records
// only that a password changed (PasswordChanged) and how (set, change, reset).
//
// Wrong passwords are counted per account: at most MAX_PASSWORD_TRIES compared per window of
// PASSWORD_LOCK_SECONDS (the window starts with its first try). The try is counted before the
// comparison, in one statement, so concurrent guesses cannot all read a count under the limit;
// a right password clears the count.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { CodedError } from '../../domain/errors.js';

export const MAX_PASSWORD_TRIES = 5;

/** A password as a surface received it: typed by a person (/v1, 004), or already md5-hashed (002, 003). */
export type PasswordInput = { plain: string } | { md5: string };

const MD5_HEX = /^[0-9a-fA-F]{32}$/;
export const MIN_PASSWORD_LENGTH = 6;
export const MAX_PASSWORD_LENGTH = 128;

export const canonicalPassword = (p: PasswordInput): string => {
  if ('md5' in p) {
    if (typeof p.md5 !== 'string' || !MD5_HEX.test(p.md5)) throw new CodedError('VALIDATION_FAILED', 'password must be an md5 hex digest', { field: 'password' });
    return p.md5.toLowerCase();
  }
  if (typeof p.plain !== 'string' || p.plain.length < MIN_PASSWORD_LENGTH || p.plain.length > MAX_PASSWORD_LENGTH) {
    throw new CodedError('VALIDATION_FAILED', `password must be ${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters`, { field: 'password' });
  }
  return createHash('md5').update(p.plain, 'utf8').digest('hex');
};

// N = 2^14, r = 8: 16 MiB and ~50 ms per hash on these machines (OWASP's scrypt floor is 2^17
// with r = 8 at p = 1 for new systems; raise COST_N where logins are rare and cores plenty).
const COST_N = 2 ** 14;
const COST_R = 8;
const COST_P = 1;
const KEY_LENGTH = 32;

const derive = (canonical: string, salt: Buffer, n: number, r: number, p: number, length: number): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(canonical, salt, length, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** `scrypt$N$r$p$salt$key` (base64), so old hashes still verify after the parameters change. */
export const hashPassword = async (canonical: string): Promise<string> => {
  const salt = randomBytes(16);
  const key = await derive(canonical, salt, COST_N, COST_R, COST_P, KEY_LENGTH);
  return ['scrypt', COST_N, COST_R, COST_P, salt.toString('base64'), key.toString('base64')].join('$');
};

export const passwordMatches = async (canonical: string, stored: string): Promise<boolean> => {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(canonical, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return timingSafeEqual(actual, expected);
};

let dummy: Promise<string> | null = null;
/** Spends what a real comparison spends, so an unknown account answers as slowly as a wrong password. */
export const compareNothing = async (canonical: string): Promise<void> => {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await passwordMatches(canonical, await dummy);
};

export const hasPassword = async (pool: pg.Pool, userId: string): Promise<boolean> =>
  (await pool.query('select 1 from credentials where user_id = $1', [userId])).rowCount === 1;

/** Stores a new password and clears the count of wrong tries. */
export const storePassword = async (pool: pg.Pool, userId: string, canonical: string, now: Date): Promise<void> => {
  const h = await hashPassword(canonical);
  await pool.query(
    `insert into credentials (user_id, password_hash, updated_at, failed_attempts, window_started_at) values ($1, $2, $3, 0, null)
     on conflict (user_id) do update set password_hash = excluded.password_hash, updated_at = excluded.updated_at, failed_attempts = 0, window_started_at = null`,
    [userId, h, now],
  );
};

/**
 * Compares a password with the stored one: 'ok', 'wrong', or 'none' (no password set). Throws
 * TOO_MANY_REQUESTS once the window's tries are spent, without comparing.
 */
export const checkPassword = async (pool: pg.Pool, userId: string, canonical: string, now: Date, windowSeconds: number): Promise<'ok' | 'wrong' | 'none'> => {
  const r = await pool.query<{ password_hash: string; failed_attempts: number; window_started_at: Date }>(
    `update credentials set
       failed_attempts = case when window_started_at is null or window_started_at <= $2::timestamptz - make_interval(secs => $3) then 1 else failed_attempts + 1 end,
       window_started_at = case when window_started_at is null or window_started_at <= $2::timestamptz - make_interval(secs => $3) then $2 else window_started_at end
     where user_id = $1
     returning password_hash, failed_attempts, window_started_at`,
    [userId, now, windowSeconds],
  );
  const row = r.rows[0];
  if (!row) {
    await compareNothing(canonical);
    return 'none';
  }
  if (row.failed_attempts > MAX_PASSWORD_TRIES) {
    const retryAfterSeconds = Math.max(1, Math.ceil((row.window_started_at.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
    throw new CodedError('TOO_MANY_REQUESTS', `too many wrong passwords; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
  if (!(await passwordMatches(canonical, row.password_hash))) return 'wrong';
  await pool.query('update credentials set failed_attempts = 0, window_started_at = null where user_id = $1', [userId]);
  return 'ok';
};
