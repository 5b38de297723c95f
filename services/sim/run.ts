// One simulation run: a seed, a number of ticks, a fresh store. Each tick moves the simulated
// clock, arms the faults the seed chose, sends a few requests at once through the API processes
// (several on one stream, so they batch; on two processes, so they conflict), runs a turn of the
// process manager and of the timer loop concurrently with them, and restarts the processes that
// died. Then the process manager catches up with the whole log, every timer fires, and the
// checks (checks.ts) hold the log and every answer against the rules.
import { createHash } from 'node:crypto';
import type { SnapshotStore } from '../shared/commands/snapshots.js';
import type { EventStore, StoredEvent } from '../shared/event-store/port.js';
import { checkRun, type Failure } from './checks.js';
import type { Counters } from './faults.js';
import { deliver, newPm, pmStep, type PmState } from './processManager.js';
import { mulberry32, type Rng } from './rng.js';
import { newModel, plan, retry, storm, type Model } from './schedule.js';
import { fireAll, newTimers, timerStep, type TimerState } from './timers.js';
import { runRequest, type Request } from './usecases.js';
import { createWorld, type Sabotage, type Topology, type World } from './world.js';

export interface SimOptions {
  seed: number;
  steps: number;
  /** A fresh, empty store (and snapshot store) for this run. */
  store: EventStore;
  snapshots: SnapshotStore;
  sabotage?: Sabotage | undefined;
}

export interface RunReport {
  seed: number;
  steps: number;
  sabotage: Sabotage | undefined;
  topology: Topology;
  ok: boolean;
  failures: Failure[];
  stats: { events: number; requests: number; answers: number; refused: number; faults: number; restarts: number } & Counters;
  /** A hash of the log and of every answer: equal for two runs of a seed on the memory store. */
  fingerprint: string;
}

interface Planned {
  request: Request;
  /** Which API process takes it (modulo their number), or the admin CLI. */
  proc: number;
  cli: boolean;
  /** False: the flow's next step is left to the process manager (a crash between the two). */
  thenFollow: boolean;
}

const planTick = (rng: Rng, m: Model, now: number, sabotage: Sabotage | undefined): Planned[] => {
  const requests: Request[] = rng.chance(0.2) ? storm(rng, m, now) : [];
  for (let i = rng.int(1, 4); i > 0; i--) {
    const again = rng.chance(0.25) ? retry(rng, m, now, sabotage === 'retry-new-id') : null;
    requests.push(again ?? plan(rng, m, now));
  }
  return requests.map((request) => ({ request, proc: rng.int(0, 1), cli: request.kind === 'decide' && rng.chance(0.5), thenFollow: rng.chance(0.85) }));
};

/** Time moves a few seconds a tick, sometimes minutes (expiries fall due). */
const advanceClock = (w: World, rng: Rng) => {
  w.now += rng.chance(0.03) ? rng.int(60, 900) * 1000 : rng.int(0, 15_000);
};

const armFaults = (w: World, rng: Rng) => {
  if (!rng.chance(0.2)) return;
  rng.pick(w.procs).faulty.arm({ nth: rng.int(1, 4), afterCommit: rng.chance(0.5), crash: rng.chance(0.6) });
};

/** Dead processes come back with nothing in memory; now and then a live one restarts too. */
const restarts = (w: World, rng: Rng) => {
  for (const p of w.procs) if (p.faulty.dead || rng.chance(0.02)) w.restart(p);
};

const tick = async (w: World, rng: Record<'schedule' | 'faults' | 'pm' | 'timers' | 'clock', Rng>, m: Model, pm: PmState, timers: TimerState) => {
  advanceClock(w, rng.clock);
  w.headBefore = await w.store.headPosition();
  armFaults(w, rng.faults);
  const apis = w.apis();
  const tasks = planTick(rng.schedule, m, w.now, w.sabotage).map((p) => {
    const bus = p.cli ? w.cliBus() : (apis[p.proc % apis.length] ?? w.consumers()).bus;
    return runRequest(bus, p.request, p.thenFollow);
  });
  tasks.push(pmStep(w, rng.pm, pm), timerStep(w, rng.timers, timers));
  await Promise.allSettled(tasks);
  restarts(w, rng.faults);
  w.heads.push(await w.store.headPosition());
};

/** Everything caught up: the process manager delivers the whole log once more, every timer fires. */
const finish = async (w: World, pm: PmState, timers: TimerState) => {
  w.tick = -1;
  for (const p of w.procs) {
    p.faulty.disarm();
    if (p.faulty.dead) w.restart(p);
  }
  let from = 0;
  for (let round = 0; round < 50; round++) {
    const head = await w.store.headPosition();
    w.headBefore = head;
    for (let p = from; p < head; ) {
      const batch = await w.store.readAll(p, 100);
      const last = batch.at(-1);
      if (!last) break;
      if (!(await deliver(w, pm, w.consumers().bus, batch))) w.violate('final-step-failed', `a step failed with a fault after the faults stopped (positions ${p + 1}-${last.position})`);
      p = last.position;
    }
    from = head;
    const fired = await fireAll(w, timers);
    if (fired === 0 && (await w.store.headPosition()) === head) return;
  }
  w.violate('no-quiescence', 'the process manager and the timers were still writing after 50 rounds');
};

export const readLog = async (store: EventStore): Promise<StoredEvent[]> => {
  const log: StoredEvent[] = [];
  for (;;) {
    const page = await store.readAll(log.at(-1)?.position ?? 0, 1000);
    if (page.length === 0) return log;
    log.push(...page);
  }
};

const fingerprint = (w: World, log: readonly StoredEvent[]): string => {
  const h = createHash('sha256');
  for (const e of log) h.update(JSON.stringify([e.streamId, e.revision, e.id, e.type, e.data, e.metadata])).update('\n');
  for (const a of w.acks) h.update(JSON.stringify([a.tick, a.via, a.commandId, a.streamId, a.outcome])).update('\n');
  return h.digest('hex').slice(0, 16);
};

export const simulate = async (o: SimOptions): Promise<RunReport> => {
  const root = mulberry32(o.seed);
  const rng = { schedule: root.fork('schedule'), faults: root.fork('faults'), pm: root.fork('pm'), timers: root.fork('timers'), clock: root.fork('clock') };
  const w = createWorld(o.seed, root.fork('world'), o.store, o.snapshots, o.sabotage);
  const m = newModel(rng.schedule);
  const pm = newPm();
  const timers = newTimers();
  for (w.tick = 0; w.tick < o.steps; w.tick++) await tick(w, rng, m, pm, timers);
  await finish(w, pm, timers);
  await w.settled();
  const log = await readLog(o.store);
  const failures = await checkRun(w, log);
  const count = (k: string) => w.acks.filter((a) => a.outcome.kind === k).length;
  return {
    seed: o.seed,
    steps: o.steps,
    sabotage: o.sabotage,
    topology: w.topology,
    ok: failures.length === 0,
    failures,
    stats: { events: log.length, requests: m.sent.length, answers: w.acks.length, refused: count('refused'), faults: count('fault'), restarts: w.restarts, ...w.counters },
    fingerprint: fingerprint(w, log),
  };
};
