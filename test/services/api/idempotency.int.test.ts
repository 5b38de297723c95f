// The Idempotency-Key store on real PostgreSQL: an answer is written once, after the command,
// and found by every later request with the same key (in this process or another).
import t from 'tap';
import { startTestDatabase } from '../../support/pg.js';
import { migrate } from '../../../services/shared/postgres/migrate.js';
import { createPool } from '../../../services/shared/postgres/pool.js';
import { postgresIdempotency, type Outcome } from '../../../services/api/idempotency.js';
import { CodedError } from '../../../domain/errors.js';

t.test('idempotency store', async (t) => {
  const db = await startTestDatabase();
  await migrate(db.url);
  const pool = createPool({ connectionString: db.url, max: 4 });
  t.teardown(async () => {
    await pool.end();
    await db.stop();
  });
  const store = postgresIdempotency(pool, 3600);
  const counting = (outcome: () => Outcome) => {
    let runs = 0;
    return {
      exec: async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 5));
        return outcome();
      },
      runs: () => runs,
    };
  };
  const request = (amount: number) => ({ method: 'POST', url: '/v1/transfers', body: { amount } });

  await t.test('given an answered key, when the same request comes again (here or in another process), then the answer returns and nothing runs', async (t) => {
    const c = counting(() => ({ status: 201, body: { transferId: 'x1' } }));
    const first = await store.run('u1', 'k1', request(5), c.exec);
    const again = await store.run('u1', 'k1', request(5), c.exec);
    const elsewhere = await postgresIdempotency(pool, 3600).run('u1', 'k1', request(5), c.exec);
    t.same(first, { status: 201, body: { transferId: 'x1' } });
    t.same(again, first);
    t.same(elsewhere, first);
    t.equal(c.runs(), 1);
  });

  await t.test('given an answered key, when a different request uses it, then it is refused with IDEMPOTENCY_KEY_REUSED', async (t) => {
    const c = counting(() => ({ status: 201, body: {} }));
    await store.run('u2', 'k1', request(5), c.exec);
    await t.rejects(store.run('u2', 'k1', request(6), c.exec), { code: 'IDEMPOTENCY_KEY_REUSED' });
    t.equal(c.runs(), 1);
  });

  await t.test('given a refused command, when retried with its key, then the refusal returns and the command is not decided again', async (t) => {
    let runs = 0;
    const exec = async (): Promise<Outcome> => {
      runs++;
      throw new CodedError('INSUFFICIENT_FUNDS', 'not enough');
    };
    const first = await store.run('u3', 'k1', request(5), exec);
    const again = await store.run('u3', 'k1', request(5), async () => ({ status: 201, body: { now: 'it would succeed' } }));
    t.equal(first.status, 409);
    t.same(again, first);
    t.equal(runs, 1);
  });

  await t.test('given 20 concurrent requests with one key, then the command runs once and all get its answer', async (t) => {
    const c = counting(() => ({ status: 201, body: { n: 1 } }));
    const answers = await Promise.all(Array.from({ length: 20 }, () => store.run('u4', 'k1', request(1), c.exec)));
    t.equal(c.runs(), 1);
    t.ok(answers.every((a) => a.status === 201));
  });

  await t.test('given a fault (not a refusal), then nothing is stored and a retry runs the command', async (t) => {
    let runs = 0;
    await t.rejects(
      store.run('u5', 'k1', request(1), async () => {
        runs++;
        throw new Error('database down');
      }),
      /database down/,
    );
    const retry = await store.run('u5', 'k1', request(1), async () => {
      runs++;
      return { status: 201, body: { ok: true } };
    });
    t.equal(retry.status, 201);
    t.equal(runs, 2);
  });

  await t.test('given an answer older than the TTL, then the key is free again', async (t) => {
    const c = counting(() => ({ status: 201, body: { v: c.runs() } }));
    await store.run('u6', 'k1', request(1), c.exec);
    await pool.query(`update idempotency_keys set created_at = now() - interval '2 hours' where user_id = 'u6'`);
    const later = await store.run('u6', 'k1', request(2), c.exec);
    t.equal(c.runs(), 2);
    t.same(later.body, { v: 2 });
    t.same(await store.run('u6', 'k1', request(2), c.exec), later, 'and the new answer is kept');
  });
});
