// A real im-groups-wallet (003) client's day against `npm start`'s process, over HTTP and its house
// IM socket: register, log in, befriend, create a group, chat, a red packet in the group with more
// openers than shares, a transfer accepted, balances in yuan to the fen.
import t from 'tap';
import { ImMessageFrame, ImRefusedFrame } from '../../contracts/apps/imWallet.js';
import { serverFor } from '../support/server.js';
import { listen, type Frame } from '../support/ws.js';
import { imHttp, md5, signUp, smsCode, type ImUser } from '../support/imWallet.js';

const s = await serverFor(t, { env: { SMS_RESEND_SECONDS: '1' } });
const send = imHttp(s.url, 'im-groups-wallet');
const get = imHttp(s.url, 'im-groups-wallet', 'GET');
const call = (u: ImUser, path: string, params: Record<string, string | number> = {}) => send(path, { userId: u.userId, ...params }, u.token);
const ev = (f: Frame) => f as unknown as Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** imServerUrl as handed out, pointed at this test's push port, with the token the client adds. */
const socket = (u: ImUser) => listen(`${u.imServerUrl.replace(/^ws:\/\/[^/]+/, s.wsUrl)}?token=${u.token}`);

t.test('a day of im-groups-wallet', async (t) => {
  const [ann, bob, cy, dan] = [await signUp(send, 'im-groups-wallet', 'ann'), await signUp(send, 'im-groups-wallet', 'bob'), await signUp(send, 'im-groups-wallet', 'cy'), await signUp(send, 'im-groups-wallet', 'dan')];
  t.match(ann.imServerUrl, /^ws:\/\/.+\/apps\/im-groups-wallet\/ws$/, 'login hands out the house IM socket');
  const [a, b] = [await socket(ann), await socket(bob)];

  // Befriend: bob verifies requests (needAuth), hears it, accepts; ann hears the answer.
  t.equal((await call(ann, '/chat/requestFriend', { destId: bob.userId, destType: 1 })).body.code, '1');
  t.match(ev(await b.next((f) => ev(f).eventType === 31)), { eventType: 31, status: 1, senderInfo: { id: ann.userId } });
  t.equal((await call(bob, '/chat/acceptRequest', { destId: ann.userId, destType: 1 })).body.code, '1');
  t.match(ev(await a.next((f) => ev(f).eventType === 31)), { status: 3 });

  // A group of four; the creator is not in ids. Bob hears he joined and enters the group's traffic.
  const g = await get('/chat/createGroup', { userId: ann.userId, name: 'hiking', ids: [bob.userId, cy.userId, dan.userId].join(',') }, ann.token);
  const groupId = (g.body.data as { id: string }).id;
  t.match(ev(await b.next((f) => ev(f).eventType === 20 && ev(f).userId === bob.userId)), { roomId: groupId });
  b.send({ eventType: 1, groupId });
  await sleep(300);

  // Chat in the group and 1:1: the sender's echo carries its msgId and no code.
  a.send({ eventType: 0, msgId: 'm-1', channelType: 2, targetId: groupId, msgType: 1, msg: { content: 'who is in?' } });
  const echo = ImMessageFrame.parse(ev(await a.next((f) => ev(f).msgId === 'm-1')));
  t.notOk('code' in echo, 'a success echo has no code');
  t.match(ImMessageFrame.parse(ev(await b.next((f) => ev(f).msgId === 'm-1'))), { channelType: 2, targetId: groupId, fromId: ann.userId, msg: { content: 'who is in?' } });
  b.send({ eventType: 0, msgId: 'm-2', channelType: 3, targetId: ann.userId, msgType: 1, msg: { content: 'me!' } });
  t.match(ImMessageFrame.parse(ev(await a.next((f) => ev(f).msgId === 'm-2'))), { channelType: 3, targetId: ann.userId, fromId: bob.userId });
  const outsider = await signUp(send, 'im-groups-wallet', 'eve');
  const e = await socket(outsider);
  e.send({ eventType: 0, msgId: 'x-1', channelType: 2, targetId: groupId, msgType: 1, msg: { content: 'let me in' } });
  t.ok(ImRefusedFrame.safeParse(ev(await e.next((f) => ev(f).msgId === 'x-1'))).success, 'a non-member is refused with a code, and nothing is delivered');

  // Money in: a recharge order, paid by the (sandbox) provider's signed notice.
  const order = ((await call(ann, '/wallet/recharge', { amount: '100.00' })).body.data as { id: string }[])[0]?.id ?? '';
  t.equal((await fetch(`${s.url}/v1/dev/payments/${order}/succeed`, { method: 'POST' })).status, 200);
  t.equal((await call(ann, '/wallet/getBalance')).body.data, '100.00');

  // A lucky packet of 3 shares in the group; four open it at once: three get money, one "3".
  const rp = await call(ann, '/chat/sendRedPacket', { redPacketCount: 3, redPacketAmount: '1.00', destType: 2, destId: groupId, redPacketType: 1, redPacketContent: 'go' });
  const redPacketId = (rp.body.data as { info: string }).info;
  t.match(ev(await b.next((f) => ev(f).msgType === 4)), { channelType: 2, fromId: ann.userId, msg: { redPacketId } }, 'the red packet card reaches the group');
  const opens = await Promise.all([ann, bob, cy, dan].map((u) => call(u, '/chat/openRedPacket', { redPacketId })));
  t.same(opens.map((o) => o.body.code).sort(), ['1', '1', '1', '3']);
  const got = opens.filter((o) => o.body.code === '1').map((o) => Number(String((o.body.data as { info: string }).info).replace('.', '')));
  t.equal(got.reduce((x, y) => x + y, 0), 100, 'the shares add up to 1.00 exactly');

  // A transfer with the pay password; bob sees the card and accepts.
  await sleep(1100);
  t.equal((await call(ann, '/pay/setPayPwd', { pwd: md5('654321'), validateNum: await smsCode(send, 'im-groups-wallet', ann.mobile) })).body.code, '1');
  const tr = await call(ann, '/transfer/createTransfer', { destId: bob.userId, amount: '12.34', payPwd: md5('654321'), msg: 'boots' });
  const transId = (tr.body.data as { id: string }).id;
  t.match(ev(await b.next((f) => ev(f).msgType === 8)), { channelType: 3, fromId: ann.userId, msg: { transferId: transId } }, 'the transfer card reaches bob');
  t.equal((await call(bob, '/transfer/confirmTransfer', { transId })).body.code, '1');
  t.equal((await call(bob, '/transfer/viewTransfer', { transId })).body.data && ((await call(bob, '/transfer/viewTransfer', { transId })).body.data as { status: string }).status, '2');

  // Balances to the fen: ann 100.00 − 1.00 − 12.34 + her share; bob 12.34 + his.
  const share = (u: ImUser) => {
    const i = [ann, bob, cy, dan].indexOf(u);
    const o = opens[i];
    return o && o.body.code === '1' ? Number(String((o.body.data as { info: string }).info).replace('.', '')) : 0;
  };
  const yuan = (f: number) => `${Math.trunc(f / 100)}.${String(f % 100).padStart(2, '0')}`;
  t.equal((await call(ann, '/wallet/getBalance')).body.data, yuan(10000 - 100 - 1234 + share(ann)));
  t.equal((await call(bob, '/wallet/getBalance')).body.data, yuan(1234 + share(bob)));

  // A moment (朋友圈): ann posts, her friend bob finds it on his timeline, likes and comments.
  const feedId = ((await call(ann, '/feed/addFeed', { text: 'boots bought', priv: 0 })).body.data as { feedId: string }).feedId;
  t.ok(((await call(bob, '/feed/getFeed')).body.data as { list: { feedId: string }[] }).list.some((f) => f.feedId === feedId), "the moment is on bob's timeline");
  t.equal((await call(bob, '/feed/addFeedPraise', { feedId })).body.code, '1');
  t.equal((await call(bob, '/feed/addFeedComment', { feedId, text: 'nice boots' })).body.code, '1');
  t.match((await call(ann, '/feed/getOneFeed', { feedId })).body.data, { praiseCount: '1', commentCount: '1', imFeedComments: [{ userId: bob.userId, commentText: 'nice boots' }] });
  await Promise.all([a.close(), b.close(), e.close()]);
});
