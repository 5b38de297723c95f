// Read-model tests: an embedded PostgreSQL with all migrations, an event log that builds
// StoredEvents from the domain's own decide (fixed times, derived ids), and given/when/then
// helpers that push batches through the real projector runtime.
import type pg from 'pg';
import type { Command, Decider, DomainEvent } from '../../domain/aggregate.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';
import { projectionConsumer } from '../../services/shared/consumers/projector.js';
import { migrate } from '../../services/shared/postgres/migrate.js';
import { createPool } from '../../services/shared/postgres/pool.js';
import type { Projection } from '../../projections/projection.js';
import { startTestDatabase } from './pg.js';

export interface ReadStore {
  pool: pg.Pool;
  stop(): Promise<void>;
}

export const startReadStore = async (): Promise<ReadStore> => {
  const db = await startTestDatabase();
  await migrate(db.url);
  const pool = createPool({ connectionString: db.url, max: 4 });
  // As in services/platform.ts: an idle client losing its server at shutdown is not a failure.
  pool.on('error', () => {});
  return {
    pool,
    stop: async () => {
      await pool.end();
      await db.stop();
    },
  };
};

type AnyCommand = Command & { type: string };

/** An in-memory log: each decided event gets the next revision of its stream and the next global position. */
export const eventLog = () => {
  const streams = new Map<string, StoredEvent[]>();
  let position = 0;
  let commands = 0;
  return {
    /** Runs the domain's decide on the stream's current state and records the new events. */
    decide<S, C extends AnyCommand, E extends DomainEvent>(decider: Decider<S, C, E>, streamId: string, command: Omit<C, 'metadata'>, at: string, userId?: string): StoredEvent[] {
      commands += 1;
      const commandId = `cmd-${commands}`;
      const metadata = userId === undefined ? { commandId, at } : { commandId, at, userId };
      const past = streams.get(streamId) ?? [];
      const state = past.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), decider.initialState());
      const fresh = decider.decide({ ...command, metadata } as C, state);
      const stored = fresh.map(
        (e, i): StoredEvent => ({ id: `${commandId}-${i}`, streamId, revision: past.length + i, position: ++position, type: e.type, data: e.data, metadata }),
      );
      streams.set(streamId, [...past, ...stored]);
      return stored;
    },
  };
};

/**
 * Hands the events to the projector runtime as one batch, as the event source would. The runtime
 * parks an event the projection cannot apply and goes on; a projection test wants that as a failure.
 */
export const project = async (pool: pg.Pool, projection: Projection, events: readonly StoredEvent[]): Promise<void> => {
  const parked: string[] = [];
  await projectionConsumer(pool, projection, { error: (_o, msg) => void parked.push(msg) }).handle({ partition: 'all', events: [...events] });
  if (parked.length > 0) throw new Error(parked.join('\n'));
};

/** Every row of the given tables, in a stable order: to compare before and after a redelivery. */
export const tableContents = async (pool: pg.Pool, tables: readonly string[]): Promise<Record<string, unknown[]>> => {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const r = await pool.query(`select * from ${table}`);
    out[table] = r.rows.map((row: unknown) => JSON.stringify(row)).sort();
  }
  return out;
};

/**
 * Given events already projected, when the same batch arrives again (at-least-once input),
 * then no owned table changes. Also applies the batch straight through `apply` a second time,
 * bypassing the checkpoint, when `setBased` says the model's SQL is idempotent on its own.
 */
export interface Asserts {
  same(found: unknown, wanted: unknown, message: string): boolean;
}

export const assertRedeliveryChangesNothing = async (t: Asserts, pool: pg.Pool, projection: Projection, events: readonly StoredEvent[], opts: { setBased: boolean }) => {
  const before = await tableContents(pool, projection.tables);
  await project(pool, projection, events);
  t.same(await tableContents(pool, projection.tables), before, `${projection.name}: redelivery through the projector`);
  if (!opts.setBased) return;
  const client = await pool.connect();
  try {
    await client.query('begin');
    for (const e of events) if (!projection.handles || projection.handles.includes(e.type)) await projection.apply(client, e);
    await client.query('commit');
  } finally {
    client.release();
  }
  t.same(await tableContents(pool, projection.tables), before, `${projection.name}: a second apply without the checkpoint`);
};

export const at = (iso: string): string => new Date(iso).toISOString();
