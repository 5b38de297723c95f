// Expiries refund the sender exactly once, also when the server was down at the due time.
import t from 'tap';
import { serverFor, startServer } from '../support/server.js';
import { client, eventually, login, recharge, wallet } from '../support/client.js';

const env = { TRANSFER_EXPIRY_SECONDS: '4', RED_PACKET_EXPIRY_SECONDS: '4' };

t.test('given a pending transfer and a half-grabbed packet, when they expire, then the sender gets the rest back once', async (t) => {
  const s = await serverFor(t, { env });
  const c = client(s.url);
  const [ann, bob] = [await login(c), await login(c)];
  await recharge(c, ann, 1000);
  const tr = await c.call<{ transferId: string }>('POST', '/v1/transfers', { token: ann.token, body: { toUserId: bob.userId, amount: 300 } });
  const g = await c.call<{ groupId: string }>('POST', '/v1/groups', { token: ann.token, body: { name: 'g', memberIds: [bob.userId] } });
  const p = await c.call<{ redPacketId: string }>('POST', '/v1/red-packets', { token: ann.token, body: { kind: 'fixed', count: 2, amountEach: 100, target: { type: 'group', id: g.body.groupId } } });
  t.match((await c.call('POST', `/v1/red-packets/${p.body.redPacketId}/grab`, { token: bob.token })).body, { amount: 100 });
  t.equal((await wallet(c, ann)).cash, 500);

  const after = await eventually(() => wallet(c, ann), (w) => w.cash === 900, 20_000);
  t.equal(after.cash, 900, 'the transfer (300) and the unclaimed share (100) came back');
  t.match((await c.call('GET', `/v1/transfers/${tr.body.transferId}`, { token: ann.token })).body, { status: 'expired' });
  t.match((await c.call('POST', `/v1/transfers/${tr.body.transferId}/accept`, { token: bob.token })).body, { error: { code: 'TRANSFER_SETTLED' } });
  t.match((await c.call('POST', `/v1/red-packets/${p.body.redPacketId}/grab`, { token: ann.token })).body, { error: { code: 'RED_PACKET_EXPIRED' } });
  // The wallet answer is the aggregate's; the ledger read model follows within the projection lag.
  const ledger = await eventually(
    () => c.call<{ items: { reason: string }[] }>('GET', '/v1/wallet/ledger', { token: ann.token }),
    (l) => l.body.items.some((i) => i.reason === 'red_packet_refund') && l.body.items.some((i) => i.reason === 'transfer_refund'),
  );
  t.equal(ledger.body.items.filter((i) => i.reason === 'transfer_refund').length, 1, 'one transfer refund');
  t.equal(ledger.body.items.filter((i) => i.reason === 'red_packet_refund').length, 1, 'one red packet refund');
});

t.test('given a transfer due while the server is down, when it starts again, then the refund happens', async (t) => {
  const first = await startServer({ env });
  const c1 = client(first.url);
  const [ann, bob] = [await login(c1), await login(c1)];
  await recharge(c1, ann, 1000);
  await c1.call('POST', '/v1/transfers', { token: ann.token, body: { toUserId: bob.userId, amount: 400 } });
  t.equal((await wallet(c1, ann)).cash, 600);
  await first.kill();
  await new Promise((r) => setTimeout(r, 4500));
  const second = await serverFor(t, { dataDir: first.dataDir, env });
  const c2 = client(second.url);
  const w = await eventually(() => wallet(c2, ann), (x) => x.cash === 1000, 15_000);
  t.equal(w.cash, 1000, 'refunded after the restart');
  t.equal((await wallet(c2, bob)).cash, 0);
});
