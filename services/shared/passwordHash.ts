// Slow salted hashes of passwords (scrypt, node:crypto). What is hashed is the canonical form of
// a password every app agrees on: the lowercase md5 hex of what the user typed (facades.md,
// Passwords). The stored text names its parameters, so they can be raised later and old hashes
// still verify: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
//
// N = 2^14, r = 8 (16 MiB, tens of ms on these machines): slow enough that a stolen table costs
// an attacker that much per guess, fast enough that 30 people paying one AA at once stay well
// under a second each. It runs on libuv's thread pool, never on the event loop.
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 14;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
// scrypt needs 128 × N × r bytes (16 MiB here); allow twice that for a stored hash with larger parameters.
const MAXMEM = 64 * 1024 * 1024;

const derive = (password: string, salt: Buffer, opts: ScryptOptions, bytes: number): Promise<Buffer> =>
  new Promise((resolve, reject) => scrypt(password, salt, bytes, { ...opts, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))));

/** The canonical form of a typed password: its lowercase md5 hex (what 002/003 clients send already). */
export const canonicalPassword = (plain: string): string => createHash('md5').update(plain, 'utf8').digest('hex');

/** A canonical form given as md5 hex by a client: 32 hex digits, lowercased. Null when it is not one. */
export const canonicalFromMd5 = (md5: string): string | null => (/^[0-9a-f]{32}$/i.test(md5) ? md5.toLowerCase() : null);

export const hashPassword = async (canonical: string): Promise<string> => {
  const salt = randomBytes(16);
  const key = await derive(canonical, salt, { N, r: R, p: P }, KEY_BYTES);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
};

/** Whether the canonical password matches a stored hash; a malformed hash matches nothing. */
export const verifyPassword = async (canonical: string, stored: string): Promise<boolean> => {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length === 0) return false;
  const key = await derive(canonical, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length);
  return timingSafeEqual(key, expected);
};
