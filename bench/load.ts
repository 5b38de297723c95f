// Load generation for `npm run bench`: C concurrent loops over C keep-alive connections
// (an undici Pool, no pipelining), each taking the next request from a generator until it runs
// dry or time is up. Latency is recorded per response in 10 µs buckets.
//
// Flat out by default: each loop sends its next request as soon as the last one is answered.
// With `rate`, requests leave on a fixed schedule (request k at start + k / rate) over the same
// connections, so the server sees the same arrival rate whether or not the generator is short
// of CPU; a loop whose slot has passed sends at once.
import { Pool } from 'undici';

export interface Req {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  token?: string;
  key?: string;
  body?: unknown;
}

/** ok: the intended effect; refused: an expected domain answer (say ALREADY_GRABBED); error: anything else. */
export type Verdict = 'ok' | 'refused' | 'error';

export interface Job {
  /** The next request, or null when there is none left. */
  next(): Req | null;
  judge?(req: Req, status: number, body: unknown): Verdict;
}

export class Histogram {
  private readonly counts = new Map<number, number>();
  n = 0;
  record(ms: number): void {
    const b = Math.max(0, Math.round(ms * 100));
    this.counts.set(b, (this.counts.get(b) ?? 0) + 1);
    this.n++;
  }
  merge(o: Histogram): void {
    for (const [b, c] of o.counts) this.counts.set(b, (this.counts.get(b) ?? 0) + c);
    this.n += o.n;
  }
  /** The q-quantile in ms (0 when empty). */
  quantile(q: number): number {
    if (this.n === 0) return 0;
    const want = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (const b of [...this.counts.keys()].sort((x, y) => x - y)) {
      seen += this.counts.get(b) ?? 0;
      if (seen >= want) return b / 100;
    }
    return 0;
  }
}

export interface LoadResult {
  ok: number;
  refused: number;
  errors: number;
  requests: number;
  seconds: number;
  latency: Histogram;
  /** The first few error descriptions. */
  samples: string[];
}

export const defaultJudge = (_r: Req, status: number): Verdict => (status >= 200 && status < 300 ? 'ok' : 'error');

/** Progress on stderr: one rewritten line on a terminal, a line every 2 s otherwise. */
export const progress = (label: string, total?: number) => {
  const tty = process.stderr.isTTY;
  const started = performance.now();
  let last = 0;
  return {
    tick(done: number, force = false) {
      const t = performance.now();
      if (!force && t - last < (tty ? 200 : 2000)) return;
      last = t;
      const s = (t - started) / 1000;
      const line = `  ${label}: ${done}${total ? `/${total}` : ''} in ${s.toFixed(1)} s (${Math.round(done / Math.max(s, 0.001))}/s)`;
      process.stderr.write(tty ? `\r${line.padEnd(100)}` : `${line}\n`);
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
};

export const runLoad = async (
  base: string,
  opts: { concurrency: number; seconds?: number; label: string; total?: number; rate?: number },
  job: Job,
): Promise<LoadResult> => {
  const pool = new Pool(base, { connections: opts.concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  const judge = job.judge ?? defaultJudge;
  const latency = new Histogram();
  const samples: string[] = [];
  let ok = 0;
  let refused = 0;
  let errors = 0;
  let requests = 0;
  const bar = progress(opts.label, opts.total);
  const started = performance.now();
  const deadline = opts.seconds === undefined ? Infinity : started + opts.seconds * 1000;
  const rate = opts.rate;
  let slot = 0;
  const loop = async () => {
    for (;;) {
      if (rate !== undefined) {
        const due = started + (slot++ * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      if (performance.now() >= deadline) return;
      const r = job.next();
      if (!r) return;
      const headers: Record<string, string> = {};
      if (r.token) headers.authorization = `Bearer ${r.token}`;
      if (r.key) headers['idempotency-key'] = r.key;
      let payload: string | undefined;
      if (r.body !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(r.body);
      }
      const t0 = performance.now();
      let verdict: Verdict;
      try {
        const res = await pool.request({ method: r.method, path: r.path, headers, body: payload });
        const text = await res.body.text();
        let body: unknown = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = text;
        }
        verdict = judge(r, res.statusCode, body);
        if (verdict === 'error' && samples.length < 5) samples.push(`${r.method} ${r.path} → ${res.statusCode} ${text.slice(0, 160)}`);
      } catch (err) {
        verdict = 'error';
        if (samples.length < 5) samples.push(`${r.method} ${r.path} → ${err instanceof Error ? err.message : String(err)}`);
      }
      latency.record(performance.now() - t0);
      requests++;
      if (verdict === 'ok') ok++;
      else if (verdict === 'refused') refused++;
      else errors++;
      bar.tick(requests);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  bar.tick(requests, true);
  bar.end();
  await pool.close();
  return { ok, refused, errors, requests, seconds, latency, samples };
};

/** Runs fn over items with at most width at a time (setup work, not measured). */
export const each = async <T>(items: readonly T[], width: number, fn: (x: T, i: number) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        const item = items[i];
        if (item !== undefined) await fn(item, i);
      }
    }),
  );
};
