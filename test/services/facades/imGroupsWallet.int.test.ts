// im-groups-wallet (003) endpoint by endpoint: its envelope (string codes, every scalar a string,
// yuan with two decimals), its codes, and bad input on every money endpoint answered in the envelope
// with HTTP 200 and nothing moved.
import t from 'tap';
import { AaDetail3, Bill3, Failure3, Group3, Info3, Login3, Member3, Ok3, RedPacketHistory3, Transfer3, User3, Yuan3 } from '../../../contracts/apps/imWallet.js';
import { build } from '../../support/app.js';
import { auditClean } from '../../support/money.js';
import { imInject, md5, signUp, smsCode, type ImUser } from '../../support/imWallet.js';
import { z } from 'zod';

const app = await build(t, { SMS_RESEND_SECONDS: '1' });
const send = imInject(app.inject, 'im-groups-wallet');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Yuan text ↔ fen, exactly (no float). */
const fen = (yuan: string) => Number(yuan.replace('.', ''));
const minus = (yuan: string, f: number) => { const v = fen(yuan) - f; return `${Math.trunc(v / 100)}.${String(v % 100).padStart(2, '0')}`; };

const [ann, bob, cy] = [await signUp(send, 'im-groups-wallet', 'ann'), await signUp(send, 'im-groups-wallet', 'bob'), await signUp(send, 'im-groups-wallet', 'cy')];
const call = (u: ImUser, path: string, params: Record<string, string | number> = {}) => send(path, { userId: u.userId, ...params }, u.token);
const balance = async (u: ImUser) => String((await call(u, '/wallet/getBalance')).body.data);

/** Money in through the only door: a recharge order the sandbox provider pays. */
const fund = async (u: ImUser, yuan: string) => {
  const r = await call(u, '/wallet/recharge', { amount: yuan });
  const [row] = z.array(z.object({ id: z.string(), status: z.literal('pending') })).parse(r.body.data);
  t.equal((await app.inject({ method: 'POST', url: `/v1/dev/payments/${row?.id ?? ''}/succeed` })).status, 200);
};

const payPwd = md5('123456');
await sleep(1100);
await call(ann, '/pay/setPayPwd', { pwd: payPwd, validateNum: await smsCode(send, 'im-groups-wallet', ann.mobile) });
await fund(ann, '100.00');

t.test('given a registered user, when they log in, then the answer is the token and a ws:// imServerUrl, all strings', async (t) => {
  const r = await send('/chat/doLogin', { mobie: ann.mobile, pwd: md5('secret-1'), device: 2 });
  Login3.parse(r.body);
  t.equal(r.body.code, '1');
  t.match(ann.imServerUrl, /\/apps\/im-groups-wallet\/ws$/);
  const wrong = await send('/chat/doLogin', { mobie: ann.mobile, pwd: md5('nope') });
  t.same(Failure3.parse(wrong.body).code, '3', 'a wrong password is 3');
  t.equal(wrong.status, 200);
});

t.test('given no token, or a userId that is not the token owner, when a call is made, then it is "-1" and changes nothing', async (t) => {
  t.equal(Failure3.parse((await send('/wallet/getBalance', { userId: ann.userId })).body).code, '-1');
  t.equal(Failure3.parse((await send('/wallet/getBalance', { userId: bob.userId }, ann.token)).body).code, '-1');
  const viaHeader = await send('/wallet/getBalance', {}, undefined, { authorization: `Bearer ${ann.token}` });
  t.equal(Ok3(Yuan3).parse(viaHeader.body).data, '100.00', 'a Bearer header works too');
});

t.test('given the profile endpoints, when read, then users are 003 UserProfiles with string fields', async (t) => {
  User3.parse((await call(ann, '/chat/getUserById', { destId: bob.userId })).body.data);
  const ready = await call(ann, '/chat/ready');
  t.ok(z.object({ myInfo: User3, payInfo: z.object({ hasPayPwd: z.literal('1') }) }).safeParse(ready.body.data).success, 'ready: my info and whether a pay password is set (never its hash)');
  t.equal(Ok3(z.object({ info: z.array(User3.pick({ id: true })) })).parse((await call(ann, '/chat/queryUser', { mobile: bob.mobile })).body).data.info[0]?.id, bob.userId);
});

t.test('given friends and a group, when it is read, then the group and members have 003 shapes and roles 1/3', async (t) => {
  t.equal((await call(ann, '/chat/requestFriend', { destId: bob.userId, destType: 1 })).body.code, '1', 'pending: bob verifies');
  t.equal((await call(bob, '/chat/acceptRequest', { destId: ann.userId, destType: 1 })).body.code, '1');
  const g = await call(ann, '/chat/createGroup', { name: 'lunch', ids: `${bob.userId},${cy.userId}` });
  const groupId = z.object({ id: z.string() }).parse(g.body.data).id;
  Group3.parse((await call(bob, '/chat/getGroupById', { groupId })).body.data);
  const members = Ok3(z.object({ info: z.array(Member3) })).parse((await call(bob, '/chat/getGroupMember', { groupId })).body).data.info;
  t.same(members.map((m) => m.role).sort(), ['1', '3', '3'], 'the creator is the owner, not listed in ids');
  t.equal((await call(bob, '/chat/dismissGroup', { groupId })).body.code, '-1', 'a plain member cannot dismiss');
  t.equal((await call(cy, '/chat/setGroupAdmin', { groupId, destId: bob.userId, IsSet: 2 })).body.code, '2001', 'no permission is 2001 here');
  t.equal((await call(ann, '/chat/setGroupAdmin', { groupId, destId: bob.userId, IsSet: 2 })).body.code, '1');
  t.end();
});

t.test('given a lucky red packet in a group, when more people open it than it has shares, then the last one gets "3" and the shares add up', async (t) => {
  const g = await call(ann, '/chat/createGroup', { name: 'rp', ids: `${bob.userId},${cy.userId}` });
  const groupId = z.object({ id: z.string() }).parse(g.body.data).id;
  const sent = await call(ann, '/chat/sendRedPacket', { redPacketCount: 1, redPacketAmount: '0.50', destType: 2, destId: groupId, redPacketType: 1, redPacketContent: 'hi' });
  const redPacketId = Info3.parse(sent.body).data.info;
  const opened = await Promise.all([call(bob, '/chat/openRedPacket', { redPacketId }), call(cy, '/chat/openRedPacket', { redPacketId })]);
  t.same(opened.map((r) => r.body.code).sort(), ['1', '3']);
  t.equal((await call(bob, '/chat/openRedPacket', { redPacketId: '999' })).body.code, '5', 'no such packet is 5');
  // A grab answers before its read model follows: the history is read until it shows the grab.
  let h = RedPacketHistory3.parse((await call(ann, '/chat/getRedPacketHistory', { redPacketId })).body.data);
  for (let i = 0; i < 50 && h.redPacket.status !== '2'; i++) {
    await sleep(100);
    h = RedPacketHistory3.parse((await call(ann, '/chat/getRedPacketHistory', { redPacketId })).body.data);
  }
  t.equal(h.redPacket.status, '2');
  t.same(h.redPacketHistory.map((x) => x.amount), ['0.50']);
});

t.test('given a transfer with the pay password, when the payee confirms, then both balances move to the fen and the record says 2', async (t) => {
  const before = await balance(ann);
  const r = await call(ann, '/transfer/createTransfer', { destId: bob.userId, amount: '12.34', payPwd, msg: 'lunch' });
  const tr = Transfer3.parse(r.body.data);
  t.equal(tr.status, '1');
  t.equal(tr.amount, '12.34');
  t.equal((await call(bob, '/transfer/confirmTransfer', { transId: tr.id })).body.code, '1');
  t.equal(Transfer3.parse((await call(bob, '/transfer/viewTransfer', { transId: tr.id })).body.data).status, '2');
  t.equal(await balance(ann), minus(before, 1234));
  const bills = z.array(Bill3).parse((await call(ann, '/wallet/getWalletHistory')).body.data);
  t.match(bills[0], { moneyType: '5', amount: '12.34', moneyDirect: '-1' }, 'the newest bill is the transfer out');
});

t.test('given an AA collection, when a payer pays with the pay password, then the detail lists the payment', async (t) => {
  await sleep(1100);
  await call(bob, '/pay/setPayPwd', { pwd: payPwd, validateNum: await smsCode(send, 'im-groups-wallet', bob.mobile) });
  const aa = await call(ann, '/transfer/aaTrans', { destType: 0, destId: bob.userId, totalAmount: '3.00', counts: 1, msg: 'taxi' });
  const transId = z.object({ transId: z.string(), amt: Yuan3 }).parse(aa.body.data).transId;
  t.equal((await call(bob, '/transfer/aaTransPay', { transId, amount: '3.00', payPwd })).body.code, '1');
  const d = AaDetail3.parse((await call(ann, '/transfer/aaTransDetail', { transId })).body.data);
  t.equal(d.records.length, 1);
  t.equal(d.transInfo.status, '2');
});

t.test('given bad input on the money endpoints, when called, then the envelope refuses it in HTTP 200 and no balance moves', async (t) => {
  const before = [await balance(ann), await balance(bob)];
  const cases: [string, Record<string, string | number>, string][] = [
    ['/transfer/createTransfer', { destId: bob.userId, amount: '1.234', payPwd }, '-1'],
    ['/transfer/createTransfer', { destId: bob.userId, amount: '-1', payPwd }, '-1'],
    ['/transfer/createTransfer', { destId: bob.userId, amount: '1e3', payPwd }, '-1'],
    ['/transfer/createTransfer', { destId: bob.userId, amount: '1.00', payPwd: md5('000000') }, '2'],
    ['/transfer/createTransfer', { destId: bob.userId, amount: '99999.00', payPwd }, '3'],
    ['/transfer/createTransfer', { destId: bob.userId, amount: '1.00' }, '-1'],
    ['/transfer/postPayment', { destId: bob.userId, amount: 'abc', payPwd }, '-1'],
    ['/transfer/postPayment', { destId: bob.userId, amount: '1.00', payPwd: md5('000000') }, '-1'],
    ['/transfer/postPayment', { destId: bob.userId, amount: '99999.00', payPwd }, '3'],
    ['/chat/sendRedPacket', { redPacketCount: 2, redPacketAmount: '0.015', destType: 1, destId: bob.userId, redPacketType: 1 }, '-1'],
    ['/chat/sendRedPacket', { redPacketCount: 0, redPacketAmount: '1.00', destType: 1, destId: bob.userId, redPacketType: 1 }, '-1'],
    ['/chat/sendRedPacket', { redPacketCount: 1, redPacketAmount: '1.00', destType: 1, destId: bob.userId, redPacketType: 1, limit: bob.userId }, '-1'],
    ['/transfer/aaTrans', { destType: 0, destId: bob.userId, totalAmount: '1.00', counts: 3 }, '-1'],
    ['/transfer/aaTransPay', { transId: '12345', amount: '1.00', payPwd }, '-1'],
    ['/transfer/confirmTransfer', { transId: '12345' }, '-1'],
    ['/wallet/recharge', { amount: '0.001' }, '-1'],
    ['/wallet/withdraw', { amount: '1.00' }, '-1'],
  ];
  for (const [path, params, code] of cases) {
    const r = await call(ann, path, params);
    t.equal(r.status, 200, `${path} ${JSON.stringify(params)}: HTTP 200`);
    t.equal(Failure3.parse(r.body).code, code, `${path} ${JSON.stringify(params)}: code ${code}`);
  }
  t.equal((await call(bob, '/transfer/createTransfer', { userId: ann.userId, destId: cy.userId, amount: '1.00', payPwd })).body.code, '-1', "another user's id as userId is refused");
  t.same([await balance(ann), await balance(bob)], before, 'nothing moved');
});

t.test('given a retried transfer with the same Idempotency-Key, when sent twice, then it moves money once', async (t) => {
  const before = await balance(ann);
  const params = { userId: ann.userId, destId: bob.userId, amount: '0.10', payPwd };
  const [a, b] = await Promise.all([send('/transfer/createTransfer', params, ann.token, { 'idempotency-key': 'tr-once' }), send('/transfer/createTransfer', params, ann.token, { 'idempotency-key': 'tr-once' })]);
  t.equal(Transfer3.parse(a.body.data).id, Transfer3.parse(b.body.data).id);
  t.equal(await balance(ann), minus(before, 10));
});

t.test('given endpoints that answered "not supported" before issue #22, when called, then they are served: a report missing its target type is refused for that, and searchFeed answers', async (t) => {
  const report = Failure3.parse((await call(ann, '/chat/report', { destId: ann.userId })).body);
  t.match(report, { code: '-1', info: /destType/ }, 'refused for its input, not as unsupported');
  t.notMatch(report.info, /暂不支持/);
  t.equal((await call(ann, '/feed/searchFeed', { keyword: 'hi' })).body.code, '1', 'searchFeed by text (issue #22)');
});

t.test('given the PC client, when the phone authorises its code, then its poll turns from 402 into a session', async (t) => {
  const code = Ok3(z.object({ qcode: z.string(), sign: z.string() })).parse((await send('/pc/getCode', { sign: 'client' })).body).data;
  t.equal((await send('/pc/queryCode', { sn: code.qcode, sign: code.sign, userId: ann.userId })).body.code, '402', 'waiting for the phone');
  t.equal((await send('/pc/queryCode', { sn: code.qcode, sign: 'wrong' })).body.code, '401', 'a wrong sign reads as an unknown code');
  t.equal((await call(ann, '/pc/authLogin', { sn: code.qcode })).body.code, '1');
  const s = Login3.parse((await send('/pc/queryCode', { sn: code.qcode, sign: code.sign })).body).data;
  t.equal(s.userId, ann.userId);
  t.equal(Ok3(Yuan3).parse((await send('/wallet/getBalance', { userId: ann.userId }, s.token)).body).code, '1', 'the PC session works');
  t.equal((await send('/pc/queryCode', { sn: code.qcode, sign: code.sign })).body.code, '401', 'and the code is used up');
});

t.test('given every money flow above, when audited, then audit verify closes', async (t) => {
  await auditClean(t, app, 'after this app\'s money flows');
});
