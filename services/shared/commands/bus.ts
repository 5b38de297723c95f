// The command pipeline: handle(decider, streamId, command).
//
// One in-process mailbox per stream id (mailbox.ts). Commands to the same stream run one after
// another against cached state; all events decided from the commands waiting in the mailbox are
// committed in ONE append (group commit), so a hot stream costs one round trip per batch, not
// per command. Optimistic concurrency is the safety net across processes: a revision conflict
// reloads the stream and decides the batch again.
//
// Exactly-once: every stored event carries its command id, and its event id derives from it. A
// command whose id this stream has already taken (a retry, a concurrent duplicate, a redelivered
// reaction) does not act again; it returns the events it produced the first time, for as long
// as they exist:
// - an id the stream remembers (recent.ts: the last commands, also across snapshots) is answered
//   from memory;
// - an older id that decides events again collides on its derived event ids: the store refuses
//   them (DuplicateEventIdsError), the bus reads the first run's events back and answers those;
// - an older id that decides nothing or is refused is looked up in the store before the answer
//   (only while the stream's memory is not complete; see decideBatch.ts);
// - a batch that appends nothing (refusals, empty decisions) reads the stream's tail first unless
//   it already read it: another process may have appended since, the retried command's first
//   run among it (see movedPast).
//
// A new stream's first command (`fresh`: the stream is named by an id this command allocated,
// a new transfer or red packet) skips the cold load: a stream that cannot exist yet has no
// snapshot and no events to read. The batch is decided against the initial state and appended
// with `no_stream`; if the stream exists after all (a retry whose first run stored it, another
// process), the store refuses the append, and the batch is loaded properly and decided again.
import type { Command, Decider, DomainEvent } from '../../../domain/aggregate.js';
import type { NewEvent, Stored, StoredEvent } from '../../../domain/events.js';
import { isDuplicateEventIds, isWrongExpectedRevision, type EventStore } from '../event-store/port.js';
import { eventIdFor } from '../ids.js';
import { streamCache } from './cache.js';
import { decideBatch, type BatchDecision, type Outcome } from './decideBatch.js';
import { mailboxes } from './mailbox.js';
import { CommandMemory } from './recent.js';
import { assumeNew, resetEntry, unassume, type CommandResult, type Entry, type Pending } from './entry.js';
import type { SnapshotStore } from './snapshots.js';

export type { CommandResult } from './entry.js';

export interface CommandBus {
  handle<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>, streamId: string, command: C, opts?: HandleOptions): Promise<CommandResult<S, E>>;
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

export interface HandleOptions {
  /**
   * The stream is named by an id this command allocated (it is most likely new): an uncached
   * stream is not read before the first append, which expects `no_stream` (see the header).
   * A guess, never trusted: a stream that exists costs one refused append and the usual load.
   */
  fresh?: boolean;
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
  /** Command ids remembered per stream; older ones are looked up in the store when needed. */
  recentCommands?: number;
  /** Write a snapshot after this many new events. */
  snapshotEvery?: number;
  maxConflictRetries?: number;
}

/** A refusal or an empty decision: answered from the state alone, with nothing appended to prove it current. */
const answeredFromState = (o: Outcome): boolean => o.kind === 'error' || o.kind === 'unsure' || (o.kind === 'new' && o.count === 0);

/** Commands of one batch found in the store: their first run's events, by command id. */
type Learned = Map<string, StoredEvent[]>;

const PAGE = 1000;
const READ: Command = { type: '$read', data: {}, metadata: { commandId: '$read', at: '' } };

export const createCommandBus = (opts: BusOptions): CommandBus => {
  const { store, snapshots } = opts;
  const recentLimit = opts.recentCommands ?? 1000;
  // A snapshot carries the recent command ids as revision ranges (~55 bytes each); every 1000
  // events keeps its cost per event small, and a load still replays at most one page past it.
  const snapshotEvery = opts.snapshotEvery ?? 1000;
  const maxRetries = opts.maxConflictRetries ?? 20;
  const cache = streamCache<Entry>(opts.cacheSize ?? 50_000);

  const entryFor = (decider: Decider<unknown, Command, DomainEvent>, streamId: string): Entry => {
    const e = cache.get(streamId) ?? {
      streamId,
      decider,
      loaded: false,
      assumed: false,
      state: decider.initialState(),
      revision: -1,
      headAt: -Infinity,
      snapshotRevision: -1,
      recent: new CommandMemory(recentLimit),
      queue: [],
      running: false,
      touchedAt: -Infinity,
    };
    cache.touch(e);
    return e;
  };

  const apply = (e: Entry, events: StoredEvent[]) => {
    for (const ev of events) {
      e.state = e.decider.evolve(e.state, { type: ev.type, data: ev.data });
      e.revision = ev.revision;
      e.recent.remember(ev);
    }
  };

  const catchUp = async (e: Entry) => {
    const startedAt = performance.now();
    for (;;) {
      const page = await store.readStream(e.streamId, { fromRevision: e.revision + 1, limit: PAGE });
      apply(e, page);
      if (page.length < PAGE) break;
    }
    e.headAt = startedAt;
  };

  const loadEntry = async (e: Entry) => {
    resetEntry(e, recentLimit);
    const snap = snapshots ? await snapshots.load(e.streamId) : null;
    if (snap) {
      e.state = snap.state;
      e.revision = snap.revision;
      e.snapshotRevision = snap.revision;
      e.recent = new CommandMemory(recentLimit, snap.recent);
    }
    await catchUp(e);
    e.loaded = true;
  };

  const maybeSnapshot = (e: Entry) => {
    if (!snapshots || e.revision - e.snapshotRevision < snapshotEvery) return;
    e.snapshotRevision = e.revision;
    // Fire and forget: a lost snapshot costs replay time, never correctness.
    snapshots.save(e.streamId, { revision: e.revision, state: e.state, recent: e.recent.ranges() }).catch(() => {
      e.snapshotRevision = -1;
    });
  };

  /** A command's events from where its first event is: consecutive events carrying its id. */
  const eventsFrom = async (e: Entry, commandId: string, fromRevision: number, limit = PAGE): Promise<StoredEvent[]> => {
    const out: StoredEvent[] = [];
    for (let from = fromRevision; ; from += PAGE) {
      const page = await store.readStream(e.streamId, { fromRevision: from, limit: Math.min(PAGE, limit - out.length) });
      for (const ev of page) {
        if (ev.metadata.commandId !== commandId) return out;
        out.push(ev);
      }
      if (page.length < PAGE || out.length >= limit) return out;
    }
  };

  /** Commands known only as revision ranges (from a snapshot): read their events back. */
  const readRanges = async (e: Entry, commands: readonly Command[]) => {
    for (const c of commands) {
      const r = e.recent.get(c.metadata.commandId);
      if (r === undefined || Array.isArray(r)) continue;
      e.recent.set(c.metadata.commandId, await eventsFrom(e, c.metadata.commandId, r.from, r.count));
    }
  };

  /**
   * Asks the store whether these commands acted on this stream before (by their first derived
   * event id) and remembers the events of those that did, also in `learned`: the batch being
   * decided keeps what it learned even when the stream's bounded memory has to let it go (a batch
   * retrying more old commands than `recentCommands` would otherwise forget the first it learned
   * while learning the last, and decide them again until it gave up). Returns how many it found.
   */
  const learn = async (e: Entry, commandIds: readonly string[], learned: Learned): Promise<number> => {
    if (commandIds.length === 0) return 0;
    const firsts = await store.readEvents(commandIds.map((cid) => eventIdFor(cid, e.streamId, 0)));
    let found = 0;
    for (const first of firsts) {
      const cid = first.metadata.commandId;
      if (first.streamId !== e.streamId || typeof cid !== 'string') continue;
      const events = await eventsFrom(e, cid, first.revision);
      e.recent.set(cid, events);
      learned.set(cid, events);
      found++;
    }
    return found;
  };

  const known = (e: Entry, learned: Learned) => (cid: string) => {
    const r = learned.get(cid) ?? e.recent.get(cid);
    return Array.isArray(r) ? r : undefined;
  };

  /**
   * Appends a batch's new events at the entry's revision: the stored events, `again` when the
   * batch must be decided again (another process moved the stream; or commands in it had acted
   * long ago, and their first run is now remembered), or the failure.
   */
  const appendDecided = async (e: Entry, events: NewEvent[], attempt: number, learned: Learned): Promise<{ stored: StoredEvent[] } | { failed: unknown } | 'again'> => {
    if (events.length === 0) return { stored: [] };
    try {
      const expectedRevision = e.revision === -1 ? 'no_stream' : e.revision;
      const res = await store.append(e.streamId, events, { expectedRevision });
      const first = res.nextRevision - events.length + 1;
      return { stored: events.map((n, i) => ({ ...n, streamId: e.streamId, revision: first + i, position: res.positions[i] ?? res.position })) };
    } catch (err) {
      if (attempt >= maxRetries) return { failed: err };
      if (e.assumed && (isWrongExpectedRevision(err) || isDuplicateEventIds(err))) {
        unassume(e);
        return 'again';
      }
      if (isWrongExpectedRevision(err)) {
        await catchUp(e);
        return 'again';
      }
      if (isDuplicateEventIds(err)) {
        const owners = new Set(events.filter((n) => err.eventIds.includes(n.id)).map((n) => String(n.metadata.commandId)));
        if ((await learn(e, [...owners], learned)) > 0) return 'again';
      }
      return { failed: err };
    }
  };

  /**
   * Whether a batch that appends nothing was decided against a state other processes have since
   * moved past: then it is decided again. An append proves its state was the head (its expected
   * revision matched); refusals and empty decisions prove nothing, and must not be answered from a
   * stale cache: a retry whose first run another process appended would be refused (or told it did
   * nothing) instead of getting its events, and a fresh command refused for a state that no longer
   * holds. One read of the stream's tail settles it, only for batches that append nothing.
   */
  const movedPast = async (e: Entry, decision: BatchDecision<unknown>): Promise<boolean> => {
    if (decision.newEvents.length > 0 || !decision.outcomes.some(answeredFromState)) return false;
    const before = e.revision;
    await catchUp(e);
    return e.revision !== before;
  };

  const runBatch = async (e: Entry, batch: Pending[]) => {
    // A read wants what other processes appended too; a command learns it from a conflict.
    const reads = e.loaded && batch.some((p) => p.read);
    if (reads) await catchUp(e);
    /** Whether this batch has read the stream up to the store's head (so movedPast is known). */
    let atHead = reads;
    assumeNew(e, batch, recentLimit);
    const commands = batch.flatMap((p) => (p.read ? [] : [p.command]));
    const learned: Learned = new Map();
    for (let attempt = 0; ; attempt++) {
      if (!e.loaded) {
        await loadEntry(e);
        atHead = true;
      }
      await readRanges(e, commands);
      const attemptAt = performance.now();
      const decision = decideBatch({
        decider: e.decider,
        state: e.state,
        commands,
        known: known(e, learned),
        complete: e.recent.complete,
        eventId: (cid, i) => eventIdFor(cid, e.streamId, i),
      });
      if (e.assumed && decision.newEvents.length === 0) {
        // Nothing appended proves the stream absent: refusals are answered from a real load.
        unassume(e);
        continue;
      }
      if (!atHead && (await movedPast(e, decision))) {
        atHead = true;
        continue;
      }
      const appended = await appendDecided(e, decision.newEvents, attempt, learned);
      if (appended === 'again') continue;
      if ('failed' in appended) {
        // Unknown outcome: drop the cache so the next command reads what was really stored.
        unassume(e);
        for (const p of batch) p.reject(appended.failed);
        return;
      }
      await commit(e, batch, commands, decision, appended.stored, attemptAt, learned);
      return;
    }
  };

  const commit = async (e: Entry, batch: Pending[], commands: Command[], decision: BatchDecision<unknown>, stored: StoredEvent[], attemptAt: number, learned: Learned) => {
    // The state was already evolved while deciding: only the revision and the command ids move.
    // An append that matched its expected revision was at the head when it was sent.
    // An assumed-new stream is not known to be at the head even now: a retried create whose
    // first run is stored at the same place is answered by the store as stored (its events, not
    // new ones), and the stream may have moved on since. Later batches learn it from a conflict.
    if (stored.length > 0 && !e.assumed) e.headAt = Math.max(e.headAt, attemptAt);
    e.assumed = false;
    for (const ev of stored) {
      e.revision = ev.revision;
      e.recent.remember(ev);
    }
    e.state = decision.state;
    maybeSnapshot(e);
    await settleUnsure(e, commands, decision.outcomes, learned);
    resolveAll(e, batch, decision.outcomes, stored);
  };

  /** Refused or empty commands that might have acted long ago: the store answers (see learn). */
  const settleUnsure = async (e: Entry, commands: readonly Command[], outcomes: Outcome[], learned: Learned) => {
    const unsure = commands.filter((_, i) => outcomes[i]?.kind === 'unsure').map((c) => c.metadata.commandId);
    if (unsure.length === 0) return;
    await learn(e, unsure, learned);
    commands.forEach((c, i) => {
      const o = outcomes[i];
      const prior = known(e, learned)(c.metadata.commandId);
      if (o?.kind === 'unsure' && prior) outcomes[i] = { kind: 'replay', events: prior };
    });
  };

  const resolveAll = (e: Entry, batch: Pending[], outcomes: Outcome[], stored: StoredEvent[]) => {
    const eventsOf = (o: Outcome | undefined): StoredEvent[] => {
      if (o?.kind === 'new') return stored.slice(o.from, o.from + o.count);
      if (o?.kind === 'replay') return o.events;
      if (o?.kind === 'twin') return eventsOf(outcomes[o.of]);
      return [];
    };
    let i = 0;
    for (const p of batch) {
      if (p.read) {
        p.resolve({ events: [], state: e.state, replayed: true });
        continue;
      }
      const o = outcomes[i++];
      if (o?.kind === 'error') p.reject(o.error);
      else if (o?.kind === 'unsure' && 'error' in o.result) p.reject(o.result.error);
      else p.resolve({ events: eventsOf(o) as Stored<DomainEvent>[], state: e.state, replayed: o?.kind !== 'new' && o?.kind !== 'unsure' });
    }
  };

  const boxes = mailboxes<Pending>(opts.maxBatch ?? 500, (m, batch) => runBatch(m as Entry, batch), (m, batch, err) => {
    unassume(m as Entry);
    for (const p of batch) p.reject(err);
  });

  const enqueue = (e: Entry, p: Pending) => {
    e.queue.push(p);
    boxes.kick(e);
  };

  return {
    handle<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>, streamId: string, command: C, opts?: HandleOptions) {
      const e = entryFor(decider as unknown as Decider<unknown, Command, DomainEvent>, streamId);
      // The stream's events are this decider's (one decider per stream): the one place they are typed.
      type Result = CommandResult<S, E>;
      // A command this process has already seen committed (a retry, or the process manager
      // repeating what a route just did) answers from memory, without a turn in the mailbox.
      const prior = e.loaded && e.queue.length === 0 && !e.running ? e.recent.get(command.metadata.commandId) : undefined;
      if (Array.isArray(prior)) return Promise.resolve({ events: prior, state: e.state, replayed: true } as Result);
      return new Promise<Result>((resolve, reject) => enqueue(e, { command, ...(opts?.fresh ? { fresh: true } : {}), resolve: resolve as (r: CommandResult<unknown>) => void, reject }));
    },
    async load<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>, streamId: string, opts?: LoadOptions) {
      const e = entryFor(decider as unknown as Decider<unknown, Command, DomainEvent>, streamId);
      // e.state only ever holds committed state (a batch replaces it after its append).
      if (opts?.maxStalenessMs !== undefined && e.loaded && !e.assumed && performance.now() - e.headAt <= opts.maxStalenessMs) {
        return { state: e.state as S, revision: e.revision };
      }
      const r = await new Promise<CommandResult<unknown>>((resolve, reject) => enqueue(e, { read: true, command: READ, resolve, reject }));
      return { state: r.state as S, revision: e.revision };
    },
    drain: () => boxes.drain(),
  };
};
