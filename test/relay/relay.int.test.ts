// The relay against a real Kafka protocol peer (librdkafka's mock cluster, see test/support/kafka.ts).
import t from 'tap';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { createMemoryEventStore } from '../../services/shared/event-store/memory.js';
import type { EventStore } from '../../services/shared/event-store/port.js';
import { createKafka, fromKafkaMessage } from '../../services/shared/event-source/kafka.js';
import { memoryRelayCheckpoint, postgresRelayCheckpoint, startRelay } from '../../services/relay/relay.js';
import { migrate } from '../../services/shared/postgres/migrate.js';
import { createPool } from '../../services/shared/postgres/pool.js';
import { newEvent, waitFor } from '../contracts/event-store.contract.js';
import { startKafka, type TestKafka } from '../support/kafka.js';
import { startTestDatabase } from '../support/pg.js';

const TIMEOUT = 30_000;

interface Received {
  partition: number;
  message: KafkaMessage;
}

/** Reads a topic from the beginning with a fresh group until stopped. */
const readTopic = async (brokers: string[], topic: string) => {
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${Math.random().toString(36).slice(2)}` });
  const received: Received[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ partition, message }) => void received.push({ partition, message }) });
  return { received, stop: () => consumer.disconnect() };
};

const seed = async (store: EventStore, streams: string[], perStream: number) => {
  for (let i = 0; i < perStream; i++) {
    for (const s of streams) await store.append(s, [newEvent('Seeded', { s, i })], { expectedRevision: 'any' });
  }
};

const run = (peer: TestKafka) => {
  t.teardown(peer.stop);

  t.test('given events in three streams, when the relay runs, then each stream stays in one partition in order with its headers', async (t) => {
    const topic = 'relay-order';
    const store = createMemoryEventStore();
    const streams = ['wallet-a', 'wallet-b', 'packet-c'];
    await seed(store, streams, 10);
    const checkpoint = memoryRelayCheckpoint();
    const relay = await startRelay({ store, kafka: createKafka({ brokers: peer.brokers, clientId: 'relay-test' }), topic, checkpoint, batchSize: 7 });
    const reader = await readTopic(peer.brokers, topic);
    t.teardown(async () => {
      await reader.stop();
      await relay.stop();
      await store.close();
    });
    await waitFor('30 messages', () => reader.received.length >= 30, TIMEOUT);
    await waitFor('the checkpoint', () => checkpoint.current() === 30, TIMEOUT);

    const events = reader.received.map((r) => ({ ...r, event: fromKafkaMessage(r.message) }));
    t.same(events.map((e) => e.event), await store.readAll(0, 100).then((all) => events.map((e) => all.find((a) => a.id === e.event.id))), 'values decode to the stored events');
    for (const s of streams) {
      const ofStream = events.filter((e) => e.event.streamId === s);
      t.equal(new Set(ofStream.map((e) => e.partition)).size, 1, `${s}: one partition`);
      t.same(ofStream.map((e) => e.event.revision), [...Array(10).keys()], `${s}: revisions in order`);
    }
    const first = events[0];
    t.ok(first, 'a message');
    if (first) {
      const h = (k: string) => first.message.headers?.[k]?.toString();
      t.same(
        [h('event-id'), h('event-type'), h('stream-id'), h('revision'), h('position'), first.message.key?.toString()],
        [first.event.id, 'Seeded', first.event.streamId, String(first.event.revision), String(first.event.position), first.event.streamId],
        'headers carry id, type, stream, revision and position; key is the stream id',
      );
    }
    t.equal(relay.position(), 30);
  });

  t.test('given a relay stopped at its checkpoint, when restarted after new appends, then only the new events are sent', async (t) => {
    const topic = 'relay-resume';
    const store = createMemoryEventStore();
    await seed(store, ['s1', 's2'], 3);
    const checkpoint = memoryRelayCheckpoint();
    const kafka = createKafka({ brokers: peer.brokers, clientId: 'relay-test' });
    const first = await startRelay({ store, kafka, topic, checkpoint });
    await waitFor('first run', () => checkpoint.current() === 6, TIMEOUT);
    await first.stop();
    await first.done;
    await seed(store, ['s1', 's3'], 2);
    const second = await startRelay({ store, kafka, topic, checkpoint });
    const reader = await readTopic(peer.brokers, topic);
    t.teardown(async () => {
      await reader.stop();
      await second.stop();
    });
    await waitFor('second run', () => checkpoint.current() === 10, TIMEOUT);
    await waitFor('all messages', () => reader.received.length >= 10, TIMEOUT);
    await new Promise((r) => setTimeout(r, 300));
    const positions = reader.received.map((r) => fromKafkaMessage(r.message).position).sort((a, b) => a - b);
    t.same(positions, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'each event once');
  });

  t.test('given a broker that stops acknowledging, when events are appended, then the relay fails and its checkpoint stays at the last ack', async (t) => {
    const own = await startKafka();
    if ('skip' in own) return t.fail(own.skip);
    const store = createMemoryEventStore();
    await seed(store, ['x'], 2);
    const checkpoint = memoryRelayCheckpoint();
    const kafka = new Kafka({ brokers: own.brokers, logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 200 }, connectionTimeout: 500, requestTimeout: 1000 });
    const relay = await startRelay({ store, kafka, topic: 'relay-fail', checkpoint });
    await waitFor('first batch acknowledged', () => checkpoint.current() === 2, TIMEOUT);
    await own.stop();
    await seed(store, ['x'], 1);
    const err: unknown = await relay.done.then(() => null, (e: unknown) => e);
    t.ok(err instanceof Error, 'done rejects with the send error');
    t.equal(checkpoint.current(), 2, 'the unacknowledged event is not checkpointed');
    t.equal(relay.position(), 2);
    await relay.stop();
  });
};

t.test('given the PostgreSQL relay checkpoint, when saved, then it loads back and never moves back', async (t) => {
  const db = await startTestDatabase({ empty: true });
  t.teardown(db.stop);
  t.ok((await migrate(db.url)).includes('0005_relay.ts'), 'migration 0005 creates relay_checkpoints');
  const pool = createPool({ connectionString: db.url, max: 2 });
  t.teardown(() => pool.end());
  const cp = postgresRelayCheckpoint(pool, 'events');
  t.equal(await cp.load(), 0, 'starts at 0');
  await cp.save(42);
  t.equal(await cp.load(), 42);
  await cp.save(7);
  t.equal(await cp.load(), 42, 'a lower save is ignored');
  t.equal(await postgresRelayCheckpoint(pool, 'other').load(), 0, 'per relay name');
});

const peer = await startKafka({ topics: { 'relay-order': 3, 'relay-resume': 2 } });
if ('skip' in peer) t.test('relay against Kafka', { skip: peer.skip }, async () => undefined);
else run(peer);
