// Profiles, privacy, search, real-name review and display numbers over /v1 (inject), with the
// refusals: bad input, other users' ids, unauthenticated and unauthorized calls.
import t from 'tap';
import { build } from '../../support/app.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let seq = 0;
const newPhone = () => `+86136${String(++seq).padStart(8, '0')}`;

t.test('profiles', async (t) => {
  const app = await build(t);
  const ann = await app.signIn(newPhone());
  const bob = await app.signIn(newPhone());
  const op = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<{ token: string }>();
  const get = (url: string, token?: string) => app.inject({ method: 'GET', url, ...(token ? { headers: bearer(token) } : {}) });

  await t.test('the OpenAPI document describes the identity routes', async (t) => {
    const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    for (const p of ['/v1/me/profile', '/v1/me/privacy', '/v1/me/real-name', '/v1/users/search', '/v1/auth/password-sessions', '/v1/auth/qr-logins/{qrId}/session', '/v1/me/devices/{deviceId}', '/v1/admin/real-names']) {
      t.ok(doc.paths[p], `documents ${p}`);
    }
  });

  await t.test('given profile details, when the owner and another user read them, then each sees what they may', async (t) => {
    const patch = await app.inject({
      method: 'PATCH',
      url: '/v1/me/profile',
      headers: bearer(ann.token),
      payload: { sex: 'female', birthday: '1995-06-15', signature: 'hello', region: { country: 'CN', province: '广东', city: '深圳' }, hobbies: ['hiking', '读书'], relationshipStatus: 'single', purpose: 'friends', description: 'two\nlines' },
    });
    t.equal(patch.status, 200, patch.text);
    t.match(patch.json(), { sex: 'female', birthday: '1995-06-15', age: Number, hobbies: ['hiking', '读书'], privacy: { searchMobile: true, needAuth: true, pushEnabled: true }, realName: { status: 'none' } });
    const photos = await app.inject({ method: 'PUT', url: '/v1/me/photos', headers: bearer(ann.token), payload: { photos: ['https://img.example/1.jpg', 'https://img.example/2.jpg'] } });
    t.same(photos.json(), { photos: ['https://img.example/1.jpg', 'https://img.example/2.jpg'] });
    const seen = (await get(`/v1/users/${ann.userId}`, bob.token)).json<Record<string, unknown>>();
    t.match(seen, { userId: ann.userId, sex: 'female', signature: 'hello', region: { city: '深圳' }, photos: ['https://img.example/1.jpg', 'https://img.example/2.jpg'], verified: false, displayNumber: /^[0-9]{7}$/ });
    for (const hidden of ['phone', 'privacy', 'realName', 'externalIdentities', 'hasPassword', 'roles']) t.notOk(hidden in seen, `${hidden} is not shown to others`);
    const cleared = await app.inject({ method: 'PATCH', url: '/v1/me/profile', headers: bearer(ann.token), payload: { signature: null, region: null } });
    t.match(cleared.json(), { signature: null, region: null, sex: 'female' });
  });

  await t.test('bad profile input is refused with 400 and changes nothing', async (t) => {
    const before = (await get('/v1/me', ann.token)).json();
    for (const payload of [
      { sex: 'x' },
      { birthday: '1995-02-30' },
      { birthday: '2999-01-01' },
      { birthday: 19950615 },
      { signature: 'x'.repeat(101) },
      { signature: 'nul\u0000' },
      { hobbies: 'hiking' },
      { hobbies: Array.from({ length: 21 }, () => 'x') },
      { region: { planet: 'mars' } },
      { nickname: 'not here' },
      { description: 'x'.repeat(501) },
    ]) {
      const r = await app.inject({ method: 'PATCH', url: '/v1/me/profile', headers: bearer(ann.token), payload });
      t.equal(r.status, 400, JSON.stringify(payload).slice(0, 50));
    }
    for (const photos of [['javascript:alert(1)'], Array.from({ length: 13 }, (_, i) => `https://x/${i}`), 'https://x/1']) {
      t.equal((await app.inject({ method: 'PUT', url: '/v1/me/photos', headers: bearer(ann.token), payload: { photos } })).status, 400);
    }
    t.same((await get('/v1/me', ann.token)).json(), before);
    t.equal((await app.inject({ method: 'PATCH', url: '/v1/me/profile', payload: { sex: 'male' } })).status, 401);
    t.equal((await get(`/v1/users/${ann.userId}`)).status, 401);
    t.equal((await get('/v1/users/nobody', bob.token)).status, 404);
    t.equal((await get('/v1/users/bad%20id', bob.token)).status, 400);
  });

  await t.test('given search by display number and phone, when searchMobile is turned off, then the phone no longer finds them', async (t) => {
    const me = (await get('/v1/me', bob.token)).json<{ displayNumber: string; phone: string }>();
    const byNumber = await get(`/v1/users/search?q=${me.displayNumber}`, ann.token);
    t.same(byNumber.json<{ items: unknown[] }>().items, [{ userId: bob.userId, nickname: String(me.phone).replace(/.*(.{4})$/, 'user$1'), avatarUrl: null, displayNumber: me.displayNumber, matchedBy: 'displayNumber' }]);
    const national = me.phone.replace('+86', '');
    t.match((await get(`/v1/users/search?q=${national}`, ann.token)).json(), { items: [{ userId: bob.userId, matchedBy: 'phone' }] }, '11 national digits find +86 phones');
    t.match((await get(`/v1/users/search?q=${encodeURIComponent(me.phone)}`, ann.token)).json(), { items: [{ userId: bob.userId }] });
    const off = await app.inject({ method: 'PATCH', url: '/v1/me/privacy', headers: bearer(bob.token), payload: { searchMobile: false } });
    t.same(off.json(), { searchMobile: false, needAuth: true, pushEnabled: true });
    t.same((await get(`/v1/users/search?q=${national}`, ann.token)).json(), { items: [], nextCursor: null });
    t.equal((await get(`/v1/users/search?q=${me.displayNumber}`, ann.token)).json<{ items: unknown[] }>().items.length, 1, 'the number still finds them');
    t.equal((await get('/v1/users/search?q=', ann.token)).status, 400);
    t.equal((await get(`/v1/users/search?q=${'1'.repeat(41)}`, ann.token)).status, 400);
    t.equal((await get('/v1/users/search?q=1000000&limit=0', ann.token)).status, 400);
    t.equal((await get('/v1/users/search?q=1000000')).status, 401);
    t.equal((await app.inject({ method: 'PATCH', url: '/v1/me/privacy', headers: bearer(bob.token), payload: { searchMobile: 'no' } })).status, 400);
    const { privacyOf } = await import('../../../services/app/profiles.js');
    t.same(await privacyOf(app.platform.core, bob.userId), { searchMobile: false, needAuth: true, pushEnabled: true }, 'privacyOf answers other contexts');
  });

  await t.test('given a real-name submission, when an operator reviews it, then states move 0 → 1 → 3 → 1 → 2 and numbers stay unique', async (t) => {
    const submit = (token: string, payload: object) => app.inject({ method: 'POST', url: '/v1/me/real-name', headers: bearer(token), payload });
    const first = await submit(ann.token, { name: '张三丰', idNumber: '11010119900101123x' });
    t.equal(first.status, 201, first.text);
    t.same(first.json(), { status: 'pending', maskedName: '张**', maskedIdNumber: '11**************3X' });
    t.match((await submit(ann.token, { name: '张三丰', idNumber: '11010119900101123X' })).json(), { error: { code: 'CONFLICT' } });
    t.match((await submit(bob.token, { name: '李四', idNumber: '11010119900101123X' })).json(), { error: { code: 'ID_NUMBER_TAKEN' } });
    t.equal((await submit(bob.token, { name: '李四', idNumber: '12-34' })).status, 400);
    t.equal((await submit(bob.token, { name: '', idNumber: '110101199001011234' })).status, 400);

    t.equal((await get('/v1/admin/real-names', bob.token)).status, 403, 'plain users do not see the vault');
    const pending = (await get('/v1/admin/real-names?status=pending', op.token)).json<{ items: { userId: string; name: string; idNumber: string }[] }>();
    t.match(pending.items, [{ userId: ann.userId, name: '张三丰', idNumber: '11010119900101123X', status: 'pending' }]);
    t.equal((await app.inject({ method: 'POST', url: `/v1/admin/real-names/${ann.userId}/reject`, headers: bearer(bob.token), payload: {} })).status, 403);
    const rejected = await app.inject({ method: 'POST', url: `/v1/admin/real-names/${ann.userId}/reject`, headers: bearer(op.token), payload: { reason: 'blurry photo' } });
    t.same(rejected.json(), { userId: ann.userId, status: 'rejected' });
    t.match((await get('/v1/me', ann.token)).json(), { realName: { status: 'rejected', reason: 'blurry photo' } });
    t.equal((await submit(bob.token, { name: '李四', idNumber: '11010119900101123X' })).status, 201, 'a rejected number is free again');
    t.match((await submit(ann.token, { name: '张三丰', idNumber: '11010119900101123X' })).json(), { error: { code: 'ID_NUMBER_TAKEN' } });
    t.equal((await submit(ann.token, { name: '张三丰', idNumber: '110101199001019999' })).status, 201, 'resubmitted with another number');
    t.same((await app.inject({ method: 'POST', url: `/v1/admin/real-names/${ann.userId}/approve`, headers: bearer(op.token) })).json(), { userId: ann.userId, status: 'approved' });
    t.match((await app.inject({ method: 'POST', url: `/v1/admin/real-names/${ann.userId}/approve`, headers: bearer(op.token) })).json(), { error: { code: 'CONFLICT' } });
    t.match((await get(`/v1/users/${ann.userId}`, bob.token)).json(), { verified: true });
    t.notOk((await get(`/v1/users/${ann.userId}`, bob.token)).text.includes('1101'), 'no part of the number reaches others');
    t.equal((await app.inject({ method: 'POST', url: '/v1/admin/real-names/nobody/approve', headers: bearer(op.token) })).status, 404);
  });

  await t.test('given display numbers, when an operator replaces one, then the old is retired: nobody finds or gets it', async (t) => {
    const annMe = (await get('/v1/me', ann.token)).json<{ displayNumber: string }>();
    const bobMe = (await get('/v1/me', bob.token)).json<{ displayNumber: string }>();
    t.not(annMe.displayNumber, bobMe.displayNumber);
    const put = (userId: string, displayNumber: string, token = op.token) => app.inject({ method: 'PUT', url: `/v1/admin/users/${userId}/display-number`, headers: bearer(token), payload: { displayNumber } });
    t.equal((await put(ann.userId, '88888', bob.token)).status, 403);
    t.same((await put(ann.userId, '88888')).json(), { userId: ann.userId, displayNumber: '88888' });
    t.match((await get('/v1/me', ann.token)).json(), { displayNumber: '88888' });
    t.match((await put(bob.userId, annMe.displayNumber)).json(), { error: { code: 'DISPLAY_NUMBER_TAKEN' } }, 'a retired number is never given to another');
    t.match((await put(bob.userId, '88888')).json(), { error: { code: 'DISPLAY_NUMBER_TAKEN' } });
    t.same((await get(`/v1/users/search?q=${annMe.displayNumber}`, bob.token)).json(), { items: [], nextCursor: null }, 'a retired number finds nobody');
    t.match((await get('/v1/users/search?q=88888', bob.token)).json(), { items: [{ userId: ann.userId, matchedBy: 'displayNumber' }] });
    t.equal((await put(ann.userId, '0123')).status, 400);
    t.equal((await put('nobody', '77777')).status, 404);
  });
});
