// Login codes on real PostgreSQL, under concurrency: the 5-try lock holds when wrong codes
// arrive all at once, and a right code works once.
import t from 'tap';
import { checkLoginCode, MAX_WRONG_TRIES, sendLoginCode } from '../../../services/app/smsCodes.js';
import { migrate } from '../../../services/shared/postgres/migrate.js';
import { createPool } from '../../../services/shared/postgres/pool.js';
import { startTestDatabase } from '../../support/pg.js';

t.test('login codes', async (t) => {
  const db = await startTestDatabase();
  await migrate(db.url);
  const pool = createPool({ connectionString: db.url, max: 16 });
  t.teardown(async () => {
    await pool.end();
    await db.stop();
  });
  const inbox = new Map<string, string>();
  const sms = { send: async (phone: string, text: string) => void inbox.set(phone, /\d{6}/.exec(text)?.[0] ?? '') };
  const t0 = new Date('2026-01-01T00:00:00.000Z');
  const send = async (phone: string, now: Date) => {
    await sendLoginCode(pool, sms, phone, now, 60);
    return inbox.get(phone) ?? '';
  };
  const outcome = (p: Promise<void>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? 'error');
  const counted = async (phone: string) => (await pool.query<{ n: number }>('select failed_attempts as n from sms_codes where phone = $1', [phone])).rows[0]?.n;

  await t.test('given a fresh code, when 200 wrong codes arrive at once, then exactly 5 are counted, all are refused, and the right code is locked out; a fresh code works', async (t) => {
    const phone = '+8613600000001';
    const right = await send(phone, t0);
    const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => outcome(checkLoginCode(pool, phone, wrong(i), t0))));
    t.same(new Set(outcomes), new Set(['UNAUTHENTICATED']), 'every wrong code is refused');
    t.equal(await counted(phone), MAX_WRONG_TRIES, 'no more than 5 tries were evaluated');
    t.equal(await outcome(checkLoginCode(pool, phone, right, t0)), 'UNAUTHENTICATED', 'the right code after 5 wrong ones is refused');

    const later = new Date(t0.getTime() + 61_000);
    const fresh = await send(phone, later);
    t.equal(await counted(phone), 0, 'a fresh code starts with no tries');
    t.equal(await outcome(checkLoginCode(pool, phone, fresh, later)), 'ok', 'the fresh code works');
  });

  await t.test('given four wrong tries, when the right code comes, then it works, once, even when sent twice at the same time', async (t) => {
    const phone = '+8613600000002';
    const right = await send(phone, t0);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < MAX_WRONG_TRIES - 1; i++) t.equal(await outcome(checkLoginCode(pool, phone, wrong, t0)), 'UNAUTHENTICATED');
    const both = await Promise.all([outcome(checkLoginCode(pool, phone, right, t0)), outcome(checkLoginCode(pool, phone, right, t0))]);
    t.same(both.sort(), ['UNAUTHENTICATED', 'ok'], 'single use');
    t.equal(await outcome(checkLoginCode(pool, phone, right, t0)), 'UNAUTHENTICATED', 'used up');
  });

  await t.test('given an expired code, when the right code comes, then it is refused and not counted', async (t) => {
    const phone = '+8613600000003';
    const right = await send(phone, t0);
    t.equal(await outcome(checkLoginCode(pool, phone, right, new Date(t0.getTime() + 5 * 60_000))), 'UNAUTHENTICATED');
    t.equal(await outcome(checkLoginCode(pool, phone, right, t0)), 'ok', 'still there before expiry');
  });
});
