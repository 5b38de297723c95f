// Picks the adapters a process runs with, from configuration: the event store (PostgreSQL or
// KurrentDB) and where consumers read events (the store's global log, or Kafka).
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createPostgresEventStore } from './event-store/postgres.js';
import { createKurrentDbEventStore } from './event-store/kurrentdb.js';
import type { EventStore } from './event-store/port.js';
import { createStoreEventSource } from './event-source/store.js';
import { createKafka, createKafkaEventSource } from './event-source/kafka.js';
import type { EventSource } from './event-source/port.js';

export const openEventStore = (config: Config, databaseUrl: string, pool: pg.Pool): EventStore => {
  switch (config.EVENT_STORE) {
    case 'kurrentdb':
      return createKurrentDbEventStore({ connectionString: config.KURRENTDB_URL ?? '' });
    case 'postgres':
      return createPostgresEventStore({ connectionString: databaseUrl, pool });
    default: {
      const never: never = config.EVENT_STORE;
      return never;
    }
  }
};

export const openEventSource = (config: Config, store: EventStore, log: Logger, clientId: string): EventSource => {
  switch (config.EVENT_SOURCE) {
    case 'store':
      return createStoreEventSource(store, { lingerMs: config.CONSUMER_LINGER_MS });
    case 'kafka': {
      const brokers = (config.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
      return createKafkaEventSource({ kafka: createKafka({ brokers, clientId, log }), topic: config.KAFKA_TOPIC, log });
    }
    default: {
      const never: never = config.EVENT_SOURCE;
      return never;
    }
  }
};
