// The relay service (distributed mode): the event store's global log → Kafka.
//
// Needs KAFKA_BROKERS, DATABASE_URL (the checkpoint lives in PostgreSQL) and the event store
// (EVENT_STORE=kurrentdb with KURRENTDB_URL, or postgres with DATABASE_URL). Serves
// GET /health on PORT: 200 while relaying, 503 otherwise. Exits non-zero when relaying
// fails, so the orchestrator restarts it from the saved checkpoint.
import { createServer } from 'node:http';
import { loadConfig, ConfigError, type Config } from '../shared/config.js';
import { createLogger } from '../shared/logger.js';
import { migrate } from '../shared/postgres/migrate.js';
import { createPool } from '../shared/postgres/pool.js';
import { createPostgresEventStore } from '../shared/event-store/postgres.js';
import { createKurrentDbEventStore } from '../shared/event-store/kurrentdb.js';
import type { EventStore } from '../shared/event-store/port.js';
import { createKafka } from '../shared/event-source/kafka.js';
import { postgresRelayCheckpoint, startRelay } from './relay.js';

const required = (config: Config, key: 'DATABASE_URL' | 'KAFKA_BROKERS'): string => {
  const v = config[key];
  if (!v) throw new ConfigError(`invalid configuration:\n  ${key}: required by the relay`);
  return v;
};

const openStore = (config: Config, databaseUrl: string): EventStore => {
  switch (config.EVENT_STORE) {
    case 'kurrentdb':
      return createKurrentDbEventStore({ connectionString: config.KURRENTDB_URL ?? '' });
    case 'postgres':
      return createPostgresEventStore({ connectionString: databaseUrl, poolSize: 2 });
  }
};

const main = async () => {
  const config = loadConfig();
  const log = createLogger(config, 'relay');
  const databaseUrl = required(config, 'DATABASE_URL');
  const brokers = required(config, 'KAFKA_BROKERS').split(',').map((b) => b.trim()).filter(Boolean);

  await migrate(databaseUrl);
  const pool = createPool({ connectionString: databaseUrl, max: 2 });
  const store = openStore(config, databaseUrl);
  const kafka = createKafka({ brokers, clientId: 'relay', log });
  const relay = await startRelay({
    store,
    kafka,
    topic: config.KAFKA_TOPIC,
    checkpoint: postgresRelayCheckpoint(pool, config.KAFKA_TOPIC),
    log,
  });

  let healthy = true;
  const health = createServer((req, res) => {
    const ok = healthy && req.url === '/health';
    res.writeHead(ok ? 200 : req.url === '/health' ? 503 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { status: 'ok', position: relay.position() } : { status: 'unavailable' }));
  });
  await new Promise<void>((resolve) => health.listen(config.PORT, config.HOST, resolve));
  log.info({ port: config.PORT, topic: config.KAFKA_TOPIC, brokers }, 'relay running');

  const shutdown = async (code: number) => {
    healthy = false;
    await relay.stop();
    await store.close();
    await pool.end();
    health.close();
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown(0));
  process.once('SIGINT', () => void shutdown(0));
  relay.done.catch((err: unknown) => {
    log.fatal({ err }, 'relay failed');
    void shutdown(1);
  });
};

main().catch((err: unknown) => {
  // Config errors carry a readable list; anything else is logged with its stack.
  process.stderr.write(`${err instanceof Error ? (err instanceof ConfigError ? err.message : (err.stack ?? err.message)) : String(err)}\n`);
  process.exit(1);
});
