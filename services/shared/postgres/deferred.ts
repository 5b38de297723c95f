// A transaction handle that does not send: statements are collected, with their parameters
// written in as literals, and go to PostgreSQL later as one simple query (one round trip).
//
// Why: a projector's batch is a handful of write statements that need no answers. Sent one by
// one, each waits its turn on a busy event loop (several milliseconds under load), and the
// transaction, which holds back the log's visible prefix for every reader while it is open,
// lasts as long as all those turns. Sent together, it lasts one round trip.
//
// Parameters become literals the way node-postgres itself serializes them (prepareValue: arrays
// to array literals, objects to JSON, dates to timestamps), then quoted with escapeLiteral. The
// SQL texts are the product's own, with `$n` only as placeholders.
import { createRequire } from 'node:module';
import pg from 'pg';

const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils') as { prepareValue: (v: unknown) => string | Buffer | null };

const literal = (v: unknown): string => {
  const prepared = prepareValue(v);
  if (prepared === null) return 'null';
  if (Buffer.isBuffer(prepared)) return `'\\x${prepared.toString('hex')}'::bytea`;
  return pg.escapeLiteral(prepared);
};

/** Writes a statement's parameters into its text. */
export const inline = (text: string, values: readonly unknown[] = []): string =>
  text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) throw new Error(`statement refers to $${n} but has ${values.length} parameters`);
    return literal(values[i]);
  });

export interface DeferredTx {
  /** Collects a statement; resolves at once with no rows (nothing was asked yet). */
  query(text: string, values?: readonly unknown[]): Promise<{ rows: never[]; rowCount: null }>;
  /** The collected statements, each ended by a semicolon. */
  text(): string;
}

export const deferredTx = (): DeferredTx => {
  const statements: string[] = [];
  return {
    query(text, values) {
      statements.push(`${inline(text, values).trimEnd()};\n`);
      return Promise.resolve({ rows: [], rowCount: null });
    },
    text: () => statements.join(''),
  };
};
