// What the PostgreSQL-only benches (bench:feed, bench:geo, bench:geo-filters) share: their flags,
// a throwaway embedded PostgreSQL (with the product's schema when asked), timing one call, and
// where the report goes. Each is a report, never a test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '../services/shared/postgres/migrate.js';
import { createPool } from '../services/shared/postgres/pool.js';
import { startTestDatabase } from '../test/support/pg.js';
import type { Histogram } from './load.js';

export type BenchPool = ReturnType<typeof createPool>;

/**
 * The bench's `--name value` flags; `--out FILE` (bench/results/`defaultOut` when absent). `--help`
 * prints `usage` and exits; a flag that is not a number stops the bench before it seeds anything.
 */
export const benchArgs = (usage: string, defaultOut: string, argv: readonly string[] = process.argv.slice(2)) => {
  if (argv.includes('--help')) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    num(name: string, fallback: number): number {
      const v = value(name);
      const n = v === undefined ? fallback : Number(v);
      if (Number.isFinite(n)) return n;
      process.stderr.write(`--${name} takes a number (got ${String(v)})\n${usage}\n`);
      return process.exit(2);
    },
    out: value('out') ?? join(fileURLToPath(new URL('./results/', import.meta.url)), defaultOut),
  };
};

/** Runs `fn` on a fresh embedded PostgreSQL (migrated when `migrated`); pool and database are stopped whatever it throws. */
export const withBenchDatabase = async <T>(opts: { migrated: boolean; poolSize: number }, fn: (pool: BenchPool) => Promise<T>): Promise<T> => {
  const db = await startTestDatabase();
  try {
    if (opts.migrated) await migrate(db.url);
    const pool = createPool({ connectionString: db.url, max: opts.poolSize });
    try {
      return await fn(pool);
    } finally {
      await pool.end();
    }
  } finally {
    await db.stop();
  }
};

/** Records how long one call took, in milliseconds as the client sees it. */
export const timeIt = async (h: Histogram, fn: () => Promise<unknown>): Promise<void> => {
  const t0 = performance.now();
  await fn();
  h.record(performance.now() - t0);
};

/** Writes the report to `out`, and to stdout unless the bench already printed it line by line. */
export const saveReport = (out: string, lines: readonly string[], echo = true): void => {
  const text = `${lines.join('\n')}\n`;
  writeFileSync(out, text);
  if (echo) process.stdout.write(text);
  process.stderr.write(`written to ${out}\n`);
};

/** Runs a bench's main: a failure is printed with its stack and the exit code is 1. */
export const runBench = (name: string, main: () => Promise<void>): void => {
  main().catch((err: unknown) => {
    process.stderr.write(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
};
