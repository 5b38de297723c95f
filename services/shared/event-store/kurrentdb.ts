// The KurrentDB adapter of the EventStore port (distributed mode), on @kurrent/kurrentdb-client,
// the maintained successor of @eventstore/db-client.
//
// How the port maps onto KurrentDB:
// - position = the event's commit position in the transaction log ($all). Each event of an
//   append is its own committed record, so positions strictly increase across the whole log,
//   and KurrentDB only ever shows committed records: readers never skip a late commit.
//   Resuming "after p" reads from {commit: p, prepare: p}, which includes p, so p is dropped.
// - System events ($-prefixed types: stats, metadata, links) are filtered out server side and
//   again here; the port's log holds application events only.
// - Event ids are unique store-wide (the port's promise, which KurrentDB does not keep by
//   itself: it deduplicates a retry only at the same expected revision, and appends the same ids
//   again at the current revision or in another stream). So every event claims its id in a
//   marker stream (`mr-event-id-<id>`, one `mr.EventIdClaimed` record naming the event's stream
//   and revision) in the SAME atomic multi-stream append as the event (KurrentDB 25.1+,
//   multiStreamAppend), each marker expected to be new. A marker that exists makes the whole
//   append fail: the adapter then reads the markers, answers a retry at the same place with its
//   original result, and anything else with DuplicateEventIdsError. readEvents reads markers.
//   Markers are hidden from the log (filtered by type, server side and here).
//   UNVERIFIED: no KurrentDB server can run where this was written; the contract suite runs it
//   wherever a Docker engine answers (test/contracts/event-store.kurrentdb.int.test.ts).
// - Appends are exact: 'any' and 'stream_exists' are resolved to the stream's current revision
//   first (one read), so every event's revision is known when its marker is written.
// - Metadata goes as string properties (multiStreamAppend takes no other values); values that
//   are not strings are sent as JSON text.
import {
  BACKWARDS,
  END,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendStreamState,
  type ReadPosition,
  type RecordedEvent,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  DuplicateEventIdsError,
  WrongExpectedRevisionError,
  isWrongExpectedRevision,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from './port.js';
import { subscriptionSet } from './subscriptions.js';

const MARKER_PREFIX = 'mr-event-id-';
const MARKER_TYPE = 'mr.EventIdClaimed';
const markerStream = (eventId: string) => `${MARKER_PREFIX}${eventId}`;
/** Application events only: no system events ($-types) and no id markers. */
const appEvents = () => eventTypeFilter({ regex: '^(?![$]|mr[.]EventIdClaimed$).*' });

const stringProps = (m: EventMetadata): Record<string, string> =>
  Object.fromEntries(Object.entries(m).flatMap(([k, v]) => (v === undefined ? [] : [[k, typeof v === 'string' ? v : JSON.stringify(v)]])));

/** The exact state an append expects, given the stream's current revision (null: no stream). */
const resolveExpected = (e: ExpectedRevision, current: number | null): AppendStreamState | null => {
  if (e === 'no_stream') return current === null ? NO_STREAM : null;
  if (e === 'stream_exists') return current === null ? null : BigInt(current);
  if (e === 'any') return current === null ? NO_STREAM : BigInt(current);
  return current === e ? BigInt(e) : null;
};

const after = (position: number): ReadPosition =>
  position <= 0 ? START : { commit: BigInt(position), prepare: BigInt(position) };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const jsonOf = (v: unknown): unknown => {
  if (v instanceof Uint8Array) {
    if (v.length === 0) return {};
    return JSON.parse(Buffer.from(v).toString('utf8')) as unknown;
  }
  return v;
};

const toStored = (e: RecordedEvent, commitPosition: bigint | undefined): StoredEvent => {
  const data = jsonOf(e.data);
  const metadata = jsonOf(e.metadata);
  const position = commitPosition ?? e.position?.commit;
  if (position === undefined) throw new Error(`kurrentdb: event ${e.id} in ${e.streamId} has no position (server older than 22.6?)`);
  const meta: EventMetadata = isRecord(metadata) && typeof metadata['at'] === 'string' ? { ...metadata, at: metadata['at'] } : { at: e.created.toISOString() };
  return {
    id: e.id,
    type: e.type,
    data: isRecord(data) ? data : { value: data },
    metadata: meta,
    streamId: e.streamId,
    revision: Number(e.revision),
    position: Number(position),
  };
};

const isSystem = (type: string) => type.startsWith('$') || type === MARKER_TYPE;

/** A resolved $all event as a StoredEvent, or null for system events and unresolved links. */
const fromAll = (r: AllStreamResolvedEvent): StoredEvent | null =>
  r.event && !isSystem(r.event.type) ? toStored(r.event, r.commitPosition ?? r.event.position.commit) : null;

export interface KurrentDbEventStoreOptions {
  /** e.g. kurrentdb://127.0.0.1:2113?tls=false */
  connectionString: string;
}

export const createKurrentDbEventStore = (opts: KurrentDbEventStoreOptions): EventStore => {
  const client = KurrentDBClient.connectionString(opts.connectionString);
  const subscriptions = subscriptionSet();

  const readStream = async (streamId: string, o: ReadStreamOptions = {}): Promise<StoredEvent[]> => {
    if (o.limit !== undefined && o.limit <= 0) return [];
    const out: StoredEvent[] = [];
    try {
      const events = client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: o.fromRevision === undefined || o.fromRevision <= 0 ? START : BigInt(o.fromRevision),
        ...(o.limit === undefined ? {} : { maxCount: o.limit }),
      });
      for await (const r of events as AsyncIterable<ResolvedEvent>) {
        if (r.event) out.push(toStored(r.event, r.commitPosition));
      }
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw err;
    }
    return out;
  };

  const lastRevision = async (streamId: string): Promise<number | null> => {
    try {
      for await (const r of client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
        if (r.event) return Number(r.event.revision);
      }
    } catch (err) {
      if (!(err instanceof StreamNotFoundError)) throw err;
    }
    return null;
  };

  /** Where each id is stored, from its marker (missing ids are left out). */
  const places = async (ids: readonly string[]): Promise<Map<string, { streamId: string; revision: number }>> => {
    const found = new Map<string, { streamId: string; revision: number }>();
    await Promise.all(
      ids.map(async (id) => {
        const [m] = await readStream(markerStream(id), { limit: 1 });
        if (m && typeof m.data.streamId === 'string' && typeof m.data.revision === 'number') found.set(id, { streamId: m.data.streamId, revision: m.data.revision });
      }),
    );
    return found;
  };

  /** Some ids are stored: the original result of a retry at the same place, else DuplicateEventIdsError. */
  const retried = async (streamId: string, events: NewEvent[], expected: ExpectedRevision, stored: Map<string, { streamId: string; revision: number }>): Promise<AppendResult> => {
    const first = stored.get(events[0]?.id ?? '');
    const samePlace =
      first !== undefined &&
      stored.size === events.length &&
      events.every((e, i) => stored.get(e.id)?.streamId === streamId && stored.get(e.id)?.revision === first.revision + i) &&
      (expected === 'no_stream' ? first.revision === 0 : typeof expected === 'number' ? first.revision === expected + 1 : true);
    if (!samePlace || !first) throw new DuplicateEventIdsError(streamId, [...stored.keys()]);
    const nextRevision = first.revision + events.length - 1;
    const appended = await readStream(streamId, { fromRevision: first.revision, limit: events.length });
    const last = appended.at(-1);
    if (!last || appended.length !== events.length) throw new Error(`kurrentdb: ${streamId}@${nextRevision} has a marker but is not readable`);
    return { nextRevision, position: last.position, positions: appended.map((e) => e.position) };
  };

  /** The events and their id markers, in one atomic multi-stream append (see the header). */
  const appendWithMarkers = async (streamId: string, events: NewEvent[], state: AppendStreamState, first: number): Promise<AppendResult> => {
    const r = await client.multiStreamAppend([
      { streamName: streamId, expectedState: state, events: events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: stringProps(e.metadata) })) },
      ...events.map((e, i) => ({
        streamName: markerStream(e.id),
        expectedState: NO_STREAM as AppendStreamState,
        events: [jsonEvent({ type: MARKER_TYPE, data: { streamId, revision: first + i } })],
      })),
    ]);
    const nextRevision = first + events.length - 1;
    // Each event is its own record with its own commit position: read them back.
    const appended = await readStream(streamId, { fromRevision: first, limit: events.length });
    const position = appended.at(-1)?.position ?? Number(r.position);
    return { nextRevision, position, positions: appended.length === events.length ? appended.map((e) => e.position) : events.map(() => position) };
  };

  /** The revision an append expects: a number or no_stream says it; 'any' and 'stream_exists' need a look. */
  const currentFor = async (streamId: string, e: ExpectedRevision): Promise<number | null> => {
    if (e === 'no_stream') return null;
    if (typeof e === 'number') return e;
    return lastRevision(streamId);
  };

  const append = async (streamId: string, events: NewEvent[], o: { expectedRevision: ExpectedRevision }): Promise<AppendResult> => {
    if (events.length === 0) throw new Error(`stream ${streamId}: append needs at least one event`);
    const loose = o.expectedRevision === 'any' || o.expectedRevision === 'stream_exists';
    for (let attempt = 0; ; attempt++) {
      const current = await currentFor(streamId, o.expectedRevision);
      const state = resolveExpected(o.expectedRevision, current);
      try {
        // A wrong revision, unless this is a retry of an append that already landed (below).
        if (state === null) throw new WrongExpectedRevisionError(streamId, o.expectedRevision, current);
        return await appendWithMarkers(streamId, events, state, current === null ? 0 : current + 1);
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) && !isWrongExpectedRevision(err)) throw err;
        const stored = await places(events.map((e) => e.id));
        if (stored.size > 0) return retried(streamId, events, o.expectedRevision, stored);
        // Another writer moved the stream between our read and the append: a loose expectation tries again.
        if (loose && err instanceof WrongExpectedVersionError && attempt < 10) continue;
        throw new WrongExpectedRevisionError(streamId, o.expectedRevision, state === null ? current : await lastRevision(streamId));
      }
    }
  };

  const readEvents = async (ids: readonly string[]): Promise<StoredEvent[]> => {
    const at = await places(ids);
    const events = await Promise.all([...at.values()].map((p) => readStream(p.streamId, { fromRevision: p.revision, limit: 1 })));
    return events.flat().filter((e) => at.get(e.id) !== undefined);
  };

  const readAll = async (fromPosition: number, limit: number): Promise<StoredEvent[]> => {
    if (limit <= 0) return [];
    const out: StoredEvent[] = [];
    // +1: the read starts at fromPosition itself, which the port excludes.
    const events = client.readAll({ direction: FORWARDS, fromPosition: after(fromPosition), maxCount: limit + 1, filter: appEvents() });
    for await (const r of events) {
      const e = fromAll(r);
      if (e && e.position > fromPosition) out.push(e);
      if (out.length >= limit) break;
    }
    return out;
  };

  const headPosition = async (): Promise<number> => {
    for await (const r of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: appEvents() })) {
      const e = fromAll(r);
      if (e) return e.position;
    }
    return 0;
  };

  const subscribeAll = (s: SubscribeOptions): Subscription => {
    const batchSize = s.batchSize ?? 500;
    const sub: AllStreamSubscription = client.subscribeToAll({ fromPosition: after(s.fromPosition), filter: appEvents() });
    // Buffered events wait here; the stream is paused while two batches are waiting, so a slow
    // handler holds the server back instead of growing memory.
    const queue: StoredEvent[] = [];
    let last = s.fromPosition;
    let closed = false;
    let failure: unknown = null;
    let wake: (() => void) | null = null;
    const poke = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    sub.on('data', (r: AllStreamResolvedEvent) => {
      try {
        const e = fromAll(r);
        if (!e || e.position <= last) return;
        last = e.position;
        queue.push(e);
        if (queue.length >= 2 * batchSize) sub.pause();
      } catch (err) {
        failure ??= err;
      }
      poke();
    });
    sub.on('error', (err) => {
      failure ??= err;
      poke();
    });
    const loop = async () => {
      while (!closed) {
        if (failure !== null) {
          closed = true;
          s.onError?.(failure);
          break;
        }
        if (queue.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          continue;
        }
        const batch = queue.splice(0, batchSize);
        if (sub.isPaused() && queue.length < batchSize) sub.resume();
        try {
          await s.onEvents(batch);
        } catch (err) {
          failure = err;
        }
      }
      await sub.unsubscribe().catch(() => undefined);
    };
    return subscriptions.track(() => {
      closed = true;
      poke();
    }, loop());
  };

  const close = async () => {
    await subscriptions.closeAll();
    await client.dispose();
  };

  return { append, readStream, readEvents, readAll, headPosition, subscribeAll, close };
};
