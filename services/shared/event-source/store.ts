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
}

export const createStoreEventSource = (store: EventStore, opts: StoreEventSourceOptions = {}): EventSource => ({
  start: async (consumer: EventConsumer): Promise<RunningConsumer> => {
    const fromPosition = await consumer.checkpoint(PARTITION_ALL);
    let settle: { resolve: () => void; reject: (err: unknown) => void } = { resolve: () => {}, reject: () => {} };
    const done = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const subscription: Subscription = store.subscribeAll({
      fromPosition,
      batchSize: opts.batchSize,
      onEvents: (events) => consumer.handle({ partition: PARTITION_ALL, events }),
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
