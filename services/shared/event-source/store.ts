// The embedded EventSource: one partition, "all", read straight from the store's global log.
// Ordered per stream because the global log is (and its readers never see a late commit skipped).
// At-least-once: a consumer resumes from its own checkpoint, which it stores with its effects;
// a batch whose handle throws is not acknowledged, and the consumer stops right there, so a
// restart redelivers that batch instead of moving past it.
import type { EventStore, Subscription } from '../event-store/port.js';
import type { EventConsumer, EventSource, RunningConsumer } from './port.js';

export const PARTITION_ALL = 'all';

export interface StoreEventSourceOptions {
  batchSize?: number;
  /**
   * After a batch smaller than batchSize, wait this long before reading the log again, so that
   * under load the next batch holds more events: a read-model batch costs its transaction, every
   * read model's statements and the log read whatever its size, so fewer, larger batches cost
   * less per event. Adds up to this much to the projection lag; the first event after a quiet
   * spell is read at once (the consumer is asleep on the log's notification, not lingering).
   */
  lingerMs?: number;
}

const DEFAULT_BATCH = 500;

export const createStoreEventSource = (store: EventStore, opts: StoreEventSourceOptions = {}): EventSource => ({
  start: async (consumer: EventConsumer): Promise<RunningConsumer> => {
    const fromPosition = await consumer.checkpoint(PARTITION_ALL);
    let settle: { resolve: () => void; reject: (err: unknown) => void } = { resolve: () => {}, reject: () => {} };
    const done = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const batchSize = opts.batchSize ?? DEFAULT_BATCH;
    const linger = opts.lingerMs ?? 0;
    const subscription: Subscription = store.subscribeAll({
      fromPosition,
      batchSize,
      // The store reads on only once this resolves: lingering here lets the next batch grow.
      onEvents: async (events) => {
        await consumer.handle({ partition: PARTITION_ALL, events });
        if (linger > 0 && events.length < batchSize) await new Promise((r) => setTimeout(r, linger));
      },
      // The subscription has already stopped: no later batch reaches the consumer.
      onError: (err) => settle.reject(err),
    });
    return {
      done,
      stop: async () => {
        await subscription.close();
        settle.resolve();
      },
    };
  },
});
