// The projector, reactor and timer runtimes on real PostgreSQL.
import t from 'tap';
import { startTestDatabase } from '../../support/pg.js';
import { migrate } from '../../../services/shared/postgres/migrate.js';
import { createPool } from '../../../services/shared/postgres/pool.js';
import { createMemoryEventStore } from '../../../services/shared/event-store/memory.js';
import type { StoredEvent } from '../../../services/shared/event-store/port.js';
import { projectionConsumer, projectionGroupConsumer } from '../../../services/shared/consumers/projector.js';
import { listParked, openParkedCounts } from '../../../services/shared/consumers/parking.js';
import type { Tx } from '../../../projections/projection.js';
import { CodedError, fail } from '../../../domain/errors.js';
import { reactorConsumer } from '../../../services/shared/consumers/reactor.js';
import { startTimers, type Timer } from '../../../services/shared/consumers/timers.js';
import { loadCheckpoint } from '../../../services/shared/consumers/checkpoints.js';
import { createCommandBus } from '../../../services/shared/commands/bus.js';
import { walletDecider, walletStream } from '../../../domain/wallet/index.js';
import { derivedCommandId } from '../../../services/shared/ids.js';

const ev = (position: number, type = 'Noted', data: Record<string, unknown> = {}): StoredEvent => ({
  id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
  type,
  data,
  metadata: { at: '2026-01-01T00:00:00.000Z' },
  streamId: 's-1',
  revision: position - 1,
  position,
});

const quiet = { warn: () => {}, error: () => {} };

t.test('runtimes on PostgreSQL', async (t) => {
  const db = await startTestDatabase();
  await migrate(db.url);
  const pool = createPool({ connectionString: db.url, max: 4 });
  pool.on('error', () => {});
  t.teardown(async () => {
    await pool.end();
    await db.stop();
  });
  await pool.query('create table notes (position bigint primary key)');

  await t.test('given a projection that fails on one event, when a batch contains it, then that event is parked and the rest of the batch applies', async (t) => {
    const logged: string[] = [];
    const consumer = projectionConsumer(
      pool,
      {
        name: 'notes',
        tables: ['notes'],
        apply: async (tx, e) => {
          if (e.data.poison) throw new Error('cannot apply');
          await tx.query('insert into notes (position) values ($1)', [e.position]);
        },
      },
      { error: (_o, msg) => void logged.push(msg) },
    );
    await consumer.handle({ partition: 'all', events: [ev(1), ev(2)] });
    await consumer.handle({ partition: 'all', events: [ev(3), ev(4, 'Noted', { poison: true }), ev(5)] });
    t.equal(await loadCheckpoint(pool, 'projection:notes', 'all'), 5, 'the checkpoint moved past the parked event');
    t.same((await pool.query('select position from notes order by 1')).rows.map((r) => r.position), [1, 2, 3, 5], 'the others applied');
    const parked = await listParked(pool, { consumer: 'projection:notes' });
    t.match(parked, [{ consumer: 'projection:notes', partition: 'all', position: 4, streamId: 's-1', revision: 3, type: 'Noted', status: 'parked', attempts: 2, error: { message: 'cannot apply' } }]);
    t.match(logged, [/projection notes parked position 4 \(Noted in s-1\): cannot apply/]);
    await consumer.handle({ partition: 'all', events: [ev(3), ev(4, 'Noted', { poison: true }), ev(5), ev(6)] });
    t.same((await pool.query('select position from notes order by 1')).rows.map((r) => r.position), [1, 2, 3, 5, 6], 'a redelivered batch applies only what is new');
    t.equal((await listParked(pool, { consumer: 'projection:notes' }))[0]?.attempts, 2, 'and does not try the parked event again');
    t.equal(consumer.position(), 6);
  });

  await t.test('given a group of two read models, when one cannot apply an event, then only that one parks it and the other applies it', async (t) => {
    await pool.query('create table seen_a (position bigint primary key); create table seen_b (position bigint primary key)');
    const into = (table: string, fails: boolean) => ({
      name: table,
      tables: [table],
      apply: async (tx: Tx, e: StoredEvent) => {
        if (fails && e.data.poison) throw new Error(`${table} refuses`);
        await tx.query(`insert into ${table} (position) values ($1)`, [e.position]);
      },
    });
    const group = projectionGroupConsumer(pool, [into('seen_a', true), into('seen_b', false)], 'projection:ab');
    await group.handle({ partition: 'all', events: [ev(201), ev(202, 'Noted', { poison: true }), ev(203)] });
    const rows = async (table: string) => (await pool.query(`select position from ${table} order by 1`)).rows.map((r) => Number(r.position));
    t.same(await rows('seen_a'), [201, 203]);
    t.same(await rows('seen_b'), [201, 202, 203]);
    t.same(await openParkedCounts(pool), { 'projection:notes': 1, 'projection:seen_a': 1 });
    t.equal(await loadCheckpoint(pool, 'projection:seen_a', 'all'), 203);
    t.equal(await loadCheckpoint(pool, 'projection:seen_b', 'all'), 203);
  });

  await t.test('given a failure of the database itself (a serialization failure), when a batch meets it, then the batch is tried again, not parked', async (t) => {
    await pool.query('create table retried (position bigint primary key)');
    let failures = 3;
    const consumer = projectionConsumer(pool, {
      name: 'retried',
      tables: ['retried'],
      apply: async (tx, e) => {
        if (failures-- > 0) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
        await tx.query('insert into retried (position) values ($1)', [e.position]);
      },
    });
    await consumer.handle({ partition: 'all', events: [ev(301)] });
    t.same((await pool.query('select position from retried')).rows.map((r) => Number(r.position)), [301]);
    t.same(await listParked(pool, { consumer: 'projection:retried' }), []);
  });

  await t.test('given two instances of a read-model group, when they take turns (each remembering checkpoints the other moved), then every event is applied once', async (t) => {
    await pool.query('create table tallies (position bigint primary key, applied int not null)');
    const instance = () =>
      projectionConsumer(pool, {
        name: 'tallies',
        tables: ['tallies'],
        // Counts applications: an event applied twice shows as 2 (and fails nothing).
        apply: async (tx, e) => void (await tx.query('insert into tallies (position, applied) values ($1, 1) on conflict (position) do update set applied = tallies.applied + 1', [e.position])),
      });
    const [first, second] = [instance(), instance()];
    const batch = (...ps: number[]) => ({ partition: 'all', events: ps.map((p) => ev(p)) });
    await first.handle(batch(101, 102)); // reads the checkpoint, then remembers it
    await second.handle(batch(103)); // moves it past the first's memory
    await first.handle(batch(103)); // by its memory new, by the checkpoint done: skipped
    await first.handle(batch(104, 105));
    await second.handle(batch(104, 105, 106)); // its memory is stale too; only 106 is new
    const rows = (await pool.query('select position, applied from tallies order by 1')).rows.map((r) => [Number(r.position), r.applied]);
    t.same(rows, [101, 102, 103, 104, 105, 106].map((p) => [p, 1]));
    t.equal(await loadCheckpoint(pool, 'projection:tallies', 'all'), 106);
  });

  await t.test('given a process manager, when the same event is delivered twice, then its command acts once', async (t) => {
    const store = createMemoryEventStore();
    const bus = createCommandBus({ store });
    const credit = (e: StoredEvent) =>
      bus.handle(walletDecider, walletStream('u1'), {
        type: 'CreditRecharge',
        data: { orderId: String(e.data.orderId), asset: 'cash', amount: 5 },
        metadata: { commandId: derivedCommandId(e.id, 'credit'), at: e.metadata.at },
      });
    const pm = reactorConsumer(pool, { name: 'credit', handles: ['Paid'], react: async (e) => void (await credit(e)) }, quiet);
    const paid = ev(10, 'Paid', { orderId: 'o1' });
    await pm.handle({ partition: 'all', events: [paid] });
    await pool.query("delete from consumer_checkpoints where name = 'process:credit'"); // as if the checkpoint was lost
    await pm.handle({ partition: 'all', events: [paid] });
    t.equal((await bus.load(walletDecider, walletStream('u1'))).state.cash, 5, 'credited once');
    t.equal((await store.readStream(walletStream('u1'))).length, 1);
  });

  await t.test('given a process-manager step that keeps failing, when its event arrives, then it is parked after its retries and the next event is still handled', async (t) => {
    const calls = new Map<number, number>();
    const done: number[] = [];
    const pm = reactorConsumer(
      pool,
      {
        name: 'flaky',
        handles: ['Paid'],
        react: async (e) => {
          calls.set(e.position, (calls.get(e.position) ?? 0) + 1);
          if (e.data.broken) throw new Error('provider timeout');
          done.push(e.position);
        },
      },
      quiet,
      { retries: 2, backoffMs: 1 },
    );
    await pm.handle({ partition: 'all', events: [ev(401, 'Paid', { broken: true }), ev(402, 'Paid')] });
    await pm.handle({ partition: 'all', events: [ev(403, 'Paid')] });
    t.equal(calls.get(401), 3, 'tried once and retried twice');
    t.same(done, [402, 403], 'the events after it were handled');
    t.equal(await loadCheckpoint(pool, 'process:flaky', 'all'), 403, 'the checkpoint moved past it');
    t.match(await listParked(pool, { consumer: 'process:flaky' }), [{ position: 401, type: 'Paid', attempts: 3, status: 'parked', error: { message: 'provider timeout', code: null } }]);
  });

  await t.test('given a process-manager step the domain refuses, when its event arrives, then it is parked at once, not dropped', async (t) => {
    let calls = 0;
    const pm = reactorConsumer(
      pool,
      {
        name: 'refused',
        handles: ['Paid'],
        react: async () => {
          calls++;
          throw new CodedError('INSUFFICIENT_FUNDS', 'not enough cash');
        },
      },
      quiet,
      { retries: 5, backoffMs: 1000 },
    );
    const started = Date.now();
    await pm.handle({ partition: 'all', events: [ev(501, 'Paid')] });
    t.equal(calls, 1, 'a decision is not asked again');
    t.ok(Date.now() - started < 1000, 'and not waited for');
    t.match(await listParked(pool, { consumer: 'process:refused' }), [{ position: 501, attempts: 1, error: { code: 'INSUFFICIENT_FUNDS', message: 'not enough cash' } }]);
    t.equal(await loadCheckpoint(pool, 'process:refused', 'all'), 501);
  });

  await t.test('given a due timer the domain refuses, when it fires, then it is parked with what it was and removed', async (t) => {
    await pool.query(`insert into timers (timer_id, due_at, kind, payload, cause_event_id) values ('t-refused', now() - interval '1 minute', 'k', '{"x":2}', 'e9')`);
    const runner = startTimers(pool, async () => fail('NOT_FOUND', 'no such red packet'), { error: () => {} });
    const deadline = Date.now() + 5000;
    while ((await listParked(pool, { consumer: 'timers' })).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await runner.stop();
    t.match(await listParked(pool, { consumer: 'timers' }), [
      { eventId: 't-refused', type: 'k', position: null, detail: { timerId: 't-refused', kind: 'k', payload: { x: 2 }, causeEventId: 'e9' }, error: { code: 'NOT_FOUND' } },
    ]);
    t.equal((await pool.query(`select count(*)::int as n from timers where timer_id = 't-refused'`)).rows[0].n, 0);
  });

  await t.test('given a timer already due, when the timer loop starts (as after a restart), then it fires once and is removed', async (t) => {
    await pool.query(`insert into timers (timer_id, due_at, kind, payload, cause_event_id) values ('t1', now() - interval '1 minute', 'k', '{"x":1}', 'e1')`);
    const fired: Timer[] = [];
    const runner = startTimers(pool, async (timer) => void fired.push(timer), { error: () => {} });
    const deadline = Date.now() + 5000;
    while (fired.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await pool.query(`insert into timers (timer_id, due_at, kind, payload, cause_event_id) values ('t2', now() + interval '300 milliseconds', 'k', '{}', 'e2')`);
    runner.poke();
    while (fired.length < 2 && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 20));
    await runner.stop();
    t.same(fired.map((f) => f.timerId), ['t1', 't2']);
    t.same(fired[0]?.payload, { x: 1 });
    t.equal((await pool.query('select count(*)::int as n from timers')).rows[0].n, 0);
  });
});
