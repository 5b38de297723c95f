// Third-party sign-in through the dev sandbox, phone binding, linking an identity, PC QR sign-in
// and push devices over /v1 (inject), with their refusals.
import t from 'tap';
import { build, type TestApp } from '../../support/app.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let seq = 0;
const newPhone = () => `+86135${String(++seq).padStart(8, '0')}`;

const credential = async (app: TestApp, provider: 'weibo' | 'wechat', subject: string, nickname?: string) =>
  (await app.inject({ method: 'POST', url: '/v1/dev/external-credentials', payload: { provider, subject, ...(nickname ? { nickname } : {}) } })).json<{ credential: string }>().credential;

t.test('third-party sign-in, phone binding and linking', async (t) => {
  const app = await build(t);
  const external = (provider: string, cred: string) => app.inject({ method: 'POST', url: '/v1/auth/external-sessions', payload: { provider, credential: cred } });

  await t.test('given a first WeChat sign-in, when it comes again (also concurrently), then it is the same user, made once without a phone', async (t) => {
    const cred = await credential(app, 'wechat', 'o-wei', '小伟'.repeat(25));
    const [a, b] = await Promise.all([external('wechat', cred), external('wechat', cred)]);
    t.equal(a?.status, 201, a?.text);
    const first = a?.json<{ userId: string; token: string; created: boolean; phoneBound: boolean }>();
    t.equal(b?.json<{ userId: string }>().userId, first?.userId, 'racers sign in as one user');
    t.same([a?.json<{ created: boolean }>().created, b?.json<{ created: boolean }>().created].sort(), [false, true], 'one of them made the account');
    t.equal(first?.phoneBound, false);
    const me = (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(first?.token ?? '') })).json();
    t.match(me, { nickname: '小伟'.repeat(20), phone: null, externalIdentities: [{ provider: 'wechat' }], displayNumber: /^[0-9]+$/ });
    const again = await external('wechat', await credential(app, 'wechat', 'o-wei'));
    t.match(again.json(), { userId: first?.userId, created: false });
  });

  await t.test('a credential the provider did not sign, or for another provider, is refused', async (t) => {
    const cred = await credential(app, 'weibo', 'w-1');
    t.equal((await external('wechat', cred)).status, 401, 'signed for weibo, offered as wechat');
    const [body = '', mac = ''] = cred.split('.');
    const forged = `${Buffer.from(JSON.stringify({ p: 'weibo', sub: 'w-admin', iat: Date.now() })).toString('base64url')}.${mac}`;
    t.equal((await external('weibo', forged)).status, 401, 'another body under the same signature');
    t.equal((await external('weibo', `${body}.${'0'.repeat(64)}`)).status, 401);
    t.equal((await external('weibo', 'garbage')).status, 401);
    t.equal((await external('qq', cred)).status, 400);
    t.equal((await external('weibo', '')).status, 400);
  });

  await t.test('given a third-party account, when it binds a phone with a code, then the phone signs it in; a taken phone is refused', async (t) => {
    const u = (await external('weibo', await credential(app, 'weibo', 'w-bind'))).json<{ userId: string; token: string }>();
    const phone = newPhone();
    await app.inject({ method: 'POST', url: '/v1/auth/sms-codes', payload: { phone } });
    const code = app.platform.core.devSms?.latest(phone) ?? '';
    t.equal((await app.inject({ method: 'POST', url: '/v1/me/phone', headers: bearer(u.token), payload: { phone, code: code === '000000' ? '111111' : '000000' } })).status, 401, 'a wrong code');
    const bound = await app.inject({ method: 'POST', url: '/v1/me/phone', headers: bearer(u.token), payload: { phone, code } });
    t.same(bound.json(), { phone });
    t.equal((await app.signIn(phone)).userId, u.userId, 'the phone now signs in the same user');
    t.match((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(u.token) })).json(), { phone });
    t.match((await app.inject({ method: 'POST', url: '/v1/me/phone', headers: bearer(u.token), payload: { phone: newPhone(), code: '123456' } })).json(), { error: { code: 'CONFLICT' } });

    const other = (await external('weibo', await credential(app, 'weibo', 'w-other'))).json<{ token: string }>();
    const takenPhone = (await app.signIn(newPhone())) && `+86135${String(seq).padStart(8, '0')}`;
    await app.inject({ method: 'POST', url: '/v1/auth/sms-codes', payload: { phone: takenPhone } });
    const taken = await app.inject({ method: 'POST', url: '/v1/me/phone', headers: bearer(other.token), payload: { phone: takenPhone, code: app.platform.core.devSms?.latest(takenPhone) ?? '' } });
    t.match(taken.json(), { error: { code: 'PHONE_TAKEN' } });
    t.equal((await app.inject({ method: 'POST', url: '/v1/me/phone', payload: { phone, code } })).status, 401);
  });

  await t.test('given a signed-in user, when they link a WeChat account, then it signs them in; one held by someone else is refused', async (t) => {
    const u = await app.signIn(newPhone());
    const link = (token: string, cred: string) => app.inject({ method: 'POST', url: '/v1/me/external-identities', headers: bearer(token), payload: { provider: 'wechat', credential: cred } });
    t.same((await link(u.token, await credential(app, 'wechat', 'o-link'))).json(), { provider: 'wechat', linked: true });
    t.equal((await external('wechat', await credential(app, 'wechat', 'o-link'))).json<{ userId: string }>().userId, u.userId);
    t.match((await link(u.token, await credential(app, 'wechat', 'o-second'))).json(), { error: { code: 'CONFLICT' } }, 'one WeChat account per user');
    const v = await app.signIn(newPhone());
    t.match((await link(v.token, await credential(app, 'wechat', 'o-link'))).json(), { error: { code: 'EXTERNAL_IDENTITY_TAKEN' } });
    t.equal((await link(v.token, 'x.y')).status, 401);
    t.equal((await app.inject({ method: 'POST', url: '/v1/me/external-identities', payload: { provider: 'wechat', credential: 'x' } })).status, 401);
  });
});

t.test('PC sign-in by QR code', async (t) => {
  const app = await build(t, { QR_LOGIN_TTL_SECONDS: '2' });
  const phoneUser = await app.signIn(newPhone());
  const create = async () => (await app.inject({ method: 'POST', url: '/v1/auth/qr-logins', payload: { deviceKind: 'pc' } })).json<{ qrId: string; pollToken: string }>();
  const collect = (qrId: string, pollToken: string) => app.inject({ method: 'POST', url: `/v1/auth/qr-logins/${qrId}/session`, payload: { pollToken } });

  await t.test('given a PC request, when the phone confirms, then the PC collects one session of that user, once', async (t) => {
    const qr = await create();
    t.match((await app.inject({ method: 'GET', url: `/v1/auth/qr-logins/${qr.qrId}` })).json(), { status: 'pending', deviceKind: 'pc', app: 'core' });
    t.match((await collect(qr.qrId, qr.pollToken)).json(), { error: { code: 'QR_LOGIN_PENDING' } });
    t.equal((await app.inject({ method: 'POST', url: `/v1/auth/qr-logins/${qr.qrId}/confirm` })).status, 401, 'only a signed-in phone confirms');
    t.same((await app.inject({ method: 'POST', url: `/v1/auth/qr-logins/${qr.qrId}/confirm`, headers: bearer(phoneUser.token) })).json(), { status: 'confirmed' });
    t.equal((await collect(qr.qrId, 'x'.repeat(43))).status, 404, 'the code on screen alone collects nothing');
    const [a, b] = await Promise.all([collect(qr.qrId, qr.pollToken), collect(qr.qrId, qr.pollToken)]);
    const won = [a, b].filter((r) => r?.status === 201);
    t.equal(won.length, 1, 'exactly one collection');
    const pc = won[0]?.json<{ userId: string; token: string }>();
    t.equal(pc?.userId, phoneUser.userId);
    const sessions = (await app.inject({ method: 'GET', url: '/v1/me/sessions', headers: bearer(pc?.token ?? '') })).json<{ items: { deviceKind: string; current: boolean }[] }>();
    t.match(sessions.items.find((s) => s.current), { deviceKind: 'pc' });
    t.match((await app.inject({ method: 'GET', url: `/v1/auth/qr-logins/${qr.qrId}` })).json(), { status: 'consumed' });
    const other = await app.signIn(newPhone());
    t.match((await app.inject({ method: 'POST', url: `/v1/auth/qr-logins/${qr.qrId}/confirm`, headers: bearer(other.token) })).json(), { error: { code: 'CONFLICT' } });
  });

  await t.test('given a request nobody confirms, when it expires, then confirming and collecting say so', async (t) => {
    const qr = await create();
    await new Promise((r) => setTimeout(r, 2100));
    t.match((await app.inject({ method: 'POST', url: `/v1/auth/qr-logins/${qr.qrId}/confirm`, headers: bearer(phoneUser.token) })).json(), { error: { code: 'QR_LOGIN_EXPIRED' } });
    t.match((await collect(qr.qrId, qr.pollToken)).json(), { error: { code: 'QR_LOGIN_EXPIRED' } });
    t.match((await app.inject({ method: 'GET', url: `/v1/auth/qr-logins/${qr.qrId}` })).json(), { status: 'expired' });
  });

  await t.test('unknown and malformed codes are refused', async (t) => {
    t.equal((await app.inject({ method: 'GET', url: `/v1/auth/qr-logins/${'a'.repeat(32)}` })).status, 404);
    t.equal((await app.inject({ method: 'GET', url: '/v1/auth/qr-logins/short' })).status, 400);
    t.equal((await collect('a'.repeat(32), 'short')).status, 400);
    t.equal((await app.inject({ method: 'POST', url: '/v1/auth/qr-logins', payload: { deviceKind: 'toaster' } })).status, 400);
  });
});

t.test('push devices', async (t) => {
  const app = await build(t);
  const ann = await app.signIn(newPhone());
  const bob = await app.signIn(newPhone());
  const put = (token: string, deviceId: string, payload: object) => app.inject({ method: 'PUT', url: `/v1/me/devices/${deviceId}`, headers: bearer(token), payload });
  const list = async (token: string) => (await app.inject({ method: 'GET', url: '/v1/me/devices', headers: bearer(token) })).json<{ pushEnabled: boolean; items: { deviceId: string; platform: string }[] }>();

  await t.test('given devices, when a token moves to another user, then only its new owner holds it; the switch is the privacy one', async (t) => {
    t.match((await put(ann.token, 'phone-1', { platform: 'getui', token: 'cid-0123456789abcdef', deviceKind: 'android' })).json(), { deviceId: 'phone-1', platform: 'getui', deviceKind: 'android' });
    await put(ann.token, 'tablet', { platform: 'apns', token: 'a'.repeat(64) });
    t.same((await list(ann.token)).items.map((d) => d.deviceId).sort(), ['phone-1', 'tablet']);
    t.notOk(JSON.stringify(await list(ann.token)).includes('cid-0123456789abcdef'), 'tokens are never shown back');
    await put(bob.token, 'bobs-phone', { platform: 'getui', token: 'cid-0123456789abcdef' });
    t.same((await list(ann.token)).items.map((d) => d.deviceId), ['tablet'], 'the phone changed hands');
    const { pushTargets } = await import('../../../services/app/devices.js');
    t.same(await pushTargets(app.platform.core, bob.userId), [{ platform: 'getui', token: 'cid-0123456789abcdef' }]);
    await app.inject({ method: 'PATCH', url: '/v1/me/privacy', headers: bearer(bob.token), payload: { pushEnabled: false } });
    t.equal((await list(bob.token)).pushEnabled, false);
    t.same(await pushTargets(app.platform.core, bob.userId), [], 'switched off: nothing is sent');
    t.same((await app.inject({ method: 'DELETE', url: '/v1/me/devices/tablet', headers: bearer(ann.token) })).json(), { deviceId: 'tablet', removed: true });
    t.equal((await app.inject({ method: 'DELETE', url: '/v1/me/devices/bobs-phone', headers: bearer(ann.token) })).status, 404, "another user's device");
  });

  await t.test('bad device input is refused', async (t) => {
    t.equal((await put(ann.token, 'd1', { platform: 'sms', token: 'x'.repeat(20) })).status, 400);
    t.equal((await put(ann.token, 'd1', { platform: 'apns', token: 'short' })).status, 400);
    t.equal((await put(ann.token, 'd1', { platform: 'apns', token: 'has space in it' })).status, 400);
    t.equal((await put(ann.token, 'bad id', { platform: 'apns', token: 'x'.repeat(20) })).status, 400);
    t.equal((await app.inject({ method: 'PUT', url: '/v1/me/devices/d1', payload: { platform: 'apns', token: 'x'.repeat(20) } })).status, 401);
    t.equal((await app.inject({ method: 'GET', url: '/v1/me/devices' })).status, 401);
  });

  await t.test('a user keeps the 20 most recent devices', async (t) => {
    const u = await app.signIn(newPhone());
    for (let i = 0; i < 22; i++) await put(u.token, `dev-${String(i).padStart(2, '0')}`, { platform: 'gcm', token: `fcm-token-${i}-xxxxxxxx` });
    const items = (await list(u.token)).items.map((d) => d.deviceId);
    t.equal(items.length, 20);
    t.notOk(items.includes('dev-00'));
    t.ok(items.includes('dev-21'));
  });
});
