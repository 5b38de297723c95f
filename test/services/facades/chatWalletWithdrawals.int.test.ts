// chat-wallet (002)'s withdrawal, its payment backend's signed call `/wallet/getValidateNum`, through
// the core's withdrawal flow to the user's payout account on file: held once even when replayed,
// refused (and nothing held) when forged, when a recharge's signature is reused, or without an
// account. The 002 paths of #22 (favorites) are listed in the paths test.
import t from 'tap';
import { Envelope2 } from '../../../contracts/apps/imWallet.js';
import { signRecharge } from '../../../services/app/signedRecharge.js';
import { signWithdrawal } from '../../../services/app/walletWithdrawals.js';
import { build } from '../../support/app.js';
import { imInject, signUp } from '../../support/imWallet.js';
import { auditClean } from '../../support/money.js';

const KEY = 'test-only-chat-wallet-sign-key-2';
const app = await build(t, { SMS_RESEND_SECONDS: '1', CHAT_WALLET_SIGN_KEY: KEY });
const send = imInject(app.inject, 'chat-wallet');
const ann = await signUp(send, 'chat-wallet', 'ann');
const balance = async (u: { userId: string; token: string }) => Envelope2.parse((await send('/wallet/getBalance', { userId: u.userId }, u.token)).body).data;
const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

const credit = { userId: ann.userId, amount: 3000, orderNo: 'in-1' };
await send('/chat/recharge', { userId: ann.userId, amount: '30.00', orderNo: 'in-1', token: signRecharge(KEY, credit) });
const op = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<{ token: string }>();

t.test('given no payout account on file, when the backend withdraws, then -1 and nothing is held', async (t) => {
  const input = { userId: ann.userId, amount: 500, orderNo: 'out-0' };
  const r = await send('/wallet/getValidateNum', { userId: ann.userId, amount: '5.00', orderNo: 'out-0', token: signWithdrawal(KEY, input) });
  t.same([r.status, Envelope2.parse(r.body).code], [200, -1]);
  t.equal(await balance(ann), 30);
});

t.test('given a card on file, when the backend signs a withdrawal, then it is held once, even replayed', async (t) => {
  t.equal((await app.inject({ method: 'POST', url: '/v1/me/real-name', headers: json(ann.token), payload: JSON.stringify({ name: '李四', idNumber: '11010119900101123X' }) })).status, 201);
  t.equal((await app.inject({ method: 'POST', url: `/v1/admin/real-names/${ann.userId}/approve`, headers: json(op.token), payload: '{}' })).status, 200);
  t.equal((await app.inject({ method: 'POST', url: '/v1/me/payout-accounts', headers: json(ann.token), payload: JSON.stringify({ kind: 'bank_card', number: '6222021234567890128' }) })).status, 201, 'the bank from the BIN');
  const input = { userId: ann.userId, amount: 1250, orderNo: 'out-1' };
  const params = { userId: ann.userId, amount: '12.50', orderNo: 'out-1', token: signWithdrawal(KEY, input) };
  const forged = await send('/wallet/getValidateNum', { ...params, amount: '25.00' });
  t.equal(Envelope2.parse(forged.body).code, -1, 'a changed amount breaks the signature');
  const asRecharge = await send('/wallet/getValidateNum', { ...params, token: signRecharge(KEY, input) });
  t.equal(Envelope2.parse(asRecharge.body).code, -1, 'a recharge’s signature is no withdrawal’s');
  t.equal(Envelope2.parse((await send('/wallet/getValidateNum', { ...params, amount: '1.255' })).body).code, -1, 'a malformed amount');
  t.equal(await balance(ann), 30, 'nothing held yet');
  const [a, b] = await Promise.all([send('/wallet/getValidateNum', params), send('/wallet/getValidateNum', params)]);
  t.same([a?.body.code, b?.body.code], [1, 1]);
  t.equal(a?.body.info, b?.body.info, 'one withdrawal');
  t.equal(await balance(ann), 17.5, 'held once');
  const read = () => app.inject({ method: 'GET', url: `/v1/withdrawals/${String(a?.body.info)}`, headers: json(ann.token) });
  let w = await read();
  for (let i = 0; i < 50 && w.status !== 200; i++) w = await new Promise((r) => setTimeout(r, 100)).then(read);
  t.match(w.json(), { status: 'pending', amount: 1250 });
  t.match(JSON.stringify(w.json()), /\*\*\*\*0128/, 'to the masked card on file');
  const tooMuch = { userId: ann.userId, amount: 100_000, orderNo: 'out-2' };
  t.equal(Envelope2.parse((await send('/wallet/getValidateNum', { userId: ann.userId, amount: '1000.00', orderNo: 'out-2', token: signWithdrawal(KEY, tooMuch) })).body).code, 3, 'more than the balance: 3');
});

t.test('given the withdrawals, when the audit runs, then it closes', async (t) => {
  await auditClean(t, app, 'chat-wallet withdrawals');
});
