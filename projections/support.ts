// Helpers every read model shares: the query handle, opaque list cursors, typed event access.
import type pg from 'pg';
import { fail } from '../domain/errors.js';
import type { Stored, StoredEvent } from '../domain/events.js';
import { isEventType, type EventOf, type EventType } from '../domain/index.js';

/** Queries take anything that can run one statement: the pool, or a client in a transaction. */
export type Db = Pick<pg.Pool, 'query'>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/**
 * The event types a read model handles, and the narrowing of a stored event to them: `of(e)` is
 * the domain event it is (typed by those types, so a switch over them is exhaustive) or null for
 * any other type. The check is by type name: the store only holds events the domain decided.
 */
export const handling = <const T extends EventType>(types: readonly T[]) => {
  const set: ReadonlySet<string> = new Set(types);
  return {
    types,
    of: (e: StoredEvent): Stored<EventOf<T>> | null => (set.has(e.type) && isEventType(e.type) ? (e as Stored<EventOf<T>>) : null),
  };
};

/**
 * Cursors are opaque to clients: base64url JSON of the sort key of the last row returned.
 * A cursor that does not decode to the expected shape is a client error, not an empty page.
 */
export const encodeCursor = (key: readonly (string | number)[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

const badCursor = (): never => fail('VALIDATION_FAILED', 'cursor is not valid', { field: 'cursor' });

export const decodeCursor = <const K extends readonly ('string' | 'number')[]>(
  cursor: string,
  shape: K,
): { [I in keyof K]: K[I] extends 'number' ? number : string } => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length) return badCursor();
  const values: unknown[] = parsed;
  values.forEach((v, i) => {
    if (typeof v !== shape[i] || (typeof v === 'number' && !Number.isSafeInteger(v))) badCursor();
  });
  return values as { [I in keyof K]: K[I] extends 'number' ? number : string };
};

/**
 * Runs a keyset page: `fetch` gets limit + 1 rows so we know whether another page exists
 * without a count; the cursor is the sort key of the last row returned.
 */
export const page = async <R, T>(
  limit: number,
  fetch: (n: number) => Promise<R[]>,
  toItem: (row: R) => T,
  keyOf: (row: R) => readonly (string | number)[],
): Promise<Page<T>> => {
  const rows = await fetch(limit + 1);
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { items: shown.map(toItem), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
};

/** int8 columns arrive as numbers from our pool and as strings from a plain pg pool. */
export const int = (v: number | string): number => Number(v);

export const iso = (d: Date): string => d.toISOString();
export const isoOrNull = (d: Date | null): string | null => (d === null ? null : d.toISOString());
