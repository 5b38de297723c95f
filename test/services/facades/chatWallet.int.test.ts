// chat-wallet (002), the older edition: numeric codes, a top-level `info`, amounts as JSON numbers
// in yuan, its own parameter names; its payment backend's signed recharge credits once per signed
// call; bad input on each money endpoint is refused in the envelope with HTTP 200, nothing moved.
import t from 'tap';
import { Envelope2 } from '../../../contracts/apps/imWallet.js';
import { signRecharge } from '../../../services/app/signedRecharge.js';
import { build } from '../../support/app.js';
import { auditClean } from '../../support/money.js';
import { imInject, md5, signUp, smsCode, type ImUser } from '../../support/imWallet.js';

const KEY = 'test-only-chat-wallet-sign-key';
const app = await build(t, { SMS_RESEND_SECONDS: '1', CHAT_WALLET_SIGN_KEY: KEY });
const send = imInject(app.inject, 'chat-wallet');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const [ann, bob, cy] = [await signUp(send, 'chat-wallet', 'ann'), await signUp(send, 'chat-wallet', 'bob'), await signUp(send, 'chat-wallet', 'cy')];
const call = async (u: ImUser, path: string, params: Record<string, string | number> = {}) => {
  const r = await send(path, { userId: u.userId, ...params }, u.token);
  return { status: r.status, ...Envelope2.parse(r.body), raw: r.body };
};
/** The balance as the app's JSON shows it (the raw text keeps 1.5 as written). */
const balance = async (u: ImUser) => (await call(u, '/wallet/getBalance')).data;
const payPwd = md5('112233');
/** A yuan JSON number as fen, from its decimal text (no float arithmetic). */
const fen = (v: unknown) => {
  const [whole = '0', frac = ''] = String(v).split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
};

t.test('given the backend signs a recharge with the configured key, when it calls, then the user is credited once, even when replayed', async (t) => {
  const input = { userId: ann.userId, amount: 5000, orderNo: 'bk-1' };
  const sign = signRecharge(KEY, input);
  const params = { userId: ann.userId, amount: '50.00', orderNo: 'bk-1', token: sign };
  const first = await send('/chat/recharge', params);
  t.equal(first.body.code, 1);
  const again = await send('/chat/recharge', params);
  t.equal(again.body.code, 1, 'a replay answers as the first');
  t.equal(await balance(ann), 50, 'credited once: 50 yuan as a JSON number');
  const forged = await send('/chat/recharge', { ...params, amount: '500.00' });
  t.equal(forged.body.code, -1, 'a changed amount breaks the signature');
  t.equal(forged.status, 200);
  t.equal(await balance(ann), 50);
});

t.test('given one signed recharge sent five times at once, when they race, then the user is credited once', async (t) => {
  const before = await balance(cy);
  const sign = signRecharge(KEY, { userId: cy.userId, amount: 123, orderNo: 'race-1' });
  const all = await Promise.all(Array.from({ length: 5 }, () => send('/chat/recharge', { userId: cy.userId, amount: '1.23', orderNo: 'race-1', token: sign })));
  t.ok(all.every((r) => r.body.code === 1), 'each answers as the one recharge');
  t.equal(fen(await balance(cy)) - fen(before), 123, '1.23 once');
});

t.test('given a login, when it answers, then data carries token and imServerUrl and info the user id', async (t) => {
  const r = Envelope2.parse((await send('/chat/doLogin', { mobile: ann.mobile, pwd: md5('secret-1'), device: 3 })).body);
  t.equal(r.code, 1);
  t.match(r.data, { token: String, imServerUrl: /\/apps\/chat-wallet\/ws$/ });
  t.equal(r.info, ann.userId);
  t.equal(Envelope2.parse((await send('/chat/doLogin', { mobile: ann.mobile, pwd: md5('x') })).body).code, 3);
});

t.test('given friends (auto-accepting) and a group, when an equal red packet is sent, then each share is the amount and the sender pays amount × count', async (t) => {
  t.equal((await call(bob, '/chat/updatePrivateSetting', { needAuth: 0, newNotification: 1, searchMobile: 1 })).code, 1);
  t.equal((await call(ann, '/chat/requestFriend', { destId: bob.userId, destType: 1 })).code, 2, '2: friends at once');
  const g = await call(ann, '/chat/createGroup', { name: 'team', ids: `${bob.userId},${cy.userId}` });
  const groupId = String(g.info);
  t.equal((await call(ann, '/chat/updateGroupMemberMark', { groupId, userId: bob.userId, name: 'Bobby' })).code, 1, 'the owner sets a member card (userId names the member)');
  t.equal((await call(cy, '/chat/updateGroupMemberMark', { groupId, userId: bob.userId, name: 'nope' })).code, -1, 'a member only its own');
  const rp = await call(ann, '/chat/sendRedPacket', { redPacketCount: 2, redPacketAmount: '0.25', destType: 2, destId: groupId, redPacketType: 2 });
  t.equal(await balance(ann), 49.5, '0.25 × 2 paid');
  const redPacketId = String(rp.info);
  t.equal((await call(bob, '/chat/openRedPacket', { redPacketId })).info, 0.25);
  t.equal((await call(bob, '/chat/openRedPacket', { redPacketId })).code, 2, 'already grabbed: 2');
  t.equal((await call(cy, '/chat/openRedPacket', { redPacketId })).info, 0.25);
  const rows = (await call(ann, '/wallet/getWalletHistory')).data as { moneytype: number; amount: number; moneyDirect: number }[];
  t.match(rows[0], { moneytype: 3, amount: 0.5, moneyDirect: -1 }, 'the send bill carries the total paid');
});

t.test('given bad input on each money endpoint, when called, then -1/2/3 in HTTP 200 and nothing moved', async (t) => {
  await sleep(1100);
  t.equal((await call(ann, '/pay/setPayPwd', { pwd: payPwd, validateNum: await smsCode(send, 'chat-wallet', ann.mobile) })).code, 1);
  const before = [await balance(ann), await balance(bob)];
  const cases: [string, Record<string, string | number>, number][] = [
    ['/transfer/createTransfer', { destId: bob.userId, amount: '1.001', payPwd, msg: 'x' }, -1],
    ['/transfer/createTransfer', { destId: bob.userId, amount: '1.00', payPwd: md5('999999') }, 2],
    ['/transfer/createTransfer', { destId: bob.userId, amount: '100000.00', payPwd }, 3],
    ['/transfer/postPayment', { destId: bob.userId, amount: '1,00', payPwd }, -1],
    ['/chat/sendRedPacket', { redPacketCount: 1, redPacketAmount: 'NaN', destType: 1, destId: bob.userId, redPacketType: 1 }, -1],
    ['/chat/sendRedPacket', { redPacketCount: 1, redPacketAmount: '100000.00', destType: 1, destId: bob.userId, redPacketType: 1 }, 3],
    ['/chat/openRedPacket', { redPacketId: 'abc' }, -1],
    ['/transfer/confirmTransfer', { transId: '42' }, -1],
    ['/wallet/getValidateNum', { amount: '1.00' }, -1],
    ['/chat/recharge', { amount: '1.00', token: 'deadbeef' }, -1],
  ];
  for (const [path, params, code] of cases) {
    const r = await call(ann, path, params);
    t.equal(r.status, 200);
    t.equal(r.code, code, `${path} ${JSON.stringify(params)} → ${code}`);
  }
  t.same([await balance(ann), await balance(bob)], before, 'nothing moved');
});

t.test('given a transfer, when the payee confirms and views it, then status 2 and amounts are numbers', async (t) => {
  const r = await call(ann, '/transfer/createTransfer', { destId: bob.userId, amount: '1.50', payPwd, msg: 'tea' });
  const id = (r.data as { id: string }).id;
  t.equal((await call(bob, '/transfer/confirmTransfer', { transId: id })).code, 1);
  t.match((await call(bob, '/transfer/viewTransfer', { transId: id })).data, { status: 2, amount: 1.5 });
  t.equal(await balance(bob), 1.75, 'his 0.25 share and the 1.50');
});

t.test('given a chat, when its history is read before a time, then messages come newest first', async (t) => {
  const h = await call(ann, '/chat/getMsgHistory', { destType: 1, destId: bob.userId, sendTime: String(Date.now() + 60_000), size: 5 });
  t.equal(h.code, 1);
  const items = h.data as { msgType: string; fromId: string; sendTime: number }[];
  t.match(items[0], { msgType: 'system', fromId: bob.userId }, 'newest first: the acceptance notice');
  t.match(items[1], { msgType: 'transfer', fromId: ann.userId }, 'then the transfer card');
  t.ok(items.every((m, i) => i === 0 || (items[i - 1]?.sendTime ?? 0) >= m.sendTime));
});

t.test('given every money flow above, when audited, then audit verify closes', async (t) => {
  await auditClean(t, app, 'after this app\'s money flows');
});
