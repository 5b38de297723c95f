// Parked events, for operators (`npm run admin -- parked | retry-parked`): list what the consumers
// could not apply, and apply it again once the cause is fixed. A retry that works marks the row
// resolved; one that fails again leaves it open (status retried) with the new error.
//
// What a retry does depends on who parked it:
// - `process:<name>` (a process-manager step): the step runs again from the stored event. Its
//   command id derives from the event, so if the step did act after all (the bus recognises the
//   id) it returns the original result instead of acting twice.
// - `timers`: the timer fires again, with the command id it had (`timer:<id>`): acts once.
// - `projection:push_messages`: the event's notices are stored now with the next seq of their
//   channels (services/push/projector.ts); they are not announced live.
// - `projection:<read model>`: that read model is REBUILT from the log and swapped in
//   (services/audit/rebuild.ts), which resolves every event parked for it. Applying the old event
//   alone would be wrong for read models whose rows depend on order: wallet_balances keeps the
//   highest version and would ignore it (leaving an asset only it changed stale), a red packet
//   row counts grabs, a ranking adds scores. The rebuild applies every event in log order,
//   under the live projector's checkpoint lock, in one transaction with the new checkpoint.
import type { StoredEvent } from '../../domain/events.js';
import type { EventStore } from '../shared/event-store/port.js';
import { listParked, markResolved, markRetryFailed, TIMERS_CONSUMER, type ParkedEvent, type ParkedFilter } from '../shared/consumers/parking.js';
import { processManagers } from '../process/index.js';
import { readModels } from '../../projections/index.js';
import { rebuildAndDiff } from '../audit/rebuild.js';
import { storeParkedPushEvent } from '../push/projector.js';
import { requireRole, type Caller } from './caller.js';
import type { Core } from './core.js';
import { fireTimer } from './timers.js';

export type { ParkedEvent };

export interface RetryOutcome {
  id: string;
  consumer: string;
  type: string;
  position: number | null;
  status: 'resolved' | 'retried';
  /** What the retry did. */
  how: string;
  error?: string;
}

const PUSH = 'projection:push_messages';
const PROJECTION = 'projection:';
const PROCESS = 'process:';

export const listParkedEvents = (core: Core, caller: Caller, filter: ParkedFilter = {}): Promise<ParkedEvent[]> => {
  requireRole(caller, 'operator');
  return listParked(core.pool, filter);
};

/** The parked event as stored in the log (its stream and revision), checked by id. */
const storedEvent = async (store: EventStore, p: ParkedEvent): Promise<StoredEvent> => {
  if (p.streamId === null || p.revision === null) throw new Error(`parked event ${p.id} has no stream position`);
  const [e] = await store.readStream(p.streamId, { fromRevision: p.revision, limit: 1 });
  if (!e || e.id !== p.eventId) throw new Error(`event ${p.eventId} is not at ${p.streamId}#${p.revision}`);
  return e;
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const retryParked = async (core: Core, caller: Caller, which: { ids?: readonly string[]; consumer?: string }): Promise<RetryOutcome[]> => {
  requireRole(caller, 'operator');
  const deps = core;
  const rows = await listParked(deps.pool, { ids: which.ids, consumer: which.consumer, limit: 10_000 });
  const processes = new Map(processManagers(core).map((pm) => [`${PROCESS}${pm.name}`, pm]));
  const projections = new Map(readModels({ pokeTimers: () => {} }).map((p) => [`${PROJECTION}${p.name}`, p]));
  // One rebuild per read model covers every event parked for it.
  const rebuilt = new Map<string, Promise<{ position: number; how: string }>>();
  const out: RetryOutcome[] = [];
  for (const p of rows) {
    const done = (how: string): RetryOutcome => ({ id: p.id, consumer: p.consumer, type: p.type, position: p.position, status: 'resolved', how });
    try {
      const pm = processes.get(p.consumer);
      const projection = projections.get(p.consumer);
      if (pm) {
        await pm.react(await storedEvent(deps.store, p));
        await markResolved(deps.pool, [p.id]);
        out.push(done('step ran again'));
      } else if (p.consumer === TIMERS_CONSUMER) {
        const d = p.detail ?? {};
        const payload = typeof d.payload === 'object' && d.payload !== null ? (d.payload as Record<string, unknown>) : {};
        await fireTimer(core, { timerId: str(d.timerId), dueAt: new Date(str(d.dueAt)), kind: str(d.kind), payload, causeEventId: str(d.causeEventId) });
        await markResolved(deps.pool, [p.id]);
        out.push(done('timer fired again'));
      } else if (p.consumer === PUSH) {
        const messages = await storeParkedPushEvent(deps.pool, await storedEvent(deps.store, p), {
          historyLimit: deps.config.PUSH_HISTORY_LIMIT,
          resolve: (tx) => markResolved(tx, [p.id]),
        });
        out.push(done(`stored ${messages.length} notice(s): ${messages.map((m) => `${m.channel}#${m.seq}`).join(', ') || 'none'}`));
      } else if (projection) {
        let r = rebuilt.get(p.consumer);
        if (!r) {
          r = rebuildAndDiff(deps.pool, deps.store, [projection], { swap: true }).then(([d]) => ({
            position: d?.rebuiltTo ?? 0,
            how: `read model ${projection.name} rebuilt from the log and swapped in at position ${d?.rebuiltTo ?? 0}${d && !d.equal ? ' (it differed)' : ''}`,
          }));
          rebuilt.set(p.consumer, r);
        }
        const { position, how } = await r;
        if (p.position !== null && p.position > position) throw new Error(`the rebuild reached ${position}, short of ${p.position}`);
        await markResolved(deps.pool, [p.id]);
        out.push(done(how));
      } else throw new Error(`no consumer named ${p.consumer} here`);
    } catch (err) {
      await markRetryFailed(deps.pool, p.id, err);
      out.push({ id: p.id, consumer: p.consumer, type: p.type, position: p.position, status: 'retried', how: 'failed again', error: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
};
