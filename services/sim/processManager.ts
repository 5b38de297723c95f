// The process manager, simulated around the real one (services/process: the reactions of
// services/app/reactions.ts through the bus). Like reactorConsumer it reads the log in order
// from a checkpoint and runs a batch's steps concurrently; unlike it, it fails on purpose: it
// goes down for a while, restarts from the last checkpoint it saved (a restart forgets the rest),
// and delivers old events again, also several times in one batch. A step the domain refuses
// would be parked by the real one: money stuck until an operator looks, so here a violation.
import { isDomainError } from '../../domain/errors.js';
import { asDomainEvent } from '../../domain/index.js';
import { runReaction } from '../app/follow.js';
import { reactionTo, type Reaction } from '../app/reactions.js';
import { processManagers } from '../process/index.js';
import type { CommandBus } from '../shared/commands/bus.js';
import type { StoredEvent } from '../shared/event-store/port.js';
import type { Rng } from './rng.js';
import type { World } from './world.js';

export interface PmState {
  /** Delivered up to here (in memory). */
  checkpoint: number;
  /** Saved up to here: where a restart resumes. */
  saved: number;
  /** Down until this tick. */
  downUntil: number;
  /** The consumer process's incarnation it runs in (a restart of that process restarts it). */
  incarnation: number;
  /** Steps run with made-up command ids (the `fresh-reaction-ids` sabotage). */
  sabotaged: number;
}

export const newPm = (): PmState => ({ checkpoint: 0, saved: 0, downUntil: 0, incarnation: 0, sabotaged: 0 });

const renamed = <R extends Reaction>(r: R, commandId: string): R => ({ ...r, command: { ...r.command, metadata: { ...r.command.metadata, commandId } } });

/** One step, as the real process manager runs it; the sabotage gives each run a new command id. */
export const react = async (w: World, st: PmState, bus: CommandBus, e: StoredEvent): Promise<void> => {
  if (w.sabotage !== 'fresh-reaction-ids') {
    for (const pm of processManagers({ bus })) if (pm.handles.includes(e.type)) await pm.react(e);
    return;
  }
  const d = asDomainEvent(e);
  const r = d && reactionTo(d);
  if (!r) return;
  await runReaction(bus, renamed(r, `sabotage:${++st.sabotaged}`));
};

/** Runs a batch's steps concurrently; false when one failed with a fault (the batch must come again). */
export const deliver = async (w: World, st: PmState, bus: CommandBus, events: readonly StoredEvent[]): Promise<boolean> => {
  const outcomes = await Promise.allSettled(events.map((e) => react(w, st, bus, e)));
  let ok = true;
  outcomes.forEach((o, i) => {
    const e = events[i];
    if (o.status === 'fulfilled' || !e) return;
    // Refused: parked by the real one, which goes on. A fault: the batch comes again.
    if (isDomainError(o.reason)) w.violate('step-refused', `the process manager's step for ${e.type} at position ${e.position} (${e.streamId}) was refused: ${o.reason.code} (${o.reason.message}); the real one would park it`);
    else ok = false;
  });
  return ok;
};

/** Old events once more, out of order (a redelivery after a rebalance or a restart). */
const redeliveries = async (w: World, rng: Rng, st: PmState): Promise<StoredEvent[]> => {
  if (st.checkpoint === 0 || !rng.chance(0.25)) return [];
  const picks = Array.from({ length: rng.int(1, 4) }, () => rng.int(1, st.checkpoint));
  const out: StoredEvent[] = [];
  for (const p of picks) out.push(...(await w.consumers().faulty.store.readAll(p - 1, 1)));
  return out;
};

/** One tick of the process manager. */
export const pmStep = async (w: World, rng: Rng, st: PmState): Promise<void> => {
  const proc = w.consumers();
  if (proc.incarnation !== st.incarnation) {
    // Its process restarted: it resumes from what it saved.
    st.incarnation = proc.incarnation;
    st.checkpoint = st.saved;
  }
  if (w.tick < st.downUntil) return;
  if (rng.chance(0.04)) {
    st.downUntil = w.tick + rng.int(1, 40);
    st.checkpoint = st.saved;
    return;
  }
  if (!rng.chance(0.7)) return; // behind: a slow batch, a busy event loop
  try {
    const batch = await proc.faulty.store.readAll(st.checkpoint, rng.int(1, 30));
    const again = await redeliveries(w, rng, st);
    const twice = batch.length > 0 && rng.chance(0.1) ? [rng.pick(batch)] : [];
    const ok = await deliver(w, st, proc.bus, [...batch, ...again, ...twice]);
    const last = batch.at(-1);
    if (!ok || !last) return; // a step failed: the batch comes again
    st.checkpoint = last.position;
    if (rng.chance(0.3)) st.saved = st.checkpoint;
  } catch {
    // Its process is down: it restarts with it.
  }
};
