// The Kafka adapter of the EventSource port against a real Kafka protocol peer (librdkafka's
// mock cluster, see test/support/kafka.ts), fed by the relay from an in-memory store.
import t from 'tap';
import type { Admin } from 'kafkajs';
import { createMemoryEventStore } from '../../services/shared/event-store/memory.js';
import type { EventStore, StoredEvent } from '../../services/shared/event-store/port.js';
import type { EventBatch, EventConsumer } from '../../services/shared/event-source/port.js';
import { createKafka, createKafkaEventSource } from '../../services/shared/event-source/kafka.js';
import { memoryRelayCheckpoint, startRelay } from '../../services/relay/relay.js';
import { newEvent, waitFor } from '../contracts/event-store.contract.js';
import { startKafka, type TestKafka } from '../support/kafka.js';

const TIMEOUT = 30_000;
const TOPIC = 'source-events';
const PARTITIONS = 3;

/** A consumer that applies each event and keeps its checkpoint per partition, like a projector. */
const recordingConsumer = (name: string, opts: { ignoreCheckpoint?: boolean; fail?: boolean } = {}) => {
  const applied: StoredEvent[] = [];
  const batches: EventBatch[] = [];
  const checkpoints = new Map<string, number>();
  const consumer: EventConsumer = {
    name,
    checkpoint: async (p) => (opts.ignoreCheckpoint ? 0 : (checkpoints.get(p) ?? 0)),
    handle: async (batch) => {
      if (opts.fail) throw new Error('projection failed');
      batches.push(batch);
      applied.push(...batch.events);
      const last = batch.events[batch.events.length - 1];
      if (last) checkpoints.set(batch.partition, last.position);
    },
  };
  return { consumer, applied, batches };
};

const seed = async (store: EventStore, n: number, tag: string) => {
  for (let i = 0; i < n; i++) await store.append(`stream-${i % 4}`, [newEvent('Seeded', { tag, i })], { expectedRevision: 'any' });
};

const committed = async (admin: Admin, groupId: string): Promise<number[]> => {
  const [topic] = await admin.fetchOffsets({ groupId, topics: [TOPIC] });
  // -1: nothing committed; the same as 0 for a partition that holds no message.
  return (topic?.partitions ?? []).sort((a, b) => a.partition - b.partition).map((p) => Math.max(0, Number(p.offset)));
};

const ends = async (admin: Admin): Promise<number[]> =>
  (await admin.fetchTopicOffsets(TOPIC)).sort((a, b) => a.partition - b.partition).map((p) => Number(p.high));

const run = (peer: TestKafka) => {
  t.teardown(peer.stop);
  const kafka = createKafka({ brokers: peer.brokers, clientId: 'source-test' });
  const source = createKafkaEventSource({ kafka, topic: TOPIC, sessionTimeoutMs: 6_000 });
  const store = createMemoryEventStore();
  const admin = kafka.admin();
  const relay = async (from = 0) => {
    const checkpoint = memoryRelayCheckpoint(from);
    const r = await startRelay({ store, kafka, topic: TOPIC, checkpoint });
    const head = await store.headPosition();
    await waitFor('relay caught up', () => checkpoint.current() === head, TIMEOUT);
    await r.stop();
  };
  const allCommitted = async (group: string) => {
    const want = await ends(admin);
    const until = Date.now() + TIMEOUT;
    while (Date.now() < until) {
      if (JSON.stringify(await committed(admin, group)) === JSON.stringify(want)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`group ${group} did not commit up to ${JSON.stringify(want)}`);
  };
  t.before(async () => {
    await admin.connect();
    await seed(store, 20, 'first');
    await relay();
  });
  t.teardown(() => admin.disconnect());

  t.test('given relayed events, when a consumer group reads them, then it gets every event, per stream in order, partitioned by Kafka partition', async (t) => {
    const { consumer, applied, batches } = recordingConsumer('projector-a');
    const running = await source.start(consumer);
    t.teardown(() => running.stop());
    await waitFor('20 events', () => applied.length >= 20, TIMEOUT);
    await allCommitted('projector-a');

    t.same(applied.map((e) => e.id).sort(), (await store.readAll(0, 100)).map((e) => e.id).sort(), 'every event once');
    for (const s of ['stream-0', 'stream-1', 'stream-2', 'stream-3']) {
      const revisions = applied.filter((e) => e.streamId === s).map((e) => e.revision);
      t.same(revisions, [...revisions.keys()], `${s}: revisions in order`);
    }
    t.ok(batches.every((b) => /^[0-9]+$/.test(b.partition) && Number(b.partition) < PARTITIONS), 'partition is the Kafka partition number');

    t.test('when the relay re-sends from an older checkpoint, then no event is applied twice', async (t) => {
      await relay(0);
      await allCommitted('projector-a');
      t.equal(applied.length, 20, 'copies skipped');
      t.equal(new Set(applied.map((e) => e.id)).size, 20);
    });

    t.test('when the consumer restarts, then it resumes from the committed offset', async (t) => {
      await running.stop();
      await running.done;
      await seed(store, 4, 'second');
      await relay(20);
      // This consumer ignores checkpoints: only the committed offsets keep old events away.
      const again = recordingConsumer('projector-a', { ignoreCheckpoint: true });
      const restarted = await source.start(again.consumer);
      t.teardown(() => restarted.stop());
      await waitFor('the new events', () => again.applied.length >= 4, TIMEOUT);
      await allCommitted('projector-a');
      t.same(again.applied.map((e) => e.data['tag']), ['second', 'second', 'second', 'second'], 'only events after the committed offset');
    });
  });

  t.test('given a handler that throws, when a batch arrives, then the consumer stops without committing', async (t) => {
    const failing = recordingConsumer('projector-b', { fail: true });
    const running = await source.start(failing.consumer);
    const err: unknown = await Promise.race([
      running.done.then(() => null, (e: unknown) => e),
      new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT)),
    ]);
    t.match(err, { message: 'projection failed' }, 'done rejects with the handler error');
    t.ok((await committed(admin, 'projector-b')).every((o) => o === 0), 'no offset committed');
    await running.stop();

    const healthy = recordingConsumer('projector-b');
    const next = await source.start(healthy.consumer);
    t.teardown(() => next.stop());
    const total = (await store.readAll(0, 1000)).length;
    await waitFor('every event again', () => healthy.applied.length >= total, TIMEOUT);
    t.equal(healthy.applied.length, total, 'the restarted consumer receives everything');
  });
};

const peer = await startKafka({ topics: { [TOPIC]: PARTITIONS } });
if ('skip' in peer) t.test('Kafka event source', { skip: peer.skip }, async () => undefined);
else run(peer);
