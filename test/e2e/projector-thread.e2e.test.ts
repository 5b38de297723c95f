// The read models project on their own thread (PROJECTOR_THREAD, on by default). A read model
// that fails there must not be silent: the thread's consumer stops at its last consistent
// checkpoint, health says which consumer is down, and a restart resumes from that checkpoint.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import pg from 'pg';
import { client, eventually, login, recharge } from '../support/client.js';
import { removeDataDir, startServer } from '../support/server.js';

const sql = async (dataDir: string, text: string) => {
  const { url } = JSON.parse(readFileSync(join(dataDir, 'connection.json'), 'utf8')) as { url: string };
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
};

t.test('given a read model that fails on its thread, then health names it, and after a fix a restart catches up', async (t) => {
  let server = await startServer();
  t.teardown(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });
  const c = client(server.url);
  const alice = await login(c, 'alice');
  await recharge(c, alice, 1000);
  const ledger = () => c.call<{ items: unknown[] }>('GET', '/v1/wallet/ledger', { token: alice.token });
  await eventually(ledger, (r) => r.body.items.length === 1);

  // When the ledger's table is gone, the next wallet event cannot be projected.
  await sql(server.dataDir, 'alter table ledger_entries rename to ledger_entries_away');
  await recharge(c, alice, 500);
  const health = await eventually(
    () => c.call<{ error?: { details?: { down?: string[] } } }>('GET', '/v1/health'),
    (r) => r.status === 503,
  );
  t.same(health.body.error?.details?.down, ['projection:read-models'], 'health names the stopped consumer');
  t.match(server.output(), /projection ledger stopped at position \d+ \(\w+ in wallet-/, 'the log says which read model and event');

  // Fixed and restarted: the thread resumes from its checkpoint and applies what it missed.
  await sql(server.dataDir, 'alter table ledger_entries_away rename to ledger_entries');
  t.equal(await server.stop(), 0, 'it still shuts down cleanly, its projector thread already ended');
  server = await startServer({ dataDir: server.dataDir });
  const c2 = client(server.url);
  const after = await eventually(
    () => c2.call<{ items: { delta: number }[] }>('GET', '/v1/wallet/ledger', { token: alice.token }),
    (r) => r.body.items.length === 2,
  );
  t.same(after.body.items.map((i) => i.delta).sort((a, b) => a - b), [500, 1000]);
  t.equal((await c2.call('GET', '/v1/health')).status, 200);
});
