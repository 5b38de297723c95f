// The in-memory adapter of the EventStore port, for unit tests. Same semantics as the
// PostgreSQL adapter (the contract suite proves it); nothing is durable. One JS thread appends,
// so positions are assigned in commit order and every reader sees a gap-free log.
import {
  DuplicateEventIdsError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from './port.js';
import { subscriptionSet } from './subscriptions.js';

const matches = (expected: ExpectedRevision, current: number | null): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === null;
  if (expected === 'stream_exists') return current !== null;
  return current === expected;
};

/** Where the first event of a retried append must already be stored to count as "the same place". */
const samePlace = (expected: ExpectedRevision, firstRevision: number): boolean => {
  if (expected === 'no_stream') return firstRevision === 0;
  if (typeof expected === 'number') return firstRevision === expected + 1;
  return true;
};

export const createMemoryEventStore = (): EventStore => {
  const log: StoredEvent[] = [];
  const streams = new Map<string, StoredEvent[]>();
  const byId = new Map<string, StoredEvent>();
  const wakers = new Set<() => void>();
  const subscriptions = subscriptionSet();
  // Copies keep callers from mutating stored events, as a database would.
  const copy = (e: StoredEvent): StoredEvent => structuredClone(e);

  const retried = (streamId: string, events: NewEvent[], expected: ExpectedRevision): AppendResult | 'none' => {
    const stored = events.map((e) => byId.get(e.id));
    const first = stored[0];
    if (stored.every((s) => s === undefined)) return 'none';
    const conflict = new DuplicateEventIdsError(
      streamId,
      events.filter((e) => byId.has(e.id)).map((e) => e.id),
    );
    if (!first || !samePlace(expected, first.revision)) throw conflict;
    let last = first;
    for (const [i, s] of stored.entries()) {
      if (!s || s.streamId !== streamId || s.revision !== first.revision + i) throw conflict;
      last = s;
    }
    return { nextRevision: last.revision, position: last.position, positions: stored.map((s) => s?.position ?? 0) };
  };

  const append = async (streamId: string, events: NewEvent[], o: { expectedRevision: ExpectedRevision }): Promise<AppendResult> => {
    await Promise.resolve();
    if (events.length === 0) throw new Error(`stream ${streamId}: append needs at least one event`);
    const again = retried(streamId, events, o.expectedRevision);
    if (again !== 'none') return again;
    const stream = streams.get(streamId) ?? [];
    const current = stream.length === 0 ? null : stream.length - 1;
    if (!matches(o.expectedRevision, current)) throw new WrongExpectedRevisionError(streamId, o.expectedRevision, current);
    for (const e of events) {
      const stored: StoredEvent = structuredClone({ ...e, streamId, revision: stream.length, position: log.length + 1 });
      stream.push(stored);
      log.push(stored);
      byId.set(e.id, stored);
    }
    streams.set(streamId, stream);
    for (const wake of wakers) wake();
    return { nextRevision: stream.length - 1, position: log.length, positions: events.map((_, i) => log.length - events.length + 1 + i) };
  };

  const readStream = async (streamId: string, o: ReadStreamOptions = {}): Promise<StoredEvent[]> => {
    const from = o.fromRevision ?? 0;
    const events = (streams.get(streamId) ?? []).slice(from, o.limit === undefined ? undefined : from + o.limit);
    return events.map(copy);
  };

  const readEvents = async (ids: readonly string[]): Promise<StoredEvent[]> =>
    ids.flatMap((id) => {
      const e = byId.get(id);
      return e ? [copy(e)] : [];
    });

  // Positions are 1..log.length, so position p sits at index p - 1.
  const readAll = async (fromPosition: number, limit: number): Promise<StoredEvent[]> =>
    log.slice(Math.max(0, fromPosition), Math.max(0, fromPosition) + limit).map(copy);

  const headPosition = async (): Promise<number> => log.length;

  const subscribeAll = (s: SubscribeOptions): Subscription => {
    const batchSize = s.batchSize ?? 500;
    let closed = false;
    let signals = 0;
    let wakeUp: (() => void) | null = null;
    const wake = () => {
      signals++;
      wakeUp?.();
    };
    const run = async () => {
      let position = s.fromPosition;
      wakers.add(wake);
      try {
        while (!closed) {
          const seen = signals;
          const events = await readAll(position, batchSize);
          const last = events[events.length - 1];
          if (last) {
            await s.onEvents(events);
            position = last.position;
          } else if (signals === seen && !closed) {
            // An append during the read bumped signals; otherwise we sleep until the next one.
            await new Promise<void>((resolve) => {
              wakeUp = () => {
                wakeUp = null;
                resolve();
              };
            });
          }
        }
      } catch (err) {
        closed = true;
        s.onError?.(err);
      } finally {
        wakers.delete(wake);
      }
    };
    return subscriptions.track(() => {
      closed = true;
      wake(); // also bumps signals, so a loop between its read and its sleep does not sleep
    }, run());
  };

  const close = async () => {
    await subscriptions.closeAll();
  };

  return { append, readStream, readEvents, readAll, headPosition, subscribeAll, close };
};
