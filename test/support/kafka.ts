// A Kafka protocol peer for one test file.
//
// Default: librdkafka's mock cluster (scripts/kafka-mock.sh), a real broker protocol on
// 127.0.0.1 that starts in milliseconds. Its limits (librdkafka 2.0): no idempotent or
// transactional producer, no admin.createTopics (topics are auto-created or pre-created by
// the mock's arguments). With KAFKA_TEST_CONTAINER=1 and a Docker engine answering, a real
// Kafka broker runs in a container instead (testcontainers).
//
// When neither is possible, startKafka returns { skip } with the reason; tests pass it to
// tap's `skip` option so the report says why they did not run.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface TestKafka {
  brokers: string[];
  /** 'mock' cannot run idempotent/transactional producers or admin.createTopics. */
  kind: 'mock' | 'container';
  stop(): Promise<void>;
}

export interface KafkaOptions {
  /** Topics to create up front with a partition count (the mock only); others auto-create. */
  topics?: Record<string, number>;
}

const script = fileURLToPath(new URL('../../scripts/kafka-mock.sh', import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;

/** Resolves to null when a Docker engine answers, else to the reason it does not. */
export const dockerUnavailable = async (): Promise<string | null> => {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return null;
  } catch (err) {
    return `no Docker engine: ${err instanceof Error ? err.message : String(err)}`;
  }
};

const startContainer = async (opts: KafkaOptions): Promise<TestKafka> => {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const started = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
  const brokers = [`${started.getHost()}:${started.getMappedPort(9093)}`];
  const topics = Object.entries(opts.topics ?? {});
  if (topics.length > 0) {
    const { Kafka, logLevel } = await import('kafkajs');
    const admin = new Kafka({ brokers, logLevel: logLevel.WARN }).admin();
    await admin.connect();
    await admin.createTopics({ topics: topics.map(([topic, numPartitions]) => ({ topic, numPartitions })) });
    await admin.disconnect();
  }
  return {
    brokers,
    kind: 'container',
    stop: async () => {
      await started.stop();
    },
  };
};

const waitForExit = (child: ChildProcess, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

const startMock = (opts: KafkaOptions): Promise<TestKafka> =>
  new Promise((resolve, reject) => {
    const args = ['--no-install', ...Object.entries(opts.topics ?? {}).map(([name, n]) => `${name}:${n}`)];
    // stdin stays a pipe: the mock exits when it closes, so a crashed test leaves no process.
    const child = spawn(script, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`${why}${err.trim() ? `: ${err.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`kafka mock printed no address within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', (e) => fail(`cannot run ${script}: ${e.message}`));
    child.on('exit', (code) => fail(`kafka mock exited with code ${String(code)}`));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      const brokers = out.slice(0, nl).trim().split(',').filter(Boolean);
      resolve({
        brokers,
        kind: 'mock',
        stop: async () => {
          child.stdin.end();
          if (!(await waitForExit(child, 5_000))) {
            child.kill('SIGKILL');
            await waitForExit(child, 5_000);
          }
        },
      });
    });
  });

/** Starts a Kafka peer, or returns why none can run here. */
export const startKafka = async (opts: KafkaOptions = {}): Promise<TestKafka | { skip: string }> => {
  if (process.env.KAFKA_TEST_CONTAINER === '1') {
    // Without an engine the mock still gives these tests a real protocol peer.
    if ((await dockerUnavailable()) === null) return startContainer(opts);
  }
  try {
    return await startMock(opts);
  } catch (err) {
    return {
      skip: `no Kafka peer: librdkafka mock cluster unavailable (run scripts/kafka-mock.sh --install-only) and no container requested: ${
        err instanceof Error ? err.message : String(err)
      }`,
    };
  }
};
