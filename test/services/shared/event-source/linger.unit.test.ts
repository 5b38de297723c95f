// The store event source's linger (CONSUMER_LINGER_MS): after a part-full batch the consumer
// waits before reading the log again, so events that arrive one by one under load are handled
// in one batch (one transaction, one statement per read model) instead of one batch each.
import t from 'tap';
import { createMemoryEventStore } from '../../../../services/shared/event-store/memory.js';
import type { EventStore } from '../../../../services/shared/event-store/port.js';
import { createStoreEventSource } from '../../../../services/shared/event-source/store.js';
import type { EventConsumer } from '../../../../services/shared/event-source/port.js';
import { newEvent, waitFor } from '../../../contracts/event-store.contract.js';

const append = (store: EventStore, type: string) => store.append('s-1', [newEvent(type)], { expectedRevision: 'any' });

/** A consumer that records its batches; the first batch schedules three appends, a millisecond apart. */
const recorder = (store: EventStore) => {
  const batches: string[][] = [];
  const consumer: EventConsumer = {
    name: 'test-linger',
    checkpoint: async () => 0,
    handle: async (batch) => {
      batches.push(batch.events.map((e) => e.type));
      if (batches.length === 1) for (const [i, type] of ['B', 'C', 'D'].entries()) setTimeout(() => void append(store, type), i + 1);
    },
  };
  return { consumer, batches };
};

t.test('given a linger, when events arrive one by one right after a batch, then the next batch holds them all', async (t) => {
  const store = createMemoryEventStore();
  t.teardown(() => store.close());
  const { consumer, batches } = recorder(store);
  const running = await createStoreEventSource(store, { lingerMs: 200 }).start(consumer);
  await append(store, 'A');
  await waitFor('all four events', () => batches.flat().length >= 4, 5000);
  await running.stop();
  await running.done;
  t.same(batches, [['A'], ['B', 'C', 'D']], 'the three later appends wait out the linger and come as one batch');
});

t.test('given a linger, when a full batch is handled, then the consumer reads on at once and still delivers every event in order', async (t) => {
  const store = createMemoryEventStore();
  t.teardown(() => store.close());
  for (const type of ['A', 'B', 'C', 'D', 'E']) await append(store, type);
  const seen: string[][] = [];
  const consumer: EventConsumer = { name: 'test-linger-full', checkpoint: async () => 0, handle: async (b) => void seen.push(b.events.map((e) => e.type)) };
  const running = await createStoreEventSource(store, { batchSize: 2, lingerMs: 200 }).start(consumer);
  await waitFor('all five events', () => seen.flat().length >= 5, 5000);
  await running.stop();
  await running.done;
  t.same(seen, [['A', 'B'], ['C', 'D'], ['E']], 'full batches of two, then the rest');
});
