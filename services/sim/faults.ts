// Faults between a simulated process and the shared store. One FaultyStore per process
// incarnation: armed, its n-th append from then on fails, either before it reaches the store
// (nothing committed) or after the store committed it (the caller cannot tell which: an unknown
// outcome). A crash leaves the process dead: every call it makes from then on fails, and every
// call already under way returns an error whatever the store did with it, until the simulation
// restarts it (a new incarnation, a new bus, nothing remembered). A transient fault fails that
// one append and the process goes on with what its bus remembers.
import type { SnapshotStore } from '../shared/commands/snapshots.js';
import { isDuplicateEventIds, isWrongExpectedRevision, type EventStore } from '../shared/event-store/port.js';

/** Not a domain error (no `code`): the bus and the consumers treat it as a fault. */
export class SimulatedFault extends Error {
  override readonly name = 'SimulatedFault';
}

export const isSimulatedFault = (e: unknown): e is SimulatedFault => e instanceof SimulatedFault;

export interface FaultPlan {
  /** Which append fails, counting from 1 from when the plan is armed. */
  nth: number;
  /** True: the append commits, then the caller gets an error. False: it never reaches the store. */
  afterCommit: boolean;
  /** A crash kills the process; a transient fault fails one append. */
  crash: boolean;
}

/** What the buses asked of the store, to show a run reached the paths it is meant to test. */
export interface Counters {
  /** Appends refused for a wrong expected revision (another process wrote first). */
  conflicts: number;
  /** Appends refused for event ids stored elsewhere (a command that had acted). */
  duplicates: number;
  /** Lookups of command ids in the store (a bus whose memory had let them go). */
  lookups: number;
  /** Streams loaded from a snapshot. */
  restores: number;
}

export const newCounters = (): Counters => ({ conflicts: 0, duplicates: 0, lookups: 0, restores: 0 });

export interface FaultyStore {
  store: EventStore;
  snapshots: SnapshotStore;
  arm(plan: FaultPlan): void;
  disarm(): void;
  /** Kills the process now (a crash outside any append). */
  kill(): void;
  readonly dead: boolean;
  /** Faults this incarnation has suffered. */
  readonly faults: number;
}

export const faultyStore = (base: EventStore, baseSnapshots: SnapshotStore, label: string, counters = newCounters()): FaultyStore => {
  let dead = false;
  let plan: FaultPlan | null = null;
  let appends = 0;
  let faults = 0;
  const down = () => new SimulatedFault(`${label} is down`);
  /** A call of a live process; its answer is lost if the process died meanwhile. */
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    if (dead) throw down();
    const r = await call();
    if (dead) throw down();
    return r;
  };
  const fail = (p: FaultPlan, what: string): SimulatedFault => {
    faults++;
    if (p.crash) dead = true;
    return new SimulatedFault(`${label}: ${p.crash ? 'crash' : 'fault'} ${what}`);
  };
  const counted: EventStore['append'] = (streamId, events, opts) =>
    base.append(streamId, events, opts).catch((err: unknown) => {
      if (isWrongExpectedRevision(err)) counters.conflicts++;
      if (isDuplicateEventIds(err)) counters.duplicates++;
      throw err;
    });
  const append: EventStore['append'] = async (streamId, events, opts) => {
    if (dead) throw down();
    const p = plan;
    if (!p || ++appends < p.nth) return guard(() => counted(streamId, events, opts));
    plan = null;
    if (!p.afterCommit) throw fail(p, `before appending to ${streamId}`);
    await counted(streamId, events, opts);
    throw fail(p, `after appending to ${streamId}`);
  };
  const store: EventStore = {
    append,
    readStream: (s, o) => guard(() => base.readStream(s, o)),
    readEvents: (ids) => {
      counters.lookups++;
      return guard(() => base.readEvents(ids));
    },
    readAll: (p, l) => guard(() => base.readAll(p, l)),
    headPosition: () => guard(() => base.headPosition()),
    subscribeAll: () => {
      throw new Error('the simulation reads the log itself');
    },
    close: async () => {},
  };
  const snapshots: SnapshotStore = {
    load: async (id) => {
      const snap = await guard(() => baseSnapshots.load(id));
      if (snap) counters.restores++;
      return snap;
    },
    save: (id, s) => guard(() => baseSnapshots.save(id, s)),
  };
  return {
    store,
    snapshots,
    arm: (p) => {
      plan = p;
      appends = 0;
    },
    disarm: () => {
      plan = null;
    },
    kill: () => {
      dead = true;
    },
    get dead() {
      return dead;
    },
    get faults() {
      return faults;
    },
  };
};
