// Pay passwords over /v1: set with an SMS code (must differ from the previous one), verified,
// required where an app's policy says so, and locked after repeated wrong tries, each counted
// exactly once even when they arrive together. A wrong pay password moves no money.
import t from 'tap';
import { build, type TestApp } from '../../support/app.js';
import { auditClean, auth, recharge, wallet, type User } from '../../support/money.js';

const code = async (app: TestApp, phone: string) => {
  await app.platform.core.pool.query('update sms_codes set sent_at = sent_at - interval \'1 hour\' where phone = $1', [phone]);
  await app.inject({ method: 'POST', url: '/v1/auth/sms-codes', payload: { phone } });
  return app.platform.core.devSms?.latest(phone) ?? '';
};

const set = (app: TestApp, u: User, smsCode: string, payPassword: string) => app.inject({ method: 'POST', url: '/v1/pay-password', headers: auth(u), payload: { code: smsCode, payPassword } });

t.test('pay passwords', async (t) => {
  const app = await build(t, { PAY_PASSWORD_MAX_FAILURES: '3', PAY_PASSWORD_LOCK_SECONDS: '3600' });
  const annPhone = '+8613930000001';
  const ann = await app.signIn(annPhone);
  const bob = await app.signIn('+8613930000002');
  await recharge(t, app, ann, 10_000);

  await t.test('given no pay password, when one is sent with a payment, then PAY_PASSWORD_NOT_SET and nothing moves', async (t) => {
    const r = await app.inject({ method: 'POST', url: '/v1/instant-payments', headers: auth(ann), payload: { toUserId: bob.userId, amount: 100, payPassword: '123456' } });
    t.equal(r.status, 409);
    t.match(r.json(), { error: { code: 'PAY_PASSWORD_NOT_SET' } });
    t.match((await app.inject({ method: 'GET', url: '/v1/pay-password', headers: auth(ann) })).json(), { set: false, locked: false });
  });

  await t.test('given a wrong SMS code, when a pay password is set, then SMS_CODE_INVALID', async (t) => {
    const right = await code(app, annPhone);
    const wrong = right === '000000' ? '111111' : '000000';
    const r = await set(app, ann, wrong, '123456');
    t.equal(r.status, 403);
    t.match(r.json(), { error: { code: 'SMS_CODE_INVALID' } });
    t.equal((await set(app, ann, right, '123456')).status, 200, 'the right code still works');
    t.match((await app.inject({ method: 'GET', url: '/v1/pay-password', headers: auth(ann) })).json(), { set: true, failures: 0, maxFailures: 3 });
  });

  await t.test('given a pay password, when it is set again to the same one, then PAY_PASSWORD_REUSED; a different one changes it', async (t) => {
    const same = await set(app, ann, await code(app, annPhone), '123456');
    t.equal(same.status, 409);
    t.match(same.json(), { error: { code: 'PAY_PASSWORD_REUSED' } });
    const changed = await set(app, ann, await code(app, annPhone), '654321');
    t.match(changed.json(), { set: true, changed: true });
    const rows = await app.platform.core.pool.query('select hash from pay_password_credentials where user_id = $1', [ann.userId]);
    t.equal(rows.rows.length, 1, 'one credential stays: the replaced one is gone');
    t.match(rows.rows[0], { hash: /^scrypt\$16384\$8\$1\$/ }, 'a slow salted hash');
    const log = await app.platform.core.store.readStream(`paypwd-${ann.userId}`);
    t.notOk(JSON.stringify(log).includes('654321') || JSON.stringify(log).includes('scrypt'), 'the log holds neither password nor hash');
    t.equal((await app.inject({ method: 'POST', url: '/v1/pay-password/verify', headers: auth(ann), payload: { payPassword: '654321' } })).status, 200);
  });

  await t.test('given a wrong pay password, when paying, then no money moves, the failure is counted, and the third locks it', async (t) => {
    const before = await wallet(app, ann);
    const pay = (payPassword: string, key: string) =>
      app.inject({ method: 'POST', url: '/v1/instant-payments', headers: { ...auth(ann), 'idempotency-key': key }, payload: { toUserId: bob.userId, amount: 100, payPassword } });
    const first = await pay('000000', 'wrong-1');
    t.equal(first.status, 403);
    t.match(first.json(), { error: { code: 'PAY_PASSWORD_WRONG', details: { failures: 1, attemptsLeft: 2 } } });
    t.same(await pay('000000', 'wrong-1'), first, 'a retried request is the same try: not counted twice');
    t.match((await app.inject({ method: 'GET', url: '/v1/pay-password', headers: auth(ann) })).json(), { failures: 1 });
    t.match((await pay('000001', 'wrong-2')).json(), { error: { code: 'PAY_PASSWORD_WRONG', details: { failures: 2, attemptsLeft: 1 } } });
    const third = await pay('000002', 'wrong-3');
    t.equal(third.status, 429);
    t.match(third.json(), { error: { code: 'PAY_PASSWORD_LOCKED', details: { lockedUntil: /Z$/ } } });
    const right = await pay('654321', 'right-while-locked');
    t.match(right.json(), { error: { code: 'PAY_PASSWORD_LOCKED' } }, 'locked: even the right one is refused');
    t.same(await wallet(app, ann), before, 'no money moved');
    t.match((await app.inject({ method: 'GET', url: '/v1/pay-password', headers: auth(ann) })).json(), { locked: true, failures: 3 });
    t.match((await app.inject({ method: 'GET', url: '/v1/wallet', headers: auth(bob) })).json(), { cash: 0 });
  });

  await t.test('given a locked pay password, when a new one is set with an SMS code, then it is unlocked and works', async (t) => {
    t.equal((await set(app, ann, await code(app, annPhone), '112233')).status, 200);
    const r = await app.inject({ method: 'POST', url: '/v1/instant-payments', headers: auth(ann), payload: { toUserId: bob.userId, amount: 100, payPassword: '112233' } });
    t.equal(r.status, 201);
    t.match(r.json(), { status: 'accepted', amount: 100, balance: 9_900 });
  });

  await t.test('given ten wrong tries at once, when they race, then exactly the limit is counted and the rest are refused as locked', async (t) => {
    const bobPhone = '+8613930000002';
    t.equal((await set(app, bob, await code(app, bobPhone), '999999')).status, 200);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => app.inject({ method: 'POST', url: '/v1/pay-password/verify', headers: auth(bob), payload: { payPassword: `00000${i}` } })),
    );
    const codes = answers.map((a) => a.json<{ error: { code: string } }>().error.code);
    t.equal(codes.filter((c) => c === 'PAY_PASSWORD_WRONG').length, 2, 'two answered wrong');
    t.equal(codes.filter((c) => c === 'PAY_PASSWORD_LOCKED').length, 8, 'the third locked it and the rest found it locked');
    const failed = (await app.platform.core.store.readStream(`paypwd-${bob.userId}`)).filter((e) => e.type === 'PayPasswordAttemptFailed');
    t.equal(failed.length, 3, 'three failures on record, no more');
  });

  await auditClean(t, app, 'after pay-password refusals');
});

t.test('given an app policy that requires the pay password, when a transfer comes without one, then PAY_PASSWORD_REQUIRED', async (t) => {
  const app = await build(t, { APP_POLICIES: JSON.stringify({ core: { payPassword: ['transfer', 'instant_pay', 'aa'] } }) });
  const ann = await app.signIn('+8613930000011');
  const bob = await app.signIn('+8613930000012');
  await recharge(t, app, ann, 1_000);
  for (const [url, payload] of [
    ['/v1/transfers', { toUserId: bob.userId, amount: 100 }],
    ['/v1/instant-payments', { toUserId: bob.userId, amount: 100 }],
  ] as const) {
    const r = await app.inject({ method: 'POST', url, headers: auth(ann), payload });
    t.equal(r.status, 403, url);
    t.match(r.json(), { error: { code: 'PAY_PASSWORD_REQUIRED' } });
  }
  t.equal((await wallet(app, ann)).cash, 1_000, 'nothing moved');
  t.same(app.platform.core.policies['im-groups-wallet'].payPassword, ['transfer', 'instant_pay', 'aa', 'group_fee', 'purchase'], '003 asks by default');
  t.same(app.platform.core.policies['chat-wallet'].payPassword, ['transfer', 'instant_pay', 'aa', 'group_fee', 'purchase'], '002 too');
});
