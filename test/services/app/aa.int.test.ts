// AA collections over /v1: a payee asks a group for a share each; every payer pays once, the
// payee is credited exactly the sum, a finished or expired collection refuses payments before
// any money moves, and 30 payers racing for 29 shares (some twice) pay 29 shares, once each.
import t from 'tap';
import { build, type TestApp } from '../../support/app.js';
import { auditClean, auth, recharge, wallet, type User } from '../../support/money.js';

const start = (app: TestApp, u: User, body: object) => app.inject({ method: 'POST', url: '/v1/aa-collections', headers: auth(u), payload: body });
const pay = (app: TestApp, u: User, aaId: string, body: object = {}, key?: string) =>
  app.inject({ method: 'POST', url: `/v1/aa-collections/${aaId}/pay`, headers: { ...auth(u), ...(key ? { 'idempotency-key': key } : {}) }, payload: body });

t.test('AA collections', async (t) => {
  const app = await build(t);
  const payee = await app.signIn('+8613950000000');
  const payers = await Promise.all(Array.from({ length: 30 }, (_, i) => app.signIn(`+86139500001${String(i).padStart(2, '0')}`)));
  const outsider = await app.signIn('+8613950000999');
  for (const p of payers) await recharge(t, app, p, 1_000);
  await recharge(t, app, outsider, 1_000);
  const [ann, bob, cat] = payers as [User, User, User];
  const group = (await app.inject({ method: 'POST', url: '/v1/groups', headers: auth(payee), payload: { name: 'dinner', memberIds: payers.map((p) => p.userId) } })).json<{ groupId: string }>().groupId;

  await t.test('given bad terms, when a collection is started, then coded refusals', async (t) => {
    const cases: [object, number, string][] = [
      [{ amountEach: 100, count: 51, target: { type: 'group', id: group } }, 400, 'VALIDATION_FAILED'],
      [{ amountEach: 0, count: 2, target: { type: 'group', id: group } }, 400, 'VALIDATION_FAILED'],
      [{ amountEach: 10.5, count: 2, target: { type: 'group', id: group } }, 400, 'VALIDATION_FAILED'],
      [{ amountEach: 100, count: 2, target: { type: 'user', id: ann.userId } }, 400, 'VALIDATION_FAILED'],
      [{ amountEach: 100, count: 1, target: { type: 'user', id: payee.userId } }, 409, 'NOT_ELIGIBLE'],
      [{ asset: 'coins', amountEach: 100, count: 2, target: { type: 'group', id: group } }, 409, 'ASSET_NOT_ALLOWED'],
      [{ amountEach: 100, count: 2, target: { type: 'group', id: '123' } }, 404, 'NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const r = await start(app, payee, body);
      t.equal(r.status, status, JSON.stringify(body));
      t.match(r.json(), { error: { code } });
    }
  });

  await t.test('given a collection of two shares, when two members pay, then it finishes and refuses a third; the payee has exactly both', async (t) => {
    const s = await start(app, payee, { amountEach: 250, count: 2, target: { type: 'group', id: group }, note: 'pizza' });
    t.equal(s.status, 201);
    t.match(s.json(), { asset: 'cash', amountEach: 250, count: 2, total: 500 });
    const aaId = s.json<{ aaId: string }>().aaId;
    const before = (await wallet(app, payee)).cash;
    const first = await pay(app, ann, aaId, { amount: 250 });
    t.equal(first.status, 200);
    t.match(first.json(), { amount: 250, balance: 750, paidCount: 1, remainingCount: 1 });
    const twice = await pay(app, ann, aaId);
    t.same(twice.json(), first.json(), 'paying again answers the first payment: each payer pays once');
    t.equal((await wallet(app, ann)).cash, 750, 'and nothing more moved');
    t.match((await pay(app, bob, aaId, { amount: 249 })).json(), { error: { code: 'AMOUNT_MISMATCH' } }, 'a wrong amount');
    t.match((await pay(app, outsider, aaId)).json(), { error: { code: 'NOT_ELIGIBLE' } }, 'not a member');
    t.match((await pay(app, payee, aaId)).json(), { error: { code: 'NOT_ELIGIBLE' } }, 'not the payee');
    t.match((await pay(app, bob, aaId)).json(), { paidCount: 2, remainingCount: 0 });
    const finished = await pay(app, cat, aaId);
    t.equal(finished.status, 409);
    t.match(finished.json(), { error: { code: 'AA_FINISHED' } });
    t.match((await pay(app, ann, aaId, {}, 'ann-after-the-end')).json(), { amount: 250, paidCount: 1 }, 'a payer who paid still gets its payment back as the answer');
    t.equal((await wallet(app, cat)).cash, 1_000, 'the refused payer kept every unit');
    t.equal((await wallet(app, payee)).cash, before + 500);
    const detail = await app.inject({ method: 'GET', url: `/v1/aa-collections/${aaId}`, headers: auth(ann) });
    t.match(detail.json(), { status: 'finished', paidCount: 2, paidAmount: 500, paidByMe: true, note: 'pizza', payments: [{ userId: ann.userId, amount: 250 }, { userId: bob.userId, amount: 250 }] });
    t.equal((await app.inject({ method: 'GET', url: `/v1/aa-collections/${aaId}`, headers: auth(outsider) })).status, 404, 'hidden from outsiders');
    const ledger = await app.inject({ method: 'GET', url: '/v1/wallet/ledger?reason=aa_receive', headers: auth(payee) });
    t.match(ledger.json(), { items: [{ reason: 'aa_receive', delta: 250, refId: aaId }, { reason: 'aa_receive', delta: 250, refId: aaId }] });
    t.match((await app.inject({ method: 'GET', url: '/v1/wallet/ledger?reason=aa_pay', headers: auth(ann) })).json(), { items: [{ delta: -250, refId: aaId }] });
  });

  await t.test('given an expired collection, when a member pays, then AA_EXPIRED and nothing moves', async (t) => {
    const s = await start(app, payee, { amountEach: 100, count: 3, target: { type: 'group', id: group }, expiresInSeconds: 60 });
    const aaId = s.json<{ aaId: string }>().aaId;
    // Past its expiry by the clock the use cases read (the timer would fire at the same moment).
    const clock = app.platform.core.clock;
    app.platform.core.clock = () => new Date(clock().getTime() + 61_000);
    t.teardown(() => {
      app.platform.core.clock = clock;
    });
    const r = await pay(app, cat, aaId);
    app.platform.core.clock = clock;
    t.equal(r.status, 409);
    t.match(r.json(), { error: { code: 'AA_EXPIRED' } });
    t.equal((await wallet(app, cat)).cash, 1_000);
  });

  await t.test('given 30 members racing for 29 shares (five of them twice), when they pay at once, then 29 pay once and the payee has exactly 29 shares', async (t) => {
    const s = await start(app, payee, { amountEach: 10, count: 29, target: { type: 'group', id: group } });
    const aaId = s.json<{ aaId: string }>().aaId;
    const before = (await wallet(app, payee)).cash;
    const payerCash = await Promise.all(payers.map(async (p) => (await wallet(app, p)).cash));
    const answers = await Promise.all([
      ...payers.map((p, i) => pay(app, p, aaId, {}, `aa-${i}`)),
      ...payers.slice(0, 5).map((p, i) => pay(app, p, aaId, {}, `aa-again-${i}`)),
    ]);
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    t.ok(refused.every((a) => ['AA_FINISHED', 'AA_ALREADY_PAID'].includes(a.json<{ error: { code: string } }>().error.code)), 'refusals are coded');
    const paidBy = new Set(payers.filter((_, i) => ok.some((a) => a === answers[i] || (i < 5 && a === answers[30 + i]))).map((p) => p.userId));
    t.equal(paidBy.size, 29, 'exactly 29 payers paid');
    const events = await app.platform.core.store.readStream(`aa-${aaId}`);
    t.equal(events.filter((e) => e.type === 'AaPaymentRecorded').length, 29, '29 payments recorded');
    t.equal(events.filter((e) => e.type === 'AaCollectionFinished').length, 1, 'the last share was paid once');
    t.equal((await wallet(app, payee)).cash, before + 290, 'the payee has exactly the sum');
    const after = await Promise.all(payers.map(async (p) => (await wallet(app, p)).cash));
    const spent = after.map((c, i) => (payerCash[i] ?? 0) - c);
    t.equal(spent.filter((x) => x === 10).length, 29, '29 payers paid one share');
    t.equal(spent.filter((x) => x === 0).length, 1, 'one paid nothing (or got it back)');
    t.match((await app.inject({ method: 'GET', url: `/v1/aa-collections/${aaId}`, headers: auth(payee) })).json(), { status: 'finished', paidCount: 29, paidAmount: 290 });
  });

  await auditClean(t, app, 'after AA payments');
});
