// The relay (distributed mode): the store's global log → one Kafka topic.
//
// Guarantees and why they hold:
// - Per stream order: the message key is the stream id, so one stream stays in one partition;
//   batches are sent one at a time (the next waits for the broker's ack) with one request in
//   flight, so a retried request cannot overtake a later one.
// - At-least-once: the checkpoint advances only after the broker acknowledged the batch from
//   all in-sync replicas (acks -1). A crash between ack and checkpoint re-sends that batch on
//   restart; consumers drop events at or below their own checkpoint, so copies are harmless.
// - The producer is not idempotent: librdkafka's mock cluster used in tests rejects it, and
//   consumer-side deduplication by position makes broker-side deduplication unnecessary.
// Run one relay per topic: two would both send everything (still correct, twice the traffic).
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { EventStore, StoredEvent } from '../shared/event-store/port.js';
import { toKafkaMessage } from '../shared/event-source/kafka.js';

export interface RelayCheckpoint {
  /** The highest global position the broker has acknowledged (0 when none). */
  load(): Promise<number>;
  save(position: number): Promise<void>;
}

export const memoryRelayCheckpoint = (initial = 0): RelayCheckpoint & { current(): number } => {
  let at = initial;
  return {
    load: async () => at,
    save: async (p) => {
      at = p;
    },
    current: () => at,
  };
};

type Queryable = Pick<pg.Pool, 'query'>;

/** Stored in relay_checkpoints (migration 0005). A save never moves the checkpoint back. */
export const postgresRelayCheckpoint = (db: Queryable, name: string): RelayCheckpoint => ({
  load: async () => {
    const r = await db.query<{ position: string | number }>('select position from relay_checkpoints where name = $1', [name]);
    return Number(r.rows[0]?.position ?? 0);
  },
  save: async (position) => {
    await db.query(
      `insert into relay_checkpoints (name, position, updated_at) values ($1, $2, now())
       on conflict (name) do update set position = greatest(relay_checkpoints.position, excluded.position), updated_at = now()`,
      [name, position],
    );
  },
});

export interface RelayOptions {
  store: EventStore;
  kafka: Kafka;
  topic: string;
  checkpoint: RelayCheckpoint;
  log?: Logger;
  /** Events per Kafka request; keep the request under the broker's message.max.bytes. */
  batchSize?: number;
}

export interface RunningRelay {
  /** Resolves when stopped; rejects with the error that stopped the relay (restart it). */
  done: Promise<void>;
  /** The last position acknowledged by the broker and saved. */
  position(): number;
  stop(): Promise<void>;
}

/** Sends one batch and waits until every in-sync replica has it. */
export const sendBatch = async (producer: Producer, topic: string, events: StoredEvent[]): Promise<void> => {
  await producer.send({ topic, acks: -1, messages: events.map(toKafkaMessage) });
};

export const startRelay = async (opts: RelayOptions): Promise<RunningRelay> => {
  const { store, topic, checkpoint, log } = opts;
  const producer = opts.kafka.producer({
    idempotent: false,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  let position = await checkpoint.load();
  log?.info({ topic, from: position }, 'relay starting');

  let settle: { resolve: () => void; reject: (e: unknown) => void } | null = null;
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  done.catch(() => undefined);
  let stopping: Promise<void> | null = null;
  const shutdown = (err: unknown): Promise<void> => {
    if (stopping) return stopping;
    stopping = (async () => {
      await sub.close().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      if (err === null) settle?.resolve();
      else settle?.reject(err);
    })();
    return stopping;
  };

  const sub = store.subscribeAll({
    fromPosition: position,
    batchSize: opts.batchSize ?? 500,
    onEvents: async (events) => {
      const last = events[events.length - 1];
      if (!last || stopping) return;
      await sendBatch(producer, topic, events);
      await checkpoint.save(last.position);
      position = last.position;
      log?.debug({ topic, position, count: events.length }, 'relayed');
    },
    onError: (err) => {
      log?.error({ err, position }, 'relay stopped; the checkpoint holds the last acknowledged position');
      // close() waits for the subscription loop, which is reporting this error right now.
      setImmediate(() => void shutdown(err));
    },
  });

  return {
    done,
    position: () => position,
    stop: async () => {
      await shutdown(null);
    },
  };
};
