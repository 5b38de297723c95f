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
// - A retried append with the same event ids at the same place is deduplicated by KurrentDB
//   itself. It may answer such a retry without the original position, so append reads the
//   last event back to report the position the port promises (one extra read per append).
// - An event id already stored in another stream is appended there again: KurrentDB scopes
//   idempotency to a stream (contract option idsStoredInAnotherStream: 'appends').
import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendStreamState,
  type ReadPosition,
  type RecordedEvent,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  WrongExpectedRevisionError,
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

const toStreamState = (e: ExpectedRevision): AppendStreamState => {
  switch (e) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(e);
  }
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

const isSystem = (type: string) => type.startsWith('$');

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

  const append = async (streamId: string, events: NewEvent[], o: { expectedRevision: ExpectedRevision }): Promise<AppendResult> => {
    if (events.length === 0) throw new Error(`stream ${streamId}: append needs at least one event`);
    let nextRevision: number;
    try {
      const r = await client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
        { streamState: toStreamState(o.expectedRevision) },
      );
      nextRevision = Number(r.nextExpectedRevision);
    } catch (err) {
      if (err instanceof WrongExpectedVersionError) {
        const actual = err.actualState === NO_STREAM ? null : Number(err.actualState);
        throw new WrongExpectedRevisionError(streamId, o.expectedRevision, actual);
      }
      throw err;
    }
    const [last] = await readStream(streamId, { fromRevision: nextRevision, limit: 1 });
    if (!last) throw new Error(`kurrentdb: ${streamId}@${nextRevision} acknowledged but not readable`);
    return { nextRevision, position: last.position };
  };

  const readAll = async (fromPosition: number, limit: number): Promise<StoredEvent[]> => {
    if (limit <= 0) return [];
    const out: StoredEvent[] = [];
    // +1: the read starts at fromPosition itself, which the port excludes.
    const events = client.readAll({ direction: FORWARDS, fromPosition: after(fromPosition), maxCount: limit + 1, filter: excludeSystemEvents() });
    for await (const r of events) {
      const e = fromAll(r);
      if (e && e.position > fromPosition) out.push(e);
      if (out.length >= limit) break;
    }
    return out;
  };

  const headPosition = async (): Promise<number> => {
    for await (const r of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: excludeSystemEvents() })) {
      const e = fromAll(r);
      if (e) return e.position;
    }
    return 0;
  };

  const subscribeAll = (s: SubscribeOptions): Subscription => {
    const batchSize = s.batchSize ?? 500;
    const sub: AllStreamSubscription = client.subscribeToAll({ fromPosition: after(s.fromPosition), filter: excludeSystemEvents() });
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

  return { append, readStream, readAll, headPosition, subscribeAll, close };
};
