import { randomUUID } from 'node:crypto';
import t from 'tap';
import { createPostgresEventStore } from '../../services/shared/event-store/postgres.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';
import { migrate } from '../../services/shared/postgres/migrate.js';
import { createClient } from '../../services/shared/postgres/pool.js';
import { startTestDatabase, type TestDatabase } from '../support/pg.js';
import { eventStoreContract, newEvent, waitFor } from './event-store.contract.js';

let db: TestDatabase | undefined;
const database = (): TestDatabase => {
  if (!db) throw new Error('database not started');
  return db;
};
t.before(async () => {
  db = await startTestDatabase({ empty: true });
});
t.teardown(() => db?.stop());

t.test('given a new database, when migrated twice, then the schema is applied once', async (t) => {
  t.ok((await migrate(database().url)).some((f) => f.startsWith('0001_event_store')), 'first run applies 0001');
  t.same(await migrate(database().url), [], 'second run applies nothing');
});

// All cases share one database; the contract uses its own stream ids and never assumes an empty log.
eventStoreContract(t, 'postgres', async () => {
  const store = createPostgresEventStore({ connectionString: database().url, poolSize: 12 });
  return { store, teardown: () => store.close() };
});

// PostgreSQL only: how the visible prefix behaves while an older transaction is in flight.
t.test('given an older write transaction in flight, when an event commits after it, then readers wait for it and a subscriber follows without a notification', async (t) => {
  const store = createPostgresEventStore({ connectionString: database().url, poolSize: 4 });
  t.teardown(() => store.close());
  const blocker = createClient(database().url);
  await blocker.connect();
  t.teardown(() => blocker.end());
  const from = await store.headPosition();
  const seen: StoredEvent[] = [];
  const sub = store.subscribeAll({ fromPosition: from, onEvents: async (events) => void seen.push(...events) });

  // Not an append: it will end without pg_notify, so only the pending-retry can pick the event up.
  await blocker.query('begin');
  await blocker.query('select pg_current_xact_id()');
  const r = await store.append(`late-${randomUUID()}`, [newEvent('Late')], { expectedRevision: 'no_stream' });
  await new Promise((res) => setTimeout(res, 100));
  t.same(await store.readAll(from, 10), [], 'the committed event is not readable yet');
  t.equal(await store.headPosition(), from, 'nor counted in the head');
  t.same(seen, [], 'nor delivered');

  await blocker.query('commit');
  await waitFor('delivery after the blocker ends', () => seen.length > 0, 5000);
  t.equal(seen[0]?.position, r.position);
  await sub.close();
});

// PostgreSQL only: a commit wakes this process's other stores (the projector threads' stores),
// and a store closed right after an append does not throw from its deferred wake-up.
t.test('given two stores in one process, when one appends, then the other\'s subscriber follows; closing right after an append is quiet', async (t) => {
  const writer = createPostgresEventStore({ connectionString: database().url, poolSize: 2 });
  const reader = createPostgresEventStore({ connectionString: database().url, poolSize: 2 });
  t.teardown(() => reader.close());
  const from = await reader.headPosition();
  const seen: StoredEvent[] = [];
  const sub = reader.subscribeAll({ fromPosition: from, onEvents: async (events) => void seen.push(...events) });
  t.teardown(() => sub.close());
  const stream = `wake-${randomUUID()}`;
  await writer.append(stream, [newEvent('Noted')], { expectedRevision: 'no_stream' });
  await waitFor('the reader', () => seen.some((e) => e.streamId === stream), 2_000);
  t.ok(seen.some((e) => e.streamId === stream), 'the reader saw the append');
  // Appended and closed in the same tick: the wake-up scheduled for the next tick must not throw.
  await writer.append(stream, [newEvent('Noted')], { expectedRevision: 0 });
  await writer.close();
  await new Promise((r) => setTimeout(r, 20));
  t.pass('no error after close');
});
