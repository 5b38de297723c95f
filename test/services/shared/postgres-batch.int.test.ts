// Group commit on real PostgreSQL: appends of many streams (and the generic batcher's items)
// share one statement, and a value PostgreSQL refuses (a NUL in jsonb, an unpaired surrogate,
// a NUL in a text parameter) used to fail every append batched with it. Now only the offending
// append or item fails; the others commit and read back.
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { createPostgresEventStore } from '../../../services/shared/event-store/postgres.js';
import type { NewEvent } from '../../../services/shared/event-store/port.js';
import { batcher } from '../../../services/shared/postgres/batcher.js';
import { migrate } from '../../../services/shared/postgres/migrate.js';
import { createPool } from '../../../services/shared/postgres/pool.js';
import { startTestDatabase } from '../../support/pg.js';

const event = (data: Record<string, unknown>): NewEvent => ({
  id: randomUUID(),
  type: 'ProfileUpdated',
  data,
  metadata: { at: new Date(0).toISOString(), commandId: randomUUID() },
});

t.test('group commit isolates a refused append', async (t) => {
  const db = await startTestDatabase();
  await migrate(db.url);
  const pool = createPool({ connectionString: db.url, max: 4 });
  const store = createPostgresEventStore({ connectionString: db.url, poolSize: 4 });
  t.teardown(async () => {
    await store.close();
    await pool.end();
    await db.stop();
  });

  await t.test('given concurrent appends to many streams, when some carry what PostgreSQL refuses, then only those reject and the others commit', async (t) => {
    const run = randomUUID().slice(0, 8);
    const bad = new Map<string, Record<string, unknown>>([
      [`user-nul-${run}`, { nickname: 'x\u0000' }],
      [`user-surrogate-${run}`, { nickname: 'x\ud800' }],
      [`user-nul\u0000id-${run}`, { nickname: 'fine' }],
    ]);
    const good = Array.from({ length: 20 }, (_, i) => `user-ok-${i}-${run}`);
    // Issued in one tick: they share batches with the bad ones.
    const appends = [...good.slice(0, 10), ...bad.keys(), ...good.slice(10)].map((streamId) => ({
      streamId,
      result: store.append(streamId, [event(bad.get(streamId) ?? { nickname: `n-${streamId}` })], { expectedRevision: 'no_stream' }),
    }));
    const settled = await Promise.all(appends.map(async (a) => ({ streamId: a.streamId, outcome: await a.result.then(() => 'ok', (e: { code?: string }) => e.code ?? 'error') })));

    for (const s of settled) {
      if (bad.has(s.streamId)) t.match(s.outcome, /^22/, `${JSON.stringify(s.streamId)} is refused with PostgreSQL's data error (${s.outcome})`);
      else t.equal(s.outcome, 'ok', `${s.streamId} committed`);
    }
    for (const streamId of good) {
      const events = await store.readStream(streamId);
      t.same(
        events.map((e) => e.data),
        [{ nickname: `n-${streamId}` }],
        `${streamId} reads back`,
      );
    }
    t.same(await store.readStream(`user-nul-${run}`), [], 'nothing of the refused append was stored');
  });

  await t.test('given a refused append, when the next batch comes, then appends work as before', async (t) => {
    const streamId = `user-after-${randomUUID()}`;
    const r = await store.append(streamId, [event({ nickname: 'later' })], { expectedRevision: 'no_stream' });
    t.equal(r.nextRevision, 0);
  });

  await t.test('given the generic batcher, when one item is refused by its statement, then the other items of the batch commit', async (t) => {
    await pool.query('create table batched (k text primary key, body jsonb not null)');
    const insert = batcher(async (items: { k: string; body: string }[]) => {
      await pool.query('insert into batched (k, body) select * from unnest($1::text[], $2::jsonb[])', [items.map((i) => i.k), items.map((i) => i.body)]);
      return items.map(() => true);
    });
    const items = Array.from({ length: 12 }, (_, i) => ({ k: `k${i}`, body: JSON.stringify({ note: i === 5 ? 'x\u0000' : i === 9 ? '\udc00' : `n${i}` }) }));
    const outcomes = await Promise.allSettled(items.map((i) => insert(i)));
    t.same(
      outcomes.map((o) => o.status),
      items.map((_, i) => (i === 5 || i === 9 ? 'rejected' : 'fulfilled')),
    );
    const stored = await pool.query<{ k: string }>('select k from batched order by k');
    t.same(stored.rows.map((r) => r.k).sort(), items.filter((_, i) => i !== 5 && i !== 9).map((i) => i.k).sort());
  });
});
