// Instant payments and QR receipts over /v1: paid at once with no accept step, listed and pushed
// as accepted transfers; a receipt is a signed payload that pays the right amount to the right
// user, once per payer, whatever key or retry; tampered or expired receipts pay nothing.
import t from 'tap';
import { build } from '../../support/app.js';
import { auditClean, auth, balance, recharge, wallet } from '../../support/money.js';

t.test('instant payments and receipts', async (t) => {
  const app = await build(t);
  const [ann, bob, cat] = [await app.signIn('+8613940000001'), await app.signIn('+8613940000002'), await app.signIn('+8613940000003')];
  await recharge(t, app, ann, 10_000);
  await recharge(t, app, cat, 10_000);
  await recharge(t, app, ann, 300_000_000, 'bty');

  await t.test('given cash, when ann pays bob instantly, then bob is credited at once and the transfer is accepted', async (t) => {
    const r = await app.inject({ method: 'POST', url: '/v1/instant-payments', headers: auth(ann), payload: { toUserId: bob.userId, amount: 1_250, note: 'lunch' } });
    t.equal(r.status, 201);
    t.match(r.json(), { status: 'accepted', toUserId: bob.userId, asset: 'cash', amount: 1_250, balance: 8_750 });
    t.equal((await wallet(app, bob)).cash, 1_250, 'no accept step');
    const tr = await app.inject({ method: 'GET', url: `/v1/transfers/${r.json<{ transferId: string }>().transferId}`, headers: auth(bob) });
    t.match(tr.json(), { status: 'accepted', instant: true, note: 'lunch', settledAt: /Z$/ });
    const again = await app.inject({ method: 'POST', url: `/v1/transfers/${r.json<{ transferId: string }>().transferId}/reject`, headers: auth(bob) });
    t.match(again.json(), { error: { code: 'TRANSFER_SETTLED' } }, 'nothing to reject');
    const bty = await app.inject({ method: 'POST', url: '/v1/instant-payments', headers: auth(ann), payload: { toUserId: bob.userId, asset: 'bty', amount: 1 } });
    t.match(bty.json(), { asset: 'bty', amount: 1, balance: 299_999_999 });
  });

  await t.test('given bad input, when paying instantly, then coded refusals and nothing moves', async (t) => {
    const before = await wallet(app, ann);
    const cases: [object, number, string][] = [
      [{ toUserId: ann.userId, amount: 1 }, 409, 'SELF_TRANSFER'],
      [{ toUserId: '999999', amount: 1 }, 404, 'NOT_FOUND'],
      [{ toUserId: bob.userId, amount: 1_000_000 }, 409, 'INSUFFICIENT_FUNDS'],
      [{ toUserId: bob.userId, amount: 0 }, 400, 'VALIDATION_FAILED'],
      [{ toUserId: bob.userId, amount: 1.5 }, 400, 'VALIDATION_FAILED'],
      [{ toUserId: bob.userId, asset: 'coins', amount: 1 }, 409, 'ASSET_NOT_ALLOWED'],
    ];
    for (const [payload, status, code] of cases) {
      const r = await app.inject({ method: 'POST', url: '/v1/instant-payments', headers: auth(ann), payload });
      t.equal(r.status, status, JSON.stringify(payload));
      t.match(r.json(), { error: { code } });
    }
    t.same(await wallet(app, ann), before);
  });

  await t.test('given a fixed receipt, when two payers pay it (one twice, with two keys), then each pays once', async (t) => {
    const made = await app.inject({ method: 'POST', url: '/v1/receipts', headers: auth(bob), payload: { amount: 300, note: 'coffee' } });
    t.equal(made.status, 201);
    const receipt = made.json<{ receiptId: string; payload: string; payeeId: string; amount: number; expiresAt: string }>();
    t.match(receipt, { payeeId: bob.userId, asset: 'cash', amount: 300, note: 'coffee' });
    const read = await app.inject({ method: 'POST', url: '/v1/receipts/read', headers: auth(ann), payload: { payload: receipt.payload } });
    t.match(read.json(), { receiptId: receipt.receiptId, payeeId: bob.userId, amount: 300, expired: false });
    const bobBefore = (await wallet(app, bob)).cash;
    const pay = (u: { token: string }, key: string, body: object = {}) =>
      app.inject({ method: 'POST', url: '/v1/receipts/pay', headers: { ...auth(u), 'idempotency-key': key }, payload: { payload: receipt.payload, ...body } });
    const first = await pay(ann, 'r-1');
    t.equal(first.status, 201);
    t.match(first.json(), { receiptId: receipt.receiptId, toUserId: bob.userId, amount: 300, status: 'accepted' });
    const second = await pay(ann, 'r-2', { amount: 300 });
    t.equal(second.status, 201);
    t.equal(second.json<{ transferId: string }>().transferId, first.json<{ transferId: string }>().transferId, 'the same payment, not a second one');
    const both = await Promise.all([pay(ann, 'r-3'), pay(ann, 'r-4')]);
    t.ok(both.every((b) => b.json<{ transferId: string }>().transferId === first.json<{ transferId: string }>().transferId), 'concurrent repeats too');
    t.equal((await pay(cat, 'c-1')).status, 201, 'another payer pays it too');
    t.equal((await wallet(app, bob)).cash, bobBefore + 600, 'two payers, two payments');
    const wrongAmount = await pay(cat, 'c-2', { amount: 301 });
    t.match(wrongAmount.json(), { error: { code: 'AMOUNT_MISMATCH' } });
    const sent = (await app.platform.core.store.readStream(`wallet-${ann.userId}`)).filter((e) => e.type === 'TransferSent' && e.data.toUserId === bob.userId && e.data.amount === 300);
    t.equal(sent.length, 1, 'ann was debited once');
  });

  await t.test('given a receipt with no amount, when paid, then the payer names it; without one it is refused', async (t) => {
    const receipt = (await app.inject({ method: 'POST', url: '/v1/receipts', headers: auth(bob), payload: { asset: 'bty' } })).json<{ payload: string; amount: null }>();
    t.equal(receipt.amount, null);
    const none = await app.inject({ method: 'POST', url: '/v1/receipts/pay', headers: auth(ann), payload: { payload: receipt.payload } });
    t.match(none.json(), { error: { code: 'VALIDATION_FAILED', details: { field: 'amount' } } });
    const before = await balance(app, bob, 'bty');
    const paid = await app.inject({ method: 'POST', url: '/v1/receipts/pay', headers: auth(ann), payload: { payload: receipt.payload, amount: 50_000_000 } });
    t.match(paid.json(), { asset: 'bty', amount: 50_000_000 });
    t.equal(await balance(app, bob, 'bty'), before + 50_000_000);
  });

  await t.test('given a tampered or foreign payload, when paid, then RECEIPT_INVALID; an expired one RECEIPT_EXPIRED; nothing moves', async (t) => {
    const receipt = (await app.inject({ method: 'POST', url: '/v1/receipts', headers: auth(bob), payload: { amount: 100 } })).json<{ payload: string }>();
    const [v, body, sig] = receipt.payload.split('.');
    const forged = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${v}.${Buffer.from(JSON.stringify({ ...forged, amount: 1 })).toString('base64url')}.${sig}`;
    const redirected = `${v}.${Buffer.from(JSON.stringify({ ...forged, payeeId: cat.userId })).toString('base64url')}.${sig}`;
    const before = await wallet(app, ann);
    for (const payload of [tampered, redirected, 'r1.e30.AAAA', 'garbage', `${receipt.payload}x`]) {
      const r = await app.inject({ method: 'POST', url: '/v1/receipts/pay', headers: auth(ann), payload: { payload } });
      t.equal(r.status, 400, payload.slice(0, 20));
      t.match(r.json(), { error: { code: 'RECEIPT_INVALID' } });
    }
    const short = (await app.inject({ method: 'POST', url: '/v1/receipts', headers: auth(bob), payload: { amount: 100, expiresInSeconds: 2 } })).json<{ payload: string }>();
    const catPaid = await app.inject({ method: 'POST', url: '/v1/receipts/pay', headers: auth(cat), payload: { payload: short.payload } });
    t.equal(catPaid.status, 201);
    await new Promise((r) => setTimeout(r, 2_100));
    const catAgain = await app.inject({ method: 'POST', url: '/v1/receipts/pay', headers: auth(cat), payload: { payload: short.payload } });
    t.equal(catAgain.status, 201, 'a payer who paid before the expiry gets its payment back (a retry after a crash)');
    t.equal(catAgain.json<{ transferId: string }>().transferId, catPaid.json<{ transferId: string }>().transferId);
    const expired = await app.inject({ method: 'POST', url: '/v1/receipts/pay', headers: auth(ann), payload: { payload: short.payload } });
    t.equal(expired.status, 409);
    t.match(expired.json(), { error: { code: 'RECEIPT_EXPIRED' } });
    t.match((await app.inject({ method: 'POST', url: '/v1/receipts/read', headers: auth(ann), payload: { payload: short.payload } })).json(), { expired: true });
    const own = await app.inject({ method: 'POST', url: '/v1/receipts/pay', headers: auth(bob), payload: { payload: receipt.payload } });
    t.match(own.json(), { error: { code: 'SELF_TRANSFER' } });
    t.same(await wallet(app, ann), before);
  });

  await auditClean(t, app, 'after instant payments and receipts');
});

t.test('given no RECEIPT_SECRET outside dev mode, when a receipt is asked for, then receipts are off', async (t) => {
  const { createReceipt } = await import('../../../services/app/receipts.js');
  const { loadConfig } = await import('../../../services/shared/config.js');
  const config = loadConfig({ DEV_MODE: 'false', PAYMENT_PROVIDER_SECRET: 'a-test-secret-of-enough-length' });
  const core = { config, assets: {}, ids: { next: () => '1' }, clock: () => new Date() } as unknown as Parameters<typeof createReceipt>[0];
  t.throws(() => createReceipt(core, { kind: 'user', userId: '1', roles: [], app: 'core' }, {}), { code: 'NOT_FOUND' });
});
