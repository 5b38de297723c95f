// chat-platform (004) red packets beyond the logged-in grab: a guest (FZM-UUID) reserves a share by
// mark (/receive), /entry confirms it without crediting (a mobile with no code proves nothing),
// /register-entry registers with the SMS code and credits the share once; records per month or
// year with sums in 8-decimal coins; phrase, designated and new-users packets through
// /receive-entry; /group/report files a report. Every refusal moves nothing (the log's head stays).
import t from 'tap';
import { ChatPlatformEnvelope } from '../../../contracts/apps/chatPlatform.js';
import { build, type TestApp } from '../../support/app.js';
import { auditClean, balance, recharge, type User } from '../../support/money.js';

type Env = { result: number; message: string; data: Record<string, unknown> };
const BASE = '/apps/chat-platform';
const BTY = 100_000_000;

const app: TestApp = await build(t, { RED_PACKET_NEW_USER_SECONDS: '1', SMS_RESEND_SECONDS: '1' });
const call = async (path: string, payload: object, who: { token?: string; uuid?: string } = {}): Promise<Env & { text: string }> => {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'fzm-device': 'android' };
  if (who.token) headers['fzm-auth-token'] = who.token;
  if (who.uuid) headers['fzm-uuid'] = who.uuid;
  const r = await app.inject({ method: 'POST', url: `${BASE}${path}`, headers, payload });
  return { ...(ChatPlatformEnvelope.parse(r.json()) as Env), text: r.text };
};
const v1 = (u: User, url: string, payload: object) => app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${u.token}` }, payload });
/** The log's head once the flows a command started have settled. */
const head = async (): Promise<number> => {
  await app.platform.core.bus.drain();
  for (;;) {
    const h = await app.platform.store.headPosition();
    await new Promise((r) => setTimeout(r, 300));
    if ((await app.platform.store.headPosition()) === h) return h;
  }
};
const packetOf = async (u: User, payload: object): Promise<string> => {
  const r = await v1(u, '/v1/red-packets', payload);
  if (r.status !== 201) throw new Error(`packet: ${r.status} ${r.text}`);
  return r.json<{ redPacketId: string }>().redPacketId;
};
const codeFor = async (phone: string): Promise<string> => {
  await app.inject({ method: 'POST', url: '/v1/auth/sms-codes', payload: { phone } });
  return app.platform.core.devSms?.latest(phone) ?? '';
};

const ann = await app.signIn('+8613960000001');
const bob = await app.signIn('+8613960000002');
const cat = await app.signIn('+8613960000003');
const group = (await v1(ann, '/v1/groups', { name: 'g', memberIds: [bob.userId, cat.userId] })).json<{ groupId: string }>().groupId;
t.before(async () => {
  await recharge(t, app, ann, 20 * BTY, 'bty');
});

t.test('given a guest packet, when a guest reserves, confirms and registers, then the share is credited once and a second claim moves nothing', async (t) => {
  const id = await packetOf(ann, { kind: 'fixed', asset: 'bty', count: 3, amountEach: BTY / 2, target: { type: 'group', id: group }, guests: true });
  const device = '6f1c2a3b-0000-4000-8000-000000000001';
  const got = await call('/red-packet/receive', { packet_id: id }, { uuid: device });
  t.match(got, { result: 0, data: { mark: String, total: 3, remain: 2 } });
  t.match(got.text, /"amount":0\.5[,}]/, 'the amount is an exact JSON number of coins');
  const mark = String(got.data.mark);

  const before = await head();
  t.match(await call('/red-packet/receive', { packet_id: id }, { uuid: device }), { result: -4009, data: {} }, 'the same device cannot reserve twice');
  t.match(await call('/red-packet/receive', { packet_id: '12345' }, { uuid: device }), { result: -4006 });
  t.match(await call('/red-packet/receive', { packet_id: id }, { token: bob.token }), { result: -3000 }, 'a signed-in user uses /receive-entry');
  const entry = await call('/red-packet/entry', { mark, account: '13960000002' }, { uuid: device });
  t.match(entry, { result: 0, data: { packet_id: id, mark, coin: 1, recv_type: 2, message: String } }, 'confirmed, not credited');
  t.match(entry.text, /"amount":0\.5[,}]/);
  t.match(await call('/red-packet/entry', { mark, account: '13960000002' }, { uuid: '6f1c2a3b-0000-4000-8000-0000000000ff' }), { result: -4005 }, 'another device\'s mark is not a share of its own');
  t.match(await call('/red-packet/entry', { mark: 'no-such-mark', account: '13960000002' }, { uuid: device }), { result: -4005 });
  t.match(await call('/red-packet/entry', { mark, account: '13960000002' }), { result: -1004 }, 'neither a guest nor a user');
  t.match(await call('/red-packet/register-entry', { mark, account: '13960000009', password: 'secret-123', captcha: '000000' }, { uuid: device }), { result: -4007 }, 'a wrong code registers nobody');
  t.equal(await head(), before, 'nothing moved: no credit, no account');
  t.equal(await balance(app, bob, 'bty'), 0, 'the mobile /entry named got nothing');

  const bobsCode = await codeFor('+8613960000002');
  t.match(await call('/red-packet/register-entry', { mark, account: '13960000002', password: 'secret-123', captcha: bobsCode }, { uuid: device }), { result: -4003 }, 'a registered mobile signs in instead');
  t.equal(await balance(app, bob, 'bty'), 0);

  const code = await codeFor('+8613960000009');
  const reg = await call('/red-packet/register-entry', { mark, account: '+86 139 6000 0009', password: 'secret-123', captcha: code }, { uuid: device });
  t.match(reg, { result: 0, data: { packet_id: id, red_packet_id: id, mobile: '8613960000009', coin: 1, uid: String } });
  t.match(reg.text, /"amount":0\.5[,}]/);
  const signed = await call('/user/pwdLogin', { mobile: '13960000009', password: 'secret-123' });
  const newcomer = { userId: String(signed.data.id), token: String(signed.data.token) };
  t.equal(await balance(app, newcomer, 'bty'), BTY / 2, 'the share was credited to the new account');

  const after = await head();
  t.match(await call('/red-packet/register-entry', { mark, account: '13960000008', password: 'secret-123', captcha: await codeFor('+8613960000008') }, { uuid: device }), { result: -4005 }, 'a claimed mark is spent');
  t.match(await call('/red-packet/entry', { mark, account: '13960000009' }, { uuid: device }), { result: -4005 });
  t.equal(await head(), after, 'the second claim moved nothing');
  t.equal(await balance(app, newcomer, 'bty'), BTY / 2);
  await auditClean(t, app, 'after guest shares');
});

t.test('given one guest device, when it reserves twice at once or two registrations race for one mark, then one share and one credit', async (t) => {
  const id = await packetOf(ann, { kind: 'fixed', asset: 'bty', count: 3, amountEach: BTY / 4, target: { type: 'group', id: group }, guests: true });
  const device = '6f1c2a3b-0000-4000-8000-000000000004';
  const both = await Promise.all([0, 1].map(() => call('/red-packet/receive', { packet_id: id }, { uuid: device })));
  t.same(both.map((r) => r.result).sort(), [-4009, 0], 'one reservation, one refusal');
  const mark = String(both.find((r) => r.result === 0)?.data.mark);
  const phones = ['+8613960000021', '+8613960000022'];
  const codes = await Promise.all(phones.map(codeFor));
  const regs = await Promise.all(phones.map((p, i) => call('/red-packet/register-entry', { mark, account: p, password: 'secret-123', captcha: codes[i] ?? '' }, { uuid: device })));
  t.equal(regs.filter((r) => r.result === 0).length, 1, 'one registration is credited');
  t.ok(regs.every((r) => [0, -4005, -4006].includes(r.result)), `the other is refused (${regs.map((r) => r.result).join(', ')})`);
  const credited = await app.platform.core.pool.query<{ n: string }>("select count(*) as n from ledger_entries where reason = 'guest_credit' and ref_id = $1", [id]);
  t.equal(Number(credited.rows[0]?.n), 1, 'one credit in the ledger');
  await auditClean(t, app, 'after racing claims');
});

t.test('given a packet not open to guests, when a guest reserves, then -3000 and nothing moves', async (t) => {
  const id = await packetOf(ann, { kind: 'fixed', asset: 'bty', count: 1, amountEach: BTY, target: { type: 'group', id: group } });
  const before = await head();
  t.match(await call('/red-packet/receive', { packet_id: id }, { uuid: '6f1c2a3b-0000-4000-8000-000000000002' }), { result: -3000 });
  t.equal(await head(), before);
});

t.test('given phrase, designated and new-users packets, when they are grabbed through /receive-entry, then their rules hold', async (t) => {
  const phrased = await packetOf(ann, { kind: 'fixed', asset: 'bty', count: 2, amountEach: BTY / 10, target: { type: 'group', id: group }, phrase: '恭喜发财' });
  const designated = await packetOf(ann, { kind: 'fixed', asset: 'bty', count: 1, amountEach: BTY / 10, target: { type: 'group', id: group }, openers: [bob.userId] });
  // New users are those registered within a second before the packet: cat is older by now.
  await new Promise((r) => setTimeout(r, 1100));
  const fresh = await packetOf(ann, { kind: 'fixed', asset: 'bty', count: 1, amountEach: BTY / 10, target: { type: 'group', id: group }, newUsersOnly: true });
  const before = await head();
  t.match(await call('/red-packet/receive-entry', { packet_id: phrased }, { token: bob.token }), { result: -1001 }, 'no phrase');
  t.match(await call('/red-packet/receive-entry', { packet_id: phrased, phrase: '恭喜' }, { token: bob.token }), { result: -1001 }, 'a wrong phrase');
  t.match(await call('/red-packet/receive-entry', { packet_id: designated }, { token: cat.token }), { result: -3000 }, 'not designated');
  t.match(await call('/red-packet/receive-entry', { packet_id: fresh }, { token: cat.token }), { result: -4004 }, 'new users only');
  t.equal(await head(), before, 'no refusal moved anything');
  t.match(await call('/red-packet/receive-entry', { packet_id: phrased, phrase: '恭喜发财' }, { token: bob.token }), { result: 0, data: { total: 2, coin: 1 } });
  t.match(await call('/red-packet/receive-entry', { packet_id: designated }, { token: bob.token }), { result: 0, data: { total: 1, remain: 0 } });
  t.match(await call('/red-packet/receive-entry', { packet_id: phrased, phrase: '恭喜发财' }, { token: bob.token }), { result: -4009 }, 'once per user');
  await auditClean(t, app, 'after opener rules');
});

t.test('given sent and received packets, when the records are read by month and year, then counts and sums in coins', async (t) => {
  const id = await packetOf(ann, { kind: 'lucky', asset: 'bty', count: 2, total: 3 * BTY, target: { type: 'group', id: group } });
  const grab = await call('/red-packet/receive-entry', { packet_id: id }, { token: cat.token });
  t.equal(grab.result, 0);
  await head();
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const sent = await call('/red-packet/send-record', { date: month }, { token: ann.token });
  t.match(sent, { result: 0, data: { totalnum: 7, send: [{ red_packet_id: id, type: 1, coin: 1, send_time: Number }] } }, 'seven packets this month, newest first');
  t.match(sent.text, /"total_amount":6\.65[,}]/, 'the packets\' totals: 1.5 + 0.75 + 1 + 0.2 + 0.1 + 0.1 + 3 BTY');
  t.match(sent.text, /"amount":3[,}]/, 'a sent packet\'s amount is its total');
  const received = await call('/red-packet/receive-record', { date: month.slice(0, 4) }, { token: cat.token });
  t.match(received, { result: 0, data: { totalnum: 1, receive: [{ red_packet_id: id, type: 1, coin: 1, receive_time: Number, username: String }] } });
  const both = await call('/red-packet/record', { date: month }, { token: bob.token });
  t.match(both, { result: 0, data: { receive_num: 2, send_num: 0, send: [], receive: [{ coin: 1 }, { coin: 1 }] } });
  t.match(both.text, /"receive_amount":0\.2[,}]/, '0.1 + 0.1 BTY');
  t.match(await call('/red-packet/record', { date: month, coin: 2 }, { token: bob.token }), { result: 0, data: { receive_num: 0, send_num: 0 } }, 'another coin has none');
  t.match(await call('/red-packet/record', { date: '2018-08' }, { token: bob.token }), { result: 0, data: { receive_num: 0 } });
  t.match(await call('/red-packet/record', { date: '2018-13' }, { token: bob.token }), { result: -1001 });
  t.match(await call('/red-packet/record', { date: month }), { result: -1004 });
});

t.test('given a chatroom user, when they are reported, then a report is open and a second one is refused', async (t) => {
  t.match(await call('/group/report', { id: cat.userId, msgId: '42' }, { token: bob.token }), { result: 0, data: {} });
  const rows = await app.platform.core.pool.query<{ subject_type: string; note: string }>('select subject_type, note from reports where reporter_id = $1 and subject_id = $2', [bob.userId, cat.userId]);
  t.match(rows.rows, [{ subject_type: 'user', note: /42/ }]);
  t.match(await call('/group/report', { id: cat.userId, msgId: '43' }, { token: bob.token }), { result: -1001 }, 'one open report per reporter and subject');
  t.match(await call('/group/report', { id: cat.userId, msgId: '42' }, { uuid: '6f1c2a3b-0000-4000-8000-000000000003' }), { result: -1004 }, 'guests do not report');
});
