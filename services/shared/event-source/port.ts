// The EventSource port: how projectors, process managers and the push service receive events.
// Ordered per stream, at-least-once, resumable. The embedded adapter reads the store's global
// log (one partition, "all"); the Kafka adapter reads a consumer group (one partition per Kafka
// partition). Within a partition positions only grow, so a consumer that stores "applied up to
// position p" per partition in the same transaction as its effects applies each event once.
import type { StoredEvent } from '../event-store/port.js';

export interface EventBatch {
  partition: string;
  events: StoredEvent[];
}

export interface EventConsumer {
  /** A stable name: the checkpoint key and, in Kafka, the consumer group. */
  name: string;
  /** The position this consumer has applied up to in a partition (0 when none). */
  checkpoint(partition: string): Promise<number>;
  /** Applies a batch. Throwing stops this consumer without advancing it. */
  handle(batch: EventBatch): Promise<void>;
}

export interface RunningConsumer {
  /** Resolves when the consumer stops; rejects with the error that stopped it. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export interface EventSource {
  start(consumer: EventConsumer): Promise<RunningConsumer>;
}
