// A real chat-wallet (002) client's day against `npm start`'s process: the older edition's
// numeric codes and parameter names, its house IM socket, money in yuan to the fen.
import t from 'tap';
import { ImMessageFrame } from '../../contracts/apps/imWallet.js';
import { serverFor } from '../support/server.js';
import { listen, type Frame } from '../support/ws.js';
import { imHttp, md5, signUp, smsCode, type ImUser } from '../support/imWallet.js';

const s = await serverFor(t, { env: { SMS_RESEND_SECONDS: '1' } });
const send = imHttp(s.url, 'chat-wallet');
const get = imHttp(s.url, 'chat-wallet', 'GET');
const call = (u: ImUser, path: string, params: Record<string, string | number> = {}) => send(path, { userId: u.userId, ...params }, u.token);
const ev = (f: Frame) => f as unknown as Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const socket = (u: ImUser) => listen(`${u.imServerUrl.replace(/^ws:\/\/[^/]+/, s.wsUrl)}?token=${u.token}`);
const cents = (v: unknown) => Number(String(v).includes('.') ? String(v).padEnd(String(v).indexOf('.') + 3, '0').replace('.', '') : `${String(v)}00`);

t.test('a day of chat-wallet', async (t) => {
  const [ann, bob, cy, dan] = [await signUp(send, 'chat-wallet', 'ann'), await signUp(send, 'chat-wallet', 'bob'), await signUp(send, 'chat-wallet', 'cy'), await signUp(send, 'chat-wallet', 'dan')];
  const [a, b] = [await socket(ann), await socket(bob)];

  t.equal((await get('/chat/requestFriend', { userId: ann.userId, destId: bob.userId, destType: 1 }, ann.token)).body.code, 1, '1: waiting for bob');
  t.match(ev(await b.next((f) => ev(f).eventType === 31)), { status: 1 });
  t.equal((await call(bob, '/chat/acceptRequest', { destId: ann.userId, destType: 1 })).body.code, 1);

  const g = await call(ann, '/chat/createGroup', { name: 'band', ids: `${bob.userId},${cy.userId},${dan.userId}` });
  const groupId = String(g.body.info);
  await b.next((f) => ev(f).eventType === 20);
  b.send({ eventType: 1, groupId });
  await sleep(300);
  a.send({ eventType: 0, msgId: 'c-1', channelType: 2, targetId: groupId, msgType: 1, msg: { content: 'rehearsal at 8' } });
  t.match(ImMessageFrame.parse(ev(await b.next((f) => ev(f).msgId === 'c-1'))), { fromId: ann.userId, msg: { content: 'rehearsal at 8' } });

  const order = (await fetch(`${s.url}/v1/recharge-orders`, { method: 'POST', headers: { authorization: `Bearer ${ann.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ amount: 2000 }) }).then((r) => r.json())) as { orderId: string };
  await fetch(`${s.url}/v1/dev/payments/${order.orderId}/succeed`, { method: 'POST' });
  t.equal((await call(ann, '/wallet/getBalance')).body.data, 20, 'a /v1 recharge: 20 yuan, a JSON number');

  // A lucky packet of 2 shares, three open it: 1, 1 and 3 (all gone).
  const rp = await get('/chat/sendRedPacket', { userId: ann.userId, redPacketCount: 2, redPacketAmount: '0.99', destType: 2, destId: groupId, redPacketType: 1 }, ann.token);
  const redPacketId = String(rp.body.info);
  const opens = await Promise.all([bob, cy, dan].map((u) => call(u, '/chat/openRedPacket', { redPacketId })));
  t.same(opens.map((o) => o.body.code).sort(), [1, 1, 3]);
  t.equal(opens.filter((o) => o.body.code === 1).reduce((sum, o) => sum + cents(o.body.info), 0), 99);

  await sleep(1100);
  await call(ann, '/pay/setPayPwd', { pwd: md5('246810'), validateNum: await smsCode(send, 'chat-wallet', ann.mobile) });
  const tr = await call(ann, '/transfer/createTransfer', { destId: bob.userId, amount: '5.05', payPwd: md5('246810'), msg: 'strings' });
  const transId = (tr.body.data as { id: string }).id;
  t.match(ev(await b.next((f) => ev(f).msgType === 8)), { fromId: ann.userId });
  t.equal((await get('/transfer/confirmTransfer', { userId: bob.userId, transId }, bob.token)).body.code, 1);

  t.equal(cents((await call(ann, '/wallet/getBalance')).body.data), 2000 - 99 - 505, 'ann: 20.00 − 0.99 − 5.05');
  const bobShare = opens[0]?.body.code === 1 ? cents(opens[0].body.info) : 0;
  t.equal(cents((await call(bob, '/wallet/getBalance')).body.data), 505 + bobShare, 'bob: 5.05 and his share');
  // A moment (朋友圈): ann posts, her friend bob sees it on his timeline and likes it.
  const posted = await call(ann, '/feed/addFeed', { text: 'strings bought' });
  const feedId = String((posted.body.data as { feedId: string | number }).feedId);
  t.ok(((await call(bob, '/feed/getFeed', { pageNo: 1 })).body.data as { list: { feedId: string | number }[] }).list.some((f) => String(f.feedId) === feedId), "the moment is on bob's timeline");
  t.equal((await call(bob, '/feed/addFeedPraise', { feedId })).body.code, 1);
  t.match(((await call(ann, '/feed/getMyFeed')).body.data as { list: unknown[] }).list[0], { praiseCount: 1 });
  await Promise.all([a.close(), b.close()]);
});
