// Crash safety of the payment flows over a real server (a sibling of crash.e2e.test.ts): instant
// payments, QR receipt payments, AA payments (more payers than shares) and withdrawals with a fee,
// all with Idempotency-Keys; kill -9 at a random moment, restart on the same data, retry every
// request with its key. Then every acknowledged payment answers the same and took effect exactly
// once, each payer paid the AA and the receipt at most once, the AA recorded exactly its shares,
// the fees reached the platform account, `audit verify` finds nothing and `rebuild all` agrees.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import t from 'tap';
import { startServer, removeDataDir, type RunningServer } from '../support/server.js';
import { client, login, recharge, type Client, type TestUser } from '../support/client.js';

const run = promisify(execFile);
// Two server starts, a kill, eight approvals and two audit CLIs: on a shared two-core machine that
// runs past the default 120 s, which is sized for one request mix.
t.setTimeout(360_000);
const root = new URL('../../', import.meta.url).pathname;
const env = { ASSETS: JSON.stringify({ cash: { withdrawalFee: { basisPoints: 100, minimum: 5 } } }) };

const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
let rnd = seed;
const random = () => {
  rnd = (rnd * 1_103_515_245 + 12_345) % 2 ** 31;
  return rnd / 2 ** 31;
};

type Kind = 'instant' | 'receipt' | 'aa' | 'withdrawal';
type Req = { user: TestUser; path: string; body: unknown; key: string; kind: Kind };
type Answer = { status: number; body: Record<string, unknown> };

let server: RunningServer;
t.teardown(async () => {
  if (server) {
    await server.stop();
    removeDataDir(server.dataDir);
  }
});

const send = async (c: Client, r: Req): Promise<Answer | null> => {
  try {
    const x = await c.call('POST', r.path, { token: r.user.token, key: r.key, body: r.body });
    return { status: x.status, body: x.body };
  } catch {
    return null;
  }
};

const audit = async (dataDir: string, ...args: string[]) => {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'services/cli/audit.ts', ...args, '--json'], { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, maxBuffer: 64 << 20 });
    return { code: 0, out: JSON.parse(r.stdout) as Record<string, unknown> };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.stdout === 'string' && e.stdout.startsWith('{')) return { code: e.code ?? 1, out: JSON.parse(e.stdout) as Record<string, unknown> };
    throw new Error(`audit ${args.join(' ')} failed: ${e.stderr ?? String(err)}`);
  }
};

t.test('given concurrent instant, receipt, AA and fee-bearing payments, when the server is killed mid-flight and restarted, then each acts once and the audit agrees', async (t) => {
  t.comment(`CRASH_SEED=${seed}`);
  const t0 = Date.now();
  const lap = (what: string) => t.comment(`${what} at ${Date.now() - t0} ms`);
  server = await startServer({ env });
  let c = client(server.url);
  const payee = await login(c, 'payee');
  const users = await Promise.all(Array.from({ length: 6 }, (_, i) => login(c, `p${i}`)));
  for (const u of users) await recharge(c, u, 10_000);
  const g = await c.call<{ groupId: string }>('POST', '/v1/groups', { token: payee.token, body: { name: 'crash-aa', memberIds: users.map((u) => u.userId) } });
  const shares = 4;
  const aa = await c.call<{ aaId: string }>('POST', '/v1/aa-collections', { token: payee.token, body: { amountEach: 125, count: shares, target: { type: 'group', id: g.body.groupId } } });
  t.equal(aa.status, 201);
  const receipt = await c.call<{ payload: string; receiptId: string }>('POST', '/v1/receipts', { token: payee.token, body: { amount: 77 } });
  t.equal(receipt.status, 201);

  const reqs: Req[] = [];
  users.forEach((u, i) => {
    const next = users[(i + 1) % users.length] ?? u;
    for (let k = 0; k < 3; k++) reqs.push({ user: u, kind: 'instant', path: '/v1/instant-payments', body: { toUserId: next.userId, amount: 10 + k }, key: `instant-${i}-${k}` });
    reqs.push({ user: u, kind: 'aa', path: `/v1/aa-collections/${aa.body.aaId}/pay`, body: {}, key: `aa-${i}` });
    reqs.push({ user: u, kind: 'aa', path: `/v1/aa-collections/${aa.body.aaId}/pay`, body: {}, key: `aa-again-${i}` });
    reqs.push({ user: u, kind: 'receipt', path: '/v1/receipts/pay', body: { payload: receipt.body.payload }, key: `receipt-${i}` });
    reqs.push({ user: u, kind: 'receipt', path: '/v1/receipts/pay', body: { payload: receipt.body.payload }, key: `receipt-again-${i}` });
    reqs.push({ user: u, kind: 'withdrawal', path: '/v1/withdrawals', body: { asset: 'cash', amount: 1_000, account: `bank-${i}` }, key: `withdrawal-${i}` });
  });
  reqs.sort(() => random() - 0.5);

  const answers = new Map<string, Answer | null>();
  let next = 0;
  const killAt = 5 + Math.floor(random() * 30);
  let answered = 0;
  let killing: Promise<void> | null = null;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < reqs.length) {
        const r = reqs[next++];
        if (!r) continue;
        const a = await send(c, r);
        answers.set(`${r.user.userId}/${r.key}`, a);
        if (a && ++answered >= killAt && !killing) killing = server.kill();
      }
    }),
  );
  await (killing ?? server.kill());
  const acknowledged = new Map([...answers].filter((e): e is [string, Answer] => e[1] !== null));
  t.comment(`killed after ${killAt} answers: ${acknowledged.size} answered, ${reqs.length - acknowledged.size} unanswered`);

  lap('killed');
  server = await startServer({ dataDir: server.dataDir, env });
  c = client(server.url);
  lap('restarted');
  const final = new Map<string, Answer>();
  await Promise.all(
    reqs.map(async (r) => {
      const a = await send(c, r);
      if (!a) throw new Error(`no answer after restart for ${r.key}`);
      final.set(`${r.user.userId}/${r.key}`, a);
    }),
  );
  for (const [id, a] of acknowledged) t.same(final.get(id), a, `the acknowledged ${id} answers the same after the crash`);
  t.ok([...final.values()].every((a) => a.status < 500), 'no 5xx after restart');

  const ok = (kind: Kind) => reqs.filter((r) => r.kind === kind).filter((r) => (final.get(`${r.user.userId}/${r.key}`)?.status ?? 500) < 300);
  // The operator pays every withdrawal out: each fee goes to platform:fees.
  const operator = (await c.call<{ token: string }>('POST', '/v1/dev/operator-sessions')).body.token;
  for (const r of ok('withdrawal')) {
    const id = String(final.get(`${r.user.userId}/${r.key}`)?.body.withdrawalId);
    t.equal((await c.call('POST', `/v1/admin/withdrawals/${id}/approve`, { token: operator, key: `approve-${id}` })).status, 200);
  }

  const auditor = (await c.call<{ token: string }>('POST', '/v1/dev/auditor-sessions')).body.token;
  const events: { type: string; streamId: string; data: Record<string, unknown> }[] = [];
  for (let from: number | null = 0; from !== null; ) {
    const page: { body: { items: { type: string; streamId: string; data: Record<string, unknown> }[]; nextPosition: number | null } } = await c.call('GET', `/v1/audit/events?fromPosition=${from}&limit=1000`, { token: auditor });
    events.push(...page.body.items);
    from = page.body.nextPosition;
  }
  const of = (type: string) => events.filter((e) => e.type === type);

  const instants = ok('instant').map((r) => final.get(`${r.user.userId}/${r.key}`)?.body.transferId);
  t.equal(instants.length, 3 * users.length, 'every instant payment went through');
  t.ok(instants.every((id) => of('TransferSent').filter((e) => e.data.transferId === id && e.data.instant === true).length === 1), 'each debited once');
  t.equal(of('TransferSent').filter((e) => e.data.instant === true && e.data.toUserId !== payee.userId).length, 3 * users.length, 'no instant payment without its key');
  t.equal(of('TransferReceived').length, of('TransferSent').length, 'each credited');

  const receiptPays = of('TransferSent').filter((e) => e.data.toUserId === payee.userId);
  t.equal(receiptPays.length, users.length, 'the receipt was paid once per payer, whatever the keys');
  t.equal(new Set(receiptPays.map((e) => e.streamId)).size, users.length);

  t.equal(of('AaSharePaid').length, new Set(of('AaSharePaid').map((e) => e.data.payerId)).size, 'each payer debited for the AA at most once');
  t.equal(of('AaPaymentRecorded').length, shares, 'the collection recorded exactly its shares');
  t.equal(of('AaCollectionFinished').length, 1, 'and finished once');
  t.equal(of('AaShareRefunded').length, of('AaPaymentRefused').length, 'every refused share went back');
  t.equal(new Set(ok('aa').map((r) => r.user.userId)).size, shares, 'the payers who were told "paid" are the ones recorded');

  t.equal(of('WithdrawalRequested').length, users.length, 'one withdrawal per key');
  const fees = of('PlatformFeeReceived');
  t.equal(fees.length, users.length, 'every paid-out withdrawal credited its fee');
  t.ok(fees.every((e) => e.streamId === 'wallet-platform:fees' && e.data.amount === 10), '1 % of 1,000 is 10');

  lap('checked the log');
  let verify = await audit(server.dataDir, 'verify');
  for (let i = 0; i < 10 && ((verify.out.inFlight as unknown[]).length > 0 || (verify.out.readModel as { behind: unknown[] }).behind.length > 0); i++) {
    await new Promise((r) => setTimeout(r, 300));
    verify = await audit(server.dataDir, 'verify');
  }
  t.equal(verify.code, 0, 'verify exits 0');
  t.same(verify.out.findings, [], 'verify finds nothing');
  t.same(verify.out.inFlight, [], 'and nothing is left in flight');
  const cash = (verify.out.conservation as { asset: string; platform: number; difference: number }[]).find((l) => l.asset === 'cash');
  t.match(cash, { platform: 10 * users.length, difference: 0 }, 'the fees are held by the platform');

  lap('verified');
  const admin = await run(process.execPath, ['--import', 'tsx', 'services/cli/admin.ts', 'platform-accounts'], { cwd: root, env: { ...process.env, DATA_DIR: server.dataDir } });
  const lines = admin.stdout.trim().split('\n').map((l) => JSON.parse(l) as { account: string; balances: Record<string, number> });
  t.match(lines, [{ account: 'fees', balances: { cash: 10 * users.length } }, { account: 'sales' }], 'npm run admin -- platform-accounts reads them');
  const rebuild = await audit(server.dataDir, 'rebuild', 'all');
  lap('rebuilt');
  t.equal(rebuild.code, 0, 'rebuild exits 0');
  const differing = (rebuild.out.projections as { projection: string; equal: boolean; operational: boolean }[]).filter((d) => !d.equal && !d.operational);
  t.same(differing, [], 'every read model equals a rebuild from the log');
});
