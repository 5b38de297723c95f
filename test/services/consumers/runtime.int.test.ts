// The projector, reactor and timer runtimes on real PostgreSQL.
import t from 'tap';
import { startTestDatabase } from '../../support/pg.js';
import { migrate } from '../../../services/shared/postgres/migrate.js';
import { createPool } from '../../../services/shared/postgres/pool.js';
import { createMemoryEventStore } from '../../../services/shared/event-store/memory.js';
import type { StoredEvent } from '../../../services/shared/event-store/port.js';
import { projectionConsumer } from '../../../services/shared/consumers/projector.js';
import { reactorConsumer } from '../../../services/shared/consumers/reactor.js';
import { startTimers, type Timer } from '../../../services/shared/consumers/timers.js';
import { loadCheckpoint } from '../../../services/shared/consumers/checkpoints.js';
import { createCommandBus } from '../../../services/shared/commands/bus.js';
import { walletDecider, walletStream } from '../../../domain/wallet.js';
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

  await t.test('given a projection that fails on one event, when a batch contains it, then nothing of the batch is applied and the checkpoint stays', async (t) => {
    const consumer = projectionConsumer(pool, {
      name: 'notes',
      tables: ['notes'],
      apply: async (tx, e) => {
        if (e.data.poison) throw new Error('cannot apply');
        await tx.query('insert into notes (position) values ($1)', [e.position]);
      },
    });
    await consumer.handle({ partition: 'all', events: [ev(1), ev(2)] });
    await t.rejects(consumer.handle({ partition: 'all', events: [ev(3), ev(4, 'Noted', { poison: true })] }), /projection notes stopped at position 4/);
    t.equal(await loadCheckpoint(pool, 'projection:notes', 'all'), 2, 'the checkpoint did not advance');
    t.same((await pool.query('select position from notes order by 1')).rows.map((r) => r.position), [1, 2], 'the failed batch left no rows');
    await consumer.handle({ partition: 'all', events: [ev(1), ev(2), ev(3)] });
    t.same((await pool.query('select position from notes order by 1')).rows.map((r) => r.position), [1, 2, 3], 'a redelivered batch applies only what is new');
    t.equal(consumer.position(), 3);
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
    const pm = reactorConsumer(pool, { name: 'credit', handles: ['Paid'], react: async (e) => void (await credit(e)) }, { warn: () => {} });
    const paid = ev(10, 'Paid', { orderId: 'o1' });
    await pm.handle({ partition: 'all', events: [paid] });
    await pool.query("delete from consumer_checkpoints where name = 'process:credit'"); // as if the checkpoint was lost
    await pm.handle({ partition: 'all', events: [paid] });
    t.equal((await bus.load(walletDecider, walletStream('u1'))).state.cash, 5, 'credited once');
    t.equal((await store.readStream(walletStream('u1'))).length, 1);
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
