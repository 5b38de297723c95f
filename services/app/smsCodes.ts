// Login codes: six random digits, stored hashed, valid for 5 minutes. One send per phone per
// SMS_RESEND_SECONDS; a code locks after 5 wrong tries (the user must request a new one).
import { createHash, randomInt } from 'node:crypto';
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

/**
 * Consumes the code when right; counts a wrong try otherwise. Throws UNAUTHENTICATED.
 *
 * Checking and counting are one statement. Read first and counted after, 200 concurrent wrong
 * codes all read a count below the limit and were all compared. Here each try takes the row
 * lock, and PostgreSQL re-checks `failed_attempts < limit` on the row as the previous try left
 * it, so at most MAX_WRONG_TRIES wrong codes are ever compared, and a right code after them
 * finds the code locked. The two branches exclude each other (the hash matches or not), so one
 * statement touches the row at most once; the right code is deleted as it is checked (single
 * use: a concurrent second login with it finds no row). The comparison is in SQL, not
 * constant-time: with five tries per code a timing difference cannot be turned into a guess.
 */
export const checkLoginCode = async (pool: pg.Pool, phone: string, code: string, now: Date): Promise<void> => {
  const r = await pool.query<{ used: boolean }>(
    `with used as (
       delete from sms_codes
        where phone = $1 and code_hash = $2 and expires_at > $3 and failed_attempts < $4
       returning 1
     ), counted as (
       update sms_codes set failed_attempts = failed_attempts + 1
        where phone = $1 and code_hash <> $2 and expires_at > $3 and failed_attempts < $4
       returning 1
     )
     select exists (select 1 from used) as used`,
    [phone, hash(phone, code).toString('hex'), now, MAX_WRONG_TRIES],
  );
  if (r.rows[0]?.used !== true) throw new CodedError('UNAUTHENTICATED', 'wrong or expired code');
};
