// The Kafka adapter of the EventSource port (distributed mode), and the one wire format of an
// event on Kafka, written by the relay and read here.
//
// Delivery: one consumer group per consumer name; a partition is a Kafka partition ("0", "1",
// ...). The relay keys messages by stream id, so one stream's events sit in one partition in
// position order. The relay is at-least-once: a re-run from an older checkpoint appends
// copies further down the partition. Positions therefore only grow within a partition except
// for such copies, and this adapter drops every event at or below the consumer's checkpoint
// and below the highest position already delivered in the batch. Rebalances are harmless for
// the same reason: a new owner reads the shared checkpoint.
//
// Offsets are committed only after handle resolved. If handle throws, the consumer stops with
// nothing committed for that batch, so a restart receives it again.
import { Kafka, logLevel, type KafkaMessage, type LogEntry, type Message, type Consumer } from 'kafkajs';
import type { Logger } from 'pino';
import type { StoredEvent } from '../event-store/port.js';
import type { EventConsumer, EventSource, RunningConsumer } from './port.js';

export const HEADER = {
  eventId: 'event-id',
  type: 'event-type',
  streamId: 'stream-id',
  revision: 'revision',
  position: 'position',
} as const;

/** Key = stream id (one stream, one partition, in order); value = the stored event as JSON. */
export const toKafkaMessage = (e: StoredEvent): Message => ({
  key: e.streamId,
  value: JSON.stringify(e),
  headers: {
    [HEADER.eventId]: e.id,
    [HEADER.type]: e.type,
    [HEADER.streamId]: e.streamId,
    [HEADER.revision]: String(e.revision),
    [HEADER.position]: String(e.position),
  },
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class UndecodableMessageError extends Error {}

/** The inverse of toKafkaMessage. Throws UndecodableMessageError on anything else. */
export const fromKafkaMessage = (m: Pick<KafkaMessage, 'value' | 'offset'>): StoredEvent => {
  const fail = (why: string) => new UndecodableMessageError(`kafka message at offset ${m.offset}: ${why}`);
  if (!m.value) throw fail('no value');
  let v: unknown;
  try {
    v = JSON.parse(m.value.toString('utf8'));
  } catch {
    throw fail('value is not JSON');
  }
  if (!isRecord(v)) throw fail('value is not an object');
  const { id, type, data, metadata, streamId, revision, position } = v;
  if (typeof id !== 'string' || typeof type !== 'string' || typeof streamId !== 'string') throw fail('id, type or streamId missing');
  if (typeof revision !== 'number' || typeof position !== 'number') throw fail('revision or position missing');
  if (!isRecord(data) || !isRecord(metadata) || typeof metadata['at'] !== 'string') throw fail('data or metadata missing');
  return { id, type, data, metadata: { ...metadata, at: metadata['at'] }, streamId, revision, position };
};

const pinoLevel = (level: logLevel): 'error' | 'warn' | 'info' | 'debug' => {
  switch (level) {
    case logLevel.ERROR:
    case logLevel.NOTHING:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    case logLevel.DEBUG:
      return 'debug';
  }
};

/** A kafkajs client whose own log lines go to pino (warnings and errors only). */
export const createKafka = (opts: { brokers: string[]; clientId: string; log?: Logger }): Kafka =>
  new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    logLevel: opts.log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      opts.log?.[pinoLevel(entry.level)]({ kafkajs: entry.namespace, ...extra }, message);
    },
  });

export interface KafkaEventSourceOptions {
  kafka: Kafka;
  topic: string;
  log?: Logger;
  /** Lag is logged at info at most this often per partition (debug on every batch). */
  lagLogIntervalMs?: number;
  sessionTimeoutMs?: number;
}

export const createKafkaEventSource = (opts: KafkaEventSourceOptions): EventSource => ({
  start: (consumer) => startConsumer(opts, consumer),
});

const startConsumer = async (opts: KafkaEventSourceOptions, consumer: EventConsumer): Promise<RunningConsumer> => {
  const { topic, log } = opts;
  const lagEvery = opts.lagLogIntervalMs ?? 10_000;
  const lastLagLog = new Map<number, number>();
  const c: Consumer = opts.kafka.consumer({
    groupId: consumer.name,
    sessionTimeout: opts.sessionTimeoutMs ?? 30_000,
    rebalanceTimeout: opts.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.min(3_000, Math.floor((opts.sessionTimeoutMs ?? 30_000) / 3)),
    // Nothing else reads the group's offsets, so a new group starts at the beginning.
    allowAutoTopicCreation: true,
  });

  let settle: { resolve: () => void; reject: (e: unknown) => void } | null = null;
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller that only calls stop() must not crash the process with an unhandled rejection.
  done.catch(() => undefined);
  let stopping: Promise<void> | null = null;
  let failure: unknown = null;
  const shutdown = (err: unknown): Promise<void> => {
    if (stopping) return stopping;
    failure = err;
    stopping = c.disconnect().then(
      () => (err === null ? settle?.resolve() : settle?.reject(err)),
      (e: unknown) => settle?.reject(err ?? e),
    );
    return stopping;
  };

  c.on(c.events.CRASH, (e) => {
    // kafkajs restarts itself after retriable errors; anything else ends this consumer.
    if (!e.payload.restart) void shutdown(e.payload.error);
  });

  await c.connect();
  await c.subscribe({ topic, fromBeginning: true });
  await c.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      if (failure !== null || stopping || !isRunning() || isStale()) return;
      const last = batch.messages[batch.messages.length - 1];
      if (!last) return;
      const partition = String(batch.partition);
      try {
        let high = await consumer.checkpoint(partition);
        const events: StoredEvent[] = [];
        for (const m of batch.messages) {
          const e = fromKafkaMessage(m);
          if (e.position <= high) continue;
          events.push(e);
          high = e.position;
        }
        if (events.length > 0) await consumer.handle({ partition, events });
      } catch (err) {
        log?.error({ err, consumer: consumer.name, partition }, 'consumer handle failed; stopping without committing');
        // disconnect waits for this batch to return, so it runs after we leave.
        setImmediate(() => void shutdown(err));
        return;
      }
      const next = (BigInt(last.offset) + 1n).toString();
      resolveOffset(last.offset);
      await c.commitOffsets([{ topic, partition: batch.partition, offset: next }]);
      await heartbeat();
      const lag = Number(batch.offsetLag());
      const now = Date.now();
      const loud = now - (lastLagLog.get(batch.partition) ?? 0) >= lagEvery;
      if (loud) lastLagLog.set(batch.partition, now);
      log?.[loud ? 'info' : 'debug']({ consumer: consumer.name, partition, lag, committed: next }, 'consumer lag');
    },
  });

  return {
    done,
    stop: async () => {
      await shutdown(null).catch(() => undefined);
    },
  };
};
