// The record of keyed commands on real PostgreSQL (and the in-memory one the unit tests use): an
// outcome is written once, after the command, and found by every later request with the same
// key; a claim carries its generation and the id its command creates.
import t, { type Test } from 'tap';
import { startTestDatabase } from '../../support/pg.js';
import { migrate } from '../../../services/shared/postgres/migrate.js';
import { createPool } from '../../../services/shared/postgres/pool.js';
import { memoryCommandLog, postgresCommandLog, type Claim, type CommandLog } from '../../../services/app/commandLog.js';
import { CodedError } from '../../../domain/errors.js';

let n = 0;
const newId = () => `id-${++n}`;

const suite = (t: Test, name: string, open: () => CommandLog, age: (scope: string, ms: number) => Promise<void>) => {
  const log = open();
  const counting = (value: (c: Claim) => unknown) => {
    const claims: Claim[] = [];
    return {
      exec: async (c: Claim) => {
        claims.push(c);
        await new Promise((r) => setTimeout(r, 5));
        return value(c);
      },
      claims,
    };
  };

  t.test(`${name}: given an answered key, when the same request comes again (here or in another process), then the answer returns and nothing runs`, async (t) => {
    const c = counting(() => ({ transferId: 'x1' }));
    const first = await log.run('u1', 'k1', 'h5', newId, c.exec);
    const again = await log.run('u1', 'k1', 'h5', newId, c.exec);
    t.same(first, { ok: true, value: { transferId: 'x1' } });
    t.same(again, first);
    t.equal(c.claims.length, 1);
  });

  t.test(`${name}: given an answered key, when a different request uses it, then it is refused with IDEMPOTENCY_KEY_REUSED`, async (t) => {
    const c = counting(() => ({}));
    await log.run('u2', 'k1', 'h5', newId, c.exec);
    await t.rejects(log.run('u2', 'k1', 'h6', newId, c.exec), { code: 'IDEMPOTENCY_KEY_REUSED' });
    t.equal(c.claims.length, 1);
  });

  t.test(`${name}: given a refused command, when retried with its key, then the refusal returns and the command is not decided again`, async (t) => {
    let runs = 0;
    const first = await log.run('u3', 'k1', 'h5', newId, async () => {
      runs++;
      throw new CodedError('INSUFFICIENT_FUNDS', 'not enough', { required: 5 });
    });
    const again = await log.run('u3', 'k1', 'h5', newId, async () => ({ now: 'it would succeed' }));
    t.same(first, { ok: false, error: { code: 'INSUFFICIENT_FUNDS', message: 'not enough', details: { required: 5 } } });
    t.same(again, first);
    t.equal(runs, 1);
  });

  t.test(`${name}: given 20 concurrent requests with one key, then the command runs once and all get its answer`, async (t) => {
    const c = counting(() => ({ n: 1 }));
    const answers = await Promise.all(Array.from({ length: 20 }, () => log.run('u4', 'k1', 'h1', newId, c.exec)));
    t.equal(c.claims.length, 1);
    t.ok(answers.every((a) => a.ok && JSON.stringify(a.value) === '{"n":1}'));
  });

  t.test(`${name}: given a fault (not a refusal), then nothing is stored and a retry runs the same command with the same allocated id`, async (t) => {
    const claims: Claim[] = [];
    await t.rejects(
      log.run('u5', 'k1', 'h1', newId, async (c) => {
        claims.push(c);
        throw new Error('database down');
      }),
      /database down/,
    );
    const retry = await log.run('u5', 'k1', 'h1', newId, async (c) => {
      claims.push(c);
      return { ok: true };
    });
    t.same(retry, { ok: true, value: { ok: true } });
    t.equal(claims.length, 2);
    t.same(claims[1], claims[0], 'the same generation and allocated id: a retry never creates a second thing');
  });

  t.test(`${name}: given an answer older than the TTL, then the key starts a new generation with a new id, and keeps its answer`, async (t) => {
    const c = counting((claim) => ({ id: claim.allocatedId }));
    const first = await log.run('u6', 'k1', 'h1', newId, c.exec);
    await age('u6', 2 * 3600_000);
    const later = await log.run('u6', 'k1', 'h2', newId, c.exec);
    t.equal(c.claims.length, 2, 'after the TTL the key acts once more');
    t.equal(c.claims[0]?.generation, 0);
    t.equal(c.claims[1]?.generation, 1, 'a new generation, so a new command id');
    t.not(JSON.stringify(later), JSON.stringify(first), 'a new id');
    t.same(await log.run('u6', 'k1', 'h2', newId, c.exec), later, 'and the new answer is kept');
  });
};

t.test('command log', async (t) => {
  const db = await startTestDatabase();
  await migrate(db.url);
  const pool = createPool({ connectionString: db.url, max: 4 });
  t.teardown(async () => {
    await pool.end();
    await db.stop();
  });
  suite(t, 'postgres', () => postgresCommandLog(pool, 3600), async (scope, ms) => {
    await pool.query(`update idempotency_keys set created_at = now() - make_interval(secs => $2) where user_id = $1`, [scope, ms / 1000]);
  });
  let clock = Date.now();
  suite(t, 'memory', () => memoryCommandLog(3600_000, () => clock), async (_scope, ms) => {
    clock += ms;
  });

  t.test('postgres: given a claim whose process died, when a retry comes after it went stale, then it takes over with the same generation and id', async (t) => {
    const a = postgresCommandLog(pool, 3600, 50);
    const b = postgresCommandLog(pool, 3600, 50);
    const claims: Claim[] = [];
    // The first runner never finishes (its process "died" mid-command).
    void a.run('u7', 'k1', 'h1', newId, (c) => {
      claims.push(c);
      return new Promise(() => undefined);
    });
    await new Promise((r) => setTimeout(r, 120));
    const r = await b.run('u7', 'k1', 'h1', newId, async (c) => {
      claims.push(c);
      return { done: true };
    });
    t.same(r, { ok: true, value: { done: true } });
    t.same(claims[1], claims[0], 'the takeover creates what the first run would have');
  });
});
