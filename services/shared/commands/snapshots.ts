// Snapshots bound replay time for long streams (a streamer's wallet, a busy room). A snapshot
// holds the state, its revision and the recent command ids with where their events are, so
// deduplication survives it: a retry of such a command reads its events back from the stream.
// States may hold Map, Set and the domain's persistent maps and sets; they are tagged in JSON
// and restored on load.
import type pg from 'pg';
import { PersistentMap, PersistentSet } from '../../../domain/persistent.js';

/** A recent command: its id, the revision of its first event and how many it produced. */
export type RecentCommand = [commandId: string, fromRevision: number, count: number];

export interface Snapshot {
  revision: number;
  state: unknown;
  recent: RecentCommand[];
}

export interface SnapshotStore {
  load(streamId: string): Promise<Snapshot | null>;
  save(streamId: string, snapshot: Snapshot): Promise<void>;
}

const replacer = (_k: string, v: unknown): unknown => {
  if (v instanceof PersistentMap) return { $pmap: [...v.entries()] };
  if (v instanceof PersistentSet) return { $pset: [...v.values()] };
  if (v instanceof Map) return { $map: [...v] };
  if (v instanceof Set) return { $set: [...v] };
  return v;
};

const reviver = (_k: string, v: unknown): unknown => {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.$map) && Object.keys(o).length === 1) return new Map(o.$map as [unknown, unknown][]);
    if (Array.isArray(o.$set) && Object.keys(o).length === 1) return new Set(o.$set as unknown[]);
    if (Array.isArray(o.$pmap) && Object.keys(o).length === 1) return PersistentMap.from(o.$pmap as [string, unknown][]);
    if (Array.isArray(o.$pset) && Object.keys(o).length === 1) return PersistentSet.from(o.$pset as string[]);
  }
  return v;
};

export const encodeSnapshot = (s: Snapshot): string => JSON.stringify(s, replacer);
export const decodeSnapshot = (text: string): Snapshot => JSON.parse(text, reviver) as Snapshot;

/**
 * Snapshots in the `snapshots` table (migration 0002). The version guards against an old shape
 * (older snapshots are ignored, and the stream is replayed): 2 since members and grabs became
 * persistent sets and maps; 3 since recent commands are kept as revision ranges, not events
 * (a hot wallet's snapshot carried its last 1,000 commands' events: ~0.7 MB of JSON, 15 ms
 * of PostgreSQL and 4-8 ms of the API thread); 4 since a room holds guests, mutes and a deleted
 * state; 5 since a group's members are a map of roles, cards and mutes (older room and group
 * snapshots lack what the deciders now read).
 */
export const postgresSnapshots = (pool: pg.Pool, version = 5): SnapshotStore => ({
  async load(streamId) {
    // Named: every first touch of a stream asks (most have none), so it is planned once per connection.
    const r = await pool.query<{ body: string }>({ name: 'snapshot-load', text: 'select body::text as body from snapshots where stream_id = $1 and version = $2', values: [streamId, version] });
    const row = r.rows[0];
    return row ? decodeSnapshot(row.body) : null;
  },
  async save(streamId, snapshot) {
    await pool.query(
      `insert into snapshots (stream_id, version, revision, body) values ($1, $2, $3, $4::jsonb)
       on conflict (stream_id) do update set version = excluded.version, revision = excluded.revision, body = excluded.body
       where snapshots.revision < excluded.revision or snapshots.version <> excluded.version`,
      [streamId, version, snapshot.revision, encodeSnapshot(snapshot)],
    );
  },
});

export const memorySnapshots = (): SnapshotStore => {
  const m = new Map<string, string>();
  return {
    load: async (id) => {
      const t = m.get(id);
      return t === undefined ? null : decodeSnapshot(t);
    },
    save: async (id, s) => {
      m.set(id, encodeSnapshot(s));
    },
  };
};
