// Login codes: six random digits, stored hashed, valid for 5 minutes. One send per phone per
// SMS_RESEND_SECONDS; a code locks after 5 wrong tries (the user must request a new one).
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { CodedError } from '../../domain/errors.js';
import type { SmsProvider } from './core.js';

const CODE_TTL_MS = 5 * 60_000;
export const MAX_WRONG_TRIES = 5;

const hash = (phone: string, code: string) => createHash('sha256').update(`${phone}:${code}`).digest();

export const sendLoginCode = async (pool: pg.Pool, sms: SmsProvider, phone: string, now: Date, resendSeconds: number): Promise<void> => {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const r = await pool.query(
    `insert into sms_codes (phone, code_hash, sent_at, expires_at, failed_attempts) values ($1, $2, $3, $4, 0)
     on conflict (phone) do update set code_hash = excluded.code_hash, sent_at = excluded.sent_at, expires_at = excluded.expires_at, failed_attempts = 0
       where sms_codes.sent_at <= $3::timestamptz - make_interval(secs => $5)
     returning 1`,
    [phone, hash(phone, code).toString('hex'), now, new Date(now.getTime() + CODE_TTL_MS), resendSeconds],
  );
  if (r.rowCount !== 1) throw new CodedError('TOO_MANY_REQUESTS', `wait ${resendSeconds} s before asking for another code`, { retryAfterSeconds: resendSeconds });
  await sms.send(phone, `Your login code is ${code}. It expires in 5 minutes.`);
};

/** Consumes the code when right; counts a wrong try otherwise. Throws UNAUTHENTICATED. */
export const checkLoginCode = async (pool: pg.Pool, phone: string, code: string, now: Date): Promise<void> => {
  const wrong = () => new CodedError('UNAUTHENTICATED', 'wrong or expired code');
  const r = await pool.query<{ code_hash: string; expires_at: Date; failed_attempts: number }>(
    'select code_hash, expires_at, failed_attempts from sms_codes where phone = $1',
    [phone],
  );
  const row = r.rows[0];
  if (!row || row.expires_at <= now || row.failed_attempts >= MAX_WRONG_TRIES) throw wrong();
  if (!timingSafeEqual(Buffer.from(row.code_hash, 'hex'), hash(phone, code))) {
    await pool.query('update sms_codes set failed_attempts = failed_attempts + 1 where phone = $1', [phone]);
    throw wrong();
  }
  // Single use: a concurrent second login with the same code loses this delete.
  const d = await pool.query('delete from sms_codes where phone = $1 and code_hash = $2', [phone, row.code_hash]);
  if (d.rowCount !== 1) throw wrong();
};
