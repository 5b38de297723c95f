// Push fan-out benchmark (`npm run bench:push`): N listeners in one room, a gift every 100 ms,
// through the whole embedded path: event store append → store EventSource → push projector
// (stored with its seq) → gateway → WebSocket clients. Reports delivery latency (append to
// client receipt) p50/p99, the gateway's fan-out time per gift and its memory per connection,
// and writes them as a markdown table (for the README) to bench/results/push-latest.md. A
// report, not a test.
//
//   npm run bench:push -- --listeners 2000 --seconds 10 [--interval-ms 100] [--workers 3] [--coalesce-ms 0]
//   env: PUSH_BENCH_LISTENERS, PUSH_BENCH_SECONDS, PUSH_BENCH_INTERVAL_MS, PUSH_BENCH_WORKERS, PUSH_BENCH_COALESCE_MS
//
// Listeners run in child processes (ws clients), so the gateway process measures only itself.
// Everything stays on 127.0.0.1 and the run stops by itself.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import WebSocket from 'ws';

type ToChild = { kind: 'start'; port: number; count: number; offset: number } | { kind: 'report' } | { kind: 'exit' };
type FromChild =
  | { kind: 'connected'; n: number }
  | { kind: 'ready' }
  | { kind: 'received'; n: number }
  | { kind: 'report'; histogram: Record<string, number>; frames: number; gaps: number; closed: number };

const now = () => performance.timeOrigin + performance.now();
/** Latency histogram in 0.1 ms buckets. */
const bucket = (ms: number) => Math.min(Math.max(0, Math.round(ms * 10)), 600_000);

const arg = (name: string, env: string, fallback: number): number => {
  const argv = process.argv;
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const raw = i < 0 ? process.env[env] : (argv[i]?.includes('=') ? argv[i]?.split('=')[1] : argv[i + 1]);
  const n = Number(raw ?? fallback);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
  return n;
};

// ---- client process -------------------------------------------------------------------
const runClient = () => {
  const send = (m: FromChild) => process.send?.(m);
  const histogram = new Map<number, number>();
  let frames = 0;
  let gaps = 0;
  let closed = 0;
  let sinceTick = 0;
  const sockets: WebSocket[] = [];
  const ticker = setInterval(() => {
    if (sinceTick > 0) send({ kind: 'received', n: sinceTick });
    sinceTick = 0;
  }, 250);
  const connectOne = (port: number, user: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/ws?token=bench-${user}`, { perMessageDeflate: false });
      let last = -1;
      ws.on('message', (raw) => {
        const f = JSON.parse(String(raw)) as { op?: string; seq?: number; fromSeq?: number; data?: { giftSendId?: string } };
        if (f.op === 'subscribed') {
          last = f.seq ?? 0;
          resolve();
          return;
        }
        if (typeof f.seq !== 'number') return;
        const covered = f.seq - (f.fromSeq ?? f.seq) + 1; // a coalesced frame stands for several messages
        frames += covered;
        sinceTick += covered;
        if ((f.fromSeq ?? f.seq) !== last + 1) gaps++;
        last = f.seq;
        const sentAt = Number(String(f.data?.giftSendId ?? '').split('-')[1]);
        if (Number.isFinite(sentAt) && sentAt > 0) {
          const b = bucket(now() - sentAt);
          histogram.set(b, (histogram.get(b) ?? 0) + 1);
        }
      });
      ws.on('open', () => ws.send(JSON.stringify({ op: 'subscribe', channel: 'room:bench' })));
      ws.on('close', () => closed++);
      ws.on('error', reject);
      sockets.push(ws);
    });
  process.on('message', (m: ToChild) => {
    if (m.kind === 'start') {
      void (async () => {
        let next = 0;
        let done = 0;
        const lane = async () => {
          while (next < m.count) {
            const i = next++;
            await connectOne(m.port, String(m.offset + i));
            if (++done % 100 === 0) send({ kind: 'connected', n: 100 });
          }
        };
        await Promise.all(Array.from({ length: 64 }, lane));
        send({ kind: 'connected', n: done % 100 });
        send({ kind: 'ready' });
      })().catch((err: unknown) => {
        console.error('bench client failed to connect:', err);
        process.exit(1);
      });
    } else if (m.kind === 'report') {
      send({ kind: 'report', histogram: Object.fromEntries([...histogram].map(([k, v]) => [String(k), v])), frames, gaps, closed });
    } else {
      clearInterval(ticker);
      for (const ws of sockets) ws.terminate();
      setTimeout(() => process.exit(0), 50);
    }
  });
};

// ---- gateway process ------------------------------------------------------------------
const percentile = (h: Map<number, number>, total: number, p: number): number => {
  const want = Math.ceil(total * p);
  let seen = 0;
  for (const k of [...h.keys()].sort((a, b) => a - b)) {
    seen += h.get(k) ?? 0;
    if (seen >= want) return k / 10;
  }
  return NaN;
};

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

const runBench = async () => {
  const listeners = Math.floor(arg('listeners', 'PUSH_BENCH_LISTENERS', 10_000));
  const seconds = arg('seconds', 'PUSH_BENCH_SECONDS', 20);
  const intervalMs = arg('interval-ms', 'PUSH_BENCH_INTERVAL_MS', 100);
  const workers = Math.max(1, Math.floor(arg('workers', 'PUSH_BENCH_WORKERS', 3)));
  const coalesceMs = arg('coalesce-ms', 'PUSH_BENCH_COALESCE_MS', 0);
  const { startEmbeddedPostgres } = await import('../services/shared/postgres/embedded.js');
  const { migrate } = await import('../services/shared/postgres/migrate.js');
  const { createPool } = await import('../services/shared/postgres/pool.js');
  const { createPostgresEventStore } = await import('../services/shared/event-store/postgres.js');
  const { createStoreEventSource } = await import('../services/shared/event-source/store.js');
  const { startPushGateway } = await import('../services/push/gateway.js');
  const { pushProjector } = await import('../services/push/projector.js');
  const { createPushHistory } = await import('../projections/push/history.js');
  const { freePortOn } = await import('../services/shared/net.js');

  console.log(`push bench: ${listeners} listeners in one room, a gift every ${intervalMs} ms for ${seconds} s, ${workers} client processes, coalesce ${coalesceMs} ms`);
  const dataDir = mkdtempSync(join(tmpdir(), 'mr-bench-push-'));
  const children: ChildProcess[] = [];
  const cleanup: (() => Promise<void>)[] = [async () => rmSync(dataDir, { recursive: true, force: true })];
  try {
    const pgh = await startEmbeddedPostgres({ dataDir, port: await freePortOn('127.0.0.1'), durable: false });
    cleanup.unshift(() => pgh.stop());
    await migrate(pgh.url);
    const pool = createPool({ connectionString: pgh.url, max: 8 });
    pool.on('error', () => {});
    cleanup.unshift(() => pool.end());
    const log = { info: () => {}, warn: (o: object, m: string) => console.warn(m, o), error: (o: object, m: string) => console.error(m, o) };
    const gateway = await startPushGateway({
      port: 0,
      host: '127.0.0.1',
      authenticate: async (token) => (token.startsWith('bench-') ? token : null),
      authorize: async () => true,
      history: createPushHistory(pool),
      maxBufferBytes: 1024 * 1024,
      idleTimeoutSeconds: 120,
      coalesceMs,
      log,
    });
    cleanup.unshift(() => gateway.close());
    const store = createPostgresEventStore({ connectionString: pgh.url, pool });
    // Append → publish (stored, about to fan out), to tell the pipeline's share from the fan-out's.
    const toPublish = new Map<number, number>();
    const publishMs: number[] = [];
    const fanOutMs: number[] = [];
    const publish: typeof gateway.publish = (m) => {
      const sentAt = m.type === 'gift' ? Number(m.data.giftSendId.split('-')[1]) : 0;
      if (sentAt > 0) toPublish.set(bucket(now() - sentAt), (toPublish.get(bucket(now() - sentAt)) ?? 0) + 1);
      const t0 = performance.now();
      gateway.publish(m);
      publishMs.push(performance.now() - t0);
      // uWS writes topic frames natively when JS hands the loop back, so the call alone no longer
      // shows the cost: the second immediate runs once that write is done.
      if (m.type === 'gift') setImmediate(() => setImmediate(() => fanOutMs.push(performance.now() - t0)));
    };
    const projector = pushProjector({ pool, publish, historyLimit: 1000, log });
    const running = await createStoreEventSource(store).start(projector);
    cleanup.unshift(() => running.stop());

    global.gc?.();
    const before = process.memoryUsage();
    const bars = new cliProgress.MultiBar(
      { format: '{label} [{bar}] {value}/{total} {extra}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    const connectBar = bars.create(listeners, 0, { label: 'connect ', extra: '' });
    const self = fileURLToPath(import.meta.url);
    const per = Math.ceil(listeners / workers);
    const reports: Extract<FromChild, { kind: 'report' }>[] = [];
    let ready = 0;
    let received = 0;
    let onReady = () => {};
    let onReports = () => {};
    for (let w = 0; w < workers; w++) {
      const count = Math.max(0, Math.min(per, listeners - w * per));
      if (count === 0) continue;
      const child = fork(self, ['--client'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      child.on('message', (m: FromChild) => {
        if (m.kind === 'connected') connectBar.increment(m.n);
        else if (m.kind === 'ready') {
          ready++;
          onReady();
        } else if (m.kind === 'received') received += m.n;
        else {
          reports.push(m);
          onReports();
        }
      });
      child.send({ kind: 'start', port: gateway.port, count, offset: w * per } satisfies ToChild);
    }
    await new Promise<void>((resolve) => {
      onReady = () => ready === children.length && resolve();
      onReady();
    });
    connectBar.update(listeners, { extra: 'all subscribed' });
    global.gc?.();
    const connected = process.memoryUsage();

    const gifts = Math.max(1, Math.round((seconds * 1000) / intervalMs));
    const runBar = bars.create(gifts, 0, { label: 'gifts   ', extra: '' });
    let sent = 0;
    let peakRss = connected.rss;
    const started = Date.now();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    while (sent < gifts) {
      const due = started + sent * intervalMs;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const at = now();
      const giftSendId = `b${sent}-${at.toFixed(3)}`;
      await store.append(
        `wallet-bench-sender`,
        [
          {
            id: randomUUID(),
            type: 'GiftSent',
            data: { reason: 'gift_out', refId: giftSendId, changes: [], giftSendId, giftId: 'rose', fromUserId: 'bench-sender', toUserId: 'host', count: 1, unitPrice: 1, coinsSpent: 1, roomId: 'bench' },
            metadata: { at: new Date(at).toISOString() },
          },
        ],
        { expectedRevision: 'any' },
      );
      sent++;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      runBar.update(sent, { extra: `delivered ${((received / (gifts * listeners)) * 100).toFixed(1)}% | rss ${mib(process.memoryUsage().rss)}` });
    }
    // Let the last gifts arrive (or give up after 10 s).
    const expected = gifts * listeners;
    const drainUntil = Date.now() + 10_000;
    while (received < expected && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const cpu = process.cpuUsage(cpu0);
    const cpuWallUs = (Date.now() - started) * 1000;
    runBar.update(sent, { extra: `delivered ${((received / expected) * 100).toFixed(1)}%` });
    bars.stop();

    await new Promise<void>((resolve) => {
      onReports = () => reports.length === children.length && resolve();
      for (const c of children) c.send({ kind: 'report' } satisfies ToChild);
    });
    const histogram = new Map<number, number>();
    let frames = 0;
    let gaps = 0;
    let closed = 0;
    for (const r of reports) {
      frames += r.frames;
      gaps += r.gaps;
      closed += r.closed;
      for (const [k, v] of Object.entries(r.histogram)) histogram.set(Number(k), (histogram.get(Number(k)) ?? 0) + v);
    }
    const samples = [...histogram.values()].reduce((a, b) => a + b, 0);
    const perConn = (connected.rss - before.rss) / listeners;
    const perConnHeap = (connected.heapUsed - before.heapUsed) / listeners;
    const p50 = percentile(histogram, samples, 0.5);
    const p99 = percentile(histogram, samples, 0.99);
    const max = percentile(histogram, samples, 1);
    const published = [...toPublish.values()].reduce((a, b) => a + b, 0);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const fanOut = median(fanOutMs);
    const publishCall = median(publishMs);
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    const rows: [string, string][] = [
      ['listeners (one room)', `${listeners}, ${gateway.stats().connections} still connected, ${closed} closed during the run`],
      ['gifts', `${sent}, one per ${intervalMs} ms, coalesce ${coalesceMs} ms`],
      ['delivered', `${frames} of ${expected} (${((frames / expected) * 100).toFixed(2)}%), seq gaps ${gaps}`],
      ['latency p50 (append → client)', ms(p50)],
      ['latency p99', ms(p99)],
      ['latency max', ms(max)],
      ['append → handed to the gateway', `p50 ${ms(percentile(toPublish, published, 0.5))}, p99 ${ms(percentile(toPublish, published, 0.99))}`],
      ['fan-out per gift (publish → frames written)', `p50 ${ms(fanOut)} (publish call ${ms(publishCall)})`],
      // System time is mostly the socket writes (on loopback the kernel also runs the receiver's side).
      ['gateway process during the gifts', `event loop busy ${(elu * 100).toFixed(0)}%, CPU user ${((cpu.user / cpuWallUs) * 100).toFixed(0)}% + system ${((cpu.system / cpuWallUs) * 100).toFixed(0)}% of one core`],
      ['memory / connection', `${(perConn / 1024).toFixed(1)} KiB rss, ${(perConnHeap / 1024).toFixed(2)} KiB JS heap${global.gc ? ' (after gc)' : ''}`],
      ['gateway rss', `${mib(before.rss)} idle → ${mib(connected.rss)} connected → ${mib(peakRss)} peak`],
    ];
    const table = [
      `Push fan-out, ${new Date().toISOString().slice(0, 10)}: \`npm run bench:push -- --listeners ${listeners} --seconds ${seconds} --interval-ms ${intervalMs} --workers ${workers} --coalesce-ms ${coalesceMs}\``,
      '',
      '| measure | value |',
      '| --- | --- |',
      ...rows.map(([k, v]) => `| ${k} | ${v} |`),
      '',
    ].join('\n');
    console.log('');
    console.log(table);
    const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'push-latest.md');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, table);
    console.log(`written to ${out}`);
  } finally {
    for (const c of children) if (c.connected) c.send({ kind: 'exit' } satisfies ToChild);
    for (const f of cleanup) await f().catch(() => {});
  }
};

if (process.argv.includes('--client')) runClient();
else
  runBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
