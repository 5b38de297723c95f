import t from 'tap';
import { createMemoryEventStore } from '../../../../services/shared/event-store/memory.js';
import type { EventStore, StoredEvent } from '../../../../services/shared/event-store/port.js';
import { createStoreEventSource } from '../../../../services/shared/event-source/store.js';
import type { EventBatch, EventConsumer } from '../../../../services/shared/event-source/port.js';
import { newEvent, waitFor } from '../../../contracts/event-store.contract.js';

/** A consumer that keeps its checkpoint the way a projector does: advanced only after its effects. */
const projector = (failOn: string | null, checkpoints: Map<string, number>) => {
  const applied: StoredEvent[] = [];
  const consumer: EventConsumer = {
    name: 'test-projector',
    checkpoint: async (partition) => checkpoints.get(partition) ?? 0,
    handle: async (batch: EventBatch) => {
      if (batch.events.some((e) => e.type === failOn)) throw new Error(`cannot apply ${failOn}`);
      applied.push(...batch.events);
      const last = batch.events[batch.events.length - 1];
      if (last) checkpoints.set(batch.partition, last.position);
    },
  };
  return { consumer, applied };
};

const seed = async (store: EventStore, types: string[]) => {
  for (const type of types) await store.append('s-1', [newEvent(type)], { expectedRevision: 'any' });
};

t.test('given events and a checkpoint, when a consumer starts, then it receives only later events in the "all" partition', async (t) => {
  const store = createMemoryEventStore();
  t.teardown(() => store.close());
  await seed(store, ['A', 'B', 'C']);
  const checkpoints = new Map([['all', 1]]);
  const { consumer, applied } = projector(null, checkpoints);
  const running = await createStoreEventSource(store).start(consumer);
  await seed(store, ['D']);
  await waitFor('live event', () => applied.length >= 3, 5000);
  await running.stop();
  await running.done;
  t.same(applied.map((e) => e.type), ['B', 'C', 'D']);
  t.equal(checkpoints.get('all'), 4);
});

t.test('given a consumer whose handle throws, when the failing batch arrives, then it stops without advancing and a restart resumes there', async (t) => {
  const store = createMemoryEventStore();
  t.teardown(() => store.close());
  await seed(store, ['A', 'Poison', 'B']);
  const checkpoints = new Map<string, number>();
  const failing = projector('Poison', checkpoints);
  const running = await createStoreEventSource(store, { batchSize: 1 }).start(failing.consumer);
  await t.rejects(running.done, { message: 'cannot apply Poison' }, 'done rejects with the handler error');
  await seed(store, ['C']);
  await new Promise((r) => setTimeout(r, 50));
  t.same(failing.applied.map((e) => e.type), ['A'], 'nothing after the failure is applied');
  t.equal(checkpoints.get('all'), 1, 'the checkpoint stays before the failing event');

  const fixed = projector(null, checkpoints);
  const again = await createStoreEventSource(store).start(fixed.consumer);
  await waitFor('redelivery', () => fixed.applied.length >= 3, 5000);
  await again.stop();
  t.same(fixed.applied.map((e) => e.type), ['Poison', 'B', 'C'], 'the restart redelivers from the failing event');
});
