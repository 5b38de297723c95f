// Exactly-once without a window, reproduced the way it was found: run without the process
// manager, let a user grab a red packet and then make 1,001 exchanges (more commands than the
// command bus remembers per stream), restart with every role. The process manager then replays
// the whole log; the grab's credit (and every other step) is recognised as done, nothing acts
// twice, nothing is parked, health stays 200 and the audit finds nothing.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import t from 'tap';
import { client, login, recharge, wallet } from '../support/client.js';
import { removeDataDir, startServer } from '../support/server.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

t.test('given a grab and 1,001 exchanges made without the process manager, when it starts and replays the log, then every step acts once and the product stays healthy', async (t) => {
  let server = await startServer({ env: { ROLES: 'command-api,query-api,projector,push' } });
  t.teardown(() => removeDataDir(server.dataDir));
  let c = client(server.url);
  const [ann, bob] = [await login(c, 'ann'), await login(c, 'bob')];
  await recharge(c, ann, 5_000);
  const p = await c.call<{ redPacketId: string }>('POST', '/v1/red-packets', { token: ann.token, body: { kind: 'lucky', count: 1, total: 2_000, target: { type: 'user', id: bob.userId } } });
  t.equal(p.status, 201);
  t.match((await c.call('POST', `/v1/red-packets/${p.body.redPacketId}/grab`, { token: bob.token })).body, { amount: 2_000, cash: 2_000 });
  let n = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (n < 1_001) {
        n++;
        const r = await c.call('POST', '/v1/exchanges', { token: bob.token, body: { from: 'cash', to: 'coins', amount: 1 } });
        if (r.status !== 201) throw new Error(`exchange: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }),
  );
  t.match(await wallet(c, bob), { cash: 999, coins: 1_001, income: 0, version: 1_002 });
  await server.stop();

  server = await startServer({ dataDir: server.dataDir });
  c = client(server.url);
  // The process manager catches up from position 0: wait until its position reaches the head.
  const operator = (await c.call<{ token: string }>('POST', '/v1/dev/operator-sessions')).body.token;
  const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? -1);
  let caughtUp = false;
  for (let i = 0; i < 150 && !caughtUp; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const m = await fetch(`${server.url}/v1/metrics`, { headers: { authorization: `Bearer ${operator}` } }).then((r) => r.text());
    const head = metric(m, 'moneyrooms_log_head_position');
    caughtUp = head > 1_000 && metric(m, 'moneyrooms_consumer_position\\{consumer="process:money-flows"\\}') >= head;
  }
  t.ok(caughtUp, 'the process manager replayed the whole log');
  const h = await c.call('GET', '/v1/health');
  t.equal(h.status, 200, 'health 200 after the replay');
  t.notOk('parked' in h.body, 'with nothing parked');
  t.match(await wallet(c, bob), { cash: 999, coins: 1_001, income: 0, version: 1_002 }, 'the grab credited once');
  const verify = await run(process.execPath, ['--import', 'tsx', 'services/cli/audit.ts', 'verify', '--json'], { cwd: root, env: { ...process.env, DATA_DIR: server.dataDir }, maxBuffer: 64 << 20 }).then(
    (r) => ({ code: 0, out: JSON.parse(r.stdout) as { findings: unknown[]; inFlight: unknown[] } }),
    (err: { code?: number; stdout?: string }) => ({ code: err.code ?? 1, out: JSON.parse(err.stdout ?? '{}') as { findings: unknown[]; inFlight: unknown[] } }),
  );
  t.equal(verify.code, 0, 'audit verify exits 0');
  t.same(verify.out.findings, [], 'and finds nothing');
  t.same(verify.out.inFlight, [], 'nothing in flight');
  await server.stop();
});
