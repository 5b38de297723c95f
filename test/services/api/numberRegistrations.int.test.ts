// POST /v1/auth/number-registrations: a new account and a recharge order paying for a vanity
// display number; the provider's notification credits the wallet and buys the number, once. Bad
// input is 400, a taken or unlisted number and a registered phone are refused with nothing made.
import t from 'tap';
import { build, type TestApp } from '../../support/app.js';
import { auditClean, auth } from '../../support/money.js';

let app: TestApp;
let phones = 13_600_000_000 + Math.floor(Math.random() * 1_000_000);
const code = async (phone: string) => {
  await app.inject({ method: 'POST', url: '/v1/auth/sms-codes', payload: { phone } });
  return app.platform.core.devSms?.latest(phone) ?? '';
};
const register = async (displayNumber: string, phone = `+86${phones++}`, extra: object = {}) =>
  app.inject({ method: 'POST', url: '/v1/auth/number-registrations', payload: { phone, code: await code(phone), password: 'secret-1', nickname: 'vip', displayNumber, ...extra } });
const me = async (token: string) => (await app.inject({ method: 'GET', url: '/v1/me', headers: auth({ token }) })).json<{ displayNumber: string }>();
const cash = async (token: string) => (await app.inject({ method: 'GET', url: '/v1/wallet', headers: auth({ token }) })).json<{ cash: number }>().cash;
const accounts = async () => Number((await app.platform.pool.query<{ n: string }>('select count(*) as n from users')).rows[0]?.n ?? 0);

t.before(async () => {
  app = await build(t, { SMS_RESEND_SECONDS: '1' });
});

t.test('given a listed free number, when registering for it, then a session and a pending order; paid, the number is the account’s and the money spent', async (t) => {
  const r = await register('7788012');
  t.equal(r.status, 201);
  const body = r.json<{ token: string; userId: string; order: { orderId: string; price: number; displayNumber: string; status: string } }>();
  t.match(body.order, { displayNumber: '7788012', price: 18_800, status: 'pending' });
  t.not((await me(body.token)).displayNumber, '7788012', 'not before the payment');
  t.equal((await app.inject({ method: 'POST', url: `/v1/dev/payments/${body.order.orderId}/succeed` })).status, 200);
  t.equal((await me(body.token)).displayNumber, '7788012');
  t.equal(await cash(body.token), 0);
  await auditClean(t, app, 'after a registration paid for');
});

t.test('then bad input is 400 and refusals are coded, with no account made', async (t) => {
  const before = await accounts();
  const cases: [string, object, number, string][] = [
    ['0778801', {}, 400, 'VALIDATION_FAILED'],
    ['7788013', { extra: 1 }, 400, 'VALIDATION_FAILED'],
    ['7788013', { password: 'short' }, 400, 'VALIDATION_FAILED'],
    ['7788012', {}, 409, 'DISPLAY_NUMBER_TAKEN'],
    ['7030915', {}, 409, 'NOT_FOR_SALE'],
    ['7788013', { code: '000000' }, 401, 'UNAUTHENTICATED'],
  ];
  for (const [n, extra, status, errorCode] of cases) {
    const r = await register(n, undefined, extra);
    t.same([r.status, r.json<{ error?: { code: string } }>().error?.code], [status, errorCode], `${n} ${JSON.stringify(extra)}`);
  }
  t.equal(await accounts(), before);
  const phone = `+86${phones++}`;
  t.equal((await register('7788013', phone)).status, 201);
  await new Promise((r) => setTimeout(r, 1100));
  const again = await register('7788014', phone);
  t.same([again.status, again.json<{ error?: { code: string } }>().error?.code], [409, 'PHONE_TAKEN'], 'a retry finds the account made: nothing more');
  t.equal(await accounts(), before + 1);
});

t.test('the OpenAPI document has the route', async (t) => {
  const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
  t.ok(doc.paths['/v1/auth/number-registrations']);
});
