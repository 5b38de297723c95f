// The command pipeline: handle(decider, streamId, command).
//
// One in-process mailbox per stream id. Commands to the same stream run one after another
// against cached state; all events decided from the commands waiting in the mailbox are
// committed in ONE append (group commit), so a hot stream costs one round trip per batch,
// not per command. Optimistic concurrency is the safety net across processes: a revision
// conflict reloads the stream and decides the batch again.
//
// Exactly-once: every stored event carries its command id. A command whose id is already in
// the stream (a retry, a concurrent duplicate, a redelivered reaction) does not decide again;
// it returns the events it produced the first time. The cache of recent command ids is
// rebuilt from the stream (and kept in snapshots, as revision ranges read back on a retry), so
// this holds across restarts.
import type { Command, Decider, DomainEvent } from '../../../domain/aggregate.js';
import { isWrongExpectedRevision, type EventStore, type NewEvent, type StoredEvent } from '../event-store/port.js';
import { eventIdFor } from '../ids.js';
import type { RecentCommand, SnapshotStore } from './snapshots.js';

export interface CommandResult<S> {
  /** The events this command produced (on a retry: the events it produced the first time). */
  events: StoredEvent[];
  /** The stream state after the batch this command was part of. */
  state: S;
  /** True when the command had already run and nothing new was decided. */
  replayed: boolean;
}

export interface CommandBus {
  handle<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>, streamId: string, command: C): Promise<CommandResult<S>>;
  /**
   * The current state of a stream: read up to the store's head (other processes may have
   * appended), in turn with the stream's commands. With maxStalenessMs, a cached state that was
   * at the head that recently is answered at once, with no read: for checks that may lag other
   * processes' writes by that much (group membership on a hot packet's grabs), never for money.
   */
  load<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>, streamId: string, opts?: LoadOptions): Promise<{ state: S; revision: number }>;
  /** Waits for every mailbox to drain. */
  drain(): Promise<void>;
}

export interface LoadOptions {
  maxStalenessMs?: number;
}

export interface BusOptions {
  store: EventStore;
  snapshots?: SnapshotStore;
  /** Streams kept in memory (least recently used are dropped). */
  cacheSize?: number;
  /** Commands decided into one append at most. */
  maxBatch?: number;
  /** Command ids remembered per stream, for deduplication beyond the stream tail. */
  recentCommands?: number;
  /** Write a snapshot after this many new events. */
  snapshotEvery?: number;
  maxConflictRetries?: number;
}

interface Pending {
  /** A read joins the mailbox so it sees the state between batches, never mid-batch. */
  read?: true;
  command: Command;
  resolve: (r: CommandResult<unknown>) => void;
  reject: (e: unknown) => void;
}

interface Range {
  from: number;
  count: number;
}

interface Entry {
  streamId: string;
  // The decider that owns this stream; the bus trusts callers to use one decider per stream.
  decider: Decider<unknown, Command, DomainEvent>;
  loaded: boolean;
  state: unknown;
  revision: number; // -1: no stream
  /** When this entry was last known to be at the store's head (performance.now()). */
  headAt: number;
  snapshotRevision: number;
  /** Recent command ids: their events, or (restored from a snapshot) where they are in the stream. */
  recent: Map<string, StoredEvent[] | Range>;
  queue: Pending[];
  running: boolean;
  /** The bus's use counter when this entry last moved to the back of the cache. */
  touchedAt: number;
}

export const createCommandBus = (opts: BusOptions): CommandBus => {
  const { store, snapshots } = opts;
  const cacheSize = opts.cacheSize ?? 50_000;
  const maxBatch = opts.maxBatch ?? 500;
  const recentLimit = opts.recentCommands ?? 1000;
  // A snapshot carries the recent command ids with their events (up to recentLimit), so it is
  // large for a hot stream; every 1000 events keeps its cost per event small, and a load still
  // replays at most one page past it.
  const snapshotEvery = opts.snapshotEvery ?? 1000;
  const maxRetries = opts.maxConflictRetries ?? 20;
  const entries = new Map<string, Entry>();
  const running = new Set<Promise<void>>();

  // Least recently used, approximately: an entry moves to the back of the Map only when it has
  // drifted into the older half, so a hot stream's calls do not each delete and re-insert it.
  let clock = 0;
  const touch = (e: Entry) => {
    clock++;
    if (clock - e.touchedAt < cacheSize / 2 && entries.get(e.streamId) === e) return;
    e.touchedAt = clock;
    entries.delete(e.streamId);
    entries.set(e.streamId, e);
    if (entries.size > cacheSize) {
      for (const [id, old] of entries) {
        if (entries.size <= cacheSize) break;
        if (!old.running && old.queue.length === 0) entries.delete(id);
      }
    }
  };

  const entryFor = (decider: Decider<unknown, Command, DomainEvent>, streamId: string): Entry => {
    let e = entries.get(streamId);
    if (!e) {
      e = { streamId, decider, loaded: false, state: decider.initialState(), revision: -1, headAt: -Infinity, snapshotRevision: -1, recent: new Map(), queue: [], running: false, touchedAt: -Infinity };
    }
    touch(e);
    return e;
  };

  const remember = (e: Entry, ev: StoredEvent) => {
    const id = ev.metadata.commandId;
    if (typeof id !== 'string') return;
    const list = e.recent.get(id);
    if (Array.isArray(list)) list.push(ev);
    else {
      e.recent.set(id, [ev]);
      if (e.recent.size > recentLimit) {
        const oldest = e.recent.keys().next();
        if (!oldest.done) e.recent.delete(oldest.value);
      }
    }
  };

  const apply = (e: Entry, events: StoredEvent[]) => {
    for (const ev of events) {
      e.state = e.decider.evolve(e.state, { type: ev.type, data: ev.data });
      e.revision = ev.revision;
      remember(e, ev);
    }
  };

  const catchUp = async (e: Entry) => {
    const startedAt = performance.now();
    for (;;) {
      const page = await store.readStream(e.streamId, { fromRevision: e.revision + 1, limit: 1000 });
      apply(e, page);
      if (page.length < 1000) break;
    }
    e.headAt = startedAt;
  };

  const loadEntry = async (e: Entry) => {
    e.state = e.decider.initialState();
    e.revision = -1;
    e.recent = new Map();
    const snap = snapshots ? await snapshots.load(e.streamId) : null;
    if (snap) {
      e.state = snap.state;
      e.revision = snap.revision;
      e.snapshotRevision = snap.revision;
      for (const [id, from, count] of snap.recent) e.recent.set(id, { from, count });
    }
    await catchUp(e);
    e.loaded = true;
  };

  const maybeSnapshot = (e: Entry) => {
    if (!snapshots || e.revision - e.snapshotRevision < snapshotEvery) return;
    e.snapshotRevision = e.revision;
    // Fire and forget: a lost snapshot costs replay time, never correctness.
    const recent: RecentCommand[] = [];
    for (const [id, r] of e.recent) {
      if (!Array.isArray(r)) recent.push([id, r.from, r.count]);
      else if (r[0]) recent.push([id, r[0].revision, r.length]);
    }
    snapshots.save(e.streamId, { revision: e.revision, state: e.state, recent }).catch(() => {
      e.snapshotRevision = -1;
    });
  };

  /** A retry of a command known only from a snapshot: read its events back from the stream. */
  const eventsOf = async (e: Entry, commandId: string): Promise<StoredEvent[] | undefined> => {
    const r = e.recent.get(commandId);
    if (r === undefined || Array.isArray(r)) return r;
    const events = (await store.readStream(e.streamId, { fromRevision: r.from, limit: r.count })).filter((ev) => ev.metadata.commandId === commandId);
    if (e.recent.get(commandId) === r) e.recent.set(commandId, events);
    return events;
  };

  const runBatch = async (e: Entry, batch: Pending[]) => {
    // A read wants what other processes appended too; a command learns it from a conflict.
    if (e.loaded && batch.some((p) => p.read)) await catchUp(e);
    for (let attempt = 0; ; attempt++) {
      if (!e.loaded) await loadEntry(e);
      for (const p of batch) if (!p.read) await eventsOf(e, p.command.metadata.commandId);
      const attemptAt = performance.now();
      let state = e.state;
      const newEvents: NewEvent[] = [];
      const outcomes: ({ kind: 'new'; from: number; count: number } | { kind: 'replay'; events: StoredEvent[] } | { kind: 'error'; error: unknown })[] = [];
      const seenInBatch = new Map<string, number>();
      for (const p of batch) {
        if (p.read) {
          outcomes.push({ kind: 'replay', events: [] });
          continue;
        }
        const cid = p.command.metadata.commandId;
        const prior = e.recent.get(cid);
        if (prior) {
          outcomes.push({ kind: 'replay', events: Array.isArray(prior) ? prior : [] });
          continue;
        }
        const twin = seenInBatch.get(cid);
        if (twin !== undefined) {
          outcomes.push({ kind: 'replay', events: [] }); // resolved from its twin below
          continue;
        }
        try {
          const decided = e.decider.decide(p.command, state);
          for (const d of decided) state = e.decider.evolve(state, d);
          seenInBatch.set(cid, outcomes.length);
          outcomes.push({ kind: 'new', from: newEvents.length, count: decided.length });
          decided.forEach((d, i) =>
            newEvents.push({
              id: eventIdFor(cid, e.streamId, i),
              type: d.type,
              data: d.data,
              metadata: metaOf(p.command, cid),
            }),
          );
        } catch (err) {
          outcomes.push({ kind: 'error', error: err });
        }
      }
      let stored: StoredEvent[] = [];
      if (newEvents.length > 0) {
        try {
          const expectedRevision = e.revision === -1 ? 'no_stream' : e.revision;
          const res = await store.append(e.streamId, newEvents, { expectedRevision });
          const first = res.nextRevision - newEvents.length + 1;
          stored = newEvents.map((n, i) => ({ id: n.id, type: n.type, data: n.data, metadata: n.metadata, streamId: e.streamId, revision: first + i, position: res.position }));
        } catch (err) {
          if (isWrongExpectedRevision(err) && attempt < maxRetries) {
            await catchUp(e);
            continue;
          }
          // Unknown outcome: drop the cache so the next command reads what was really stored.
          e.loaded = false;
          for (const p of batch) p.reject(err);
          return;
        }
      }
      // The state was already evolved while deciding: only the revision and the command ids move.
      // An append that matched its expected revision was at the head when it was sent.
      if (stored.length > 0) e.headAt = Math.max(e.headAt, attemptAt);
      for (const ev of stored) {
        e.revision = ev.revision;
        remember(e, ev);
      }
      e.state = state;
      maybeSnapshot(e);
      batch.forEach((p, i) => {
        const o = outcomes[i];
        if (!o) return;
        if (o.kind === 'error') p.reject(o.error);
        else if (p.read) p.resolve({ events: [], state: e.state, replayed: true });
        else if (o.kind === 'replay') {
          const twin = seenInBatch.get(p.command.metadata.commandId);
          const twinOutcome = twin === undefined ? undefined : outcomes[twin];
          const events = twinOutcome?.kind === 'new' ? stored.slice(twinOutcome.from, twinOutcome.from + twinOutcome.count) : o.events;
          p.resolve({ events, state: e.state, replayed: true });
        } else p.resolve({ events: stored.slice(o.from, o.from + o.count), state: e.state, replayed: false });
      });
      return;
    }
  };

  const pump = async (e: Entry) => {
    e.running = true;
    try {
      while (e.queue.length > 0) {
        const batch = e.queue.splice(0, maxBatch);
        try {
          await runBatch(e, batch);
        } catch (err) {
          e.loaded = false;
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      e.running = false;
    }
  };

  const kick = (e: Entry) => {
    if (e.running) return;
    const p = pump(e);
    running.add(p);
    void p.finally(() => running.delete(p));
  };

  return {
    handle<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>, streamId: string, command: C) {
      const e = entryFor(decider as unknown as Decider<unknown, Command, DomainEvent>, streamId);
      // A command this process has already seen committed (a retry, or the process manager
      // repeating what a route just did) answers from memory, without a turn in the mailbox.
      const prior = e.loaded && e.queue.length === 0 && !e.running ? e.recent.get(command.metadata.commandId) : undefined;
      if (Array.isArray(prior)) return Promise.resolve({ events: prior, state: e.state as S, replayed: true });
      return new Promise<CommandResult<S>>((resolve, reject) => {
        e.queue.push({ command, resolve: resolve as (r: CommandResult<unknown>) => void, reject });
        kick(e);
      });
    },
    async load<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>, streamId: string, opts?: LoadOptions) {
      const e = entryFor(decider as unknown as Decider<unknown, Command, DomainEvent>, streamId);
      // e.state only ever holds committed state (a batch replaces it after its append).
      if (opts?.maxStalenessMs !== undefined && e.loaded && performance.now() - e.headAt <= opts.maxStalenessMs) {
        return { state: e.state as S, revision: e.revision };
      }
      const r = await new Promise<CommandResult<unknown>>((resolve, reject) => {
        e.queue.push({ read: true, command: READ, resolve, reject });
        kick(e);
      });
      return { state: r.state as S, revision: e.revision };
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
};

const READ: Command = { type: '$read', data: {}, metadata: { commandId: '$read', at: '' } };

const metaOf = (c: Command, commandId: string) => {
  const m: { at: string; userId?: string; causationId?: string; correlationId?: string; commandId: string } = { at: c.metadata.at, commandId };
  if (c.metadata.userId !== undefined) m.userId = c.metadata.userId;
  const extra = c.metadata as { causationId?: unknown; correlationId?: unknown };
  if (typeof extra.causationId === 'string') m.causationId = extra.causationId;
  if (typeof extra.correlationId === 'string') m.correlationId = extra.correlationId;
  return m;
};
