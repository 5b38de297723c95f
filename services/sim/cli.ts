// `npm run simulate -- --runs N [--seed S] [--steps K] [--store memory|postgres]`: runs N seeds
// (S, S+1, …; S drawn at random and printed when not given), a progress bar on stderr (a line
// every few runs when stderr is not a terminal), and for a failing seed its findings and the
// command that reproduces it. Exit code 0 when every run passed, 1 on a failure, 2 on a usage error.
// It lives beside the simulator rather than in services/cli: it drives the bus and the store
// directly, which the operator CLIs may not (see .dependency-cruiser.cjs).
import { randomInt } from 'node:crypto';
import cliProgress from 'cli-progress';
import { memorySnapshots } from '../shared/commands/snapshots.js';
import { createMemoryEventStore } from '../shared/event-store/memory.js';
import { simDatabase, type SimDatabase } from './postgres.js';
import { describeRun, type StoreKind } from './report.js';
import { simulate, type RunReport } from './run.js';
import type { Sabotage } from './world.js';

const usage = `usage: npm run simulate -- [--runs N] [--seed S] [--steps K] [--store memory|postgres]
                         [--database-url URL] [--sabotage fresh-reaction-ids|retry-new-id|no-timers]
                         [--keep-going] [--verbose]
  --runs N          seeds S … S+N-1 (default 20)
  --seed S          the first seed (default: drawn at random, printed)
  --steps K         ticks per run (default 300)
  --store           memory (default) or postgres (an embedded PostgreSQL in a temporary
                    directory, or --database-url: an empty database of its own, emptied before each run)
  --sabotage        a deliberately broken world: every run should fail
  --keep-going      run every seed even after one failed
  --verbose         one line per run on stdout`;

interface Args {
  runs: number;
  seed: number | undefined;
  steps: number;
  store: StoreKind;
  url: string | undefined;
  sabotage: Sabotage | undefined;
  keepGoing: boolean;
  verbose: boolean;
}

class UsageError extends Error {}

const whole = (flag: string, v: string | undefined, max = Number.MAX_SAFE_INTEGER): number => {
  const n = Number(v);
  if (v === undefined || !Number.isSafeInteger(n) || n < 0 || n > max) throw new UsageError(`${flag} needs a whole number up to ${max}`);
  return n;
};

const oneOf = <T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T => {
  const hit = allowed.find((a) => a === v);
  if (hit === undefined) throw new UsageError(`${flag} is one of ${allowed.join(', ')}`);
  return hit;
};

const parse = (argv: readonly string[]): Args => {
  const a: Args = { runs: 20, seed: undefined, steps: 300, store: 'memory', url: undefined, sabotage: undefined, keepGoing: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const value = () => argv[++i];
    if (x === '--runs') a.runs = whole(x, value());
    else if (x === '--seed') a.seed = whole(x, value(), 0xffffffff);
    else if (x === '--steps') a.steps = whole(x, value());
    else if (x === '--store') a.store = oneOf(x, value(), ['memory', 'postgres'] as const);
    else if (x === '--database-url') a.url = value();
    else if (x === '--sabotage') a.sabotage = oneOf(x, value(), ['fresh-reaction-ids', 'retry-new-id', 'no-timers'] as const);
    else if (x === '--keep-going') a.keepGoing = true;
    else if (x === '--verbose') a.verbose = true;
    else throw new UsageError(`unknown argument ${String(x)}`);
  }
  if (a.url !== undefined) a.store = 'postgres';
  return a;
};

/** A bar on a terminal; elsewhere a line every twentieth of the runs. */
const progress = (total: number) => {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({ format: 'simulate [{bar}] {value}/{total} runs | seed {seed} | {failed} failed', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { seed: '-', failed: 0 });
    return { update: (done: number, seed: number, failed: number) => bar.update(done, { seed, failed }), stop: () => bar.stop() };
  }
  const every = Math.max(1, Math.floor(total / 20));
  return {
    update: (done: number, seed: number, failed: number) => {
      if (done % every === 0 || done === total) process.stderr.write(`simulate: ${done}/${total} runs (last seed ${seed}), ${failed} failed\n`);
    },
    stop: () => {},
  };
};

const runOne = async (a: Args, seed: number, db: SimDatabase | null): Promise<RunReport> => {
  const fresh = db ? await db.fresh() : { store: createMemoryEventStore(), snapshots: memorySnapshots() };
  return simulate({ seed, steps: a.steps, sabotage: a.sabotage, ...fresh });
};

const main = async (argv: readonly string[]): Promise<number> => {
  let a: Args;
  try {
    a = parse(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${usage}\n`);
    return 2;
  }
  const base = a.seed ?? randomInt(0, 2 ** 31);
  process.stderr.write(`simulate: ${a.runs} runs of ${a.steps} ticks on ${a.store}, seeds ${base}…${(base + a.runs - 1) >>> 0}\n`);
  const db = a.store === 'postgres' ? await simDatabase(a.url) : null;
  const bar = progress(a.runs);
  const started = performance.now();
  let failed = 0;
  try {
    for (let i = 0; i < a.runs; i++) {
      const seed = (base + i) >>> 0;
      const r = await runOne(a, seed, db);
      if (!r.ok) failed++;
      bar.update(i + 1, seed, failed);
      if (!r.ok || a.verbose) process.stdout.write(describeRun(r, a.store));
      if (!r.ok && !a.keepGoing) break;
    }
  } finally {
    bar.stop();
    await db?.close();
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${failed === 0 ? 'RESULT: OK' : `RESULT: ${failed} FAILED`} (${seconds.toFixed(1)} s)\n`);
  return failed === 0 ? 0 : 1;
};

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
