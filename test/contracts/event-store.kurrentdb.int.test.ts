// The EventStore contract against a real KurrentDB server in a container (testcontainers).
// Without a Docker engine it skips and says why: KurrentDB cannot run on these machines, and a
// fake would prove nothing about the adapter. The adapter needs KurrentDB 25.1+ (atomic
// multi-stream appends carry the event-id markers); it has not run against one yet.
import t from 'tap';
import { createKurrentDbEventStore } from '../../services/shared/event-store/kurrentdb.js';
import { dockerUnavailable } from '../support/kafka.js';
import { eventStoreContract } from './event-store.contract.js';

const IMAGE = process.env.KURRENTDB_TEST_IMAGE ?? 'docker.kurrent.io/kurrent-latest/kurrentdb:latest';
const PORT = 2113;

const noDocker = await dockerUnavailable();
if (noDocker !== null) {
  t.test('kurrentdb event store contract', { skip: noDocker }, async () => undefined);
} else {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({
      KURRENTDB_INSECURE: 'true',
      KURRENTDB_RUN_PROJECTIONS: 'None',
      KURRENTDB_MEM_DB: 'true',
      KURRENTDB_TELEMETRY_OPTOUT: 'true',
    })
    .withExposedPorts(PORT)
    .withWaitStrategy(Wait.forHttp('/health/live', PORT).forStatusCodeMatching((s) => s === 204 || s === 200))
    .withStartupTimeout(120_000)
    .start();
  t.teardown(() => container.stop().then(() => undefined));
  const url = `kurrentdb://${container.getHost()}:${container.getMappedPort(PORT)}?tls=false`;

  eventStoreContract(
    t,
    'kurrentdb',
    async () => {
      const store = createKurrentDbEventStore({ connectionString: url });
      return { store, teardown: () => store.close() };
    },
  );
}
