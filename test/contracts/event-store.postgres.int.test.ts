import t from 'tap';
import { createPostgresEventStore } from '../../services/shared/event-store/postgres.js';
import { migrate } from '../../services/shared/postgres/migrate.js';
import { startTestDatabase, type TestDatabase } from '../support/pg.js';
import { eventStoreContract } from './event-store.contract.js';

let db: TestDatabase | undefined;
const database = (): TestDatabase => {
  if (!db) throw new Error('database not started');
  return db;
};
t.before(async () => {
  db = await startTestDatabase();
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
