// im-groups-wallet (003) endpoints mapped in #22 besides purchases: red packets with a phrase
// (command) and designated openers (limit), reports, XG push binding, shake history and removing
// one entry of it, message reminders. Envelopes, the seed's codes, nothing changed on refusal.
import t from 'tap';
import { z } from 'zod';
import { Failure3, Info3, Ok3 } from '../../../contracts/apps/imWallet.js';
import { build } from '../../support/app.js';
import { imInject, signUp, type ImUser } from '../../support/imWallet.js';
import { auditClean } from '../../support/money.js';

const app = await build(t, { SMS_RESEND_SECONDS: '1' });
const send = imInject(app.inject, 'im-groups-wallet');
const [ann, bob, cy] = [await signUp(send, 'im-groups-wallet', 'ann'), await signUp(send, 'im-groups-wallet', 'bob'), await signUp(send, 'im-groups-wallet', 'cy')];
const call = (u: ImUser, path: string, params: Record<string, string | number> = {}, headers: Record<string, string> = {}) => send(path, { userId: u.userId, ...params }, u.token, headers);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async <T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
  for (let i = 0; i < 50; i++) {
    const v = await read();
    if (ok(v)) return v;
    await sleep(100);
  }
  return read();
};

const order = await call(ann, '/wallet/recharge', { amount: '50.00' });
const [row] = z.array(z.object({ id: z.string() })).parse(order.body.data);
await app.inject({ method: 'POST', url: `/v1/dev/payments/${row?.id ?? ''}/succeed` });
const groupId = z.object({ id: z.string() }).parse((await call(ann, '/chat/createGroup', { name: 'rp', ids: `${bob.userId},${cy.userId}` })).body.data).id;
const packet = (params: Record<string, string | number>) => call(ann, '/chat/sendRedPacket', { redPacketCount: 2, redPacketAmount: '1.00', destType: 2, destId: groupId, redPacketType: 1, ...params });

t.test('given a red packet with a phrase, when opened without it or with another, then -1; with it, the share', async (t) => {
  const id = Info3.parse((await packet({ command: '恭喜发财' })).body).data.info;
  t.equal(Failure3.parse((await call(bob, '/chat/openRedPacket', { redPacketId: id })).body).code, '-1');
  t.equal(Failure3.parse((await call(bob, '/chat/openRedPacket', { redPacketId: id, command: '恭喜' })).body).code, '-1');
  t.match(Info3.parse((await call(bob, '/chat/openRedPacket', { redPacketId: id, command: '恭喜发财' })).body).data.info, /^[0-9]+\.[0-9]{2}$/);
});

t.test('given a red packet for designated openers, when someone else opens it, then 4; a designated one gets a share', async (t) => {
  const id = Info3.parse((await packet({ limit: bob.userId })).body).data.info;
  t.equal(Failure3.parse((await call(cy, '/chat/openRedPacket', { redPacketId: id })).body).code, '4');
  t.equal((await call(bob, '/chat/openRedPacket', { redPacketId: id })).body.code, '1');
  t.equal(Failure3.parse((await packet({ limit: '777777' })).body).code, '-1', 'an opener who is no member is refused, nothing debited');
  t.equal(Failure3.parse((await packet({ limit: 'abc' })).body).code, '-1', 'a malformed list');
});

t.test('given a report on a user, when filed, then the seed’s object; again while open, -1', async (t) => {
  const r = Ok3(z.object({ info: z.object({ id: z.string(), userId: z.string(), destId: z.string(), destType: z.literal('0'), report_imgs: z.string(), report_msg: z.string(), createTime: z.string().regex(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), status: z.literal('0') }) })).parse((await call(ann, '/chat/report', { destId: bob.userId, destType: 0, msg: 'spam', imgs: 'http://x/1.png' })).body);
  t.same([r.data.info.destId, r.data.info.report_msg], [bob.userId, 'spam']);
  t.equal(Failure3.parse((await call(ann, '/chat/report', { destId: bob.userId, destType: 0, msg: 'spam' })).body).code, '-1');
  t.equal((await call(ann, '/chat/report', { destId: groupId, destType: 1 })).body.code, '1', 'a group, without a message');
  t.equal(Failure3.parse((await call(ann, '/chat/report', { destId: groupId, destType: 7 })).body).code, '-1');
});

t.test('given an XG device token, when bound (the session in a header), then it is the user’s push device', async (t) => {
  const r = await send('/chat/bindXgToken', { userId: ann.userId, token: 'xg-device-token-1', device: 1 }, undefined, { authorization: `Bearer ${ann.token}` });
  t.equal(Info3.parse(r.body).data.info, '绑定成功');
  const rows = await app.platform.core.pool.query<{ platform: string; device_kind: string }>('select platform, device_kind from push_devices where user_id = $1', [ann.userId]);
  t.same(rows.rows, [{ platform: 'xg', device_kind: 'android' }]);
  t.equal(Failure3.parse((await send('/chat/bindXgToken', { userId: ann.userId, token: 'xg-device-token-1' })).body).code, '-1', 'no session');
});

t.test('given two users shaking together, when each reads and removes their shake history, then only their own entry goes', async (t) => {
  t.equal((await call(ann, '/geo/findRandom', { latitude: '31.2304', longitude: '121.4737' })).body.code, '0', 'nobody yet');
  t.equal((await call(bob, '/geo/findRandom', { latitude: '31.2305', longitude: '121.4738' })).body.code, '1');
  const Page = Ok3(z.object({ pageNo: z.string(), totalCount: z.string(), list: z.array(z.object({ rockid: z.string(), userId: z.string(), nickName: z.string(), distance: z.string(), sex: z.string(), headUrl: z.string(), sign: z.string() })) }));
  const history = async (u: ImUser) => Page.parse((await call(u, '/geo/getRockRecord', { page: 1 })).body).data.list;
  const annList = await until(() => history(ann), (l) => l.length === 1);
  t.equal(annList[0]?.userId, bob.userId);
  const rockid = annList[0]?.rockid ?? '';
  t.equal(Failure3.parse((await call(cy, '/geo/removeRockRecord', { id: rockid })).body).code, '-1', 'not in cy’s history');
  t.equal(Failure3.parse((await call(ann, '/geo/removeRockRecord', { id: '123' })).body).code, '-1', 'no such entry');
  t.equal(Info3.parse((await call(ann, '/geo/removeRockRecord', { id: rockid })).body).data.info, '清除成功');
  t.equal((await call(ann, '/geo/removeRockRecord', { id: rockid })).body.code, '1', 'again: the same answer');
  t.same(await until(() => history(ann), (l) => l.length === 0), []);
  t.equal((await until(() => history(bob), (l) => l.length === 1)).length, 1, 'bob keeps his');
});

t.test('given a reminder on a chat, when set, then the core keeps it; without a chat or time, -1', async (t) => {
  t.equal(Info3.parse((await call(ann, '/user/setMsgAlert', { destId: bob.userId, destType: 1, content: 'call back', seconds: 3600 })).body).data.info, '设置成功!');
  const r = await app.inject({ method: 'GET', url: '/v1/reminders', headers: { authorization: `Bearer ${ann.token}` } });
  t.equal(r.json<{ items: { note: string }[] }>().items[0]?.note, 'call back');
  t.equal(Failure3.parse((await call(ann, '/user/setMsgAlert', { content: 'x', seconds: 60 })).body).code, '-1');
  t.equal(Failure3.parse((await call(ann, '/user/setMsgAlert', { destId: bob.userId, destType: 1, content: 'x', seconds: 'soon' })).body).code, '-1');
});

t.test('given all of the above, when the audit runs, then it closes', async (t) => {
  await auditClean(t, app, 'im-wallet misc');
});
