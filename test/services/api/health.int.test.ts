// Health and metrics through the real platform: parked events keep health 200 and are counted
// there, and GET /v1/metrics (operators only) shows them with each consumer's position.
import t from 'tap';
import pino from 'pino';
import { startTestDatabase } from '../../support/pg.js';
import { loadConfig } from '../../../services/shared/config.js';
import { startPlatform } from '../../../services/platform.js';
import { parkEvents } from '../../../services/shared/consumers/parking.js';
import { client, eventually, login } from '../../support/client.js';

t.test('health and metrics', async (t) => {
  const db = await startTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url, DEV_MODE: 'true', PORT: '0', WS_PORT: '0', LOG_LEVEL: 'silent' });
  const platform = await startPlatform(config, pino({ level: 'silent' }));
  t.teardown(async () => {
    await platform.stop();
    await db.stop();
  });
  const c = client(`http://127.0.0.1:${platform.httpPort}`);

  await t.test('given nothing parked, then health is the plain 200', async (t) => {
    const r = await c.call('GET', '/v1/health');
    t.equal(r.status, 200);
    t.same(r.body, { status: 'ok' });
  });

  await t.test('given parked events, then health stays 200 and counts them per consumer', async (t) => {
    const event = { id: 'e-1', type: 'RechargeCredited', streamId: 'wallet-u1', revision: 0, position: 1 };
    await parkEvents(platform.pool, [
      { consumer: 'projection:ledger', partition: 'all', event, error: new Error('relation "ledger_entries" does not exist'), attempts: 2 },
      { consumer: 'process:money-flows', partition: 'all', event: { ...event, id: 'e-2' }, error: new Error('refused'), attempts: 1 },
      { consumer: 'process:money-flows', partition: 'all', event: { ...event, id: 'e-3' }, error: new Error('refused'), attempts: 1 },
    ]);
    // Health answers from a check at most a second old.
    const r = await eventually(
      () => c.call<{ status: string; parked?: Record<string, number> }>('GET', '/v1/health'),
      (x) => x.body.parked !== undefined,
    );
    t.equal(r.status, 200);
    t.same(r.body, { status: 'ok', parked: { 'process:money-flows': 2, 'projection:ledger': 1 } });
  });

  await t.test('given metrics, then only an operator reads them, in Prometheus text with parked counts and positions', async (t) => {
    t.equal((await c.call('GET', '/v1/metrics')).status, 401);
    const user = await login(c, 'nosy');
    t.equal((await c.call('GET', '/v1/metrics', { token: user.token })).status, 403);
    const operator = (await c.call<{ token: string }>('POST', '/v1/dev/operator-sessions')).body.token;
    const r = await c.call<string>('GET', '/v1/metrics', { token: operator });
    t.equal(r.status, 200);
    t.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    t.match(r.body, /^moneyrooms_parked_events\{consumer="process:money-flows"\} 2$/m);
    t.match(r.body, /^moneyrooms_parked_events\{consumer="projection:ledger"\} 1$/m);
    t.match(r.body, /^moneyrooms_consumer_position\{consumer="process:money-flows"\} \d+$/m);
    t.match(r.body, /^moneyrooms_consumer_running\{consumer="projection:read-models"\} 1$/m);
    t.match(r.body, /^moneyrooms_log_head_position \d+$/m);
  });
});
