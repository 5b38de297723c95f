// Durable timers, simulated around the real parts: the timers projection (projections/timers.ts)
// writes a map instead of the `timers` table, and a due timer fires through the real fireTimer
// (services/app/timers.ts) on the consumer process's bus, at the simulated time. Faults: the
// projection lags, the loop skips ticks (timers fire late), a crash between firing and deleting
// leaves a timer to fire again, a rebuild brings back timers of settled things, and an old timer
// fires long after what it expires was settled. A timer the domain refuses would be parked by the
// real loop (money stuck until an operator looks): a violation here.
import { isDomainError } from '../../domain/errors.js';
import type { Tx } from '../../projections/projection.js';
import { timersProjection } from '../../projections/timers.js';
import { fireTimer, type DueTimer } from '../app/timers.js';
import type { Rng } from './rng.js';
import type { World } from './world.js';

export interface TimerState {
  table: Map<string, DueTimer>;
  /** Every timer ever scheduled, for firing again after settlement. */
  history: Map<string, DueTimer>;
  /** The projection's checkpoint. */
  projected: number;
}

export const newTimers = (): TimerState => ({ table: new Map(), history: new Map(), projected: 0 });

const projection = timersProjection({ pokeTimers: () => {} });

/** The statements the timers projection writes (insert … on conflict do nothing; delete), on a map. */
const tableTx = (st: TimerState): Tx => ({
  query: async (text, values = []) => {
    const id = String(values[0]);
    if (/^\s*insert into timers/.test(text)) {
      const t: DueTimer = { timerId: id, dueAt: new Date(String(values[1])), kind: String(values[2]), payload: JSON.parse(String(values[3])) as Record<string, unknown>, causeEventId: String(values[4]) };
      if (!st.table.has(id)) st.table.set(id, t);
      if (!st.history.has(id)) st.history.set(id, t);
    } else if (/^\s*delete from timers/.test(text)) st.table.delete(id);
    else throw new Error(`the simulated timers table cannot run: ${text}`);
  },
});

/** The projection catches up with the log. */
const project = async (w: World, st: TimerState): Promise<void> => {
  const tx = tableTx(st);
  for (;;) {
    const page = await w.store.readAll(st.projected, 500);
    for (const e of page) await projection.apply(tx, e);
    const last = page.at(-1);
    if (!last) return;
    st.projected = last.position;
  }
};

/** Fires one timer; `keep` leaves it in the table (a crash between firing and deleting). */
const fire = async (w: World, st: TimerState, t: DueTimer, keep: boolean): Promise<void> => {
  try {
    await fireTimer({ bus: w.consumers().bus, clock: () => new Date(w.now) }, t);
    if (!keep) st.table.delete(t.timerId);
  } catch (err) {
    // A fault leaves the timer in the table for the next turn of the loop.
    if (!isDomainError(err)) return;
    w.violate('timer-refused', `timer ${t.timerId} was refused: ${err.code} (${err.message}); the real loop would park it`);
    st.table.delete(t.timerId);
  }
};

const byDue = (a: DueTimer, b: DueTimer) => a.dueAt.getTime() - b.dueAt.getTime() || (a.timerId < b.timerId ? -1 : a.timerId > b.timerId ? 1 : 0);
const due = (w: World, timers: Iterable<DueTimer>) => [...timers].filter((t) => t.dueAt.getTime() <= w.now).sort(byDue);

/** One tick of the timer loop and its projection. */
export const timerStep = async (w: World, rng: Rng, st: TimerState): Promise<void> => {
  if (w.sabotage === 'no-timers') return;
  if (rng.chance(0.02)) {
    // A rebuild of the timers read model: fired timers of emptied packets come back.
    st.table.clear();
    st.projected = 0;
  }
  if (rng.chance(0.85)) await project(w, st);
  const fires: Promise<void>[] = [];
  if (rng.chance(0.6)) for (const t of due(w, st.table.values())) fires.push(fire(w, st, t, rng.chance(0.1)));
  const old = due(w, st.history.values());
  if (old.length > 0 && rng.chance(0.05)) fires.push(fire(w, st, rng.pick(old), true));
  await Promise.all(fires);
};

/** The end of a run: the clock moves past every timer, and every one fires. Returns how many. */
export const fireAll = async (w: World, st: TimerState): Promise<number> => {
  if (w.sabotage === 'no-timers') return 0;
  await project(w, st);
  const last = Math.max(w.now, ...[...st.table.values()].map((t) => t.dueAt.getTime()));
  w.now = last + 1000;
  const todo = due(w, st.table.values());
  await Promise.all(todo.map((t) => fire(w, st, t, false)));
  return todo.length;
};
