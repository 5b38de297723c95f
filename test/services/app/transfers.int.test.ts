// A settlement is never stored while its credit would be refused: accepting a transfer whose
// credit would push the recipient past the largest balance a wallet holds is refused first,
// and the transfer stays pending (it expires back to the sender like any unanswered one).
import t from 'tap';
import { build } from '../../support/app.js';

t.test('given a recipient at the largest balance, when they accept a transfer, then it is refused and nothing is settled', async (t) => {
  const app = await build(t);
  const [ann, bob] = [await app.signIn('+8613910000001'), await app.signIn('+8613910000002')];
  const pay = async (token: string, amount: number) => {
    const o = await app.inject({ method: 'POST', url: '/v1/recharge-orders', headers: { authorization: `Bearer ${token}` }, payload: { asset: 'cash', amount } });
    const paid = await app.inject({ method: 'POST', url: `/v1/dev/payments/${o.json<{ orderId: string }>().orderId}/succeed` });
    t.equal(paid.status, 200);
  };
  await pay(ann.token, 1_000);
  await pay(bob.token, Number.MAX_SAFE_INTEGER - 10);
  const auth = (u: { token: string }) => ({ authorization: `Bearer ${u.token}` });
  const sent = await app.inject({ method: 'POST', url: '/v1/transfers', headers: auth(ann), payload: { toUserId: bob.userId, amount: 500 } });
  t.equal(sent.status, 201);
  const transferId = sent.json<{ transferId: string }>().transferId;
  const accept = await app.inject({ method: 'POST', url: `/v1/transfers/${transferId}/accept`, headers: auth(bob) });
  t.equal(accept.status, 409);
  t.match(accept.json(), { error: { code: 'CONFLICT' } });
  t.match((await app.inject({ method: 'GET', url: `/v1/transfers/${transferId}`, headers: auth(ann) })).json(), { status: 'pending' }, 'not settled');
  t.match((await app.inject({ method: 'GET', url: '/v1/wallet', headers: auth(bob) })).json(), { cash: Number.MAX_SAFE_INTEGER - 10 }, 'no credit');
  t.equal((await app.inject({ method: 'POST', url: `/v1/transfers/${transferId}/reject`, headers: auth(bob) })).status, 200, 'rejecting still works');
  t.match((await app.inject({ method: 'GET', url: '/v1/wallet', headers: auth(ann) })).json(), { cash: 1_000 }, 'and the money returns');
});
