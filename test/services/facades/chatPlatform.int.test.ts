// chat-platform's contract, endpoint by endpoint: every seed path answers POST in the envelope
// `{result, message, data}` with HTTP 200; malformed JSON is -1001, a missing parameter -1002, no
// token -1004, an unknown device -1006, a session replaced on the same device kind -1007; other
// users' things are refused and nothing changes.
import t from 'tap';
import { ChatPlatformEnvelope } from '../../../contracts/apps/chatPlatform.js';
import { chatPlatformRoutes } from '../../../services/facades/chat-platform/index.js';
import { build, type TestApp } from '../../support/app.js';

type Env = { result: number; message: string; data: unknown };
const BASE = '/apps/chat-platform';
const seedCodes = new Set([0, -1000, -1001, -1002, -1003, -1004, -1005, -1006, -1007, -1010, -1011, -1012, -2001, -2002, -2003, -2004, -2006, -2007, -2008, -2009, -2010, -2011, -2013, -2014, -2015, -2016, -2017, -2018, -2019, -2020, -2021, -2022, -2023, -3000, -3001, -3002, -4000, -4001, -4002, -4003, -4004, -4005, -4006, -4007, -4008, -4009, -4010, -5000, -5001, -6000, -7000, -8000, -9000]);
/** Paths that need no parameter: with a token they answer 0 on an empty body. */
const noParams = new Set(['/user/tokenLogin', '/permission/permissionInfo', '/room/unread', '/friend/unread', '/friend/requestList', '/red-packet/balance']);

const call = async (app: TestApp, path: string, opts: { token?: string; device?: string; uuid?: string; payload?: string | object } = {}) => {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'fzm-device': opts.device ?? 'android' };
  if (opts.token) headers['fzm-auth-token'] = opts.token;
  if (opts.uuid) headers['fzm-uuid'] = opts.uuid;
  const r = await app.inject({ method: 'POST', url: `${BASE}${path}`, headers, payload: opts.payload ?? {} });
  // Every answer is the contract's envelope (contracts/apps/chatPlatform.ts).
  return { status: r.status, body: ChatPlatformEnvelope.parse(r.json()) as Env };
};

const app = await build(t);
const ann = await app.signIn('+8613900000001');
const bob = await app.signIn('+8613900000002');
const cat = await app.signIn('+8613900000003');
const paths = [...new Set(chatPlatformRoutes.map((r) => r.path))];

t.test('given every seed path, when it is called badly, then it answers in the envelope with HTTP 200 and the seed codes', async (t) => {
  t.equal(paths.length, 67, '63 endpoints of the seed and the table of contents\' four aliases');
  for (const path of paths) {
    const bad = await call(app, path, { token: ann.token, payload: '{"id": ' });
    t.same({ status: bad.status, result: bad.body.result, data: bad.body.data }, { status: 200, result: -1001, data: {} }, `${path}: malformed JSON is -1001`);
    t.type(bad.body.message, 'string');
    const anonymous = await call(app, path, { device: '' });
    t.ok(anonymous.status === 200 && anonymous.body.result !== 0 && seedCodes.has(anonymous.body.result), `${path}: without a token it is refused with a seed code (${anonymous.body.result})`);
    const empty = await call(app, path, { token: ann.token });
    if (noParams.has(path)) t.equal(empty.body.result, 0, `${path}: needs nothing more`);
    else t.ok([-1002, -4000, -3000].includes(empty.body.result), `${path}: a missing parameter is -1002 (${empty.body.result})`);
    const get = await app.inject({ method: 'GET', url: `${BASE}${path}` });
    t.equal(get.status, 404, `${path}: POST only`);
  }
});

t.test('given a user, when the headers are wrong, then -1004 and -1006', async (t) => {
  t.match((await call(app, '/user/tokenLogin', { token: 'not-a-token' })).body, { result: -1004, data: {} });
  t.match((await call(app, '/user/tokenLogin', { token: ann.token, device: 'toaster' })).body, { result: -1006 });
  t.match((await call(app, '/friend/list', { uuid: '00:1a:2b:3c:4d:5e', payload: { type: 3 } })).body, { result: -1004 }, 'a guest may not list friends');
});

t.test('given a password, when the same device kind signs in again, then the older token answers -1007', async (t) => {
  const set = await app.inject({ method: 'PUT', url: '/v1/me/password', headers: { authorization: `Bearer ${cat.token}`, 'content-type': 'application/json' }, payload: { password: 'secret-123' } });
  t.equal(set.status, 200);
  const first = await call(app, '/user/pwdLogin', { payload: { mobile: '13900000003', password: 'secret-123' } });
  t.match(first.body, { result: 0, data: { id: cat.userId, account: '8613900000003', token: String, user_level: 1, verified: 2 } });
  const second = await call(app, '/user/pwdLogin', { payload: { mobile: '+8613900000003', password: 'secret-123' } });
  t.equal(second.body.result, 0);
  const token = (first.body.data as { token: string }).token;
  t.match((await call(app, '/user/tokenLogin', { token })).body, { result: -1007 });
  t.match((await call(app, '/user/pwdLogin', { payload: { mobile: '13900000003', password: 'wrong-123' } })).body, { result: -2001 });
});

t.test('given wrong types and other users\' ids, when they are sent, then nothing changes', async (t) => {
  t.match((await call(app, '/user/userInfo', { token: ann.token, payload: { id: { x: 1 } } })).body, { result: -1001 });
  t.match((await call(app, '/friend/list', { token: ann.token, payload: { type: 'all' } })).body, { result: -1001 });
  t.match((await call(app, '/room/list', { token: ann.token, payload: { type: 9 } })).body, { result: -1001 });
  t.match((await call(app, '/friend/add', { token: ann.token, payload: { id: ann.userId } })).body, { result: -2021 });
  t.match((await call(app, '/friend/add', { token: ann.token, payload: { id: '999999999' } })).body, { result: -2001 });
  t.match((await call(app, '/friend/response', { token: bob.token, payload: { id: cat.userId, agree: 1 } })).body, { result: -2020 });

  t.equal((await call(app, '/room/create', { token: ann.token, payload: { roomName: 'ours', users: [bob.userId] } })).body.result, 0);
  const list = (await call(app, '/room/list', { token: ann.token, payload: { type: 3 } })).body.data as { roomList: { id: string; markId: string; noDisturbing: number; onTop: number; commonlyUsed: number }[] };
  const room = list.roomList[0];
  t.match(room, { id: /^\d+$/, markId: /^\d+$/, noDisturbing: 2, onTop: 2, commonlyUsed: 1 });
  const roomId = room?.id ?? '';
  t.match((await call(app, '/room/info', { token: cat.token, payload: { roomId } })).body, { result: -3001 }, 'an outsider does not see the group');
  t.match((await call(app, '/room/kickOut', { token: cat.token, payload: { rootId: roomId, users: [bob.userId] } })).body, { result: -3000 });
  t.match((await call(app, '/room/delete', { token: bob.token, payload: { roomId } })).body, { result: -3000 }, 'a plain member may not dissolve');
  t.match((await call(app, '/room/setPermission', { token: bob.token, payload: { roomId, joinPermission: 3 } })).body, { result: -3000 });
  const info = (await call(app, '/room/info', { token: ann.token, payload: { roomId } })).body;
  t.match(info, { result: 0, data: { id: roomId, memberNumber: 2, memberLevel: 3, joinPermission: 2, canAddFriend: 1, users: [{ memberLevel: Number }, { memberLevel: Number }] } }, 'and nothing changed');

  t.match((await call(app, '/friend/chatLog', { token: cat.token, payload: { id: ann.userId, number: 5 } })).body, { result: 0, data: { logs: [], nextLog: '' } }, 'a 1:1 is always the caller\'s own');
  t.match((await call(app, '/room/chatLog', { token: cat.token, payload: { id: roomId, number: 5 } })).body, { result: -3001 }, 'another group\'s log is not readable');
  t.match((await call(app, '/group/info', { token: ann.token, payload: { groupId: '12345' } })).body, { result: -5000 });
  t.match((await call(app, '/group/addGroup', { token: ann.token, payload: { groupName: 'mine' } })).body, { result: -3000 }, 'only operators add chatrooms');
  t.match((await call(app, '/red-packet/receive-entry', { token: ann.token, payload: { packet_id: '12345' } })).body, { result: -4006 });
  t.match((await call(app, '/red-packet/record', { token: ann.token, payload: { date: '2018-13' } })).body, { result: -1001 });
  t.match((await call(app, '/red-packet/record', { token: ann.token, payload: { date: '2018-08' } })).body, { result: 0, data: { receive_num: 0, send_num: 0, receive: [], send: [] } }, 'records by month');
  t.match((await call(app, '/red-packet/receive', { uuid: '6f1c2a3b-0000-4000-8000-00000000aaaa', payload: { packet_id: '12345' } })).body, { result: -4006 }, 'a guest reserves only a packet that exists');
  t.match((await call(app, '/red-packet/entry', { uuid: '6f1c2a3b-0000-4000-8000-00000000aaaa', payload: { mark: 'none', account: '13900000002' } })).body, { result: -4005 }, 'nor confirms a mark it does not hold');
  t.match((await call(app, '/group/report', { token: ann.token, payload: { id: bob.userId, msgId: '1' } })).body, { result: 0, data: {} }, 'reports are filed');
});

t.test('given the answers that carry data, then their fields have the seed\'s types', async (t) => {
  t.match((await call(app, '/user/tokenLogin', { token: ann.token })).body, { result: 0, message: '操作成功', data: { account: '8613900000001', id: ann.userId, uid: String, user_level: 1, avatar: '', username: String, verified: 2 } });
  t.match((await call(app, '/user/userInfo', { token: ann.token, payload: { id: bob.userId } })).body, { data: { id: bob.userId, sex: 0, name: String, avatar: String, isFriend: 2 } });
  t.match((await call(app, '/user/isreg', { payload: { mobile: '13900000002' } })).body, { data: { zb_uid: bob.userId } });
  t.match((await call(app, '/user/isreg', { payload: { mobile: '13900000099' } })).body, { data: { zb_uid: '0' } });
  const balance = await app.inject({ method: 'POST', url: `${BASE}/red-packet/balance`, headers: { 'fzm-auth-token': ann.token, 'content-type': 'application/json' }, payload: {} });
  t.match(balance.text, /"balances":\[\{"coin":1,"amount":0\},\{"coin":2,"amount":0\},\{"coin":3,"amount":0\}\]/, 'amounts are JSON numbers');
  t.match((await call(app, '/friend/requestList', { token: ann.token })).body, { result: 0, data: [] }, 'a bare array, as the seed shows');
  t.match((await call(app, '/permission/permissionInfo', { token: ann.token })).body, { data: { permissionList: [{ permissionId: 1, permissionName: String }] } });
});
