// The markdown `npm run bench` prints and writes: the scenario table with each row's cost, the
// floors, and CPU by process. Pure formatting of what run.ts measured.
import { cpus, totalmem } from 'node:os';
import { shareOf, type CpuSpent } from './cpu.js';
import type { Row } from './scenarios.js';

export interface Lag {
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

export const noLag: Lag = { label: '', samples: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN, timeouts: 0, byConsumer: {}, heardP99: Number.NaN, loopDelayP99: Number.NaN };

export interface Spent {
  scenario: string;
  cpu: CpuSpent;
  /** Requests (events, for the event store) answered ok in the window; 0 for the idle window. */
  ok: number;
  /** How long the window waited, after the load, for what the requests set off (null: no wait). */
  settleMs: number | null;
  top: { calls: number; ms: number; planMs: number; rows: number; query: string }[];
}

/** The unit of cost: server-side CPU ms per ok GET /v1/health, flat out (the median of the bursts). */
export interface Unit {
  ms: number;
  /** Each burst's CPU ms per ok request. */
  bursts: number[];
  /** The same at a fixed moderate rate, reported for comparison. */
  pacedMs: number;
  pacedRate: number;
}

export interface Report {
  date: Date;
  quick: boolean;
  cfg: Record<string, number>;
  rows: Row[];
  unit: Unit;
  /** Flat-out health answers per second: the throughput reference ("bare"). */
  bare: number;
  overGrab: number;
  packetLag: Lag;
  giftLag: Lag;
  spent: Spent[];
  /** The push row's p99 and date, read from bench/results/push-latest.md (null when absent). */
  push: { p99: number; date: string } | null;
}

export const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');

/** A row's cost in health requests (NaN when not measured). */
export const costOf = (r: Row, unit: Unit): number => (r.perOk ? (r.perOk.product + r.perOk.postgres) / unit.ms : Number.NaN);

const byConsumer = (l: Lag) =>
  Object.entries(l.byConsumer)
    .map(([n, v]) => `${n.replace('projection:', '')} ${fmt(v, 1)}`)
    .join(', ');

const lagRow = (n: string, l: Lag) =>
  `| 5. projection lag during ${n} (commit → all read models committed) | | ${l.samples} appends | | | ${l.timeouts} | | ${fmt(l.p50, 1)} | ${fmt(l.p99, 1)} | | | | max ${fmt(l.max, 1)} ms; p99 by consumer: ${byConsumer(l)}; heard by the API thread: p99 ${fmt(l.heardP99, 1)} ms (its event-loop delay p99 ${fmt(l.loopDelayP99, 1)} ms) |`;

const costCells = (r: Row, unit: Unit) => {
  if (!r.perOk) return '- | - | -';
  const { product, postgres } = r.perOk;
  return `${fmt(costOf(r, unit), 1)} | ${fmt(product / unit.ms, 1)} + ${fmt(postgres / unit.ms, 1)} | ${fmt(product, 3)} + ${fmt(postgres, 3)}`;
};

/** "yes", "no (2.1 × the floor)", or "-" when not measured. A cost floor is a ceiling. */
const verdict = (measured: number, limit: number, kind: 'at most' | 'at least' | 'below') => {
  if (!Number.isFinite(measured) || !Number.isFinite(limit)) return '-';
  const ok = kind === 'at most' ? measured <= limit : kind === 'at least' ? measured >= limit : measured < limit;
  if (ok) return 'yes';
  return kind === 'at least' ? `no (${fmt((measured / limit) * 100)} % of it)` : `no (${fmt(measured / limit, 1)} × the limit)`;
};

const floors = (x: Report): string[] => {
  const row = (prefix: string) => x.rows.find((r) => r.scenario.startsWith(prefix));
  const packet = row('1.');
  const gifts = row('2.');
  const transfers = row('3.');
  const chat = row('4.');
  const cost = (r: Row | undefined) => (r ? costOf(r, x.unit) : Number.NaN);
  const packetRate = packet?.rate ?? Number.NaN;
  const lag = (l: Lag) => (l.samples > 0 ? l.p99 : Number.NaN);
  const push = x.push;
  return [
    '| floor | measured | needed | met |',
    '|---|---:|---:|---|',
    `| 1. hot red packet grab: cost (× health; read models, push and the process manager included, until settled) | ${fmt(cost(packet), 1)} | ≤ 6 | ${verdict(cost(packet), 6, 'at most')} |`,
    `| 1. hot red packet: grabs/s ≥ 0.25 × bare stack | ${fmt(packetRate)} | ${fmt(0.25 * x.bare)} | ${verdict(packetRate, 0.25 * x.bare, 'at least')} |`,
    `| 1. hot red packet: over-grab | ${packet ? x.overGrab : '-'} | 0 | ${packet ? (x.overGrab === 0 ? 'yes' : 'no') : '-'} |`,
    `| 1. hot red packet: projection lag p99 (ms) | ${fmt(lag(x.packetLag), 1)} | < 100 | ${verdict(lag(x.packetLag), 100, 'below')} |`,
    `| 2. gift to one hot receiver: cost (× health; until settled and the receiver's income credited) | ${fmt(cost(gifts), 1)} | ≤ 6 | ${verdict(cost(gifts), 6, 'at most')} |`,
    `| 2. gift to one hot receiver: projection lag p99 (ms) | ${fmt(lag(x.giftLag), 1)} | < 100 | ${verdict(lag(x.giftLag), 100, 'below')} |`,
    `| 3. transfer between cold wallets (create): cost (× health, until settled) | ${fmt(cost(transfers), 1)} | ≤ 10 | ${verdict(cost(transfers), 10, 'at most')} |`,
    `| 4. 1:1 chat message (send): cost (× health, until settled) | ${fmt(cost(chat), 1)} | ≤ 4 | ${verdict(cost(chat), 4, 'at most')} |`,
    `| 4. 1:1 chat message: send answered p99 (ms) | ${fmt(chat?.p99 ?? Number.NaN, 1)} | < 100 | ${verdict(chat?.p99 ?? Number.NaN, 100, 'below')} |`,
    `| push: one gift to 10,000 listeners of one room, 10 gifts/s: delivery p99 (ms; \`npm run bench:push\`, not this run) | ${push ? `${fmt(push.p99, 1)} (${push.date})` : 'see bench:push'} | < 200 | ${push ? verdict(push.p99, 200, 'below') : '-'} |`,
  ];
};

const pct = (share: number) => `${Math.round(share * 100)} %`;

const renderSpent = (spent: Spent[]): string[] => {
  if (spent.length === 0) return [];
  const lines = [
    '',
    `CPU by process during each window (100 % = one core; the machine has ${cpus().length}). The product's windows include the wait for what the requests set off:`,
    '',
    '| window | seconds | of which settling | product (all threads) | its PostgreSQL | load generator | neighbours (rest of the machine) | product CPU ms | PostgreSQL CPU ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...spent.map(
      (s) =>
        `| ${s.scenario} | ${fmt(s.cpu.seconds, 1)} | ${s.settleMs === null ? '' : `${fmt(s.settleMs)} ms`} | ${pct(shareOf(s.cpu, 'server'))} | ${pct(shareOf(s.cpu, 'postgres'))} | ${pct(shareOf(s.cpu, 'load'))} | ${pct(shareOf(s.cpu, 'others'))} | ${fmt(s.cpu.ms.server)} | ${fmt(s.cpu.ms.postgres)} |`,
    ),
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
  return lines;
};

/** How busy the rest of the machine was: costs rise somewhat with it (see cpu.ts). */
const neighbours = (spent: Spent[]): string => {
  const seconds = spent.reduce((n, s) => n + s.cpu.seconds, 0);
  const ms = spent.reduce((n, s) => n + s.cpu.ms.others, 0);
  const most = Math.max(0, ...spent.map((s) => shareOf(s.cpu, 'others')));
  return `- Neighbours (every other process on the machine): ${pct(ms / 1000 / Math.max(seconds, 1e-3))} of one core on average over the measured windows, ${pct(most)} at most in one window (100 % = one core; the machine has ${cpus().length}).`;
};

export const render = (x: Report): string => {
  const cpu = cpus();
  const rate = (prefix: string) => x.rows.find((r) => r.scenario.startsWith(prefix))?.rate ?? Number.NaN;
  const floor = rate('durable floor');
  const idle = x.spent.find((s) => s.scenario === 'idle');
  const lines = [
    `# Benchmark results (${x.quick ? 'quick smoke run, not a measurement' : 'full run'})`,
    '',
    `- Date: ${x.date.toISOString()}`,
    `- Machine: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, ${process.platform}`,
    `- Product: \`services/platform.ts\` (embedded PostgreSQL, all roles, one process) as a child process; load from this process over keep-alive connections (undici Pool).`,
    `- Settings: ${JSON.stringify(x.cfg)}`,
    `- Cost unit: server-side CPU per ok \`GET /v1/health\`, flat out at the scenarios' concurrency, median of ${x.unit.bursts.length} bursts = ${fmt(x.unit.ms, 4)} ms (bursts ${fmt(Math.min(...x.unit.bursts), 4)}–${fmt(Math.max(...x.unit.bursts), 4)} ms; at a fixed ${fmt(x.unit.pacedRate)} req/s: ${fmt(x.unit.pacedMs, 4)} ms).`,
    neighbours(x.spent),
    '',
    '| scenario | conc. | requests | ok | refused | errors | ok/s | p50 ms | p99 ms | cost (× health) | product + PostgreSQL (× health) | CPU ms per ok: product + PostgreSQL | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...x.rows.map((r) => `| ${r.scenario} | ${r.concurrency} | ${r.requests} | ${r.ok} | ${r.refused} | ${r.errors} | ${fmt(r.rate)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${costCells(r, x.unit)} | ${r.notes} |`),
    lagRow('1', x.packetLag),
    lagRow('2', x.giftLag),
    '',
    'Refused: expected domain answers (ALREADY_GRABBED, RED_PACKET_EMPTY for the 10 % repeat grabs). Event-store rows: ok/s and cost are per event.',
    '',
    "Cost: the CPU the server side spent (the product process with all its threads, and every PostgreSQL process under it; not the load generator, which is this process) per ok request, divided by the same for an ok `GET /v1/health` in this run (the unit above). The unit is health flat out over the same connections: the regime every scenario runs in, where the server takes requests as fast as it is given them. It is measured in a burst before the durable floor and before each product scenario, so that it sees the machine's neighbours as the scenarios do; their median is the unit and their spread is the noise. A fixed moderate rate is not the unit because there the server handles a request or two per wake-up, and each costs more the fewer arrive per second: the ratio would depend on the rate chosen (the paced row shows by how much).",
    '',
    "A scenario's CPU counts every request it sent, so the refused repeat grabs and each packet's create and read-back are inside the hot packet's cost. The product's windows (1, 2, 3, 6 and the event store) end only once every consumer (read models, push projector, process managers) has applied the store's head and the head stopped moving, and for 2 once the receiver's income is credited: the cost includes the projections, the push messages and the credits the requests set off. 7 (people nearby) reads only: its window ends with its load.",
    '',
    ...floors(x),
  ];
  if (Number.isFinite(floor) && Number.isFinite(x.bare)) {
    lines.push('', `For scale: the durable floor (one stored row per request, nothing else) reached ${fmt(floor)} req/s = ${(floor / x.bare).toFixed(2)} × the bare stack.`);
  }
  if (idle) {
    lines.push('', `Idle product (no requests, ${fmt(idle.cpu.seconds, 1)} s): ${fmt(idle.cpu.ms.server / idle.cpu.seconds)} ms of product CPU and ${fmt(idle.cpu.ms.postgres / idle.cpu.seconds)} ms of PostgreSQL CPU per second (timers, pollers, background writers), counted in every window and not subtracted.`);
  }
  lines.push(...renderSpent(x.spent));
  const errs = x.rows.filter((r) => r.samples.length > 0);
  if (errs.length) lines.push('', 'Error samples:', ...errs.flatMap((r) => r.samples.map((s) => `- ${r.scenario}: ${s}`)));
  return `${lines.join('\n')}\n`;
};
