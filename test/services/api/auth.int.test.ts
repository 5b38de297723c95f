// Login codes and sessions through the real platform (HTTP on a real port, embedded PostgreSQL).
import t from 'tap';
import pino from 'pino';
import { startTestDatabase } from '../../support/pg.js';
import { loadConfig } from '../../../services/shared/config.js';
import { startPlatform } from '../../../services/platform.js';
import { client, login, recharge } from '../../support/client.js';

t.test('auth', async (t) => {
  const db = await startTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url, DEV_MODE: 'true', PORT: '0', WS_PORT: '0', TOKEN_TTL_SECONDS: '2', SMS_RESEND_SECONDS: '60', LOG_LEVEL: 'silent' });
  const platform = await startPlatform(config, pino({ level: 'silent' }));
  t.teardown(async () => {
    await platform.stop();
    await db.stop();
  });
  const c = client(`http://127.0.0.1:${platform.httpPort}`);
  const code = async (phone: string) => (await c.call<{ code: string }>('GET', `/v1/dev/sms-codes/${encodeURIComponent(phone)}`)).body.code;

  await t.test('given a code was just sent, when another is asked for the same phone, then it is refused until the resend window passes', async (t) => {
    t.equal((await c.call('POST', '/v1/auth/sms-codes', { body: { phone: '+8613700000001' } })).status, 202);
    const again = await c.call('POST', '/v1/auth/sms-codes', { body: { phone: '+8613700000001' } });
    t.equal(again.status, 429);
    t.match(again.body, { error: { code: 'TOO_MANY_REQUESTS' } });
  });

  await t.test('given five wrong tries, when the right code comes next, then it is locked', async (t) => {
    const phone = '+8613700000002';
    await c.call('POST', '/v1/auth/sms-codes', { body: { phone } });
    const right = await code(phone);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await c.call('POST', '/v1/auth/sessions', { body: { phone, code: wrong } });
      t.equal(r.status, 401);
    }
    const locked = await c.call('POST', '/v1/auth/sessions', { body: { phone, code: right } });
    t.equal(locked.status, 401, 'the right code no longer works');
  });

  await t.test('given a first login, when the profile is read, changed and the token ages, then each answer is right', async (t) => {
    const phone = '+8613700000003';
    await c.call('POST', '/v1/auth/sms-codes', { body: { phone } });
    const first = await c.call<{ userId: string; token: string }>('POST', '/v1/auth/sessions', { body: { phone, code: await code(phone), nickname: 'neo' } });
    t.equal(first.status, 201);
    t.equal((await c.call('POST', '/v1/auth/sessions', { body: { phone, code: await code(phone) } })).status, 401, 'a code works once');
    const me = await c.call('GET', '/v1/me', { token: first.body.token });
    t.match(me.body, { userId: first.body.userId, nickname: 'neo', phone });
    const patched = await c.call('PATCH', '/v1/me', { token: first.body.token, body: { nickname: 'trinity' } });
    t.match(patched.body, { nickname: 'trinity' });
    t.equal((await c.call('PATCH', '/v1/me', { token: first.body.token, body: { nickname: 'x', phone: '+1' } })).status, 400, 'unknown fields are refused');
    await new Promise((r) => setTimeout(r, 2200));
    t.equal((await c.call('GET', '/v1/me', { token: first.body.token })).status, 401, 'the token expired');
  });

  await t.test('given users paying each other, when one sends a nickname PostgreSQL cannot store, then that update is refused with 400, nothing changes, and every payment goes through', async (t) => {
    const mallory = await login(c, 'mallory');
    const payers = await Promise.all(Array.from({ length: 6 }, (_, i) => login(c, `payer${i}`)));
    await Promise.all(payers.map((p) => recharge(c, p, 100)));
    // Tokens here live 2 s, so each read of mallory's public profile signs a fresh viewer in.
    const profile = async () => c.call('GET', `/v1/users/${mallory.userId}`, { token: (await login(c, 'viewer')).token });
    const before = await profile();
    const hostile = [{ nickname: 'x\u0000' }, { nickname: 'x\ud800' }, { nickname: 'esc\u001b[2J' }, { avatarUrl: 'https://x/\u0000.png' }, { avatarUrl: 'javascript:alert(1)' }];
    const [patches, payments] = await Promise.all([
      Promise.all(hostile.flatMap((body) => [1, 2, 3].map(() => c.call('PATCH', '/v1/me', { token: mallory.token, body })))),
      Promise.all(payers.map((p, i) => c.call('POST', '/v1/transfers', { token: p.token, body: { toUserId: (payers[(i + 1) % payers.length] ?? p).userId, amount: 10, note: 'lunch' } }))),
    ]);
    for (const r of patches) t.match(r, { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    t.same(payments.map((r) => r.status), payers.map(() => 201), 'every payment went through');
    t.equal(before.status, 200);
    t.same((await profile()).body, before.body, 'the profile did not change');
  });
});
