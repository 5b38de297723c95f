// Issue #19's second half over /v1 (inject, embedded PostgreSQL): vanity display numbers and group
// levels bought from the platform, cancelled recharge orders, and audit verify closing over them.
import t from 'tap';
import { build } from '../../support/app.js';
import { api, codeOf, users, type Member } from '../../support/groups.js';
import { auditClean, balance, recharge } from '../../support/money.js';

const app = await build(t, {
  VANITY_NUMBER_PRICES: JSON.stringify([{ name: 'AAAA', pattern: '\\d*(\\d)\\1{3}\\d*', price: 5_000 }]),
  GROUP_LEVEL_PRICES: JSON.stringify({ '1': { price: 1_000, days: 30 }, '2': { price: 3_000, days: 30 } }),
});
const call = api(app);

const payPasswordFor = async (u: Member, phone: string, payPassword: string) => {
  await app.platform.core.pool.query("update sms_codes set sent_at = sent_at - interval '1 hour' where phone = $1", [phone]);
  await call('POST', '/auth/sms-codes', null, { phone });
  const code = app.platform.core.devSms?.latest(phone) ?? '';
  t.equal((await call('POST', '/pay-password', u, { code, payPassword })).status, 200, 'pay password set');
};

t.test('the OpenAPI document describes the new routes', async (t) => {
  const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
  for (const p of ['/v1/recharge-orders/{orderId}/cancel', '/v1/display-numbers/{displayNumber}', '/v1/me/display-number/purchases', '/v1/group-levels', '/v1/groups/{groupId}/level/purchases', '/v1/payments/alipay/notify', '/v1/payments/wechat/notify', '/v1/payments/apple/receipts']) {
    t.ok(doc.paths[p], p);
  }
});

t.test('cancelling a recharge order', async (t) => {
  const [ann, bob] = (await users(app, 2)) as [Member, Member];
  await t.test('given a pending order, when its owner cancels it, then it is cancelled and a later payment credits nothing', async (t) => {
    const o = await call('POST', '/recharge-orders', ann, { amount: 700 });
    const orderId = String(o.body['orderId']);
    t.equal(codeOf(await call('POST', `/recharge-orders/${orderId}/cancel`, bob)), 'NOT_FOUND', 'not by someone else');
    const r = await call('POST', `/recharge-orders/${orderId}/cancel`, ann);
    t.same([r.status, r.body], [200, { orderId, status: 'cancelled' }]);
    t.equal((await call('POST', `/recharge-orders/${orderId}/cancel`, ann)).status, 200, 'cancelling again is harmless');
    t.match((await call('GET', `/recharge-orders/${orderId}`, ann)).body, { status: 'cancelled' });
    const late = await call('POST', `/dev/payments/${orderId}/succeed`);
    t.match(late.body, { callbackStatus: 200 }, 'the provider is answered, so it stops retrying');
    t.equal(await balance(app, ann), 0, 'and nothing was credited');
    t.match((await call('GET', `/recharge-orders/${orderId}`, ann)).body, { status: 'cancelled' });
  });
  await t.test('given a paid or failed order, when cancelled, then ORDER_SETTLED', async (t) => {
    const paid = await call('POST', '/recharge-orders', ann, { amount: 300 });
    await call('POST', `/dev/payments/${String(paid.body['orderId'])}/succeed`);
    const r = await call('POST', `/recharge-orders/${String(paid.body['orderId'])}/cancel`, ann);
    t.same([r.status, codeOf(r)], [409, 'ORDER_SETTLED']);
    const failed = await call('POST', '/recharge-orders', ann, { amount: 300 });
    await call('POST', `/dev/payments/${String(failed.body['orderId'])}/fail`);
    t.equal(codeOf(await call('POST', `/recharge-orders/${String(failed.body['orderId'])}/cancel`, ann)), 'ORDER_SETTLED');
    t.equal(await balance(app, ann), 300);
  });
});

t.test('vanity display numbers', async (t) => {
  const [ann, bob, cat] = (await users(app, 3)) as [Member, Member, Member];
  await recharge(t, app, ann, 20_000);
  await recharge(t, app, bob, 20_000);
  const before = String((await call('GET', '/me', ann)).body['displayNumber']);

  await t.test('a number is quoted from the price list; one matching no pattern is not for sale', async (t) => {
    t.same((await call('GET', '/display-numbers/88888', ann)).body, { displayNumber: '88888', forSale: true, available: true, price: 5_000, name: 'AAAA', asset: 'cash' });
    t.match((await call('GET', '/display-numbers/12345', ann)).body, { forSale: false, available: false, price: null });
    t.equal(codeOf(await call('POST', '/me/display-number/purchases', ann, { displayNumber: '12345' })), 'NOT_FOR_SALE');
    t.equal((await call('POST', '/me/display-number/purchases', ann, { displayNumber: '0123' })).status, 400);
  });

  await t.test('given the money, when ann buys 88888, then it is hers, she paid once, and her old number is retired', async (t) => {
    const key = { 'idempotency-key': 'vanity-1' };
    const r = await call('POST', '/me/display-number/purchases', ann, { displayNumber: '88888' }, key);
    t.equal(r.status, 201);
    t.match(r.body, { displayNumber: '88888', asset: 'cash', price: 5_000, balance: 15_000 });
    t.same((await call('POST', '/me/display-number/purchases', ann, { displayNumber: '88888' }, key)).body, r.body, 'a retry answers the same');
    t.equal((await call('POST', '/me/display-number/purchases', ann, { displayNumber: '88888' })).status, 201, 'another key: already hers');
    t.equal(await balance(app, ann), 15_000, 'charged once');
    t.match((await call('GET', '/me', ann)).body, { displayNumber: '88888' });
    t.match((await call('GET', `/display-numbers/88888`, bob)).body, { available: false });
    t.not((await call('GET', '/me', ann)).body['displayNumber'], before, 'her old number is retired');
  });

  await t.test('given two buyers of one number at once, then one wins and the other’s money never moves', async (t) => {
    const [a, b] = await Promise.all([
      call('POST', '/me/display-number/purchases', ann, { displayNumber: '66660' }),
      call('POST', '/me/display-number/purchases', bob, { displayNumber: '66660' }),
    ]);
    t.same([a.status, b.status].sort(), [201, 409]);
    const loser = a.status === 201 ? b : a;
    t.equal(codeOf(loser), 'DISPLAY_NUMBER_TAKEN');
    const annWon = a.status === 201;
    t.equal(await balance(app, ann), annWon ? 10_000 : 15_000, 'ann paid only if she won');
    t.equal(await balance(app, bob), annWon ? 20_000 : 15_000, 'bob paid only if he won');
    const bobBefore = await balance(app, bob);
    const held = await call('POST', '/me/display-number/purchases', bob, { displayNumber: '88888' });
    t.equal(codeOf(held), 'DISPLAY_NUMBER_TAKEN', 'a number someone holds or held (88888) is never sold again');
    t.equal(await balance(app, bob), bobBefore);
  });

  await t.test('given too little money or a wrong pay password, then refused and nothing moves', async (t) => {
    const r = await call('POST', '/me/display-number/purchases', cat, { displayNumber: '77770' });
    t.same([r.status, codeOf(r)], [409, 'INSUFFICIENT_FUNDS']);
    t.match((await call('GET', '/display-numbers/77770', cat)).body, { available: true }, 'the number was not claimed');
    const bobPhone = String((await call('GET', '/me', bob)).body['phone']);
    await payPasswordFor(bob, bobPhone, '246810');
    const before = await balance(app, bob);
    const wrong = await call('POST', '/me/display-number/purchases', bob, { displayNumber: '77771', payPassword: '000000' });
    t.same([wrong.status, codeOf(wrong)], [403, 'PAY_PASSWORD_WRONG']);
    t.equal(await balance(app, bob), before);
    t.match((await call('GET', '/display-numbers/77771', cat)).body, { available: true });
  });

  await auditClean(t, app, 'after the number sales');
});

t.test('group levels', async (t) => {
  const [owner, member] = (await users(app, 2)) as [Member, Member];
  await recharge(t, app, owner, 10_000);
  const g = await call('POST', '/groups', owner, { name: 'paid club', memberIds: [member.userId] });
  const groupId = String(g.body['groupId']);
  const day = 24 * 3600 * 1000;

  t.same((await call('GET', '/group-levels', owner)).body, { asset: 'cash', items: [{ level: 1, price: 1_000, days: 30 }, { level: 2, price: 3_000, days: 30 }] });

  await t.test('given the owner, when they buy level 1, then the group has it for one term and they paid once', async (t) => {
    const key = { 'idempotency-key': 'level-1' };
    const r = await call('POST', `/groups/${groupId}/level/purchases`, owner, { level: 1 }, key);
    t.equal(r.status, 201);
    t.match(r.body, { groupId, level: 1, price: 1_000, balance: 9_000 });
    const ends = Date.parse(String(r.body['expiresAt']));
    t.ok(Math.abs(ends - (Date.now() + 30 * day)) < 60_000, 'one term from now');
    t.same((await call('POST', `/groups/${groupId}/level/purchases`, owner, { level: 1 }, key)).body, r.body, 'a retry is the same purchase');
    t.equal(await balance(app, owner), 9_000);

    const renewed = await call('POST', `/groups/${groupId}/level/purchases`, owner, { level: 1 });
    t.equal(renewed.status, 201);
    t.equal(Date.parse(String(renewed.body['expiresAt'])), ends + 30 * day, 'a renewal extends the running term');
    t.equal(await balance(app, owner), 8_000);
  });

  await t.test('refusals move nothing', async (t) => {
    t.equal(codeOf(await call('POST', `/groups/${groupId}/level/purchases`, member, { level: 1 })), 'FORBIDDEN', 'members are not managers');
    t.equal(codeOf(await call('POST', `/groups/${groupId}/level/purchases`, owner, { level: 3 })), 'NOT_FOR_SALE');
    t.equal((await call('POST', `/groups/${groupId}/level/purchases`, owner, { level: 5 })).status, 400);
    t.equal(codeOf(await call('POST', `/groups/${groupId}/level/purchases`, owner, { level: 2, payPassword: '123456' })), 'PAY_PASSWORD_NOT_SET');
    const poor = await call('POST', '/groups', member, { name: 'poor club', memberIds: [owner.userId] });
    t.equal(codeOf(await call('POST', `/groups/${String(poor.body['groupId'])}/level/purchases`, member, { level: 2 })), 'INSUFFICIENT_FUNDS');
    t.equal(await balance(app, owner), 8_000);
    t.equal(await balance(app, member), 0);
  });

  await t.test('an upgrade starts a new term now; a downgrade while it runs is refused', async (t) => {
    const up = await call('POST', `/groups/${groupId}/level/purchases`, owner, { level: 2 });
    t.match(up.body, { level: 2 });
    t.ok(Math.abs(Date.parse(String(up.body['expiresAt'])) - (Date.now() + 30 * day)) < 60_000);
    t.equal(codeOf(await call('POST', `/groups/${groupId}/level/purchases`, owner, { level: 1 })), 'CONFLICT');
    t.equal(await balance(app, owner), 5_000);
  });

  await auditClean(t, app, 'after the level sales');
});
