// Red-packet extensions over /v1: designated openers, phrases (口令), new users only and guest
// claims (a device reserves a share by mark; signing in from it credits the share once, however
// often the sign-in is retried; unclaimed, it goes back at expiry), records per month or year.
// Every refusal is coded and moves nothing (the log's head stays); the audit closes after each.
import t from 'tap';
import { creditGuestClaims } from '../../../services/app/redPacketGuests.js';
import { fireTimer } from '../../../services/app/timers.js';
import { build, type TestApp } from '../../support/app.js';
import { auditClean, auth, balance, recharge, type User } from '../../support/money.js';

const BTY = 100_000_000;
let app: TestApp;
/** The log's head once the flows a command started (credits, cards in the conversation) have settled. */
const head = async (): Promise<number> => {
  await app.platform.core.bus.drain();
  for (;;) {
    const h = await app.platform.store.headPosition();
    await new Promise((r) => setTimeout(r, 300));
    if ((await app.platform.store.headPosition()) === h) return h;
  }
};
const post = (u: User | null, url: string, payload?: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...(u ? auth(u) : {}), ...headers }, ...(payload !== undefined ? { payload } : {}) });
const packetOf = async (u: User, payload: object): Promise<string> => {
  const r = await post(u, '/v1/red-packets', payload);
  if (r.status !== 201) throw new Error(`packet: ${r.status} ${r.text}`);
  return r.json<{ redPacketId: string }>().redPacketId;
};
const groupOf = async (owner: User, members: User[]): Promise<string> =>
  (await post(owner, '/v1/groups', { name: 'g', memberIds: members.map((m) => m.userId) })).json<{ groupId: string }>().groupId;
/** Signs a phone in from a guest device (X-Device-Id). */
const signInFrom = async (phone: string, deviceId: string): Promise<User> => {
  await app.inject({ method: 'POST', url: '/v1/auth/sms-codes', payload: { phone } });
  const code = app.platform.core.devSms?.latest(phone) ?? '';
  const r = await app.inject({ method: 'POST', url: '/v1/auth/sessions', headers: { 'x-device-id': deviceId }, payload: { phone, code } });
  if (r.status !== 201) throw new Error(`sign-in: ${r.status} ${r.text}`);
  return r.json<User>();
};
/** Fires a packet's expiry timer as the timer loop would, at its due time. */
const expireNow = async (redPacketId: string) => {
  const d = await app.inject({ method: 'GET', url: `/v1/red-packets/${redPacketId}`, headers: auth(ann) });
  const dueAt = new Date(d.json<{ expiresAt: string }>().expiresAt);
  await fireTimer({ bus: app.platform.core.bus, clock: () => dueAt }, { timerId: `test-${redPacketId}`, dueAt, kind: 'red_packet_expiry', payload: { redPacketId }, causeEventId: redPacketId });
};

let ann: User;
let bob: User;
let cat: User;
let dan: User;
let group: string;

t.before(async () => {
  app = await build(t, { RED_PACKET_NEW_USER_SECONDS: '30', SMS_RESEND_SECONDS: '1' });
  ann = await app.signIn('+8613950000001');
  bob = await app.signIn('+8613950000002');
  cat = await app.signIn('+8613950000003');
  dan = await app.signIn('+8613950000004');
  group = await groupOf(ann, [bob, cat, dan]);
  await recharge(t, app, ann, 1_000_000);
  await recharge(t, app, ann, 50 * BTY, 'bty');
});

t.test('given a packet for designated openers, when someone else grabs, then RED_PACKET_NOT_DESIGNATED and nothing moves; a listed opener grabs', async (t) => {
  const id = await packetOf(ann, { kind: 'fixed', count: 2, amountEach: 100, target: { type: 'group', id: group }, openers: [bob.userId, cat.userId] });
  const before = await head();
  const r = await post(dan, `/v1/red-packets/${id}/grab`);
  t.equal(r.status, 403, r.text);
  t.match(r.json(), { error: { code: 'RED_PACKET_NOT_DESIGNATED' } });
  t.equal(await head(), before, 'the log did not move');
  t.equal(await balance(app, dan), 0);
  t.match((await post(bob, `/v1/red-packets/${id}/grab`)).json(), { amount: 100 });
  const outsider = await app.signIn('+8613950000009');
  const bad = await post(ann, '/v1/red-packets', { kind: 'fixed', count: 1, amountEach: 100, target: { type: 'group', id: group }, openers: [outsider.userId] });
  t.equal(bad.status, 400, 'an opener who is not a member is refused at creation');
  t.match(bad.json(), { error: { code: 'VALIDATION_FAILED', details: { field: 'openers' } } });
  await auditClean(t, app, 'after designated openers');
});

t.test('given a phrase packet, when the phrase is missing or wrong, then RED_PACKET_PHRASE_WRONG and nothing moves; the right phrase grabs', async (t) => {
  const id = await packetOf(ann, { kind: 'lucky', count: 2, total: 300, target: { type: 'group', id: group }, phrase: '恭喜发财' });
  const before = await head();
  for (const payload of [undefined, {}, { phrase: '恭喜' }]) {
    const r = await post(bob, `/v1/red-packets/${id}/grab`, payload);
    t.equal(r.status, 403);
    t.match(r.json(), { error: { code: 'RED_PACKET_PHRASE_WRONG' } });
  }
  t.equal(await head(), before, 'the log did not move');
  const ok = await post(bob, `/v1/red-packets/${id}/grab`, { phrase: ' 恭喜发财' });
  t.equal(ok.status, 200);
  await auditClean(t, app, 'after a phrase packet');
});

t.test('given a new-users-only packet, when an older user grabs, then RED_PACKET_NEW_USERS_ONLY and nothing moves; a new one grabs', async (t) => {
  // The packet is made 60 s from now with a 30 s window: everyone signed in so far is older than that.
  const clock = app.platform.core.clock;
  app.platform.core.clock = () => new Date(clock().getTime() + 60_000);
  t.teardown(() => {
    app.platform.core.clock = clock;
  });
  const eve = await app.signIn('+8613950000005');
  const g2 = await groupOf(ann, [bob, eve]);
  const id = await packetOf(ann, { kind: 'fixed', count: 2, amountEach: 100, target: { type: 'group', id: g2 }, newUsersOnly: true });
  app.platform.core.clock = clock;
  const before = await head();
  const r = await post(bob, `/v1/red-packets/${id}/grab`);
  t.equal(r.status, 403);
  t.match(r.json(), { error: { code: 'RED_PACKET_NEW_USERS_ONLY' } });
  t.equal(await head(), before, 'the log did not move');
  t.match((await post(eve, `/v1/red-packets/${id}/grab`)).json(), { amount: 100 });
  await auditClean(t, app, 'after a new-users-only packet');
});

t.test('given more grabbers than shares on a designated phrase packet, when all grab at once, then exactly the shares are paid, once each', async (t) => {
  const crowd = await Promise.all(Array.from({ length: 12 }, (_, i) => app.signIn(`+86139510000${String(i).padStart(2, '0')}`)));
  const g = await groupOf(ann, crowd);
  const id = await packetOf(ann, { kind: 'lucky', count: 5, total: 1_000, target: { type: 'group', id: g }, openers: crowd.slice(0, 9).map((u) => u.userId), phrase: 'go' });
  const answers = await Promise.all([
    ...crowd.map((u) => post(u, `/v1/red-packets/${id}/grab`, { phrase: 'go' })),
    ...crowd.slice(0, 4).map((u) => post(u, `/v1/red-packets/${id}/grab`, { phrase: 'go' })),
    ...crowd.slice(0, 3).map((u) => post(u, `/v1/red-packets/${id}/grab`, { phrase: 'stop' })),
  ]);
  const paid = answers.filter((a) => a.status === 200).map((a) => a.json<{ amount: number }>().amount);
  t.equal(paid.length, 5, 'five shares, five grabs');
  t.equal(paid.reduce((a, b) => a + b, 0), 1_000, 'the total, no more');
  const codes = new Set(answers.filter((a) => a.status !== 200).map((a) => a.json<{ error: { code: string } }>().error.code));
  t.ok([...codes].every((c) => ['RED_PACKET_EMPTY', 'ALREADY_GRABBED', 'RED_PACKET_NOT_DESIGNATED', 'RED_PACKET_PHRASE_WRONG'].includes(c)), [...codes].join());
  const held = (await Promise.all(crowd.map((u) => balance(app, u)))).reduce((a, b) => a + b, 0);
  t.equal(held, 1_000, 'the grabbers hold exactly the total');
  const r = await auditClean(t, app, 'after the race');
  t.notOk(r.findings.some((f) => f.kind === 'red_packet_overdrawn'), 'over-grab 0');
});

t.test('guest claims', async (t) => {
  const id = await packetOf(ann, { kind: 'lucky', asset: 'bty', count: 4, total: 4 * BTY, target: { type: 'group', id: group }, guests: true });
  const device = 'guest-device-0001';
  const credits: number[] = [];

  await t.test('given a guest device, when it reserves a share, then it gets a mark and the amount; nothing is credited yet', async (t) => {
    const r = await post(null, `/v1/red-packets/${id}/guest-shares`, {}, { 'x-device-id': device });
    t.equal(r.status, 201);
    t.match(r.json(), { redPacketId: id, asset: 'bty', count: 4, remainingCount: 3 });
    t.ok(r.json<{ mark: string }>().mark.length > 0);
  });

  await t.test('given a reservation, when the device reserves again (same or another mark) or another device reuses the mark, then ALREADY_GRABBED and nothing moves', async (t) => {
    const d = await app.inject({ method: 'GET', url: `/v1/red-packets/${id}`, headers: auth(ann) });
    t.equal(d.json<{ remainingCount: number }>().remainingCount, 3);
    const before = await head();
    const again = await post(null, `/v1/red-packets/${id}/guest-shares`, {}, { 'x-device-id': device });
    t.equal(again.status, 409);
    t.match(again.json(), { error: { code: 'ALREADY_GRABBED', details: { mark: String } } });
    const mark = again.json<{ error: { details: { mark: string } } }>().error.details.mark;
    const other = await post(null, `/v1/red-packets/${id}/guest-shares`, { mark }, { 'x-device-id': 'guest-device-0002' });
    t.equal(other.status, 409);
    t.match(other.json(), { error: { code: 'ALREADY_GRABBED' } });
    t.equal(await head(), before, 'the log did not move');
    t.equal((await post(null, `/v1/red-packets/${id}/guest-shares`, {})).status, 401, 'no device, no reservation');
    t.equal((await post(bob, `/v1/red-packets/${id}/guest-shares`, {})).status, 403, 'a signed-in user grabs instead');
  });

  await t.test('given a reservation, when the device signs in (and the sign-in is retried, even at once), then the share is credited exactly once as guest_credit', async (t) => {
    const frank = await signInFrom('+8613950000006', device);
    const credited = await balance(app, frank, 'bty');
    t.ok(credited > 0, 'credited on sign-in');
    credits.push(credited);
    await Promise.all([1, 2, 3].map(() => creditGuestClaims(app.platform.core, frank.userId, device)));
    await new Promise((r) => setTimeout(r, 1_100));
    await signInFrom('+8613950000006', device);
    t.equal(await balance(app, frank, 'bty'), credited, 'not a unit more');
    const ledger = await app.inject({ method: 'GET', url: '/v1/wallet/ledger?reason=guest_credit', headers: auth(frank) });
    t.match(ledger.json(), { items: [{ reason: 'guest_credit', asset: 'bty', delta: credited, refId: id }] });
    t.equal(ledger.json<{ items: unknown[] }>().items.length, 1);
    const grabbed = await post(frank, `/v1/red-packets/${id}/grab`);
    // Frank is no member: the group's packet opened to him only as a guest (a member would get ALREADY_GRABBED, see the decider tests).
    t.match(grabbed.json(), { error: { code: 'NOT_ELIGIBLE' } });
    t.equal(await balance(app, frank, 'bty'), credited);
    await auditClean(t, app, 'after a guest claim');
  });

  await t.test('given concurrent claims for one reservation, when they race, then one credit', async (t) => {
    const d2 = 'guest-device-0003';
    t.equal((await post(null, `/v1/red-packets/${id}/guest-shares`, { mark: 'mark-of-device-3' }, { 'x-device-id': d2 })).status, 201);
    const grace = await app.signIn('+8613950000007');
    const results = await Promise.all(Array.from({ length: 6 }, () => creditGuestClaims(app.platform.core, grace.userId, d2)));
    const amount = await balance(app, grace, 'bty');
    t.ok(amount > 0);
    credits.push(amount);
    t.ok(results.flat().every((c) => c.amount === amount));
    await auditClean(t, app, 'after racing claims');
  });

  await t.test('given an unclaimed reservation, when the packet expires, then it goes back to the sender with the rest, and a later sign-in credits nothing', async (t) => {
    const d4 = 'guest-device-0004';
    t.equal((await post(null, `/v1/red-packets/${id}/guest-shares`, {}, { 'x-device-id': d4 })).status, 201);
    const before = await balance(app, ann, 'bty');
    const held = (await app.inject({ method: 'GET', url: `/v1/red-packets/${id}`, headers: auth(ann) })).json<{ remainingAmount: number }>();
    await expireNow(id);
    const back = (await balance(app, ann, 'bty')) - before;
    t.ok(back > held.remainingAmount, 'the reservation came back too');
    t.equal(back + credits.reduce((a, b) => a + b, 0), 4 * BTY, 'claimed + returned = the total');
    const harry = await signInFrom('+8613950000008', d4);
    t.equal(await balance(app, harry, 'bty'), 0, 'an expired reservation is not credited');
    const d = await app.inject({ method: 'GET', url: `/v1/red-packets/${id}`, headers: auth(ann) });
    t.equal(d.json<{ status: string }>().status, 'expired');
    await auditClean(t, app, 'after the expiry');
  });
});

t.test('given sent and received packets, when records are read for the month or the year, then counts and sums per asset', async (t) => {
  const now = new Date();
  const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const sent = await app.inject({ method: 'GET', url: `/v1/red-packets/records?month=${month}`, headers: auth(ann) });
  t.equal(sent.status, 200);
  const s = sent.json<{ sent: { count: number; amount: number; items: { refunded: number }[] }; received: { count: number } }>();
  t.equal(s.sent.count, 4, 'four cash packets this month');
  t.equal(s.sent.amount, 200 + 300 + 200 + 1_000, 'their sum');
  t.equal(s.received.count, 0);
  const bty = await app.inject({ method: 'GET', url: `/v1/red-packets/records?year=${now.getUTCFullYear()}&asset=bty&tz=%2B08:00`, headers: auth(ann) });
  t.match(bty.json(), { asset: 'bty', sent: { count: 1, amount: 4 * BTY } });
  t.ok((bty.json<{ sent: { items: { refunded: number }[] } }>().sent.items[0]?.refunded ?? 0) > 0, 'what came back at expiry');
  const frank = await app.signIn('+8613950000006');
  const got = await app.inject({ method: 'GET', url: `/v1/red-packets/records?month=${month}&asset=bty`, headers: auth(frank) });
  t.match(got.json(), { received: { count: 1, items: [{ via: 'guest', senderId: ann.userId }] } });
  const bobs = await app.inject({ method: 'GET', url: `/v1/red-packets/records?month=${month}`, headers: auth(bob) });
  const received = bobs.json<{ received: { count: number; amount: number; items: { amount: number }[] } }>().received;
  t.equal(received.count, 2);
  t.equal(received.amount, received.items.reduce((a, i) => a + i.amount, 0), 'the sum of the items');
  const bad = await app.inject({ method: 'GET', url: `/v1/red-packets/records?month=${month}&year=2026`, headers: auth(bob) });
  t.equal(bad.status, 400);
});

t.test('given a group, when a member transfers to a member in it, then a card in the group conversation; to or from a non-member, NOT_ELIGIBLE and nothing moves', async (t) => {
  const outsider = await app.signIn('+8613950000010');
  const before = await head();
  const refused = await post(ann, '/v1/transfers', { toUserId: outsider.userId, amount: 100, groupId: group });
  t.equal(refused.status, 409);
  t.match(refused.json(), { error: { code: 'NOT_ELIGIBLE', details: { groupId: group } } });
  t.equal((await post(outsider, '/v1/transfers', { toUserId: bob.userId, amount: 100, groupId: group })).status, 409);
  t.equal(await head(), before, 'the log did not move');
  const sent = await post(ann, '/v1/transfers', { toUserId: bob.userId, amount: 250, groupId: group, note: 'lunch' });
  t.equal(sent.status, 201);
  const transferId = sent.json<{ transferId: string }>().transferId;
  t.equal((await post(bob, `/v1/transfers/${transferId}/accept`)).status, 200);
  await head();
  const conv = encodeURIComponent(`group:${group}`);
  const history = await app.inject({ method: 'GET', url: `/v1/conversations/${conv}/messages?limit=200`, headers: auth(cat) });
  t.equal(history.status, 200);
  const items = history.json<{ items: { msgType: string; body: Record<string, unknown> }[] }>().items;
  t.ok(items.some((m) => m.msgType === 'transfer' && m.body.transferId === transferId && m.body.toUserId === bob.userId), 'the card is in the group');
  t.ok(items.some((m) => m.msgType === 'system' && m.body.event === 'transfer.accepted' && m.body.transferId === transferId), 'and its acceptance');
  await auditClean(t, app, 'after a group transfer');
});
