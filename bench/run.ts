// `npm run bench`: the product's hardest loads over HTTP, side by side with the bare HTTP stack
// and a naive row-locking implementation, in one run on one machine. A report, never a test.
// Each row's cost is its server-side CPU per ok request in units of a health request's: it
// depends far less on the machine, and on who else shares its cores, than throughput does
// (see report.ts for the unit and what each window includes).
//
//   npm run bench                       full run (1,000 users, 5 packets of 1,000 shares, 20 s of gifts)
//   npm run bench -- --quick            a few seconds (the smoke test uses it)
//   flags: --users N --packets N --naive-packets N --concurrency N --gift-seconds S
//          --transfer-seconds S --chat-seconds S --health-seconds S --health-rate N --health-paced-seconds S
//          --out FILE --json FILE --profile --pg-stats
//          --node-flags "--single-threaded-gc ..."   (V8/Node flags for the product's process)
//          --locations N --nearby-seconds S --follow-concurrency N
//          --only floor,packet,naive,gifts,naive-gifts,transfers,chat,follow,nearby,store   (a subset, for profiling;
//          written only with --out, so bench/results/latest.md stays the last full run)
//
// The product runs as a child process (bench/server.ts: the same startPlatform as `npm start`)
// on a temp DATA_DIR and free loopback ports; this process only generates load and reports.
// --profile adds --cpu-prof to the child; profiles land in bench/results/prof/.
// --pg-stats loads pg_stat_statements into the child's PostgreSQL and adds, per scenario, the
// statements that took most of its time. CPU by process is always reported (Linux).
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { client, login, recharge, type TestUser } from '../test/support/client.js';
import { freePort } from '../test/support/pg.js';
import { createPool } from '../services/shared/postgres/pool.js';
import { cpuWindow } from './cpu.js';
import { each, runLoad, type Job, type LoadResult } from './load.js';
import { costOf, noLag, render, type Lag, type Spent, type Unit } from './report.js';
import type { FromServer, ToServer } from './server.js';
import { chatLoad, combine, eventStoreRow, giftLoad, naivePacketRound, productPacketRound, rowOf, transferLoad, type Row } from './scenarios.js';
import { followersOf, followStorm, nearbyLoad, seedLocations } from './social.js';

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
  chatSeconds: num('chat-seconds', 10, 1),
  // The cost unit: health flat out at the scenarios' concurrency, in bursts of this length before
  // each product scenario (see report.ts); the paced comparison row runs at health-rate.
  healthSeconds: num('health-seconds', 4, 1),
  healthRate: num('health-rate', 2000, 1000),
  healthPacedSeconds: num('health-paced-seconds', 5, 1),
  storeEvents: num('store-events', 2000, 200),
  // The hot follow: every bench user follows one user with this many requests in flight (all at once by default).
  followConcurrency: num('follow-concurrency', 1000, 30),
  locations: num('locations', 100_000, 2000),
  nearbySeconds: num('nearby-seconds', 10, 1),
};
const root = fileURLToPath(new URL('../', import.meta.url));
const log = (s: string) => process.stderr.write(`${s}\n`);

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
  const settleReplies: ((ms: number) => void)[] = [];
  const ready = new Promise<Extract<FromServer, { kind: 'ready' }>>((resolve, reject) => {
    child.on('message', (m: FromServer) => {
      if (m.kind === 'ready') resolve(m);
      else if (m.kind === 'settled') settleReplies.shift()?.(m.ms);
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
    /** Resolves (with the ms it waited) once every consumer has applied the store's head and it stopped moving. */
    settle: () =>
      new Promise<number>((resolve) => {
        settleReplies.push(resolve);
        tell({ kind: 'settle' });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        tell({ kind: 'stop' });
      }),
  };
};

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
    await each(gifters, 32, async (u) => void (await recharge(c, u, 1_000_000, 'coins')));
    const g = await c.call<{ groupId: string }>('POST', '/v1/groups', { token: sender.token, body: { name: 'bench', memberIds: rest.slice(0, 499).map((u) => u.userId) } });
    if (g.status !== 201) throw new Error(`group: ${g.status} ${JSON.stringify(g.body)}`);
    for (let k = 499; k < rest.length; k += 500) {
      await c.call('POST', `/v1/groups/${g.body.groupId}/members`, { token: sender.token, body: { userIds: rest.slice(k, k + 500).map((u) => u.userId) } });
    }
    const pool = createPool({ connectionString: dbUrl, max: 4 });
    await pool.query(`insert into naive.wallets (user_id, cash, coins) select unnest($1::text[]), 0, 1000000 on conflict do nothing`, [users.map((u) => u.userId)]);
    // The setup's reactions (credits, read models) finish before anything is measured.
    await server.settle();
    log(`bench: setup done (${users.length} users)`);

    const rows: Row[] = [];
    const C = cfg.concurrency;
    // Who the cores went to during each window, and (--pg-stats) PostgreSQL's top statements.
    const spent: Spent[] = [];
    if (flag('pg-stats')) await pool.query('create extension if not exists pg_stat_statements');
    /**
     * Runs fn inside a CPU window. With settle, the window stays open after the load until what
     * the requests set off has been applied (then `after`, say the receiver's credit check).
     */
    const measure = async <T>(
      scenario: string,
      fn: () => Promise<T>,
      o: { ok: (t: T) => number; settle?: boolean; after?: (t: T) => Promise<void> },
    ): Promise<{ out: T; perOk: Row['perOk'] }> => {
      if (flag('pg-stats')) await pool.query('select pg_stat_statements_reset()');
      const done = cpuWindow(server.child.pid ?? 0);
      const out = await fn();
      const settleMs = o.settle ? await server.settle() : null;
      await o.after?.(out);
      const cpu = done();
      const ok = o.ok(out);
      const top = flag('pg-stats') ? await topStatements(pool) : [];
      spent.push({ scenario, cpu, ok, settleMs, top });
      return { out, perOk: ok > 0 ? { product: cpu.ms.server / ok, postgres: cpu.ms.postgres / ok } : undefined };
    };
    const okOf = (r: LoadResult) => r.ok;
    const settle = true;

    // The product doing nothing: its timers and pollers, and PostgreSQL's background processes.
    await measure('idle', () => new Promise((r) => setTimeout(r, quick ? 500 : 3000)), { ok: () => 0 });

    // The cost unit. Flat out at the same concurrency is the regime every scenario runs in (the
    // server takes requests as fast as it is given them); one burst before each product scenario
    // follows the machine's neighbours as they come and go, and the median of the bursts is the
    // unit. The first requests of a fresh process run cold code, so a warm-up comes first.
    const health: Job = { next: () => ({ method: 'GET', path: '/v1/health' }) };
    const bursts: { out: LoadResult; perOk: Row['perOk'] }[] = [];
    const healthBurst = async (before: string) => {
      const b = await measure(`health, flat out (before ${before})`, () => runLoad(url, { concurrency: C, seconds: cfg.healthSeconds, label: `GET /v1/health before ${before}` }, health), { ok: okOf });
      bursts.push(b);
    };
    await runLoad(url, { concurrency: C, seconds: quick ? 0.5 : 2, label: 'warm-up GET /v1/health' }, health);
    await healthBurst('the floor');
    const paced = await measure(`health at ${cfg.healthRate} req/s`, () => runLoad(url, { concurrency: C, seconds: cfg.healthPacedSeconds, rate: cfg.healthRate, label: `GET /v1/health at ${cfg.healthRate}/s` }, health), { ok: okOf });
    // The durable floor: the same request and load, but nothing done except storing one row per
    // request (group-committed) before the answer. No design that persists a command before it
    // answers can beat it here, so it shows how much of the bare stack is reachable at all.
    if (runs('floor')) {
      const floor = await measure('durable floor', () => giftLoad(naiveUrl, '/naive/durable-floor', gifters, sender, C, cfg.healthSeconds, 'durable floor', false), { ok: okOf });
      rows.push({ ...rowOf('durable floor: one group-committed row per POST, nothing else (bench/naive)', C, floor.out), perOk: floor.perOk });
    }

    // 1. Hot red packet.
    let overGrab = 0;
    let packetLag = noLag;
    if (runs('packet')) {
      await healthBurst('1');
      await server.lag('hot packet');
      const { out: rounds, perOk } = await measure('1. hot red packet', async () => {
        const rs = [];
        for (let k = 0; k < cfg.packets; k++) rs.push(await productPacketRound(c, sender, g.body.groupId, users, C, `hot packet ${k + 1}/${cfg.packets}`));
        return rs;
      }, { ok: okOfRounds, settle });
      packetLag = await server.lag('');
      overGrab = rounds.reduce((s, r) => s + r.overGrab, 0);
      rows.push({ ...rowOf(`1. hot red packet (${cfg.packets} × ${cfg.users} shares, ${cfg.users} users)`, C, combine(rounds.map((r) => r.result)), `over-grab ${overGrab}; ${rounds.at(-1)?.detail ?? ''}`), perOk });
    }

    let naiveOverGrab = 0;
    if (runs('naive')) {
      const { out: naiveRounds, perOk } = await measure('naive hot red packet', async () => {
        const rs = [];
        for (let k = 0; k < cfg.naivePackets; k++) rs.push(await naivePacketRound(pool, naiveUrl, users, C, `naive packet ${k + 1}/${cfg.naivePackets}`));
        return rs;
      }, { ok: okOfRounds });
      naiveOverGrab = naiveRounds.reduce((s, r) => s + r.overGrab, 0);
      rows.push({ ...rowOf('naive baseline: hot red packet (FOR UPDATE)', C, combine(naiveRounds.map((r) => r.result)), `over-grab ${naiveOverGrab}`), perOk });
    }

    // 2. Hot streamer. The window closes once the consumers are settled and the receiver's
    // income (a process manager's credit per gift) shows them all.
    let giftLag = noLag;
    if (runs('gifts')) {
      await healthBurst('2');
      await server.lag('hot streamer');
      let credited = { income: 0, ms: Number.NaN };
      const { out: gifts, perOk } = await measure('2. hot streamer', () => giftLoad(url, '/v1/gifts/send', gifters, sender, C, cfg.giftSeconds, 'hot streamer gifts', true), {
        ok: okOf,
        settle,
        after: async (r) => void (credited = await waitIncome(c, sender, r.ok * 5)),
      });
      giftLag = await server.lag('');
      const expectedIncome = gifts.ok * 5;
      rows.push({ ...rowOf(`2. hot streamer (${gifters.length} senders → 1 receiver)`, C, gifts, `receiver income ${credited.income}/${expectedIncome}, ${fmtMs(credited.ms)} after settling`), perOk });
    }
    if (runs('naive-gifts')) {
      const naive = await measure('naive hot streamer', () => giftLoad(naiveUrl, '/naive/gifts/send', gifters, sender, C, Math.min(cfg.giftSeconds, 10), 'naive gifts', false), { ok: okOf });
      rows.push({ ...rowOf('naive baseline: hot streamer (FOR UPDATE)', C, naive.out), perOk: naive.perOk });
    }

    // 3. Cold transfers.
    if (runs('transfers')) {
      await healthBurst('3');
      const t = await measure('3. cold transfers', () => transferLoad(url, users, C, cfg.transferSeconds), { ok: okOf, settle });
      rows.push({ ...rowOf('3. cold transfers (create, random pairs)', C, t.out), perOk: t.perOk });
    }

    // 4. 1:1 chat (until settled: the message log, heads, cursors and push messages included).
    if (runs('chat')) {
      await healthBurst('4');
      const m = await measure('4. 1:1 chat', () => chatLoad(url, users, C, cfg.chatSeconds), { ok: okOf, settle });
      rows.push({ ...rowOf('4. 1:1 chat (send, random pairs)', C, m.out, 'p99 is the send answered; delivery to listeners: bench:push --message chat'), perOk: m.perOk });
    }

    // 6. Hot follow: every user follows one user at once, then unfollows. Each follow is a cold
    // relation stream; the hot key is the celebrity's counts row in the follows read model.
    const follow = { afterFollow: Number.NaN, afterUnfollow: Number.NaN };
    if (runs('follow')) {
      const celebrity = await login(c, 'celebrity');
      const fc = Math.min(cfg.followConcurrency, users.length);
      await healthBurst('6');
      const f = await measure('6. hot follow', () => followStorm(c, celebrity, users, fc, 'POST'), { ok: okOf, settle });
      follow.afterFollow = await followersOf(c, celebrity, celebrity);
      rows.push({ ...rowOf(`6. hot follow: ${users.length} users follow one user at once`, fc, f.out, `followers count after: ${follow.afterFollow}/${f.out.ok}`), perOk: f.perOk });
      const u = await measure('6. hot unfollow', () => followStorm(c, celebrity, users, fc, 'DELETE'), { ok: okOf, settle });
      follow.afterUnfollow = await followersOf(c, celebrity, celebrity);
      rows.push({ ...rowOf(`6. hot unfollow: the same ${users.length} unfollow at once`, fc, u.out, `followers count after: ${follow.afterUnfollow}`), perOk: u.perOk });
    }

    // 7. People nearby: every user has reported a location in one dense city, beside
    // cfg.locations stored ones; random users ask who is within 5 km.
    if (runs('nearby')) {
      await seedLocations(pool, c, users, cfg.locations);
      await healthBurst('7');
      const n = await measure('7. people nearby', () => nearbyLoad(url, users, C, cfg.nearbySeconds), { ok: okOf });
      rows.push({ ...rowOf(`7. people nearby: ${cfg.locations + users.length} stored locations in a 50 km city, 5 km radius, first page`, C, n.out), perOk: n.perOk });
    }

    // Event store alone (the product's consumers read these events too: settle).
    if (runs('store')) {
      for (const per of [1, 100]) {
        const r = await measure(`event store, ${per} per append`, () => eventStoreRow(dbUrl, 8, cfg.storeEvents, per), { ok: (x) => x.ok, settle });
        rows.push({ ...r.out, perOk: r.perOk });
      }
    }
    await pool.end();

    const perOf = (p: Row['perOk']) => (p ? p.product + p.postgres : Number.NaN);
    const perBurst = bursts.map((b) => perOf(b.perOk)).filter(Number.isFinite);
    const unit: Unit = { ms: median(perBurst), bursts: perBurst, pacedMs: perOf(paced.perOk), pacedRate: cfg.healthRate };
    const all = combine(bursts.map((b) => b.out));
    const bare = all.ok / all.seconds;
    // The unit's split between the product and PostgreSQL, over all bursts.
    const sum = (k: 'product' | 'postgres') => bursts.reduce((n, b) => n + (b.perOk?.[k] ?? 0) * b.out.ok, 0);
    const productShare = sum('product') / (sum('product') + sum('postgres'));
    const spread = `bursts ${perBurst.map((x) => x.toFixed(4)).join(', ')} ms per request; the unit is their median`;
    rows.unshift(
      { ...rowOf(`bare HTTP stack: GET /v1/health, flat out (${bursts.length} bursts; the cost unit and the throughput reference)`, C, all, spread), perOk: { product: unit.ms * productShare, postgres: unit.ms * (1 - productShare) } },
      { ...rowOf(`bare HTTP stack: GET /v1/health at a fixed ${cfg.healthRate} req/s (for comparison)`, C, paced.out), perOk: paced.perOk },
    );

    const report = render({ date: started, quick, cfg, rows, unit, bare, overGrab, packetLag, giftLag, spent, push: lastPush() });
    process.stdout.write(`\n${report}\n`);
    const out = opt('out') ?? (quick || only ? undefined : join(root, 'bench/results/latest.md'));
    if (out) {
      writeFileSync(out, report);
      log(`bench: written to ${out}`);
    }
    const json = opt('json');
    if (json) writeFileSync(json, JSON.stringify({ unit, bare, rows: rows.map((r) => ({ ...r, cost: costOf(r, unit) })), overGrab, naiveOverGrab, packetLag, giftLag, follow }, null, 2));
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const fmtMs = (ms: number) => `${Math.round(ms)} ms`;

/** The push floor's number comes from `npm run bench:push`'s last run, if there is one. */
const lastPush = (): { p99: number; date: string } | null => {
  const file = join(root, 'bench/results/push-latest.md');
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const p99 = /\| latency p99[^|]*\| ([\d.]+) ms/.exec(text)?.[1];
  const date = /Push fan-out, (\d{4}-\d{2}-\d{2})/.exec(text)?.[1] ?? '';
  return p99 ? { p99: Number(p99), date } : null;
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

const topStatements = async (pool: ReturnType<typeof createPool>) => {
  const r = await pool.query<{ calls: string; ms: number; plan_ms: number; rows: string; query: string }>(
    `select calls, total_exec_time as ms, total_plan_time as plan_ms, rows, regexp_replace(query, '\\s+', ' ', 'g') as query
     from pg_stat_statements where query not like '%pg_stat_statements%' order by total_exec_time + total_plan_time desc limit 16`,
  );
  return r.rows.map((x) => ({ calls: Number(x.calls), ms: x.ms, planMs: x.plan_ms, rows: Number(x.rows), query: x.query }));
};

const okOfRounds = (rounds: { result: LoadResult }[]) => rounds.reduce((n, r) => n + r.result.ok, 0);

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
