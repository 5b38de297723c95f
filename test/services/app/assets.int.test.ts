// Assets as configuration over /v1: the chat platform's coins with 8 decimal places recharged,
// sent in red packets and transferred in minor units; minimums and what an asset allows enforced
// before anything moves; the wallet's assets map; the ledger filtered by reason, asset and month;
// a withdrawal fee credited to the platform's fees account, which operators read. The audit
// closes per asset after each.
import t from 'tap';
import { build } from '../../support/app.js';
import { auditClean, auth, balance, recharge, wallet } from '../../support/money.js';

const ASSETS = JSON.stringify({
  cash: { minimum: 100, withdrawalFee: { basisPoints: 100, minimum: 10 } },
  gold: { decimals: 3, allows: ['recharge', 'transfer'] },
});

t.test('assets', async (t) => {
  const app = await build(t, { ASSETS });
  const ann = await app.signIn('+8613920000001');
  const bob = await app.signIn('+8613920000002');
  const operator = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<{ userId: string; token: string }>();
  const BTY = 100_000_000;

  await t.test('given the configuration, when assets are listed, then each has its decimals, minimum and uses', async (t) => {
    const r = await app.inject({ method: 'GET', url: '/v1/assets', headers: auth(ann) });
    t.equal(r.status, 200);
    const items = r.json<{ items: { asset: string; decimals: number; minimum: number; allows: string[] }[] }>().items;
    t.match(items.find((a) => a.asset === 'bty'), { decimals: 8, minimum: 1, allows: ['recharge', 'transfer', 'red_packet'] });
    t.match(items.find((a) => a.asset === 'cash'), { decimals: 2, minimum: 100, withdrawalFee: { basisPoints: 100, minimum: 10 } });
    t.match(items.find((a) => a.asset === 'gold'), { decimals: 3, minimum: 1 });
    t.same(items.map((a) => a.asset).slice(0, 3), ['cash', 'coins', 'income']);
  });

  await t.test('given BTY recharged in 1e-8 units, when the wallet is read, then assets has it and cash, coins, income stand as before', async (t) => {
    await recharge(t, app, ann, 5 * BTY, 'bty');
    await recharge(t, app, ann, 10_000);
    const w = await wallet(app, ann);
    t.match(w, { cash: 10_000, coins: 0, income: 0, assets: { cash: 10_000, coins: 0, income: 0, bty: 5 * BTY, ycc: 0, coin3: 0, gold: 0 } });
  });

  await t.test('given bad amounts, when money is asked to move, then coded refusals and nothing moves', async (t) => {
    const before = await wallet(app, ann);
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: auth(ann), payload });
    const cases: [string, object, number, string][] = [
      ['/v1/transfers', { toUserId: bob.userId, amount: 99 }, 409, 'AMOUNT_TOO_SMALL'],
      ['/v1/transfers', { toUserId: bob.userId, amount: 150.5 }, 400, 'VALIDATION_FAILED'],
      ['/v1/transfers', { toUserId: bob.userId, asset: 'coins', amount: 5 }, 409, 'ASSET_NOT_ALLOWED'],
      ['/v1/transfers', { toUserId: bob.userId, asset: 'nope', amount: 5 }, 400, 'VALIDATION_FAILED'],
      ['/v1/transfers', { toUserId: bob.userId, asset: 'BTY', amount: 5 }, 400, 'VALIDATION_FAILED'],
      ['/v1/recharge-orders', { asset: 'cash', amount: 50 }, 409, 'AMOUNT_TOO_SMALL'],
      ['/v1/recharge-orders', { asset: 'income', amount: 50 }, 409, 'ASSET_NOT_ALLOWED'],
      ['/v1/red-packets', { kind: 'fixed', count: 1, amountEach: 99, target: { type: 'user', id: bob.userId } }, 409, 'AMOUNT_TOO_SMALL'],
      ['/v1/red-packets', { kind: 'lucky', count: 3, total: 250, target: { type: 'user', id: bob.userId } }, 400, 'VALIDATION_FAILED'],
      ['/v1/red-packets', { kind: 'fixed', asset: 'gold', count: 1, amountEach: 5, target: { type: 'user', id: bob.userId } }, 409, 'ASSET_NOT_ALLOWED'],
      ['/v1/withdrawals', { asset: 'bty', amount: BTY, account: 'x' }, 409, 'ASSET_NOT_ALLOWED'],
      ['/v1/withdrawals', { asset: 'cash', amount: 0.5, account: 'x' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [url, payload, status, code] of cases) {
      const r = await post(url, payload);
      t.equal(r.status, status, `${url} ${JSON.stringify(payload)}`);
      t.match(r.json(), { error: { code } });
    }
    t.same(await wallet(app, ann), before, 'not a unit moved');
  });

  await t.test('given a lucky packet whose shares cannot all reach the minimum, when created, then TOTAL_TOO_SMALL', async (t) => {
    const g = await app.inject({ method: 'POST', url: '/v1/groups', headers: auth(ann), payload: { name: 'g', memberIds: [bob.userId] } });
    const r = await app.inject({ method: 'POST', url: '/v1/red-packets', headers: auth(ann), payload: { kind: 'lucky', count: 3, total: 250, target: { type: 'group', id: g.json<{ groupId: string }>().groupId } } });
    t.equal(r.status, 409);
    t.match(r.json(), { error: { code: 'TOTAL_TOO_SMALL', details: { minimum: 100 } } });
  });

  await t.test('given BTY, when a red packet and a transfer move it, then the receiver holds exact units and cash is untouched', async (t) => {
    const p = await app.inject({ method: 'POST', url: '/v1/red-packets', headers: auth(ann), payload: { kind: 'fixed', asset: 'bty', count: 1, amountEach: 12_345_678, target: { type: 'user', id: bob.userId } } });
    t.equal(p.status, 201);
    t.match(p.json(), { asset: 'bty', total: 12_345_678 });
    const grab = await app.inject({ method: 'POST', url: `/v1/red-packets/${p.json<{ redPacketId: string }>().redPacketId}/grab`, headers: auth(bob) });
    t.match(grab.json(), { amount: 12_345_678, asset: 'bty', balance: 12_345_678, cash: 0 });
    const tr = await app.inject({ method: 'POST', url: '/v1/transfers', headers: auth(ann), payload: { toUserId: bob.userId, asset: 'bty', amount: 1 } });
    t.equal(tr.status, 201);
    t.match(tr.json(), { asset: 'bty', amount: 1 });
    const id = tr.json<{ transferId: string }>().transferId;
    t.equal((await app.inject({ method: 'POST', url: `/v1/transfers/${id}/accept`, headers: auth(bob) })).status, 200);
    t.match((await app.inject({ method: 'GET', url: `/v1/transfers/${id}`, headers: auth(bob) })).json(), { asset: 'bty', amount: 1, status: 'accepted', instant: false });
    t.equal(await balance(app, bob, 'bty'), 12_345_679);
    t.equal(await balance(app, ann, 'bty'), 5 * BTY - 12_345_679);
    t.equal((await wallet(app, bob)).cash, 0);
    await auditClean(t, app, 'after BTY red packets and transfers');
  });

  await t.test('given a ledger, when filtered by reason, asset and month, then only those entries show', async (t) => {
    const get = async (q: string) => {
      const r = await app.inject({ method: 'GET', url: `/v1/wallet/ledger?${q}`, headers: auth(ann) });
      t.equal(r.status, 200, q);
      return r.json<{ items: { reason: string; asset: string; at: string }[] }>().items;
    };
    const all = await get('limit=100');
    t.ok(all.length >= 4);
    t.ok((await get('asset=bty&limit=100')).every((e) => e.asset === 'bty'));
    t.same((await get('reason=recharge&limit=100')).map((e) => e.asset).sort(), ['bty', 'cash']);
    const month = (all[0]?.at ?? '').slice(0, 7);
    t.equal((await get(`month=${month}&limit=100`)).length, all.length, 'this month has them all');
    t.same(await get('month=2001-01'), [], 'another month has none');
    const next = new Date(Date.parse(`${month}-01T00:00:00Z`) + 40 * 86400_000).toISOString().slice(0, 7);
    t.same(await get(`month=${next}&tz=%2B08:00`), [], 'Shanghai months are shifted, not wider');
    const bad = await app.inject({ method: 'GET', url: '/v1/wallet/ledger?month=2025-13', headers: auth(ann) });
    t.equal(bad.status, 400);
    t.equal((await app.inject({ method: 'GET', url: '/v1/wallet/ledger?reason=nope', headers: auth(ann) })).status, 400);
  });

  await t.test('given a withdrawal fee, when a withdrawal is paid out, then the fee lands in the platform fees account; a rejected one returns both', async (t) => {
    const cashBefore = (await wallet(app, ann)).cash;
    const w1 = await app.inject({ method: 'POST', url: '/v1/withdrawals', headers: auth(ann), payload: { asset: 'cash', amount: 2_000, account: 'bank' } });
    t.equal(w1.status, 201);
    t.match(w1.json(), { status: 'pending', fee: 20 }, '1 % of 2,000, above the minimum of 10');
    const w2 = await app.inject({ method: 'POST', url: '/v1/withdrawals', headers: auth(ann), payload: { asset: 'cash', amount: 500, account: 'bank' } });
    t.match(w2.json(), { fee: 10 }, 'the minimum fee');
    t.equal((await wallet(app, ann)).cash, cashBefore - 2_530, 'amount and fee held');
    const id1 = w1.json<{ withdrawalId: string }>().withdrawalId;
    const id2 = w2.json<{ withdrawalId: string }>().withdrawalId;
    t.equal((await app.inject({ method: 'POST', url: `/v1/admin/withdrawals/${id1}/approve`, headers: auth(operator) })).status, 200);
    t.equal((await app.inject({ method: 'POST', url: `/v1/admin/withdrawals/${id2}/reject`, headers: auth(operator) })).status, 200);
    t.equal((await wallet(app, ann)).cash, cashBefore - 2_020, 'the rejected one came back whole');
    t.match((await app.inject({ method: 'GET', url: `/v1/withdrawals/${id1}`, headers: auth(ann) })).json(), { status: 'paid', amount: 2_000, fee: 20 });
    const accounts = await app.inject({ method: 'GET', url: '/v1/admin/platform-accounts', headers: auth(operator) });
    t.equal(accounts.status, 200);
    t.match(accounts.json(), { items: [{ account: 'fees', balances: { cash: 20 } }, { account: 'sales' }] });
    const ledger = await app.inject({ method: 'GET', url: '/v1/admin/platform-accounts/fees/ledger', headers: auth(operator) });
    t.match(ledger.json(), { items: [{ reason: 'fee', asset: 'cash', delta: 20, balanceAfter: 20, refId: id1 }] });
    t.equal((await app.inject({ method: 'GET', url: '/v1/admin/platform-accounts', headers: auth(ann) })).status, 403, 'operators only');
    const r = await auditClean(t, app, 'after fees');
    t.match(r.conservation.find((l) => l.asset === 'cash'), { platform: 20n, difference: 0n }, 'the fee is held by the platform, not lost');
    t.ok(r.conservation.some((l) => l.asset === 'bty'), 'bty has its own line');
  });
});

t.test('given a bad ASSETS value, when the configuration loads, then it stops with a reason', async (t) => {
  const { loadConfig } = await import('../../../services/shared/config.js');
  t.throws(() => loadConfig({ DEV_MODE: 'true', ASSETS: '{"Cash":{}}' }), /ASSETS/);
  t.throws(() => loadConfig({ DEV_MODE: 'true', ASSETS: '{"bty":{"decimals":30}}' }), /ASSETS/);
  t.throws(() => loadConfig({ DEV_MODE: 'true', ASSETS: '{"newcoin":{"minimum":1}}' }), /ASSETS/);
  t.throws(() => loadConfig({ DEV_MODE: 'true', ASSETS: 'not json' }), /ASSETS/);
  t.doesNotThrow(() => loadConfig({ DEV_MODE: 'true', ASSETS: '{"cash":{"minimum":100}}' }));
});

