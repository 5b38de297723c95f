import t from 'tap';
import pg from 'pg';
import { startTestDatabase } from './pg.js';

t.test('given an embedded database, when queried, then it answers', async (t) => {
  const db = await startTestDatabase();
  t.teardown(db.stop);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const r = await client.query('select 40 + 2 as n');
  t.equal(r.rows[0].n, 42);
  await client.end();
});
