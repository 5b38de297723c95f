// Durable timers: "do X at time T". Rows live in the `timers` table, written by a projection
// from events (a red packet's expiry, a transfer's), so they survive restarts; a timer that
// fell due while the server was down fires at the next start. Firing issues a command whose id
// derives from the timer, and the aggregate ignores an expiry that no longer applies, so a
// timer that fires twice (crash between fire and delete) acts once.
//
// A timer the domain refuses (the thing it expires does not exist, say, because the step that
// creates it was parked) is parked (parking.ts, consumer `timers`) and then deleted: retrying
// on its own cannot change the answer, and dropping it would leave the money it was to return
// where it is with nothing but a log line. `retry-parked` fires it again. A timer that fails
// otherwise stays and is retried by the loop.
import type pg from 'pg';
import { isDomainError } from '../../../domain/errors.js';
import { parkEvents, TIMERS_CONSUMER } from './parking.js';

export interface Timer {
  timerId: string;
  dueAt: Date;
  kind: string;
  payload: Record<string, unknown>;
  causeEventId: string;
}

export interface TimerRunner {
  /** Wakes the loop early (new timers were written). */
  poke(): void;
  stop(): Promise<void>;
}

export interface TimerLog {
  error(obj: object, msg: string): void;
}

export const startTimers = (
  pool: pg.Pool,
  fire: (t: Timer) => Promise<void>,
  log: TimerLog,
  opts: { now?: () => number; maxSleepMs?: number } = {},
): TimerRunner => {
  const now = opts.now ?? Date.now;
  const maxSleep = opts.maxSleepMs ?? 60_000;
  let stopped = false;
  let wake: (() => void) | null = null;
  let timeout: NodeJS.Timeout | null = null;
  let poked = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (poked || stopped) {
        poked = false;
        resolve();
        return;
      }
      wake = resolve;
      timeout = setTimeout(resolve, ms);
    }).finally(() => {
      wake = null;
      if (timeout) clearTimeout(timeout);
    });

  const tick = async (): Promise<number> => {
    const due = await pool.query<{ timer_id: string; due_at: Date; kind: string; payload: Record<string, unknown>; cause_event_id: string }>(
      'select timer_id, due_at, kind, payload, cause_event_id from timers where due_at <= $1 order by due_at limit 200',
      [new Date(now())],
    );
    await Promise.all(
      due.rows.map(async (r) => {
        try {
          await fire({ timerId: r.timer_id, dueAt: r.due_at, kind: r.kind, payload: r.payload, causeEventId: r.cause_event_id });
          await pool.query('delete from timers where timer_id = $1', [r.timer_id]);
        } catch (err) {
          if (isDomainError(err)) {
            // Refused: parked first, so a crash in between fires (and parks) it again, never loses it.
            const detail = { timerId: r.timer_id, dueAt: r.due_at.toISOString(), kind: r.kind, payload: r.payload, causeEventId: r.cause_event_id };
            await parkEvents(pool, [{ consumer: TIMERS_CONSUMER, partition: TIMERS_CONSUMER, event: { id: r.timer_id, type: r.kind }, detail, error: err, attempts: 1 }]);
            await pool.query('delete from timers where timer_id = $1', [r.timer_id]);
            log.error({ err, timerId: r.timer_id, kind: r.kind }, `timer ${r.timer_id} refused (${err.code}); parked`);
          } else log.error({ err, timerId: r.timer_id, kind: r.kind }, 'timer failed; it stays and retries');
        }
      }),
    );
    if (due.rows.length === 200) return 0;
    const next = await pool.query<{ due: Date | null }>('select min(due_at) as due from timers');
    const at = next.rows[0]?.due;
    return at ? Math.max(10, Math.min(maxSleep, at.getTime() - now())) : maxSleep;
  };

  const loop = (async () => {
    while (!stopped) {
      let wait = 1000;
      try {
        wait = await tick();
      } catch (err) {
        if (!stopped) log.error({ err }, 'timer loop error');
      }
      await sleep(wait);
    }
  })();

  return {
    poke() {
      poked = true;
      wake?.();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
};
