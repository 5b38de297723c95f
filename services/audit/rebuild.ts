// Rebuild-and-diff: runs projections from position 0 into a separate schema (`rebuild`) with
// tables shaped LIKE the live ones, then compares row counts and a per-row hash with the live
// read models. With swap, the live tables take the rebuilt contents and the checkpoint, in one
// transaction.
//
// The projections write unqualified table names, so `set local search_path to rebuild` points
// every statement of apply() at the shadow tables without rewriting SQL. Nothing else is on
// that path: a projection that touched a table it does not own would fail loudly, not write
// live data.
//
// Consistency with a running server: the comparison (and the swap) happens in a transaction that
// holds the live checkpoint's lock (lockCheckpointSql), the one the projector takes per batch, and
// first brings the shadow up to exactly that checkpoint. Both sides are then at one position.
import type pg from 'pg';
import type { Projection } from '../../projections/projection.js';
import { loadCheckpoint, lockCheckpointSql, saveCheckpoint } from '../shared/consumers/checkpoints.js';
import type { EventStore, StoredEvent } from '../shared/event-store/port.js';
import { inTransaction } from '../shared/postgres/transaction.js';
import { checkedEvent, readLog } from './log.js';

export const REBUILD_SCHEMA = 'rebuild';
const PARTITION = 'all';

/**
 * Tables whose live rows are also removed by something other than events: the timer loop
 * deletes timers once fired, so a rebuild brings them back (harmlessly, see timers.ts).
 * Their differences are reported but are not findings.
 */
export const operationalProjections: ReadonlySet<string> = new Set(['timers']);

export interface TableDiff {
  table: string;
  liveRows: number;
  rebuiltRows: number;
  /** Rows (counted with multiplicity) present on one side only. */
  onlyLive: number;
  onlyRebuilt: number;
  samples: { side: 'live' | 'rebuilt'; row: unknown }[];
}

export interface ProjectionDiff {
  projection: string;
  /** The position both sides were compared at (the live checkpoint, or the rebuild's when live lags). */
  rebuiltTo: number;
  liveCheckpoint: number;
  /** The live projector was behind the rebuild: differences may be lag. */
  liveBehind: boolean;
  operational: boolean;
  equal: boolean;
  swapped: boolean;
  tables: TableDiff[];
}

export interface RebuildOptions {
  swap?: boolean;
  /** How long to wait for the live projections to reach the head before comparing. */
  waitMs?: number;
  onProgress?: (position: number, head: number) => void;
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

const checkpointName = (p: Projection) => `projection:${p.name}`;

const applyAll = async (tx: pg.PoolClient, projections: readonly Projection[], events: readonly StoredEvent[]) => {
  for (const stored of events) {
    // Old data is read as the current schema has it (upcast, checked): a rebuild never builds
    // read models from a payload its code does not understand.
    const checked = checkedEvent(stored);
    if (!checked.ok) throw new Error(`${stored.type} at position ${stored.position} (${stored.streamId}) does not match its schema: ${checked.error}`);
    const e = checked.event;
    for (const p of projections) if (!p.handles || p.handles.includes(e.type)) await p.apply(tx, e);
  }
};

/** Applies (from, upTo] to the shadow tables inside tx, then points the path back to live. */
const applyRange = async (store: EventStore, tx: pg.PoolClient, projections: readonly Projection[], live: string, from: number, upTo: number) => {
  await tx.query(`set local search_path to ${q(REBUILD_SCHEMA)}`);
  let page: StoredEvent[] = [];
  for await (const e of readLog(store, { from, upTo })) {
    page.push(e);
    if (page.length >= 500) {
      await applyAll(tx, projections, page);
      page = [];
    }
  }
  await applyAll(tx, projections, page);
  await tx.query(`set local search_path to ${q(live)}`);
};

const diffTable = async (tx: pg.PoolClient, live: string, table: string): Promise<TableDiff> => {
  const side = (schema: string) => `select md5(x::text) h, count(*)::int c from ${q(schema)}.${q(table)} x group by 1`;
  const r = await tx.query<{ h: string; lc: number; rc: number }>(
    `with l as (${side(live)}), r as (${side(REBUILD_SCHEMA)})
     select coalesce(l.h, r.h) h, coalesce(l.c, 0) lc, coalesce(r.c, 0) rc from l full join r on l.h = r.h`,
  );
  let liveRows = 0;
  let rebuiltRows = 0;
  let onlyLive = 0;
  let onlyRebuilt = 0;
  const differing: string[] = [];
  for (const row of r.rows) {
    liveRows += row.lc;
    rebuiltRows += row.rc;
    onlyLive += Math.max(0, row.lc - row.rc);
    onlyRebuilt += Math.max(0, row.rc - row.lc);
    if (row.lc !== row.rc && differing.length < 6) differing.push(row.h);
  }
  const samples: TableDiff['samples'] = [];
  if (differing.length > 0) {
    for (const [s, schema] of [['live', live], ['rebuilt', REBUILD_SCHEMA]] as const) {
      const rows = await tx.query<{ row: unknown }>(`select row_to_json(x) as row from ${q(schema)}.${q(table)} x where md5(x::text) = any($1::text[]) limit 3`, [differing]);
      for (const row of rows.rows) samples.push({ side: s, row: row.row });
    }
  }
  return { table, liveRows, rebuiltRows, onlyLive, onlyRebuilt, samples };
};

const waitForLive = async (pool: pg.Pool, projections: readonly Projection[], head: number, waitMs: number) => {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const positions = await Promise.all(projections.map((p) => loadCheckpoint(pool, checkpointName(p), PARTITION)));
    if (positions.every((p) => p >= head) || Date.now() >= deadline) return;
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** Rebuilds the given projections into the `rebuild` schema, diffs them and optionally swaps. */
export const rebuildAndDiff = async (pool: pg.Pool, store: EventStore, projections: readonly Projection[], opts: RebuildOptions = {}): Promise<ProjectionDiff[]> => {
  const live = (await pool.query<{ s: string }>('select current_schema() as s')).rows[0]?.s ?? 'public';
  await inTransaction(pool, async (tx) => {
    await tx.query(`create schema if not exists ${q(REBUILD_SCHEMA)}`);
    for (const p of projections) {
      for (const t of p.tables) {
        await tx.query(`drop table if exists ${q(REBUILD_SCHEMA)}.${q(t)}`);
        await tx.query(`create table ${q(REBUILD_SCHEMA)}.${q(t)} (like ${q(live)}.${q(t)} including all)`);
      }
    }
  });
  const head = await store.headPosition();
  // From 0 to the head in pages, one transaction per page: the shadow is private, so pages need
  // not be atomic together, and a long rebuild holds no long transaction.
  let at = 0;
  while (at < head) {
    const page: StoredEvent[] = [];
    for await (const e of readLog(store, { from: at, upTo: head })) {
      page.push(e);
      if (page.length >= 1000) break;
    }
    const last = page.at(-1);
    if (!last) break;
    await inTransaction(pool, async (tx) => {
      await tx.query(`set local search_path to ${q(REBUILD_SCHEMA)}`);
      await applyAll(tx, projections, page);
    });
    at = last.position;
    opts.onProgress?.(at, head);
  }
  opts.onProgress?.(head, head);
  await waitForLive(pool, projections, head, opts.waitMs ?? 5000);
  const out: ProjectionDiff[] = [];
  for (const p of projections) {
    out.push(
      await inTransaction(pool, async (tx) => {
        const name = checkpointName(p);
        await tx.query(`insert into consumer_checkpoints (name, partition, position, updated_at) values ($1, $2, 0, now()) on conflict do nothing`, [name, PARTITION]);
        await tx.query(lockCheckpointSql(name));
        const c = await tx.query<{ position: number | string }>('select position from consumer_checkpoints where name = $1 and partition = $2', [name, PARTITION]);
        const liveCheckpoint = Number(c.rows[0]?.position ?? 0);
        let rebuiltTo = head;
        if (liveCheckpoint > head) {
          await applyRange(store, tx, [p], live, head, liveCheckpoint);
          rebuiltTo = liveCheckpoint;
        }
        const tables: TableDiff[] = [];
        for (const t of p.tables) tables.push(await diffTable(tx, live, t));
        const equal = tables.every((d) => d.onlyLive === 0 && d.onlyRebuilt === 0);
        const swap = opts.swap === true;
        if (swap) {
          for (const t of p.tables) {
            await tx.query(`delete from ${q(live)}.${q(t)}`);
            await tx.query(`insert into ${q(live)}.${q(t)} select * from ${q(REBUILD_SCHEMA)}.${q(t)}`);
          }
          await saveCheckpoint(tx, name, PARTITION, rebuiltTo);
        }
        return { projection: p.name, rebuiltTo, liveCheckpoint, liveBehind: liveCheckpoint < head, operational: operationalProjections.has(p.name), equal, swapped: swap, tables };
      }),
    );
  }
  return out;
};
