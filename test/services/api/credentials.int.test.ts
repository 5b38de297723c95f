// Passwords and sessions over /v1 (inject): registration with a password, password sign-in and
// its lock, reset by SMS code, change; sign-out, listing and ending sessions, one session per
// device kind where the app's policy says so.
import t from 'tap';
import { build, type TestApp } from '../../support/app.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const codeFor = async (app: TestApp, phone: string): Promise<string> => {
  await app.inject({ method: 'POST', url: '/v1/auth/sms-codes', payload: { phone } });
  return app.platform.core.devSms?.latest(phone) ?? '';
};

let phoneSeq = 0;
const newPhone = () => `+86137${String(++phoneSeq).padStart(8, '0')}`;

t.test('passwords', async (t) => {
  const app = await build(t, { SMS_RESEND_SECONDS: '1', PASSWORD_LOCK_SECONDS: '2' });
  const register = async (phone: string, password = 'secret-1') =>
    app.inject({ method: 'POST', url: '/v1/auth/registrations', payload: { phone, code: await codeFor(app, phone), password, nickname: 'pw' } });
  const signIn = (phone: string, password: string) => app.inject({ method: 'POST', url: '/v1/auth/password-sessions', payload: { phone, password } });

  await t.test('given a registration with a password, when signing in with it, then a session and a display number come back', async (t) => {
    const phone = newPhone();
    const r = await register(phone);
    t.equal(r.status, 201, r.text);
    const body = r.json<{ userId: string; token: string; sessionId: string; displayNumber: string }>();
    t.match(body, { userId: /^[0-9]+$/, token: String, sessionId: String, displayNumber: /^[0-9]{7}$/ });
    const s = await signIn(phone, 'secret-1');
    t.equal(s.status, 201);
    t.equal(s.json().userId, body.userId);
    const me = (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(s.json<{ token: string }>().token) })).json();
    t.match(me, { hasPassword: true, phone, displayNumber: body.displayNumber });
    t.equal((await register(phone)).status, 409, 'a phone registers once');
    t.match((await register(phone)).json(), { error: { code: 'PHONE_TAKEN' } });
  });

  await t.test('given wrong passwords, when they pass the limit, then even the right one is locked until the window ends', async (t) => {
    const phone = newPhone();
    await register(phone);
    const unknown = await signIn(newPhone(), 'secret-1');
    t.match(unknown, { status: 401 }, 'an unknown phone is the same 401');
    const wrong = await Promise.all(Array.from({ length: 8 }, () => signIn(phone, 'not-it-at-all')));
    t.equal(wrong.filter((r) => r.status === 401).length, 5, 'five wrong passwords are compared, concurrently too');
    t.equal(wrong.filter((r) => r.status === 429).length, 3);
    const locked = await signIn(phone, 'secret-1');
    t.match(locked, { status: 429 });
    t.match(locked.json(), { error: { code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: Number } } });
    await new Promise((r) => setTimeout(r, 2100));
    t.equal((await signIn(phone, 'secret-1')).status, 201, 'the next window opens');
  });

  await t.test('given a password set in one app (md5 hex), when /v1 receives the plain password, then it is the same credential', async (t) => {
    const phone = newPhone();
    const r = await register(phone, 'same-everywhere');
    const { changePassword } = await import('../../../services/app/credentials.js');
    const { createHash } = await import('node:crypto');
    const md5 = createHash('md5').update('other-app-pw').digest('hex');
    const caller = { kind: 'user' as const, userId: r.json<{ userId: string }>().userId, roles: [], app: 'im-groups-wallet' as const, token: r.json<{ token: string }>().token };
    await changePassword(app.platform.core, caller, { password: { md5: md5.toUpperCase() }, currentPassword: { plain: 'same-everywhere' } });
    t.equal((await signIn(phone, 'other-app-pw')).status, 201);
    t.equal((await signIn(phone, 'same-everywhere')).status, 401);
  });

  await t.test('given a forgotten password, when reset with an SMS code, then the new one works and every session ended', async (t) => {
    const phone = newPhone();
    const first = (await register(phone)).json<{ token: string; userId: string }>();
    const reset = await app.inject({ method: 'POST', url: '/v1/auth/password-resets', payload: { phone, code: await codeFor(app, phone), password: 'brand-new-1' } });
    t.equal(reset.status, 200, reset.text);
    t.same(reset.json(), { userId: first.userId, sessionsEnded: 1 });
    const old = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(first.token) });
    t.match(old, { status: 401 });
    t.match(old.json(), { error: { code: 'UNAUTHENTICATED', details: { sessionEnded: 'password_reset' } } });
    t.equal((await signIn(phone, 'brand-new-1')).status, 201);
    t.equal((await signIn(phone, 'secret-1')).status, 401);
    const nobody = newPhone();
    const none = await app.inject({ method: 'POST', url: '/v1/auth/password-resets', payload: { phone: nobody, code: await codeFor(app, nobody), password: 'brand-new-1' } });
    t.match(none, { status: 404 });
    const badCode = await app.inject({ method: 'POST', url: '/v1/auth/password-resets', payload: { phone, code: '000000', password: 'brand-new-2' } });
    t.match(badCode, { status: 401 });
  });

  await t.test('given a signed-in user, when changing the password, then the current one is required and other sessions end', async (t) => {
    const phone = newPhone();
    const a = (await register(phone)).json<{ token: string }>();
    const b = (await signIn(phone, 'secret-1')).json<{ token: string }>();
    const put = (token: string, payload: object) => app.inject({ method: 'PUT', url: '/v1/me/password', headers: bearer(token), payload });
    t.match((await put(a.token, { password: 'next-pass-1' })).json(), { error: { code: 'VALIDATION_FAILED' } });
    t.match((await put(a.token, { password: 'next-pass-1', currentPassword: 'wrong-one' })).json(), { error: { code: 'WRONG_PASSWORD' } });
    const ok = await put(a.token, { password: 'next-pass-1', currentPassword: 'secret-1' });
    t.same(ok.json(), { sessionsEnded: 1 });
    t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(a.token) })).status, 200, 'this session stays');
    t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(b.token) })).status, 401, 'the other ended');
    t.equal((await put(a.token, { password: 'short' })).status, 400);
    t.equal((await app.inject({ method: 'PUT', url: '/v1/me/password', payload: { password: 'next-pass-2' } })).status, 401, 'signed in only');
  });

  await t.test('given an SMS-registered user without a password, when setting one, then no current password is asked', async (t) => {
    const u = await app.signIn(newPhone());
    const r = await app.inject({ method: 'PUT', url: '/v1/me/password', headers: bearer(u.token), payload: { password: 'first-pass' } });
    t.same(r.json(), { sessionsEnded: 0 });
  });

  await t.test('bad input is refused before anything happens', async (t) => {
    for (const payload of [{ phone: 'abc', password: 'secret-1' }, { phone: newPhone(), password: 12345678 }, { phone: newPhone(), password: 'x'.repeat(129) }, { phone: newPhone(), password: 'secret-1', extra: 1 }]) {
      t.equal((await app.inject({ method: 'POST', url: '/v1/auth/password-sessions', payload })).status, 400, JSON.stringify(payload).slice(0, 60));
    }
    t.equal((await app.inject({ method: 'POST', url: '/v1/auth/registrations', payload: { phone: newPhone(), code: '12', password: 'secret-1' } })).status, 400);
  });
});

t.test('sessions', async (t) => {
  const app = await build(t, { APP_POLICIES: JSON.stringify({ core: { oneSessionPerDeviceKind: true } }) });
  const sms = async (phone: string, deviceKind?: string) =>
    (await app.inject({ method: 'POST', url: '/v1/auth/sessions', payload: { phone, code: await codeFor(app, phone), ...(deviceKind ? { deviceKind } : {}) } })).json<{ userId: string; token: string; sessionId: string }>();

  await t.test('given a session, when signed out, then its token is refused at once and says why', async (t) => {
    const u = await app.signIn(newPhone());
    t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(u.token) })).status, 200, 'cached as valid');
    const out = await app.inject({ method: 'DELETE', url: '/v1/auth/sessions/current', headers: bearer(u.token) });
    t.same(out.json(), { sessionsEnded: 1 });
    const after = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(u.token) });
    t.match(after, { status: 401 });
    t.match(after.json(), { error: { details: { sessionEnded: 'signed_out' } } });
    t.equal((await app.inject({ method: 'DELETE', url: '/v1/auth/sessions/current', headers: bearer(u.token) })).status, 401);
    t.equal((await app.inject({ method: 'DELETE', url: '/v1/auth/sessions/current' })).status, 401);
  });

  await t.test('given one session per device kind, when the same kind signs in again, then the older is replaced and other kinds stay', async (t) => {
    const phone = newPhone();
    const ios1 = await sms(phone, 'ios');
    const android = await sms(phone, 'android');
    const ios2 = await sms(phone, 'ios');
    const old = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(ios1.token) });
    t.match(old.json(), { error: { code: 'UNAUTHENTICATED', details: { sessionEnded: 'replaced' } } });
    t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(android.token) })).status, 200);
    const list = (await app.inject({ method: 'GET', url: '/v1/me/sessions', headers: bearer(ios2.token) })).json<{ items: { sessionId: string; deviceKind: string; current: boolean }[] }>();
    t.same(list.items.map((s) => [s.deviceKind, s.current]), [['ios', true], ['android', false]]);
  });

  await t.test('given several sessions, when one is ended by id, then all but the current, then only theirs end', async (t) => {
    const phone = newPhone();
    const a = await sms(phone, 'web');
    const b = await sms(phone, 'pc');
    const c = await sms(phone, 'android');
    const other = await app.signIn(newPhone());
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/me/sessions/${a.sessionId}`, headers: bearer(other.token) })).status, 404, "another user's session is not found");
    t.same((await app.inject({ method: 'DELETE', url: `/v1/me/sessions/${a.sessionId}`, headers: bearer(c.token) })).json(), { sessionsEnded: 1 });
    t.equal((await app.inject({ method: 'DELETE', url: `/v1/me/sessions/${a.sessionId}`, headers: bearer(c.token) })).status, 404, 'ended once');
    t.same((await app.inject({ method: 'DELETE', url: '/v1/me/sessions?keepCurrent=true', headers: bearer(c.token) })).json(), { sessionsEnded: 1 });
    t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(b.token) })).status, 401);
    t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(c.token) })).status, 200);
    t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(other.token) })).status, 200, 'others untouched');
    t.same((await app.inject({ method: 'DELETE', url: '/v1/me/sessions', headers: bearer(c.token) })).json(), { sessionsEnded: 1 });
    t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(c.token) })).status, 401);
    t.equal((await app.inject({ method: 'DELETE', url: '/v1/me/sessions?keepCurrent=maybe', headers: bearer(other.token) })).status, 400);
  });

  await t.test('given an operator, when they revoke a user, then every session of that user ends; a plain user may not', async (t) => {
    const op = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<{ token: string }>();
    const victim = await app.signIn(newPhone());
    const plain = await app.signIn(newPhone());
    t.equal((await app.inject({ method: 'POST', url: `/v1/admin/users/${victim.userId}/sessions/revoke`, headers: bearer(plain.token) })).status, 403);
    t.same((await app.inject({ method: 'POST', url: `/v1/admin/users/${victim.userId}/sessions/revoke`, headers: bearer(op.token) })).json(), { sessionsEnded: 1 });
    t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(victim.token) })).status, 401);
    t.equal((await app.inject({ method: 'POST', url: '/v1/admin/users/nobody/sessions/revoke', headers: bearer(op.token) })).status, 404);
  });
});
