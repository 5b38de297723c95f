// docker-compose.yml cannot run here (no Docker engine), so this checks what can be checked
// without one: every app service starts an entry file that exists, its environment (after
// compose's ${VAR} interpolation) passes the config schema, and everything has a healthcheck.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigSchema } from '../../services/shared/config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const compose: unknown = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error}, against the given variables. */
const interpolate = (s: string, vars: Record<string, string>): string =>
  s.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op: string | undefined, arg: string | undefined) => {
    const v = vars[name];
    if (v !== undefined && v !== '') return v;
    if (op === '?') throw new Error(`compose needs ${name}: ${arg ?? ''}`);
    return op === '-' ? (arg ?? '') : '';
  });

const services = isRecord(compose) && isRecord(compose['services']) ? compose['services'] : {};
const appServices = ['command-api', 'query-api', 'relay', 'projector', 'process-manager', 'push'];
const infra = ['kurrentdb', 'kafka', 'postgres', 'minio'];
const hostVars = { PAYMENT_PROVIDER_SECRET: 'a-test-secret-of-enough-length', MINIO_ROOT_PASSWORD: 'a-test-minio-password' };

t.test('given the compose file, when parsed, then it has the infrastructure and every service, each with a healthcheck', async (t) => {
  t.same(Object.keys(services).sort(), [...infra, ...appServices].sort());
  for (const [name, svc] of Object.entries(services)) {
    t.ok(isRecord(svc) && isRecord(svc['healthcheck']) && Array.isArray(svc['healthcheck']['test']), `${name} has a healthcheck`);
  }
  const kafka = services['kafka'];
  const kafkaEnv = isRecord(kafka) && isRecord(kafka['environment']) ? kafka['environment'] : {};
  t.match(kafkaEnv, { KAFKA_PROCESS_ROLES: 'broker,controller' }, 'Kafka runs in KRaft mode');
  t.notOk(Object.keys(services).some((n) => n.includes('zookeeper')), 'no ZooKeeper');
  const api = services['command-api'];
  t.equal(isRecord(api) && isRecord(api['deploy']) ? api['deploy']['replicas'] : undefined, 2, 'two command API replicas');
});

for (const name of appServices) {
  t.test(`given service ${name}, when compose starts it, then its entry file exists and its environment is valid config`, async (t) => {
    const svc = services[name];
    if (!isRecord(svc)) return t.fail(`${name} missing`);
    const command = Array.isArray(svc['command']) ? svc['command'].map(String) : [];
    t.same(command.slice(0, 3), ['node', '--import', 'tsx'], 'runs TypeScript through tsx');
    const entry = command[3] ?? '';
    t.match(entry, new RegExp(`^services/${name}/main\\.ts$`), 'entry is services/<name>/main.ts');
    t.ok(existsSync(join(root, entry)), `${entry} exists`);

    const raw = isRecord(svc['environment']) ? svc['environment'] : {};
    const env = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, interpolate(String(v), hostVars)]));
    const parsed = ConfigSchema.safeParse(env);
    t.ok(parsed.success, parsed.success ? 'environment passes ConfigSchema' : JSON.stringify(parsed.error.issues));
    if (parsed.success) {
      t.match(parsed.data, { EVENT_STORE: 'kurrentdb', EVENT_SOURCE: 'kafka', HOST: '0.0.0.0', ROLES: name }, 'distributed adapters, reachable, one role');
    }
  });
}

t.test('given no PAYMENT_PROVIDER_SECRET on the host, when compose interpolates, then it refuses to start', async (t) => {
  const svc = services['relay'];
  const raw = isRecord(svc) && isRecord(svc['environment']) ? svc['environment'] : {};
  t.throws(() => Object.values(raw).map((v) => interpolate(String(v), {})), /PAYMENT_PROVIDER_SECRET/);
});
