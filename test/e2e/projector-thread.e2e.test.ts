// The read models project on their own thread (PROJECTOR_THREAD, on by default). A read model
// that cannot apply an event must neither stop the product nor be silent: the event is parked for
// that read model, everything else goes on, health (still 200) and the audit say so, and once the
// cause is fixed the operator's retry-parked rebuilds the read model. A consumer that cannot even
// park really stops: health is 503 and names it, and a restart resumes from its checkpoint.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import pg from 'pg';
import { client, eventually, login, recharge } from '../support/client.js';
import { removeDataDir, startServer } from '../support/server.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

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

/** Runs a CLI (admin or audit) against the running server's data; its exit code and stdout lines. */
const cli = async (dataDir: string, script: 'admin' | 'audit', ...args: string[]) => {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', `services/cli/${script}.ts`, ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, maxBuffer: 64 << 20 });
    return { code: 0, out: r.stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code === 'number' && typeof e.stdout === 'string') return { code: e.code, out: e.stdout };
    throw new Error(`${script} ${args.join(' ')} failed: ${e.stderr ?? String(err)}`);
  }
};
const lines = (out: string) => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

type Health = { status?: string; parked?: Record<string, number>; error?: { details?: { down?: string[] } } };

t.test('given a read model that fails on its thread, then its events are parked and the product goes on; after a fix, retry-parked rebuilds it', async (t) => {
  let server = await startServer();
  t.teardown(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });
  const c = client(server.url);
  const alice = await login(c, 'alice');
  await recharge(c, alice, 1000);
  const ledger = (cc = c) => cc.call<{ items: { delta: number }[] }>('GET', '/v1/wallet/ledger', { token: alice.token });
  await eventually(ledger, (r) => r.body.items.length === 1);

  // When the ledger's table is gone, the next wallet events cannot be projected there.
  await sql(server.dataDir, 'alter table ledger_entries rename to ledger_entries_away');
  await recharge(c, alice, 500);
  await recharge(c, alice, 200);
  const health = await eventually(
    () => c.call<Health>('GET', '/v1/health'),
    (r) => r.body.parked?.['projection:ledger'] === 2,
  );
  t.equal(health.status, 200, 'health stays 200: the product works');
  t.same(health.body, { status: 'ok', parked: { 'projection:ledger': 2 } }, 'and counts what is parked');
  t.match(server.output(), /projection ledger parked position \d+ \(RechargeCredited in wallet-/, 'the log says which read model and event');
  t.match((await c.call('GET', '/v1/wallet', { token: alice.token })).body, { cash: 1700 }, 'the money moved');
  const bob = await login(c, 'bob');
  t.equal((await c.call('GET', '/v1/me', { token: bob.token })).status, 200, 'other read models kept going (a new user is there)');

  const parked = lines((await cli(server.dataDir, 'admin', 'parked')).out);
  t.match(parked, [
    { consumer: 'projection:ledger', type: 'RechargeCredited', streamId: `wallet-${alice.userId}`, status: 'parked', error: /ledger_entries/ },
    { consumer: 'projection:ledger', type: 'RechargeCredited' },
  ]);
  const audit = await cli(server.dataDir, 'audit', 'verify', '--json');
  t.equal(audit.code, 1, 'the audit reports them');
  t.match((JSON.parse(audit.out) as { findings: unknown[] }).findings, [{ kind: 'parked' }, { kind: 'parked' }]);

  // A retry before the fix fails again and leaves them open, with that error.
  const early = await cli(server.dataDir, 'admin', 'retry-parked', 'all');
  t.equal(early.code, 1);
  t.match(lines(early.out), [{ status: 'retried' }, { status: 'retried' }]);

  // Fixed: the retry rebuilds the ledger from the log.
  await sql(server.dataDir, 'alter table ledger_entries_away rename to ledger_entries');
  const retried = await cli(server.dataDir, 'admin', 'retry-parked', 'all');
  t.equal(retried.code, 0, retried.out);
  t.match(lines(retried.out), [{ status: 'resolved', how: /rebuilt/ }, { status: 'resolved' }]);
  t.same((await ledger()).body.items.map((i) => i.delta).sort((a, b) => a - b), [200, 500, 1000]);
  t.same((await eventually(() => c.call<Health>('GET', '/v1/health'), (r) => r.body.parked === undefined)).body, { status: 'ok' });
  t.equal((await cli(server.dataDir, 'audit', 'verify', '--json')).code, 0, 'the audit finds nothing');

  // When even parking is impossible (its table is gone too), the consumer really stops: 503.
  await sql(server.dataDir, 'alter table parked_events rename to parked_events_away; alter table ledger_entries rename to ledger_entries_away');
  await recharge(c, alice, 300);
  const down = await eventually(
    () => c.call<Health>('GET', '/v1/health'),
    (r) => r.status === 503,
  );
  t.same(down.body.error?.details?.down, ['projection:read-models'], 'health names the stopped consumer');
  t.match(server.output(), /projection read-models stopped at a batch: relation .{1,2}parked_events.{1,2} does not exist/, 'the log says why');

  // Fixed and restarted: the thread resumes from its checkpoint and applies what it missed.
  await sql(server.dataDir, 'alter table parked_events_away rename to parked_events; alter table ledger_entries_away rename to ledger_entries');
  t.equal(await server.stop(), 0, 'it still shuts down cleanly, its projector thread already ended');
  server = await startServer({ dataDir: server.dataDir });
  const c2 = client(server.url);
  const after = await eventually(
    () => ledger(c2),
    (r) => r.body.items.length === 4,
  );
  t.same(after.body.items.map((i) => i.delta).sort((a, b) => a - b), [200, 300, 500, 1000]);
  t.same((await c2.call('GET', '/v1/health')).body, { status: 'ok' });
});
