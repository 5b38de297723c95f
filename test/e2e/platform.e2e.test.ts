// The foundation over a real listening server started the way `npm start` starts it.
import t from 'tap';
import { serverFor, startServer } from '../support/server.js';
import { client, login, recharge, wallet } from '../support/client.js';

t.test('given a fresh data directory, when the server starts, then health, OpenAPI and error shapes are served', async (t) => {
  const s = await serverFor(t);
  const c = client(s.url);

  const health = await c.call('GET', '/v1/health');
  t.equal(health.status, 200);
  t.same(health.body, { status: 'ok' });
  t.ok(health.headers.get('x-request-id'), 'every answer carries a request id');

  const doc = await c.call<{ openapi: string; paths: Record<string, unknown> }>('GET', '/v1/openapi.json');
  t.equal(doc.status, 200);
  t.match(doc.body.openapi, /^3\./);
  for (const p of ['/v1/wallet', '/v1/red-packets/{id}/grab', '/v1/transfers', '/v1/gifts/send', '/v1/audit/events']) t.ok(doc.body.paths[p], `OpenAPI documents ${p}`);

  const missing = await c.call('GET', '/v1/nope');
  t.equal(missing.status, 404);
  t.match(missing.body, { error: { code: 'NOT_FOUND', message: String, details: {} } });

  const malformed = await c.call('POST', '/v1/auth/sms-codes', { raw: '{"phone":' });
  t.equal(malformed.status, 400);
  t.match(malformed.body, { error: { code: 'VALIDATION_FAILED' } });

  const huge = await c.call('POST', '/v1/auth/sms-codes', { body: { phone: '+8613800000000', pad: 'x'.repeat(200_000) } });
  t.equal(huge.status, 413);
  t.match(huge.body, { error: { code: 'PAYLOAD_TOO_LARGE' } });

  const noAuth = await c.call('GET', '/v1/wallet');
  t.equal(noAuth.status, 401);
  t.match(noAuth.body, { error: { code: 'UNAUTHENTICATED' } });
  const badAuth = await c.call('GET', '/v1/wallet', { token: 'not-a-real-token-but-long-enough' });
  t.equal(badAuth.status, 401);
});

t.test('given money in a wallet, when the server restarts on the same data directory, then everything is still there', async (t) => {
  const first = await startServer();
  const c1 = client(first.url);
  const ann = await login(c1, 'ann');
  await recharge(c1, ann, 1234);
  t.equal((await wallet(c1, ann)).cash, 1234);

  await t.test('and a second instance on the same data directory is refused with a clear error', async (t) => {
    await t.rejects(startServer({ dataDir: first.dataDir }), /used by another running instance/);
  });

  t.equal(await first.stop(), 0, 'SIGTERM shuts down cleanly with exit code 0');
  const second = await serverFor(t, { dataDir: first.dataDir });
  const c2 = client(second.url);
  t.equal((await c2.call('GET', '/v1/me', { token: ann.token })).status, 200, 'the session survives');
  t.equal((await wallet(c2, ann)).cash, 1234, 'the balance survives');
});
