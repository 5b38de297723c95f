// The money rules over a real server: concurrency, exactly-once, authorization, refusals.
import t from 'tap';
import { startServer, removeDataDir, type RunningServer } from '../support/server.js';
import { client, eventually, login, recharge, wallet, type Client, type TestUser } from '../support/client.js';

let server: RunningServer;
let c: Client;

t.before(async () => {
  server = await startServer();
  c = client(server.url);
});
t.teardown(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

const pool = async <T>(items: T[], width: number, fn: (x: T, i: number) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        const item = items[i];
        if (item !== undefined) await fn(item, i);
      }
    }),
  );
};

const head = async (auditor: string) => {
  const r = await c.call<{ items: { globalPosition: number }[]; nextPosition: number | null }>('GET', '/v1/audit/events?fromPosition=0&limit=1000', { token: auditor });
  let last = r.body.items.at(-1)?.globalPosition ?? 0;
  let next = r.body.nextPosition;
  while (next !== null) {
    const p = await c.call<{ items: { globalPosition: number }[]; nextPosition: number | null }>('GET', `/v1/audit/events?fromPosition=${next}&limit=1000`, { token: auditor });
    last = p.body.items.at(-1)?.globalPosition ?? last;
    next = p.body.nextPosition;
  }
  return last;
};

t.test('given 1,000 users in a room, when they all grab one packet of 100 shares at once, then exactly 100 win and the shares sum to the total', async (t) => {
  const sender = await login(c, 'sender');
  await recharge(c, sender, 100_000);
  const room = await c.call<{ roomId: string }>('POST', '/v1/rooms', { token: sender.token, body: { title: 'busy', kind: 'live' } });
  await c.call('POST', `/v1/rooms/${room.body.roomId}/join`, { token: sender.token });
  const users: TestUser[] = [];
  await pool(Array.from({ length: 1000 }, (_, i) => i), 50, async () => {
    const u = await login(c);
    const j = await c.call('POST', `/v1/rooms/${room.body.roomId}/join`, { token: u.token });
    if (j.status !== 200) throw new Error(`join ${j.status}`);
    users.push(u);
  });
  const total = 54_321;
  const packet = await c.call<{ redPacketId: string }>('POST', '/v1/red-packets', {
    token: sender.token,
    body: { kind: 'lucky', count: 100, total, target: { type: 'room', id: room.body.roomId } },
  });
  t.equal(packet.status, 201);
  const outcomes = await Promise.all(
    users.map((u) => c.call<{ amount?: number; cash?: number; error?: { code: string } }>('POST', `/v1/red-packets/${packet.body.redPacketId}/grab`, { token: u.token })),
  );
  const winners = outcomes.filter((o) => o.status === 200);
  t.equal(winners.length, 100, 'exactly count winners');
  t.equal(outcomes.filter((o) => o.status === 409 && o.body.error?.code === 'RED_PACKET_EMPTY').length, 900, 'everyone else is told it is empty');
  t.equal(winners.reduce((s, o) => s + (o.body.amount ?? 0), 0), total, 'the shares add up to the total exactly');
  t.ok(winners.every((o) => (o.body.amount ?? 0) >= 1 && o.body.cash === o.body.amount), 'each winner got at least 1, credited at once');
  // Grabs answer before the read models catch up (their answer carries the balance); details follow.
  const details = await eventually(
    () => c.call<{ remainingCount: number; remainingAmount: number; status: string; grabs: unknown[] }>('GET', `/v1/red-packets/${packet.body.redPacketId}`, { token: sender.token }),
    (d) => d.body.grabs.length === 100,
  );
  t.match(details.body, { remainingCount: 0, remainingAmount: 0, status: 'empty' });
  t.equal(details.body.grabs.length, 100);
  t.equal((await wallet(c, sender)).cash, 100_000 - total);
});

t.test('given one Idempotency-Key, when 20 identical transfers race, then one transfer happens and all answers are identical', async (t) => {
  const [ann, bob] = [await login(c), await login(c)];
  await recharge(c, ann, 1000);
  const replies = await Promise.all(
    Array.from({ length: 20 }, () => c.call('POST', '/v1/transfers', { token: ann.token, key: 'pay-bob-1', body: { toUserId: bob.userId, amount: 300 } })),
  );
  t.ok(replies.every((r) => r.status === 201));
  t.equal(new Set(replies.map((r) => JSON.stringify(r.body))).size, 1, 'identical bodies');
  t.equal((await wallet(c, ann)).cash, 700, 'debited once');
  const again = await c.call('POST', '/v1/transfers', { token: ann.token, key: 'pay-bob-1', body: { toUserId: bob.userId, amount: 300 } });
  t.same(again.body, replies[0]?.body, 'a later retry gets the original answer');
  const reused = await c.call('POST', '/v1/transfers', { token: ann.token, key: 'pay-bob-1', body: { toUserId: bob.userId, amount: 301 } });
  t.equal(reused.status, 409);
  t.match(reused.body, { error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  const sent = await c.call<{ items: unknown[] }>('GET', '/v1/transfers?role=sent', { token: ann.token });
  t.equal(sent.body.items.length, 1);
});

t.test('given a balance, when many spends race without keys, then the balance never goes negative', async (t) => {
  const [ann, bob] = [await login(c), await login(c)];
  await recharge(c, ann, 1000);
  const replies = await Promise.all(Array.from({ length: 30 }, () => c.call('POST', '/v1/transfers', { token: ann.token, body: { toUserId: bob.userId, amount: 100 } })));
  t.equal(replies.filter((r) => r.status === 201).length, 10);
  t.equal(replies.filter((r) => r.status === 409).length, 20);
  t.ok(replies.filter((r) => r.status === 409).every((r) => (r.body as { error: { code: string } }).error.code === 'INSUFFICIENT_FUNDS'));
  t.equal((await wallet(c, ann)).cash, 0);
});

t.test('given a recharge order, when the provider notifies twice or lies, then it credits once and refuses bad notices', async (t) => {
  const ann = await login(c);
  const o = await c.call<{ orderId: string }>('POST', '/v1/recharge-orders', { token: ann.token, body: { asset: 'coins', amount: 500 } });
  const twice = await Promise.all([1, 2, 3].map(() => c.call('POST', `/v1/dev/payments/${o.body.orderId}/succeed`)));
  t.ok(twice.every((r) => r.status === 200));
  t.equal((await wallet(c, ann)).coins, 500, 'credited once');
  const forged = await c.call('POST', '/v1/payments/callback', {
    body: { orderId: o.body.orderId, amount: 500, providerTxId: 'x', status: 'success', sign: 'a'.repeat(64) },
  });
  t.equal(forged.status, 401);
  const order = await c.call('GET', `/v1/recharge-orders/${o.body.orderId}`, { token: ann.token });
  t.match(order.body, { orderId: o.body.orderId, asset: 'coins', amount: 500, status: 'paid' });
  const other = await login(c);
  t.equal((await c.call('GET', `/v1/recharge-orders/${o.body.orderId}`, { token: other.token })).status, 404, "another user's order is not found");
});

t.test('given a recharge order, when the provider reports a failure, then the order fails and credits nothing, and a later payment still credits once', async (t) => {
  const ann = await login(c);
  const o = await c.call<{ orderId: string }>('POST', '/v1/recharge-orders', { token: ann.token, body: { asset: 'cash', amount: 700 } });
  const fails = await Promise.all([1, 2].map(() => c.call('POST', `/v1/dev/payments/${o.body.orderId}/fail`)));
  t.ok(fails.every((r) => r.status === 200 && (r.body as { callbackStatus: number }).callbackStatus === 200), 'the failure notice is accepted, also when repeated');
  t.match((await c.call('GET', `/v1/recharge-orders/${o.body.orderId}`, { token: ann.token })).body, { status: 'failed' });
  t.equal((await wallet(c, ann)).cash, 0, 'a failed order credits nothing');
  const forged = await c.call('POST', '/v1/payments/callback', {
    body: { orderId: o.body.orderId, amount: 700, providerTxId: 'x', status: 'failed', sign: 'b'.repeat(64) },
  });
  t.equal(forged.status, 401, 'a failure notice needs the signature too');
  const bad = await c.call('POST', '/v1/payments/callback', { body: { orderId: o.body.orderId, amount: 700, providerTxId: 'x', status: 'cancelled', sign: 'b'.repeat(64) } });
  t.match(bad, { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } }, 'an unknown outcome is refused');

  const paid = await Promise.all([1, 2].map(() => c.call('POST', `/v1/dev/payments/${o.body.orderId}/succeed`)));
  t.ok(paid.every((r) => r.status === 200));
  t.match((await c.call('GET', `/v1/recharge-orders/${o.body.orderId}`, { token: ann.token })).body, { status: 'paid' });
  t.equal((await wallet(c, ann)).cash, 700, 'money that arrived after a failure is credited, once');
  await c.call('POST', `/v1/dev/payments/${o.body.orderId}/fail`);
  t.match((await c.call('GET', `/v1/recharge-orders/${o.body.orderId}`, { token: ann.token })).body, { status: 'paid' }, 'a late failure does not unpay');
  t.equal((await wallet(c, ann)).cash, 700);

  // A failure and a payment racing on one order: whichever lands first, the money is taken, once.
  const raced = await c.call<{ orderId: string }>('POST', '/v1/recharge-orders', { token: ann.token, body: { asset: 'cash', amount: 50 } });
  const outcomes = ['fail', 'succeed', 'fail', 'succeed'].map((o) => c.call('POST', `/v1/dev/payments/${raced.body.orderId}/${o}`));
  t.ok((await Promise.all(outcomes)).every((r) => r.status === 200));
  t.match((await c.call('GET', `/v1/recharge-orders/${raced.body.orderId}`, { token: ann.token })).body, { status: 'paid' }, 'a raced order ends paid');
  t.equal((await wallet(c, ann)).cash, 750, 'and is credited once');
});

t.test('given a streamer in a room, when viewers send gifts, then coins, income, room total and rankings follow', async (t) => {
  const host = await login(c, 'streamer');
  const fans = await Promise.all([1, 2, 3].map(() => login(c, 'fan')));
  const room = await c.call<{ roomId: string }>('POST', '/v1/rooms', { token: host.token, body: { title: 'live', kind: 'live' } });
  const outsider = await login(c);
  await recharge(c, outsider, 100, 'coins');
  const notIn = await c.call('POST', '/v1/gifts/send', { token: outsider.token, body: { giftId: 'heart', toUserId: host.userId, count: 1, roomId: room.body.roomId } });
  t.match(notIn.body, { error: { code: 'NOT_IN_ROOM' } });
  for (const f of fans) {
    await recharge(c, f, 1000, 'coins');
    await c.call('POST', `/v1/rooms/${room.body.roomId}/join`, { token: f.token });
  }
  const sends = await Promise.all(fans.map((f) => c.call<{ coinsSpent: number; coins: number }>('POST', '/v1/gifts/send', { token: f.token, body: { giftId: 'star', toUserId: host.userId, count: 2, roomId: room.body.roomId } })));
  t.ok(sends.every((s) => s.status === 201 && s.body.coinsSpent === 104 && s.body.coins === 896));
  const poor = await c.call('POST', '/v1/gifts/send', { token: fans[0]?.token, body: { giftId: 'castle', toUserId: host.userId, count: 1 } });
  t.match(poor.body, { error: { code: 'INSUFFICIENT_FUNDS' } });
  const hostWallet = await eventually(() => wallet(c, host), (w) => w.income === 3 * 52);
  t.equal(hostWallet.income, 156, 'the receiver earns the configured 50 % share');
  const r = await eventually(
    () => c.call<{ giftTotal: number }>('GET', `/v1/rooms/${room.body.roomId}`, { token: host.token }),
    (x) => x.body.giftTotal === 312,
  );
  t.equal(r.body.giftTotal, 312);
  const charm = await c.call<{ items: { userId: string; score: number }[] }>('GET', '/v1/rankings/charm?period=day', { token: host.token });
  t.ok(charm.body.items.some((i) => i.userId === host.userId && i.score >= 312));
});

t.test('given group and user packets, when outsiders grab, then they are not eligible and cannot even see them', async (t) => {
  const [owner, member, outsider] = [await login(c), await login(c), await login(c)];
  await recharge(c, owner, 1000);
  const g = await c.call<{ groupId: string }>('POST', '/v1/groups', { token: owner.token, body: { name: 'friends', memberIds: [member.userId] } });
  const p = await c.call<{ redPacketId: string }>('POST', '/v1/red-packets', { token: owner.token, body: { kind: 'fixed', count: 2, amountEach: 10, target: { type: 'group', id: g.body.groupId } } });
  t.match((await c.call('POST', `/v1/red-packets/${p.body.redPacketId}/grab`, { token: outsider.token })).body, { error: { code: 'NOT_ELIGIBLE' } });
  t.equal((await c.call('GET', `/v1/red-packets/${p.body.redPacketId}`, { token: outsider.token })).status, 404);
  t.equal((await c.call('GET', `/v1/groups/${g.body.groupId}`, { token: outsider.token })).status, 404);
  t.match((await c.call('POST', `/v1/red-packets/${p.body.redPacketId}/grab`, { token: member.token })).body, { amount: 10, cash: 10 });
  const again = await c.call('POST', `/v1/red-packets/${p.body.redPacketId}/grab`, { token: member.token });
  t.match(again.body, { error: { code: 'ALREADY_GRABBED', details: { amount: 10 } } });
  await c.call('DELETE', `/v1/groups/${g.body.groupId}/members/${member.userId}`, { token: owner.token });
  const p2 = await c.call<{ redPacketId: string }>('POST', '/v1/red-packets', { token: owner.token, body: { kind: 'fixed', count: 1, amountEach: 10, target: { type: 'group', id: g.body.groupId } } });
  t.match((await c.call('POST', `/v1/red-packets/${p2.body.redPacketId}/grab`, { token: member.token })).body, { error: { code: 'NOT_ELIGIBLE' } }, 'a removed member is no longer eligible');
  const forBob = await c.call<{ redPacketId: string }>('POST', '/v1/red-packets', { token: owner.token, body: { kind: 'lucky', count: 1, total: 5, target: { type: 'user', id: member.userId } } });
  t.match((await c.call('POST', `/v1/red-packets/${forBob.body.redPacketId}/grab`, { token: outsider.token })).body, { error: { code: 'NOT_ELIGIBLE' } });
  t.match((await c.call('POST', `/v1/red-packets/${forBob.body.redPacketId}/grab`, { token: member.token })).body, { amount: 5 });
  t.match((await c.call('POST', '/v1/red-packets', { token: owner.token, body: { kind: 'lucky', count: 10, total: 5, target: { type: 'group', id: g.body.groupId } } })).body, {
    error: { code: 'TOTAL_TOO_SMALL' },
  });
});

t.test('given transfers, when the wrong people act on them, then nothing moves', async (t) => {
  const [ann, bob, eve] = [await login(c), await login(c), await login(c)];
  await recharge(c, ann, 500);
  t.match((await c.call('POST', '/v1/transfers', { token: ann.token, body: { toUserId: ann.userId, amount: 1 } })).body, { error: { code: 'SELF_TRANSFER' } });
  t.match((await c.call('POST', '/v1/transfers', { token: ann.token, body: { toUserId: '999999999', amount: 1 } })).body, { error: { code: 'NOT_FOUND' } });
  const tr = await c.call<{ transferId: string }>('POST', '/v1/transfers', { token: ann.token, body: { toUserId: bob.userId, amount: 200 } });
  t.equal((await c.call('GET', `/v1/transfers/${tr.body.transferId}`, { token: eve.token })).status, 404, 'a stranger cannot read it');
  t.equal((await c.call('POST', `/v1/transfers/${tr.body.transferId}/accept`, { token: eve.token })).status, 403, 'a stranger cannot accept it');
  t.equal((await c.call('POST', `/v1/transfers/${tr.body.transferId}/accept`, { token: ann.token })).status, 403, 'the sender cannot accept it');
  t.match((await c.call('POST', `/v1/transfers/${tr.body.transferId}/reject`, { token: bob.token })).body, { status: 'returned' });
  t.match((await c.call('POST', `/v1/transfers/${tr.body.transferId}/accept`, { token: bob.token })).body, { error: { code: 'TRANSFER_SETTLED' } });
  t.equal((await wallet(c, ann)).cash, 500, 'refunded');
  t.equal((await wallet(c, bob)).cash, 0);
  const auditor = (await c.call<{ token: string }>('POST', '/v1/dev/auditor-sessions')).body.token;
  t.equal((await c.call('GET', '/v1/audit/events', { token: ann.token })).status, 403, 'audit needs the auditor role');
  t.equal((await c.call('GET', '/v1/audit/events', { token: auditor })).status, 200);
  const nd = await c.call('GET', `/v1/audit/streams/wallet-${ann.userId}/events`, { token: auditor, headers: { accept: 'application/x-ndjson' } });
  t.match(nd.headers.get('content-type'), /application\/x-ndjson/);
  t.ok(String(nd.body).trim().split('\n').every((l) => JSON.parse(l).streamId === `wallet-${ann.userId}`));
});

t.test('given bad input of every kind, when sent, then each gets a coded 4xx and the event log does not move', async (t) => {
  const ann = await login(c);
  await recharge(c, ann, 100);
  const auditor = (await c.call<{ token: string }>('POST', '/v1/dev/auditor-sessions')).body.token;
  const before = await head(auditor);
  const bad: [string, string, unknown, number, string][] = [
    ['POST', '/v1/transfers', { toUserId: ann.userId, amount: -5 }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/transfers', { toUserId: ann.userId, amount: 0 }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/transfers', { toUserId: ann.userId, amount: 1.5 }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/transfers', { toUserId: ann.userId, amount: 2 ** 60 }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/transfers', { toUserId: ann.userId, amount: '5' }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/transfers', { toUserId: ann.userId, amount: 5, extra: true }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/transfers', { amount: 5 }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/recharge-orders', { asset: 'gold', amount: 5 }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/red-packets', { kind: 'lucky', count: 1001, total: 5000, target: { type: 'room', id: '1' } }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/red-packets', { kind: 'fixed', count: 2, total: 5, target: { type: 'room', id: '1' } }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/red-packets/nope/grab', undefined, 404, 'NOT_FOUND'],
    ['POST', '/v1/gifts/send', { giftId: 'nope', toUserId: ann.userId, count: 1 }, 404, 'NOT_FOUND'],
    ['POST', '/v1/gifts/send', { giftId: 'rose', toUserId: ann.userId, count: 0 }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/gifts/send', { giftId: 'rose', toUserId: ann.userId, count: 1 }, 409, 'SELF_GIFT'],
    ['POST', '/v1/red-packets', { kind: 'lucky', count: 2, total: 2 ** 48 + 1, target: { type: 'room', id: '1' } }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/exchanges', { from: 'coins', to: 'coins', amount: 5 }, 400, 'VALIDATION_FAILED'],
    ['POST', '/v1/withdrawals', { asset: 'cash', amount: 101, account: 'bank' }, 409, 'INSUFFICIENT_FUNDS'],
    ['POST', '/v1/rooms/123/join', undefined, 404, 'NOT_FOUND'],
    ['GET', '/v1/wallet/ledger?limit=0', undefined, 400, 'VALIDATION_FAILED'],
    ['GET', '/v1/wallet/ledger?limit=101', undefined, 400, 'VALIDATION_FAILED'],
  ];
  for (const [method, path, body, status, code] of bad) {
    const r = await c.call(method, path, { token: ann.token, ...(body !== undefined ? { body } : {}) });
    t.equal(r.status, status, `${method} ${path} ${JSON.stringify(body)} → ${status}`);
    t.match(r.body, { error: { code, message: String } });
  }
  const badKey = await c.call('POST', '/v1/transfers', { token: ann.token, key: 'x'.repeat(129), body: { toUserId: ann.userId, amount: 1 } });
  t.equal(badKey.status, 400);
  t.equal(await head(auditor), before, 'no event was appended');
  t.equal((await wallet(c, ann)).cash, 100);
});

t.test('given a withdrawal, when an operator rejects it, then the held amount returns once', async (t) => {
  const ann = await login(c);
  await recharge(c, ann, 800);
  const w = await c.call<{ withdrawalId: string; status: string }>('POST', '/v1/withdrawals', { token: ann.token, body: { asset: 'cash', amount: 300, account: 'bank 1234' } });
  t.match(w.body, { status: 'pending' });
  t.equal((await wallet(c, ann)).cash, 500, 'held at once');
  t.equal((await c.call('POST', `/v1/admin/withdrawals/${w.body.withdrawalId}/reject`, { token: ann.token })).status, 403, 'users cannot decide');
  const ledger = await c.call<{ items: { reason: string; delta: number; balanceAfter: number }[] }>('GET', '/v1/wallet/ledger', { token: ann.token });
  t.match(ledger.body.items[0], { reason: 'withdrawal', delta: -300, balanceAfter: 500 });
  const operator = (await c.call<{ token: string }>('POST', '/v1/dev/operator-sessions')).body.token;
  const pending = await c.call<{ items: { withdrawalId: string }[] }>('GET', '/v1/admin/withdrawals?status=pending', { token: operator });
  t.ok(pending.body.items.some((i) => i.withdrawalId === w.body.withdrawalId), 'operators see pending withdrawals');
  const rejected = await Promise.all([1, 2].map(() => c.call('POST', `/v1/admin/withdrawals/${w.body.withdrawalId}/reject`, { token: operator, key: 'rej-1', body: { reason: 'account closed' } })));
  t.ok(rejected.every((r) => r.status === 200));
  t.equal((await wallet(c, ann)).cash, 800, 'refunded once');
  t.match((await c.call('POST', `/v1/admin/withdrawals/${w.body.withdrawalId}/approve`, { token: operator })).body, { error: { code: 'CONFLICT' } });
  const paidOut = await c.call<{ withdrawalId: string }>('POST', '/v1/withdrawals', { token: ann.token, body: { asset: 'cash', amount: 800, account: 'bank 1234' } });
  t.match((await c.call('POST', `/v1/admin/withdrawals/${paidOut.body.withdrawalId}/approve`, { token: operator })).body, { status: 'paid' });
  t.match((await c.call('GET', `/v1/withdrawals/${paidOut.body.withdrawalId}`, { token: ann.token })).body, { status: 'paid', amount: 800 });
  t.equal((await wallet(c, ann)).cash, 0);
});
