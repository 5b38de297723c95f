// The simulated world: a shared store and its snapshots, the processes that write to it (each a
// real command bus over its own FaultyStore), the simulated clock, and the record of every answer
// a bus gave (acks), which the checks hold against the log at the end.
//
// Topologies, as the product is deployed: `embedded` is one process running the API, the process
// manager and the timers; `replicas` is two API processes and a process-manager process (the
// distributed roles). Either way an operator's command comes through a CLI process of its own,
// a fresh bus per command, as `npm run admin` is.
import type { Command, Decider, DomainEvent } from '../../domain/aggregate.js';
import { isDomainError } from '../../domain/errors.js';
import { createCommandBus, type BusOptions, type CommandBus, type HandleOptions } from '../shared/commands/bus.js';
import type { SnapshotStore } from '../shared/commands/snapshots.js';
import type { EventStore } from '../shared/event-store/port.js';
import { faultyStore, newCounters, type Counters, type FaultyStore } from './faults.js';
import type { Rng } from './rng.js';

export type Topology = 'embedded' | 'replicas';

/** A deliberately broken world, to prove the checks catch what they claim to. */
export type Sabotage = 'fresh-reaction-ids' | 'retry-new-id' | 'no-timers';

export interface AckedEvent {
  id: string;
  streamId: string;
  revision: number;
  type: string;
}

/** One answer of a bus: what a caller was told about its command. */
export interface Ack {
  tick: number;
  via: string;
  commandId: string;
  commandType: string;
  streamId: string;
  /** The log's head when the tick began: events at or below it were committed before the command was sent. */
  headBefore: number;
  outcome: { kind: 'events'; events: AckedEvent[] } | { kind: 'refused'; code: string } | { kind: 'fault'; message: string };
}

/** A broken property, where it was seen. `tick` is the schedule's step, or -1 for the final phase. */
export interface Violation {
  tick: number;
  check: string;
  message: string;
}

export interface Proc {
  name: string;
  runsApi: boolean;
  runsConsumers: boolean;
  incarnation: number;
  faulty: FaultyStore;
  bus: CommandBus;
}

export interface World {
  seed: number;
  topology: Topology;
  sabotage: Sabotage | undefined;
  store: EventStore;
  snapshots: SnapshotStore;
  busOptions: Omit<BusOptions, 'store' | 'snapshots'>;
  procs: Proc[];
  /** Simulated time, epoch ms: the only clock commands see. */
  now: number;
  tick: number;
  headBefore: number;
  /** The log's head after each tick (to name the tick a position was written in). */
  heads: number[];
  acks: Ack[];
  violations: Violation[];
  restarts: number;
  counters: Counters;
  /** Resolves once every snapshot the buses started saving has landed. */
  settled(): Promise<void>;
  /** A bus that records what it answers. */
  recorded(inner: CommandBus, via: string): CommandBus;
  restart(p: Proc): void;
  /** A one-command process (the admin CLI). */
  cliBus(): CommandBus;
  apis(): Proc[];
  consumers(): Proc;
  violate(check: string, message: string): void;
}

export const START = Date.parse('2026-01-01T00:00:00.000Z');

/**
 * The bus saves snapshots without waiting (a lost one costs replay time only); the simulation
 * waits for them at the end, so none lands in the next run's store.
 */
const tracked = (base: SnapshotStore) => {
  const pending = new Set<Promise<unknown>>();
  const snapshots: SnapshotStore = {
    load: (id) => base.load(id),
    save: (id, s) => {
      const p = base.save(id, s);
      pending.add(p);
      void p.catch(() => {}).finally(() => pending.delete(p));
      return p;
    },
  };
  return { snapshots, settled: async () => void (await Promise.allSettled([...pending])) };
};

export const createWorld = (seed: number, rng: Rng, store: EventStore, baseSnapshots: SnapshotStore, sabotage?: Sabotage): World => {
  const { snapshots, settled } = tracked(baseSnapshots);
  const counters = newCounters();
  const topology: Topology = rng.chance(0.5) ? 'embedded' : 'replicas';
  // Small memories, so command ids fall out of them and the store's lookups are what answers;
  // small snapshot intervals and caches, so states come back from snapshots all the time.
  const busOptions = { recentCommands: rng.int(1, 20), snapshotEvery: rng.int(1, 10), cacheSize: rng.int(1, 30), maxBatch: rng.pick([1, 2, 5, 20, 500]) };
  const ack = (w: World, base: Omit<Ack, 'outcome' | 'tick' | 'headBefore'>, outcome: Ack['outcome']) =>
    w.acks.push({ ...base, tick: w.tick, headBefore: w.headBefore, outcome });

  /** A process incarnation: its own view of the store and a bus that remembers nothing yet. */
  const boot = (name: string, incarnation: number) => {
    const faulty = faultyStore(store, snapshots, `${name}#${incarnation}`, counters);
    const bus = world.recorded(createCommandBus({ ...busOptions, store: faulty.store, snapshots: faulty.snapshots }), name);
    return { incarnation, faulty, bus };
  };
  const world: World = {
    seed,
    topology,
    sabotage,
    store,
    snapshots,
    busOptions,
    procs: [],
    now: START,
    tick: 0,
    headBefore: 0,
    heads: [],
    acks: [],
    violations: [],
    restarts: 0,
    counters,
    settled,
    recorded(inner, via) {
      return {
        async handle<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>, streamId: string, command: C, opts?: HandleOptions) {
          const base = { via, commandId: command.metadata.commandId, commandType: command.type, streamId };
          try {
            const r = await inner.handle(decider, streamId, command, opts);
            ack(world, base, { kind: 'events', events: r.events.map((e) => ({ id: e.id, streamId: e.streamId, revision: e.revision, type: e.type })) });
            return r;
          } catch (err) {
            ack(world, base, isDomainError(err) ? { kind: 'refused', code: err.code } : { kind: 'fault', message: err instanceof Error ? err.message : String(err) });
            throw err;
          }
        },
        load: (decider, streamId, opts) => inner.load(decider, streamId, opts),
        drain: () => inner.drain(),
      };
    },
    restart(p) {
      Object.assign(p, boot(p.name, p.incarnation + 1));
      world.restarts++;
    },
    cliBus() {
      return world.recorded(createCommandBus({ ...busOptions, store, snapshots }), 'cli');
    },
    apis: () => world.procs.filter((p) => p.runsApi),
    consumers: () => world.procs.find((p) => p.runsConsumers) ?? fail('no consumer process'),
    violate(check, message) {
      world.violations.push({ tick: world.tick, check, message });
    },
  };
  const roles = topology === 'embedded' ? [{ name: 'app', runsApi: true, runsConsumers: true }] : [
    { name: 'api-a', runsApi: true, runsConsumers: false },
    { name: 'api-b', runsApi: true, runsConsumers: false },
    { name: 'pm', runsApi: false, runsConsumers: true },
  ];
  for (const r of roles) world.procs.push({ ...r, ...boot(r.name, 0) });
  return world;
};

const fail = (message: string): never => {
  throw new Error(message);
};
