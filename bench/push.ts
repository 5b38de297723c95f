// Push fan-out benchmark (`npm run bench:push`): N listeners in one room, a gift every 100 ms
// (or, with --message chat, a chat message every interval into a room's or, with --channel group,
// a group's conversation),
// through the whole embedded path: event store append → store EventSource → push projector
// (stored with its seq) → gateway → WebSocket clients. Reports delivery latency (append to
// client receipt) p50/p99/max, delivered/expected and seq gaps, and where the gateway's time
// goes: its main thread on a CPU (user, system) or waiting for one, its event loop, the CPU of
// every other party on the machine (listeners, PostgreSQL, neighbours), and with --perf the
// system calls it made. Writes a markdown table (for the README) to
// bench/results/push-latest.md. A report, not a test.
//
//   npm run bench:push -- --listeners 2000 --seconds 10 [--interval-ms 100] [--workers 1]
//        [--coalesce-ms 0] [--client raw|ws] [--client-nice 0] [--perf] [--out FILE]
//        [--message gift|chat] [--channel room|group] [--projector-thread]
//   a 5,000-listener chatroom at 20 messages/s:
//        npm run bench:push -- --message chat --listeners 5000 --interval-ms 50 --out bench/results/push-chatroom.md
//   a 500-member group, one message a second:
//        npm run bench:push -- --message chat --channel group --listeners 500 --interval-ms 1000 --out bench/results/push-group.md
//   env: PUSH_BENCH_LISTENERS, PUSH_BENCH_SECONDS, PUSH_BENCH_INTERVAL_MS, PUSH_BENCH_WORKERS,
//        PUSH_BENCH_COALESCE_MS, PUSH_BENCH_CLIENT, PUSH_BENCH_CLIENT_NICE
//
// This process holds the gateway, the push projector (on the gateway's event loop, where
// `npm start` gives it a thread of its own) and the gift generator; PostgreSQL is its child. The
// listeners run in `--workers` child processes (bench/push-client.ts, over IPC), so they share
// neither the gateway's event loop nor its heap, only the machine's cores. --client-nice lowers
// their priority, to see the gateway as if its listeners were elsewhere. --projector-thread runs
// the push projector on a thread of its own, as `npm start` does (PROJECTOR_THREAD, on by
// default): its round trips then no longer wait behind the fan-out on the gateway's loop, and
// its messages come back to the gateway in one hand-over per batch. Everything stays on
// 127.0.0.1 and the run stops by itself.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, setPriority, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { machineCpu, splitCpu, threadCpu } from './cpu.js';
import { perfStat } from './perf.js';
import { bucket, runClient, type FromClient, type ToClient } from './push-client.js';

const now = () => performance.timeOrigin + performance.now();
const LISTENERS_PROCESS = '--listeners-process';

const rawArg = (name: string, env: string): string | undefined => {
  const argv = process.argv;
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return i < 0 ? process.env[env] : argv[i]?.includes('=') ? argv[i]?.split('=')[1] : argv[i + 1];
};
const arg = (name: string, env: string, fallback: number): number => {
  const n = Number(rawArg(name, env) ?? fallback);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
  return n;
};

const percentile = (h: Map<number, number>, p: number): number => {
  const total = [...h.values()].reduce((a, b) => a + b, 0);
  const want = Math.max(1, Math.ceil(total * p));
  let seen = 0;
  for (const k of [...h.keys()].sort((a, b) => a - b)) {
    seen += h.get(k) ?? 0;
    if (seen >= want) return k / 10;
  }
  return NaN;
};
const record = (h: Map<number, number>, ms: number) => h.set(bucket(ms), (h.get(bucket(ms)) ?? 0) + 1);
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;

interface Measured {
  listeners: number;
  channel: string;
  what: string;
  children: number;
  clientKind: string;
  clientNice: number;
  connectedNow: number;
  sent: number;
  intervalMs: number;
  coalesceMs: number;
  expected: number;
  /** The gift phase, drain included: the CPU shares below are of it. */
  wallMs: number;
  elu: number;
  delivery: { messages: number; frames: number; gaps: number; closed: number; unmatched: number; latency: Histo; toPublish: Histo; toWritten: Histo; fanOut: Histo; publishCall: Histo; toStored: Histo; toConsumer: Histo };
  cpu: { a: Split; b: Split; mainA: Thread; mainB: Thread; machineA: Machine; machineB: Machine };
  syscalls: Map<string, number> | string | null;
  memory: { before: NodeJS.MemoryUsage; connected: NodeJS.MemoryUsage; peakRss: number };
}
type Histo = Map<number, number>;
type Split = ReturnType<typeof splitCpu>;
type Thread = ReturnType<typeof threadCpu>;
type Machine = ReturnType<typeof machineCpu>;

/** The report's rows: delivery, latency, and who had the cores during the gift phase. */
const describe = (x: Measured): [string, string][] => {
  const { messages, frames, gaps, closed, unmatched, latency, toPublish, toWritten, fanOut, publishCall, toStored, toConsumer } = x.delivery;
  const { a, b, mainA, mainB, machineA, machineB } = x.cpu;
  const { listeners, expected, wallMs } = x;
  const share = (v: number) => `${((v / wallMs) * 100).toFixed(0)}%`;
  const us = (v: number) => `${((v * 1000) / Math.max(frames, 1)).toFixed(2)} µs`;
  const d = (k: 'self' | 'others' | 'rest', f: 'user' | 'system') => b[k][f] - a[k][f];
  const gw = d('self', 'user') + d('self', 'system');
  const clients = d('others', 'user') + d('others', 'system');
  const pg = d('rest', 'user') + d('rest', 'system');
  const busy = machineB.busy - machineA.busy;
  const mainOn = mainB.user + mainB.system - mainA.user - mainA.system;
  const perConn = (x.memory.connected.rss - x.memory.before.rss) / listeners;
  const perConnHeap = (x.memory.connected.heapUsed - x.memory.before.heapUsed) / listeners;
  const rows: [string, string][] = [
    [`listeners (on ${x.channel})`, `${listeners} in ${x.children} client process(es) (${x.clientKind === 'raw' ? 'raw WebSocket reader' : 'ws library'}, nice ${x.clientNice}); ${x.connectedNow} still connected, ${closed} closed during the run`],
    [`${x.what}s`, `${x.sent}, one per ${x.intervalMs} ms, coalesce ${x.coalesceMs} ms`],
    ['delivered', `${messages} of ${expected} messages (${((messages / expected) * 100).toFixed(2)}%) in ${frames} frames, seq gaps ${gaps}${unmatched ? `, ${unmatched} without an append time` : ''}`],
    ['latency p50 (append → client)', ms(percentile(latency, 0.5))],
    ['latency p99', ms(percentile(latency, 0.99))],
    ['latency max', ms(percentile(latency, 1))],
    // The hand-over in steps: the append's own call returned; the push projector was handed the batch holding it; the gateway's publish.
    ['append → append returned (stored)', `p50 ${ms(percentile(toStored, 0.5))}, p99 ${ms(percentile(toStored, 0.99))}`],
    ['append → read by the push projector', `p50 ${ms(percentile(toConsumer, 0.5))}, p99 ${ms(percentile(toConsumer, 0.99))}`],
    ['append → handed to the gateway', `p50 ${ms(percentile(toPublish, 0.5))}, p99 ${ms(percentile(toPublish, 0.99))}`],
  ];
  if (x.coalesceMs === 0) {
    rows.push(
      // Seen when the main thread next runs after the write, so an upper bound.
      ['append → written to every socket (gateway side)', `p50 ${ms(percentile(toWritten, 0.5))}, p99 ${ms(percentile(toWritten, 0.99))}`],
      ['fan-out per gift (publish → frames written)', `p50 ${ms(percentile(fanOut, 0.5))}, p99 ${ms(percentile(fanOut, 0.99))} (publish call p50 ${ms(percentile(publishCall, 0.5))})`],
    );
  }
  rows.push(
    // Waiting: runnable but not running (schedstat). On loopback, system time includes much of the receiving side's TCP work.
    ['gateway main thread (uWS, JS, projector, generator)', `on a CPU ${share(mainOn)} of the time (user ${share(mainB.user - mainA.user)}, system ${share(mainB.system - mainA.system)}), waiting for a CPU ${share(mainB.waiting - mainA.waiting)}; event loop busy ${(x.elu * 100).toFixed(0)}%`],
    ['gateway process, all threads', `${share(gw)} of one core (user ${share(d('self', 'user'))}, system ${share(d('self', 'system'))}); ${us(gw)} per frame delivered`],
    ["listeners' client process(es)", `${share(clients)} of one core (user ${share(d('others', 'user'))}, system ${share(d('others', 'system'))}); ${us(clients)} per frame`],
    ['PostgreSQL', `${share(pg)} of one core`],
    ['whole machine', `${share(busy)} of one core busy out of ${cpus().length * 100}% (softirq ${share(machineB.softirq - machineA.softirq)}, stolen by the host ${share(machineB.steal - machineA.steal)}); other processes (neighbours) ~${share(Math.max(0, busy - gw - clients - pg))}`],
  );
  const sc = x.syscalls;
  if (sc !== null) {
    const count = (k: string) => (typeof sc === 'string' ? 0 : (sc.get(k) ?? 0));
    rows.push([
      'gateway system calls (perf stat)',
      typeof sc === 'string'
        ? sc
        : `sendto ${count('sendto')} (${(count('sendto') / Math.max(frames, 1)).toFixed(3)} per frame), sendmsg ${count('sendmsg')}, write ${count('write')}, writev ${count('writev')}, epoll_wait ${count('epoll_wait')} + epoll_pwait ${count('epoll_pwait')}, context switches ${count('context-switches')}`,
    ]);
  }
  rows.push(
    ['memory / connection', `${(perConn / 1024).toFixed(1)} KiB rss, ${(perConnHeap / 1024).toFixed(2)} KiB JS heap${global.gc ? ' (after gc)' : ''}`],
    ['gateway rss', `${mib(x.memory.before.rss)} idle → ${mib(x.memory.connected.rss)} connected → ${mib(x.memory.peakRss)} peak`],
  );
  return rows;
};

const runBench = async () => {
  const listeners = Math.floor(arg('listeners', 'PUSH_BENCH_LISTENERS', 10_000));
  const seconds = arg('seconds', 'PUSH_BENCH_SECONDS', 20);
  const intervalMs = arg('interval-ms', 'PUSH_BENCH_INTERVAL_MS', 100);
  const workers = Math.max(1, Math.floor(arg('workers', 'PUSH_BENCH_WORKERS', 1)));
  const coalesceMs = arg('coalesce-ms', 'PUSH_BENCH_COALESCE_MS', 0);
  const clientKind = rawArg('client', 'PUSH_BENCH_CLIENT') === 'ws' ? 'ws' : 'raw';
  const clientNice = Math.floor(arg('client-nice', 'PUSH_BENCH_CLIENT_NICE', 0));
  const withPerf = process.argv.includes('--perf');
  const onThread = process.argv.includes('--projector-thread');
  const chat = rawArg('message', 'PUSH_BENCH_MESSAGE') === 'chat';
  const kind = rawArg('channel', 'PUSH_BENCH_CHANNEL') === 'group' ? 'group' : 'room';
  if (kind === 'group' && !chat) throw new Error('--channel group needs --message chat (gifts go to rooms)');
  const channel = `${kind}:bench`;
  const what = chat ? 'chat message' : 'gift';
  const { startEmbeddedPostgres } = await import('../services/shared/postgres/embedded.js');
  const { migrate } = await import('../services/shared/postgres/migrate.js');
  const { createPool } = await import('../services/shared/postgres/pool.js');
  const { createPostgresEventStore } = await import('../services/shared/event-store/postgres.js');
  const { createStoreEventSource } = await import('../services/shared/event-source/store.js');
  const { startPushGateway } = await import('../services/push/gateway.js');
  const { pushProjector } = await import('../services/push/projector.js');
  const { createPushHistory } = await import('../projections/push/history.js');
  const { freePortOn } = await import('../services/shared/net.js');

  const command = `npm run bench:push -- --listeners ${listeners} --seconds ${seconds} --interval-ms ${intervalMs} --workers ${workers} --coalesce-ms ${coalesceMs} --client ${clientKind} --client-nice ${clientNice}${withPerf ? ' --perf' : ''}${chat ? ` --message chat --channel ${kind}` : ''}${onThread ? ' --projector-thread' : ''}`;
  console.log(`push bench: ${listeners} listeners on ${channel}, a ${what} every ${intervalMs} ms for ${seconds} s, ${workers} client process(es) (${clientKind}, nice ${clientNice}), coalesce ${coalesceMs} ms`);
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
    // Each gift's append time by its seq (the clients work their latency out from it), and the
    // gateway's side: append → publish (stored, about to fan out) and → written to every socket.
    const sentAt = new Map<number, number>();
    const toPublish = new Map<number, number>();
    const toWritten = new Map<number, number>();
    const fanOut = new Map<number, number>();
    const publishCall = new Map<number, number>();
    const publish: typeof gateway.publish = (m) => {
      // The generator writes its send time into the gift's id or the message's client id.
      const sent = m.type === 'gift' ? Number(m.data.giftSendId.split('-')[1]) : m.type === 'message' ? Number(m.data.clientMsgId.split('-')[1]) : 0;
      const gift = sent > 0;
      if (gift) {
        sentAt.set(m.seq, sent);
        record(toPublish, now() - sent);
      }
      const t0 = performance.now();
      gateway.publish(m);
      record(publishCall, performance.now() - t0);
      // uWS writes topic frames natively when JS hands the loop back, so the call alone does not
      // show the cost: the second immediate runs once that write is done. (With coalescing the
      // write waits for the tick, so this measures nothing and is not reported.)
      if (gift && coalesceMs === 0)
        setImmediate(() =>
          setImmediate(() => {
            record(fanOut, performance.now() - t0);
            record(toWritten, now() - sent);
          }),
        );
    };
    const toStored = new Map<number, number>();
    const toConsumer = new Map<number, number>();
    const stampOf = (data: Record<string, unknown>): number => Number(String(data.clientMsgId ?? data.giftSendId ?? '').split('-')[1] ?? NaN);
    const inner = pushProjector({ pool, publish, historyLimit: 1000, log });
    const projector: typeof inner = {
      ...inner,
      handle: (batch) => {
        const t = now();
        for (const e of batch.events) {
          const sent = stampOf(e.data);
          if (sent > 0) record(toConsumer, t - sent);
        }
        return inner.handle(batch);
      },
    };
    if (onThread) {
      // The thread reads the log itself: "read by the push projector" is not seen from here.
      const { startProjectorThread } = await import('../services/shared/consumers/thread.js');
      const { loadConfig } = await import('../services/shared/config.js');
      // DEV_MODE: the thread needs only the store's and the log's settings, none of the product's secrets.
      const config = loadConfig({ ...process.env, DEV_MODE: 'true', DATABASE_URL: pgh.url, PUSH_HISTORY_LIMIT: '1000', LOG_LEVEL: 'warn' });
      const t = await startProjectorThread({ kind: 'push', config, databaseUrl: pgh.url, publish, revoke: () => {} });
      cleanup.unshift(() => t.running.stop());
    } else {
      const running = await createStoreEventSource(store).start(projector);
      cleanup.unshift(() => running.stop());
    }

    global.gc?.();
    const before = process.memoryUsage();
    const bars = new cliProgress.MultiBar(
      { format: '{label} [{bar}] {value}/{total} {extra}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    const connectBar = bars.create(listeners, 0, { label: 'connect ', extra: '' });
    const per = Math.ceil(listeners / workers);
    const reports: Extract<FromClient, { kind: 'report' }>[] = [];
    let ready = 0;
    let received = 0;
    let onReady = () => {};
    let onReports = () => {};
    for (let w = 0; w < workers; w++) {
      const count = Math.max(0, Math.min(per, listeners - w * per));
      if (count === 0) continue;
      const child = fork(fileURLToPath(import.meta.url), [LISTENERS_PROCESS], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      if (clientNice !== 0 && child.pid) setPriority(child.pid, clientNice);
      children.push(child);
      child.on('message', (m: FromClient) => {
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
      child.send({ kind: 'start', port: gateway.port, count, offset: w * per, client: clientKind, channel } satisfies ToClient);
    }
    await new Promise<void>((resolve) => {
      onReady = () => ready === children.length && resolve();
      onReady();
    });
    connectBar.update(listeners, { extra: 'all subscribed' });
    global.gc?.();
    const connected = process.memoryUsage();

    const gifts = Math.max(1, Math.round((seconds * 1000) / intervalMs));
    const runBar = bars.create(gifts, 0, { label: chat ? 'messages' : 'gifts   ', extra: '' });
    let sent = 0;
    let peakRss = connected.rss;
    const clientPids = children.map((c) => c.pid ?? 0).filter((p) => p > 0);
    const perf = withPerf ? perfStat() : null;
    const started = Date.now();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = splitCpu(clientPids);
    const main0 = threadCpu(process.pid);
    const machine0 = machineCpu();
    while (sent < gifts) {
      const due = started + sent * intervalMs;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const at = now();
      const stamp = `b${sent}-${at.toFixed(3)}`;
      const metadata = { at: new Date(at).toISOString() };
      if (chat) {
        const data = { conversationId: channel, seq: sent + 1, messageId: randomUUID(), clientMsgId: stamp, from: 'bench-sender', msgType: 'text', body: { text: `message ${sent}` }, at: metadata.at };
        await store.append(`conversation-${kind}-bench`, [{ id: randomUUID(), type: 'MessageSent', data, metadata }], { expectedRevision: 'any' });
      } else {
        const data = { reason: 'gift_out', refId: stamp, changes: [], giftSendId: stamp, giftId: 'rose', fromUserId: 'bench-sender', toUserId: 'host', count: 1, unitPrice: 1, coinsSpent: 1, roomId: 'bench' };
        await store.append(`wallet-bench-sender`, [{ id: randomUUID(), type: 'GiftSent', data, metadata }], { expectedRevision: 'any' });
      }
      record(toStored, now() - at);
      sent++;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      runBar.update(sent, { extra: `delivered ${((received / (gifts * listeners)) * 100).toFixed(1)}% | rss ${mib(process.memoryUsage().rss)}` });
    }
    // Let the last gifts arrive (or give up after 10 s).
    const expected = gifts * listeners;
    const drainUntil = Date.now() + 10_000;
    while (received < expected && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
    const wallMs = Date.now() - started;
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const cpu1 = splitCpu(clientPids);
    const main1 = threadCpu(process.pid);
    const machine1 = machineCpu();
    const syscalls = perf ? await perf() : null;
    runBar.update(sent, { extra: `delivered ${((received / expected) * 100).toFixed(1)}%` });
    bars.stop();

    await new Promise<void>((resolve) => {
      onReports = () => reports.length === children.length && resolve();
      for (const c of children) c.send({ kind: 'report', sentAt: [...sentAt] } satisfies ToClient);
    });
    const latency = new Map<number, number>();
    let messages = 0;
    let frames = 0;
    let gaps = 0;
    let closed = 0;
    let unmatched = 0;
    for (const r of reports) {
      messages += r.messages;
      frames += r.frames;
      gaps += r.gaps;
      closed += r.closed;
      unmatched += r.unmatched;
      for (const [k, v] of Object.entries(r.histogram)) latency.set(Number(k), (latency.get(Number(k)) ?? 0) + v);
    }

    const rows = describe({
      listeners, channel, what, children: children.length, clientKind, clientNice, connectedNow: gateway.stats().connections, sent, intervalMs, coalesceMs, expected, wallMs, elu,
      delivery: { messages, frames, gaps, closed, unmatched, latency, toPublish, toWritten, fanOut, publishCall, toStored, toConsumer },
      cpu: { a: cpu0, b: cpu1, mainA: main0, mainB: main1, machineA: machine0, machineB: machine1 },
      syscalls,
      memory: { before, connected, peakRss },
    });
    const table = [`Push fan-out, ${new Date().toISOString().slice(0, 10)}: \`${command}\``, '', '| measure | value |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`), ''].join('\n');
    console.log('');
    console.log(table);
    const out = rawArg('out', 'PUSH_BENCH_OUT') ?? join(dirname(fileURLToPath(import.meta.url)), 'results', 'push-latest.md');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, table);
    console.log(`written to ${out}`);
  } finally {
    for (const c of children) if (c.connected) c.send({ kind: 'exit' } satisfies ToClient);
    for (const f of cleanup) await f().catch(() => {});
  }
};

if (process.argv.includes(LISTENERS_PROCESS)) runClient();
else
  runBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
