// `npm run bench`: the product's hardest loads over HTTP, side by side with the bare HTTP stack
// and a naive row-locking implementation, in one run on one machine. A report, never a test.
//
//   npm run bench                       full run (1,000 users, 5 packets of 1,000 shares, 20 s of gifts)
//   npm run bench -- --quick            a few seconds (the smoke test uses it)
//   flags: --users N --packets N --naive-packets N --concurrency N --gift-seconds S
//          --transfer-seconds S --health-seconds S --out FILE --json FILE --profile --pg-stats
//          --node-flags "--single-threaded-gc ..."   (V8/Node flags for the product's process)
//          --only health,floor,packet,naive,gifts,naive-gifts,transfers,store   (a subset, for profiling;
//          written only with --out, so bench/results/latest.md stays the last full run)
//
// The product runs as a child process (bench/server.ts: the same startPlatform as `npm start`)
// on a temp DATA_DIR and free loopback ports; this process only generates load and reports.
// --profile adds --cpu-prof to the child; profiles land in bench/results/prof/.
// --pg-stats loads pg_stat_statements into the child's PostgreSQL and adds, per scenario, the
// statements that took most of its time. CPU by process is always reported (Linux).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { client, login, recharge, type TestUser } from '../test/support/client.js';
import { freePort } from '../test/support/pg.js';
import { createPool } from '../services/shared/postgres/pool.js';
import { cpuWindow, type CpuSplit } from './cpu.js';
import { each, runLoad, type LoadResult } from './load.js';
import type { FromServer, ToServer } from './server.js';
import { combine, eventStoreRows, giftLoad, naivePacketRound, productPacketRound, rowOf, transferLoad, type Row } from './scenarios.js';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const num = (name: string, full: number, quick: number): number => {
  const v = Number(opt(name) ?? (flag('quick') ? quick : full));
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};

const quick = flag('quick');
const only = opt('only')?.split(',');
const runs = (name: string) => !only || only.includes(name);
const cfg = {
  users: num('users', 1000, 60),
  packets: num('packets', 5, 2),
  naivePackets: num('naive-packets', 2, 1),
  concurrency: num('concurrency', 150, 20),
  giftSeconds: num('gift-seconds', 20, 2),
  transferSeconds: num('transfer-seconds', 10, 1),
  healthSeconds: num('health-seconds', 5, 1),
  storeEvents: num('store-events', 2000, 200),
};
const root = fileURLToPath(new URL('../', import.meta.url));
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Lag {
  label: string;
  samples: number;
  p50: number;
  p99: number;
  max: number;
  timeouts: number;
  byConsumer: Record<string, number>;
  heardP99: number;
  loopDelayP99: number;
}

const startChild = async (dataDir: string) => {
  const execArgv = ['--import', 'tsx', ...(opt('node-flags')?.split(' ').filter(Boolean) ?? [])];
  if (flag('profile')) {
    mkdirSync(join(root, 'bench/results/prof'), { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${join(root, 'bench/results/prof')}`);
  }
  const child: ChildProcess = fork(join(root, 'bench/server.ts'), [], {
    cwd: root,
    execArgv,
    env: { ...process.env, ...(flag('pg-stats') ? { EMBEDDED_PG_STATEMENT_STATS: 'true' } : {}), DATA_DIR: dataDir, PORT: String(await freePort()), WS_PORT: String(await freePort()) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const lagReplies: ((l: Lag) => void)[] = [];
  const ready = new Promise<Extract<FromServer, { kind: 'ready' }>>((resolve, reject) => {
    child.on('message', (m: FromServer) => {
      if (m.kind === 'ready') resolve(m);
      else lagReplies.shift()?.(m);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  const tell = (m: ToServer) => child.send(m);
  return {
    child,
    ready,
    /** Starts a projection-lag window (label '' ends one); resolves with the window that ended. */
    lag: (label: string) =>
      new Promise<Lag>((resolve) => {
        lagReplies.push(resolve);
        tell({ kind: 'lag', label });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        tell({ kind: 'stop' });
      }),
  };
};

const lagRow = (n: string, l: Lag) =>
  `| 5. projection lag during ${n} (commit → all read models committed) | | ${l.samples} appends | | | ${l.timeouts} | | ${fmt(l.p50, 1)} | ${fmt(l.p99, 1)} | max ${fmt(l.max, 1)} ms; p99 by consumer: ${byConsumer(l)}; heard by the API thread: p99 ${fmt(l.heardP99, 1)} ms (its event-loop delay p99 ${fmt(l.loopDelayP99, 1)} ms) |`;

const byConsumer = (l: Lag) =>
  Object.entries(l.byConsumer)
    .map(([n, v]) => `${n.replace('projection:', '')} ${fmt(v, 1)}`)
    .join(', ');
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');

const main = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mr-bench-'));
  const server = await startChild(dataDir);
  const started = new Date();
  try {
    const { url, naiveUrl, dbUrl } = await server.ready;
    log(`bench: product at ${url}, naive baseline at ${naiveUrl}; ${JSON.stringify(cfg)}`);
    const c = client(url);

    // Setup (not measured): users, money, a group holding everyone.
    const users: TestUser[] = [];
    await each(
      Array.from({ length: cfg.users }, (_, i) => i),
      32,
      async (i) => {
        users[i] = await login(c, `bench${i}`);
      },
    );
    const [sender, ...rest] = users;
    if (!sender) throw new Error('no users');
    const gifters = rest.slice(0, Math.min(500, rest.length));
    await recharge(c, sender, cfg.users * 100 * cfg.packets);
    await each(users, 32, async (u) => void (await recharge(c, u, 1_000_000)));
    await each(gifters, 32, async (u) => void (await recharge(c, u, 1_000_000, "coins")));
    const g = await c.call<{ groupId: string }>('POST', '/v1/groups', { token: sender.token, body: { name: 'bench', memberIds: rest.slice(0, 499).map((u) => u.userId) } });
    if (g.status !== 201) throw new Error(`group: ${g.status} ${JSON.stringify(g.body)}`);
    for (let k = 499; k < rest.length; k += 500) {
      await c.call('POST', `/v1/groups/${g.body.groupId}/members`, { token: sender.token, body: { userIds: rest.slice(k, k + 500).map((u) => u.userId) } });
    }
    const pool = createPool({ connectionString: dbUrl, max: 4 });
    await pool.query(`insert into naive.wallets (user_id, cash, coins) select unnest($1::text[]), 0, 1000000 on conflict do nothing`, [users.map((u) => u.userId)]);
    log(`bench: setup done (${users.length} users)`);

    const rows: Row[] = [];
    const C = cfg.concurrency;
    // Who the cores went to during each scenario, and (--pg-stats) PostgreSQL's top statements.
    const spent: Spent[] = [];
    if (flag('pg-stats')) await pool.query('create extension if not exists pg_stat_statements');
    const measure = async <T>(scenario: string, fn: () => Promise<T>, okOf: (t: T) => number = (t) => (t as LoadResult).ok): Promise<T> => {
      if (flag('pg-stats')) await pool.query('select pg_stat_statements_reset()');
      const done = cpuWindow(server.child.pid ?? 0);
      const t0 = performance.now();
      const out = await fn();
      const cpu = done();
      const rate = okOf(out) / ((performance.now() - t0) / 1000);
      const top = flag('pg-stats') ? await topStatements(pool) : [];
      spent.push({ scenario, cpu, rate, top });
      return out;
    };
    const noLag: Lag = { label: '', samples: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN, timeouts: 0, byConsumer: {}, heardP99: Number.NaN, loopDelayP99: Number.NaN };
    let bare = Number.NaN;
    if (runs('health')) {
      const health = await measure('bare stack', () =>
        runLoad(url, { concurrency: C, seconds: cfg.healthSeconds, label: 'bare stack GET /v1/health' }, { next: () => ({ method: 'GET', path: '/v1/health' }) }),
      );
      rows.push(rowOf('bare HTTP stack: GET /v1/health', C, health));
      bare = health.ok / health.seconds;
    }
    // The durable floor: the same request and load, but nothing done except storing one row per
    // request (group-committed) before the answer. No design that persists a command before it
    // answers can beat it here, so it shows how much of the bare stack is reachable at all.
    if (runs('floor')) {
      const floor = await measure('durable floor', () => giftLoad(naiveUrl, '/naive/durable-floor', gifters, sender, C, cfg.healthSeconds, 'durable floor', false));
      rows.push(rowOf('durable floor: one group-committed row per POST, nothing else (bench/naive)', C, floor));
    }

    // 1. Hot red packet.
    let overGrab = 0;
    let packetLag = noLag;
    if (runs('packet')) {
      await server.lag('hot packet');
      const rounds = await measure('1. hot red packet', async () => {
        const rs = [];
        for (let k = 0; k < cfg.packets; k++) rs.push(await productPacketRound(c, sender, g.body.groupId, users, C, `hot packet ${k + 1}/${cfg.packets}`));
        return rs;
      }, okOfRounds);
      await new Promise((r) => setTimeout(r, 300));
      packetLag = await server.lag('');
      overGrab = rounds.reduce((s, r) => s + r.overGrab, 0);
      rows.push(rowOf(`1. hot red packet (${cfg.packets} × ${cfg.users} shares, ${cfg.users} users)`, C, combine(rounds.map((r) => r.result)), `over-grab ${overGrab}; ${rounds.at(-1)?.detail ?? ''}`));
    }

    let naiveOverGrab = 0;
    if (runs('naive')) {
      const naiveRounds = await measure('naive hot red packet', async () => {
        const rs = [];
        for (let k = 0; k < cfg.naivePackets; k++) rs.push(await naivePacketRound(pool, naiveUrl, users, C, `naive packet ${k + 1}/${cfg.naivePackets}`));
        return rs;
      }, okOfRounds);
      naiveOverGrab = naiveRounds.reduce((s, r) => s + r.overGrab, 0);
      rows.push(rowOf('naive baseline: hot red packet (FOR UPDATE)', C, combine(naiveRounds.map((r) => r.result)), `over-grab ${naiveOverGrab}`));
    }

    // 2. Hot streamer.
    let giftLag = noLag;
    if (runs('gifts')) {
      await server.lag('hot streamer');
      const gifts = await measure('2. hot streamer', () => giftLoad(url, '/v1/gifts/send', gifters, sender, C, cfg.giftSeconds, 'hot streamer gifts', true));
      await new Promise((r) => setTimeout(r, 300));
      giftLag = await server.lag('');
      const expectedIncome = gifts.ok * 5;
      const credited = await waitIncome(c, sender, expectedIncome);
      rows.push(rowOf(`2. hot streamer (${gifters.length} senders → 1 receiver)`, C, gifts, `receiver income ${credited.income}/${expectedIncome} after ${fmt(credited.ms)} ms`));
    }
    if (runs('naive-gifts')) {
      const naiveGifts = await measure('naive hot streamer', () => giftLoad(naiveUrl, '/naive/gifts/send', gifters, sender, C, Math.min(cfg.giftSeconds, 10), 'naive gifts', false));
      rows.push(rowOf('naive baseline: hot streamer (FOR UPDATE)', C, naiveGifts));
    }

    // 3. Cold transfers.
    if (runs('transfers')) rows.push(rowOf('3. cold transfers (random pairs)', C, await measure('3. cold transfers', () => transferLoad(url, users, C, cfg.transferSeconds))));

    // 4. Event store alone.
    if (runs('store')) rows.push(...(await eventStoreRows(dbUrl, 8, cfg.storeEvents, 100)));
    await pool.end();

    const report = render(started, rows, bare, overGrab, packetLag, giftLag) + renderSpent(spent);
    process.stdout.write(`\n${report}\n`);
    const out = opt('out') ?? (quick || only ? undefined : join(root, 'bench/results/latest.md'));
    if (out) {
      writeFileSync(out, report);
      log(`bench: written to ${out}`);
    }
    const json = opt('json');
    if (json) writeFileSync(json, JSON.stringify({ rows, overGrab, naiveOverGrab, packetLag, giftLag }, null, 2));
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

/** The receiver's income arrives asynchronously; wait for it (bounded) and say how long it took. */
const waitIncome = async (c: ReturnType<typeof client>, u: TestUser, expected: number) => {
  const t0 = performance.now();
  for (;;) {
    const w = await c.call<{ income: number }>('GET', '/v1/wallet', { token: u.token });
    if (w.body.income >= expected || performance.now() - t0 > 30_000) return { income: w.body.income, ms: performance.now() - t0 };
    await new Promise((r) => setTimeout(r, 20));
  }
};

interface Spent {
  scenario: string;
  cpu: CpuSplit;
  /** Requests answered ok per second during the window (0 when not a load). */
  rate: number;
  top: { calls: number; ms: number; planMs: number; rows: number; query: string }[];
}

const topStatements = async (pool: ReturnType<typeof createPool>) => {
  const r = await pool.query<{ calls: string; ms: number; plan_ms: number; rows: string; query: string }>(
    `select calls, total_exec_time as ms, total_plan_time as plan_ms, rows, regexp_replace(query, '\\s+', ' ', 'g') as query
     from pg_stat_statements where query not like '%pg_stat_statements%' order by total_exec_time + total_plan_time desc limit 16`,
  );
  return r.rows.map((x) => ({ calls: Number(x.calls), ms: x.ms, planMs: x.plan_ms, rows: Number(x.rows), query: x.query }));
};

const okOfRounds = (rounds: { result: LoadResult }[]) => rounds.reduce((n, r) => n + r.result.ok, 0);

const pct = (share: number) => `${Math.round(share * 100)} %`;

const renderSpent = (spent: Spent[]): string => {
  if (spent.length === 0) return '';
  const lines = [
    '',
    'CPU by process during each scenario (100 % = one core; the machine has ' + cpus().length + '):',
    '',
    '| scenario | product (all threads) | its PostgreSQL | load generator | product CPU ms per ok request | PostgreSQL CPU ms per ok request |',
    '|---|---:|---:|---:|---:|---:|',
    ...spent.map((s) => `| ${s.scenario} | ${pct(s.cpu.server)} | ${pct(s.cpu.postgres)} | ${pct(s.cpu.load)} | ${fmt((s.cpu.server * 1000) / s.rate, 2)} | ${fmt((s.cpu.postgres * 1000) / s.rate, 2)} |`),
  ];
  for (const s of spent.filter((x) => x.top.length > 0)) {
    lines.push(
      '',
      `PostgreSQL's top statements during ${s.scenario} (nested statements of a function count on their own line too):`,
      '',
      '| calls | exec ms | plan ms | ms/call | rows | statement |',
      '|---:|---:|---:|---:|---:|---|',
    );
    for (const t of s.top) {
      const perCall = (t.ms + t.planMs) / Math.max(t.calls, 1);
      lines.push(`| ${t.calls} | ${fmt(t.ms)} | ${fmt(t.planMs)} | ${fmt(perCall, 3)} | ${t.rows} | \`${t.query.slice(0, 160).replace(/\|/g, '\\|')}\` |`);
    }
  }
  return `${lines.join('\n')}\n`;
};

const render = (date: Date, rows: Row[], bare: number, overGrab: number, packetLag: Lag, giftLag: Lag): string => {
  const rate = (prefix: string) => rows.find((r) => r.scenario.startsWith(prefix))?.rate ?? Number.NaN;
  // A floor whose scenarios were not run (--only) says '-', not 'no'.
  const met = (measured: number, needed: number, ok: boolean) => (Number.isFinite(measured) && Number.isFinite(needed) ? (ok ? 'yes' : 'no') : '-');
  const packet = rate('1.');
  const naive = rate('naive baseline: hot red');
  const gifts = rate('2.');
  const floor = rate('durable floor');
  const cpu = cpus();
  const lines = [
    `# Benchmark results (${quick ? 'quick smoke run, not a measurement' : 'full run'})`,
    '',
    `- Date: ${date.toISOString()}`,
    `- Machine: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, ${process.platform}`,
    `- Product: \`services/platform.ts\` (embedded PostgreSQL, all roles, one process) as a child process; load from this process over keep-alive connections (undici Pool).`,
    `- Settings: ${JSON.stringify(cfg)}`,
    '',
    '| scenario | conc. | requests | ok | refused | errors | ok/s | p50 ms | p99 ms | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.scenario} | ${r.concurrency} | ${r.requests} | ${r.ok} | ${r.refused} | ${r.errors} | ${fmt(r.rate)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.notes} |`),
    lagRow('1', packetLag),
    lagRow('2', giftLag),
    '',
    'Refused: expected domain answers (ALREADY_GRABBED, RED_PACKET_EMPTY for the 10 % repeat grabs). Event-store rows: ok/s is events per second.',
    '',
    '| floor | measured | needed | met |',
    '|---|---:|---:|---|',
    `| hot packet grabs/s ≥ 0.5 × bare stack | ${fmt(packet)} | ${fmt(0.5 * bare)} | ${met(packet, bare, packet >= 0.5 * bare)} |`,
    `| hot packet grabs/s ≥ 20 × naive | ${fmt(packet)} | ${fmt(20 * naive)} | ${met(packet, naive, packet >= 20 * naive)} |`,
    `| hot packet over-grab = 0 | ${overGrab} | 0 | ${overGrab === 0 ? 'yes' : 'no'} |`,
    `| hot streamer gifts/s ≥ 0.4 × bare stack | ${fmt(gifts)} | ${fmt(0.4 * bare)} | ${met(gifts, bare, gifts >= 0.4 * bare)} |`,
    `| projection lag p99 < 100 ms (1 / 2) | ${fmt(packetLag.p99, 1)} / ${fmt(giftLag.p99, 1)} | 100 | ${met(packetLag.p99, giftLag.p99, packetLag.p99 < 100 && giftLag.p99 < 100)} |`,
  ];
  if (Number.isFinite(floor) && Number.isFinite(bare)) {
    lines.push('', `For scale: the durable floor (one stored row per request, nothing else) reached ${fmt(floor)} req/s = ${(floor / bare).toFixed(2)} × the bare stack; the hot packet reached ${fmt((packet / floor) * 100)} % of it and the hot streamer ${fmt((gifts / floor) * 100)} %.`);
  }
  const errs = rows.filter((r) => r.samples.length > 0);
  if (errs.length) lines.push('', 'Error samples:', ...errs.flatMap((r) => r.samples.map((s) => `- ${r.scenario}: ${s}`)));
  return `${lines.join('\n')}\n`;
};

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
