// Levers for the push fan-out, measured on uWebSockets.js alone (no product code runs but the
// frame encoder): how the same messages cost the gateway when they leave one frame per publish
// and loop turn (the gateway today, coalescing off), several frames published in one loop turn,
// one merged frame standing for several messages (the gateway's coalescing), or a JavaScript loop
// of corked per-socket sends instead of a topic. A report for the push gateway's authors, not a
// test; bench/push.ts measures the product's whole path.
//
//   node --import tsx bench/push-levers.ts [--listeners 10000] [--seconds 8] [--batch 4] [--perf]
//
// Writes its table to bench/results/push-levers-latest.md.
//
// Messages go out at 10 per second in every mode (a gift every 100 ms); batched modes send
// `--batch` of them every batch × 100 ms, so they add up to (batch - 1) × 100 ms of waiting to
// the first message of a batch. The listeners are bench/push-client.ts in a child process.
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import uWS from 'uWebSockets.js';
import type { WebSocket } from 'uWebSockets.js';
import { encode, encodeGroup } from '../services/push/frames.js';
import type { PushMessage } from '../projections/push/store.js';
import { splitCpu } from './cpu.js';
import { perfStat } from './perf.js';
import type { FromClient, ToClient } from './push-client.js';

const opt = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const n = Number(i >= 0 ? process.argv[i + 1] : fallback);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const listeners = opt('listeners', 10_000);
const seconds = opt('seconds', 8);
const batch = Math.floor(opt('batch', 4));
const withPerf = process.argv.includes('--perf');
const channel = 'room:bench';
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const turn = () => new Promise((r) => setImmediate(r));

type Mode = 'one frame per turn' | 'frames of a batch in one turn' | 'one merged frame per batch' | 'JS loop of corked sends, one per turn';
const modes: Mode[] = ['one frame per turn', 'frames of a batch in one turn', 'one merged frame per batch', 'JS loop of corked sends, one per turn'];

const main = async () => {
  const sockets = new Set<WebSocket<object>>();
  let seq = 0;
  const app = uWS.App().ws<object>('/v1/ws', {
    compression: uWS.DISABLED,
    maxBackpressure: 64 * 1024 * 1024,
    idleTimeout: 120,
    sendPingsAutomatically: false,
    open: (ws) => void sockets.add(ws),
    close: (ws) => void sockets.delete(ws),
    message: (ws) => {
      // The only client frame here is the subscription.
      ws.subscribe(channel);
      ws.send(encode({ op: 'subscribed', channel, seq }), false);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    app.listen('127.0.0.1', 0, (s) => (s ? resolve(uWS.us_socket_local_port(s)) : reject(new Error('cannot listen')))),
  );

  const child = fork(fileURLToPath(new URL('./push.ts', import.meta.url)), ['--listeners-process'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let received = 0;
  const waiting: ((m: Extract<FromClient, { kind: 'report' }>) => void)[] = [];
  const ready = new Promise<void>((resolve) =>
    child.on('message', (m: FromClient) => {
      if (m.kind === 'ready') resolve();
      else if (m.kind === 'received') received += m.n;
      else if (m.kind === 'report') waiting.shift()?.(m);
    }),
  );
  child.send({ kind: 'start', port, count: listeners, offset: 0, client: 'raw', channel: 'room:bench' } satisfies ToClient);
  await ready;
  console.error(`push levers: ${listeners} listeners connected; ${seconds} s per mode, batches of ${batch}`);

  const message = (): PushMessage => {
    seq++;
    return { channel, seq, type: 'gift', data: { giftSendId: `g-${now().toFixed(3)}`, giftId: 'rose', fromUserId: 'bench-sender', toUserId: 'host', count: 1, unitPrice: 1, roomId: 'bench', value: 1 }, at: new Date().toISOString() };
  };
  const results: string[] = [];
  for (const mode of modes) {
    const sentAt = new Map<number, number>();
    const messages = Math.round(seconds * 10);
    const expected = received + messages * listeners;
    const cpu0 = splitCpu([child.pid ?? 0]);
    const perf = withPerf ? perfStat() : null;
    const writes: number[] = [];
    const t0 = Date.now();
    const per = mode === 'one frame per turn' || mode.startsWith('JS loop') ? 1 : batch;
    for (let k = 0; k < messages; k += per) {
      const due = t0 + (k + per - 1) * 100;
      if (due > Date.now()) await sleep(due - Date.now());
      const msgs = Array.from({ length: Math.min(per, messages - k) }, message);
      // Each message as if it arose on the 100 ms schedule: a batch's wait counts in its latency.
      msgs.forEach((m, i) => sentAt.set(m.seq, Math.min(now(), t0 + (k + i) * 100)));
      const w0 = performance.now();
      if (mode === 'one merged frame per batch') app.publish(channel, encodeGroup(msgs), false);
      else if (mode.startsWith('JS loop')) {
        const bytes = encode(msgs[0] ?? message());
        for (const ws of sockets) ws.cork(() => ws.send(bytes, false));
      } else for (const m of msgs) app.publish(channel, encode(m), false);
      // The native writes of topic frames happen when JS hands the loop back: two turns later they are done.
      await turn();
      await turn();
      writes.push(performance.now() - w0);
    }
    const drainUntil = Date.now() + 20_000;
    while (received < expected && Date.now() < drainUntil) await sleep(50);
    const syscalls = perf ? await perf() : null;
    const cpu1 = splitCpu([child.pid ?? 0]);
    const report = await new Promise<Extract<FromClient, { kind: 'report' }>>((resolve) => {
      waiting.push(resolve);
      child.send({ kind: 'report', sentAt: [...sentAt] } satisfies ToClient);
    });
    const delivered = messages * listeners;
    const us = (ms: number) => `${((ms * 1000) / delivered).toFixed(2)}`;
    const gw = cpu1.self.user + cpu1.self.system - cpu0.self.user - cpu0.self.system;
    const cl = cpu1.others.user + cpu1.others.system - cpu0.others.user - cpu0.others.system;
    const sendto = syscalls && typeof syscalls !== 'string' ? ((syscalls.get('sendto') ?? 0) / delivered).toFixed(2) : '-';
    const hist = new Map(Object.entries(report.histogram).map(([k, v]) => [Number(k), v]));
    const q = (p: number) => {
      const total = [...hist.values()].reduce((a, b) => a + b, 0);
      let seen = 0;
      for (const k of [...hist.keys()].sort((a, b) => a - b)) if ((seen += hist.get(k) ?? 0) >= Math.ceil(total * p)) return (k / 10).toFixed(0);
      return '-';
    };
    writes.sort((a, b) => a - b);
    const perBatch = writes[Math.floor(writes.length / 2)] ?? Number.NaN;
    results.push(
      `| ${mode} | ${per} | ${us(gw)} (user ${us(cpu1.self.user - cpu0.self.user)}, system ${us(cpu1.self.system - cpu0.self.system)}) | ${sendto} | ${perBatch.toFixed(1)} | ${us(cl)} | ${q(0.5)} / ${q(0.99)} | ${received >= expected ? 'all' : `${received - (expected - delivered)} of ${delivered}`} |`,
    );
    console.error(results.at(-1));
  }
  const table = [
    `Push levers, ${new Date().toISOString().slice(0, 10)}: \`node --import tsx bench/push-levers.ts --listeners ${listeners} --seconds ${seconds} --batch ${batch}${withPerf ? ' --perf' : ''}\` (uWS alone, 10 messages/s)`,
    '',
    '| mode | messages per publish turn | gateway CPU µs per message delivered | sendto per message | write of one turn, p50 ms | listeners CPU µs per message | latency p50 / p99 ms (due → client) | delivered |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...results,
    '',
  ].join('\n');
  console.log(table);
  writeFileSync(fileURLToPath(new URL('./results/push-levers-latest.md', import.meta.url)), table);
  child.send({ kind: 'exit' } satisfies ToClient);
  setTimeout(() => process.exit(0), 200);
};

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
