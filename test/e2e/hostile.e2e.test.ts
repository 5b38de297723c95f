// Hostile input over a real server: over a thousand invalid requests generated from the zod
// contracts (missing, extra and mistyped fields, boundary numbers, huge strings), bad JSON, bad
// tokens and bad keys, and other users' ids. Each must get a coded 4xx, never a 5xx, and the
// event log must not move. The contract itself is the oracle: a generated body that the schema
// would accept is discarded, so every request sent is invalid by the contract's own definition.
// A fixed list is sent regardless: text PostgreSQL cannot store (NUL, unpaired surrogates) in
// every free-text field, javascript: avatars, a lucky total past what the split can draw, a gift
// to yourself. The second test does the same to posts, uploads, purchases (vanity numbers, group
// levels, order cancels, payout accounts) and paid joins, on the same server, and also reads back
// what each probed resource says: every read answers as before.
import fc from 'fast-check';
import t from 'tap';
import type { z } from 'zod';
import { createSession, patchMe, requestSmsCode } from '../../contracts/http/auth.js';
import { sendGift } from '../../contracts/http/gifts.js';
import { muteMember, postNotice } from '../../contracts/http/groupMembers.js';
import { createGroup, joinGroup, kickGroupMembers, setGroupPermissions, updateGroup } from '../../contracts/http/groups.js';
import { createRedPacket } from '../../contracts/http/redPackets.js';
import { createReceipt, payAaShare, payInstantly, payReceipt, setPayPassword, startAaCollection, verifyPayPassword } from '../../contracts/http/payments.js';
import { createRoom } from '../../contracts/http/rooms.js';
import { createTransfer } from '../../contracts/http/transfers.js';
import { createExchange, createRechargeOrder, createWithdrawal, paymentCallback } from '../../contracts/http/wallet.js';
import { createTag, updateContact } from '../../contracts/http/contacts.js';
import { requestFriend } from '../../contracts/http/friends.js';
import { shake, updateLocation } from '../../contracts/http/geo.js';
import { matchPhoneBook } from '../../contracts/http/social.js';
import { addComment, editPost, publishPost, reviewPost, sendPostGift } from '../../contracts/http/posts.js';
import { addPayoutAccount, buyDisplayNumber, buyGroupLevel } from '../../contracts/http/purchases.js';
import { payGroupJoin } from '../../contracts/http/paidJoins.js';
import { startServer, removeDataDir, type RunningServer } from '../support/server.js';
import { client, login, recharge, type Client, type Reply } from '../support/client.js';
import { hostileUploads, storedObjects, voiceUpload } from '../support/hostileUploads.js';

let server: RunningServer;
let c: Client;
t.before(async () => {
  // Prices, so purchases reach their rules; uploads capped at 1 MiB, so an oversized file is cheap to send.
  const upTo = String(1024 * 1024);
  server = await startServer({
    env: {
      VANITY_NUMBER_PRICES: JSON.stringify([{ name: 'AAAA', pattern: '\\d*(\\d)\\1{3}\\d*', price: 5_000 }]),
      GROUP_LEVEL_PRICES: JSON.stringify({ '1': { price: 1_000, days: 30 }, '2': { price: 3_000, days: 30 } }),
      MEDIA_MAX_IMAGE_BYTES: upTo,
      MEDIA_MAX_VOICE_BYTES: upTo,
      MEDIA_MAX_VIDEO_BYTES: upTo,
      MEDIA_MAX_FILE_BYTES: upTo,
    },
  });
  c = client(server.url);
});
t.teardown(async () => {
  await server.stop();
  removeDataDir(server.dataDir);
});

type Json = Record<string, unknown>;
/** One request; `form` (a multipart body, made fresh for each send) goes instead of a JSON body. */
type Probe = { method: string; path: string; token?: string; body?: unknown; raw?: string; headers?: Record<string, string>; form?: () => FormData };

const head = async (auditor: string) => {
  let last = 0;
  for (let from: number | null = 0; from !== null; ) {
    const p: Reply<{ items: { globalPosition: number }[]; nextPosition: number | null }> = await c.call('GET', `/v1/audit/events?fromPosition=${from}&limit=1000`, { token: auditor });
    last = p.body.items.at(-1)?.globalPosition ?? last;
    from = p.body.nextPosition;
  }
  return last;
};

/** The head once the process managers finished the setup's flows (two equal reads apart). */
const settledHead = async (auditor: string) => {
  let prev = -1;
  for (;;) {
    const h = await head(auditor);
    if (h === prev) return h;
    prev = h;
    await new Promise((r) => setTimeout(r, 400));
  }
};

const boundary = fc.constantFrom<unknown>(0, -1, -0.5, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, -(2 ** 60), 1e308, '', ' ', '1', 'NaN', true, false, null, [], {}, [1], { $gt: 0 });
const wrongValue = fc.oneof(
  boundary,
  fc.string({ maxLength: 30 }),
  fc.integer({ min: -1_000_000, max: 0 }),
  fc.double({ noNaN: true }),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.constant('x'.repeat(70_000)),
  fc.constant('💰'.repeat(300)),
  fc.constant("'; drop table es_events; --"),
  fc.constantFrom('x\u0000', 'x\ud800', '\udc00', 'esc\u001b[2J', 'javascript:alert(1)'),
);

/** What PostgreSQL cannot store (NUL, an unpaired surrogate) or what forges a screen (escape codes). */
const unstorable = ['x\u0000', '\u0000', 'x\ud800', '\udfffx', 'esc\u001b[2J', 'bell\u0007'];

/** Invalid bodies derived from a valid one: each mutation is checked against the schema. */
const invalidBodies = (schema: z.ZodType, valid: Json, n: number): unknown[] => {
  const keys = Object.keys(valid);
  const mutate = fc.oneof(
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([x]) => x !== k))),
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue()).map(([k, v]) => ({ ...valid, [`x_${k}`]: v })),
    fc.tuple(fc.constantFrom(...keys), wrongValue).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.tuple(fc.constantFrom(...keys), wrongValue, fc.constantFrom(...keys), wrongValue).map(([k1, v1, k2, v2]) => ({ ...valid, [k1]: v1, [k2]: v2 })),
    fc.oneof(fc.jsonValue(), fc.constant({})).filter((v) => v !== undefined),
  );
  const out: unknown[] = [];
  for (const body of fc.sample(mutate, { numRuns: n * 3, seed: 42 })) {
    // What the server parses is the JSON, not the JS value (-0, nested undefined).
    const wire: unknown = JSON.parse(JSON.stringify(body) ?? 'null');
    if (!schema.safeParse(wire).success) out.push(wire);
    if (out.length >= n) break;
  }
  return out;
};

const isCodedError = (b: unknown): boolean => {
  if (typeof b !== 'object' || b === null) return false;
  const e = (b as { error?: unknown }).error;
  if (typeof e !== 'object' || e === null) return false;
  const { code, message, details } = e as Json;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) && typeof message === 'string' && typeof details === 'object' && details !== null && !Array.isArray(details);
};

const send = async (p: Probe): Promise<Reply<unknown>> => {
  if (!p.form) {
    return c.call(p.method, p.path, {
      ...(p.token ? { token: p.token } : {}),
      ...(p.body !== undefined ? { body: p.body } : {}),
      ...(p.raw !== undefined ? { raw: p.raw } : {}),
      ...(p.headers ? { headers: p.headers } : {}),
    });
  }
  const r = await fetch(c.base + p.path, { method: p.method, headers: { ...(p.token ? { authorization: `Bearer ${p.token}` } : {}), ...p.headers }, body: p.form() });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: judged as it is
  }
  return { status: r.status, body, headers: r.headers };
};

/** Sends every probe, eight at a time; a failure is any answer but a coded 4xx. */
const sendAll = async (probes: readonly Probe[]) => {
  const failures: { probe: string; status: number; body: unknown }[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < probes.length) {
        const p = probes[next++];
        if (!p) continue;
        const r = await send(p);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status < 400 || r.status >= 500 || !isCodedError(r.body)) {
          const what = p.form ? 'multipart' : JSON.stringify(p.body ?? p.raw ?? p.headers ?? '');
          failures.push({ probe: `${p.method} ${p.path} ${what.slice(0, 200)}`, status: r.status, body: r.body });
        }
      }
    }),
  );
  return { failures, statuses };
};

t.test('given a running server with money in it, when 1,000+ invalid requests arrive, then each gets a coded 4xx and the log does not move', async (t) => {
  const [ann, bob, eve] = [await login(c, 'ann'), await login(c, 'bob'), await login(c, 'eve')];
  await recharge(c, ann, 10_000);
  await recharge(c, ann, 1_000, 'coins');
  const tr = await c.call<{ transferId: string }>('POST', '/v1/transfers', { token: ann.token, body: { toUserId: bob.userId, amount: 100 } });
  const g = await c.call<{ groupId: string }>('POST', '/v1/groups', { token: ann.token, body: { name: 'g', memberIds: [bob.userId] } });
  const rp = await c.call<{ redPacketId: string }>('POST', '/v1/red-packets', { token: ann.token, body: { kind: 'fixed', count: 2, amountEach: 10, target: { type: 'group', id: g.body.groupId } } });
  const room = await c.call<{ roomId: string }>('POST', '/v1/rooms', { token: ann.token, body: { title: 'r', kind: 'live' } });
  const w = await c.call<{ withdrawalId: string }>('POST', '/v1/withdrawals', { token: ann.token, body: { asset: 'cash', amount: 50, account: 'bank' } });
  const order = await c.call<{ orderId: string }>('POST', '/v1/recharge-orders', { token: ann.token, body: { asset: 'cash', amount: 5 } });
  const aa = await c.call<{ aaId: string }>('POST', '/v1/aa-collections', { token: ann.token, body: { amountEach: 10, count: 2, target: { type: 'group', id: g.body.groupId } } });
  const receipt = await c.call<{ payload: string }>('POST', '/v1/receipts', { token: bob.token, body: { amount: 10 } });
  t.ok([tr, g, rp, room, w, order, aa, receipt].every((r) => r.status === 201), 'setup');
  const auditor = (await c.call<{ token: string }>('POST', '/v1/dev/auditor-sessions')).body.token;
  const before = await settledHead(auditor);

  const gp = `/v1/groups/${g.body.groupId}`;
  const targets: { path: string; method?: string; schema: z.ZodType; valid: Json; token?: string }[] = [
    { path: '/v1/transfers', schema: createTransfer.body, valid: { toUserId: bob.userId, amount: 1, note: 'hi' } },
    { path: '/v1/gifts/send', schema: sendGift.body, valid: { giftId: 'heart', toUserId: bob.userId, count: 1, roomId: room.body.roomId } },
    { path: '/v1/red-packets', schema: createRedPacket.body, valid: { kind: 'lucky', count: 2, total: 10, target: { type: 'group', id: g.body.groupId } } },
    { path: '/v1/recharge-orders', schema: createRechargeOrder.body, valid: { asset: 'cash', amount: 100 } },
    { path: '/v1/exchanges', schema: createExchange.body, valid: { from: 'cash', to: 'coins', amount: 1 } },
    { path: '/v1/withdrawals', schema: createWithdrawal.body, valid: { asset: 'cash', amount: 1, account: 'bank' } },
    { path: '/v1/groups', schema: createGroup.body, valid: { name: 'n', memberIds: [bob.userId] } },
    { path: `${gp}/permissions`, method: 'PATCH', schema: setGroupPermissions.body, valid: { join: { mode: 'approval', question: 'q' }, membersMayAddFriends: true } },
    { path: gp, method: 'PATCH', schema: updateGroup.body, valid: { name: 'n', description: 'd' } },
    { path: `${gp}/notices`, schema: postNotice.body, valid: { text: 'hi' } },
    { path: `${gp}/members/${bob.userId}/mute`, schema: muteMember.body, valid: { seconds: 60 } },
    { path: `${gp}/kick`, schema: kickGroupMembers.body, valid: { userIds: [bob.userId] } },
    { path: `${gp}/join`, schema: joinGroup.body, valid: { message: 'hi' }, token: eve.token },
    { path: '/v1/rooms', schema: createRoom.body, valid: { title: 't', kind: 'live', seats: 8 } },
    { path: '/v1/me', method: 'PATCH', schema: patchMe.body, valid: { nickname: 'n', avatarUrl: 'https://example.com/a.png' } },
    { path: '/v1/auth/sms-codes', schema: requestSmsCode.body, valid: { phone: '+8613900000001' } },
    { path: '/v1/auth/sessions', schema: createSession.body, valid: { phone: '+8613900000001', code: '123456', nickname: 'n' } },
    { path: '/v1/friend-requests', schema: requestFriend.body, valid: { userId: bob.userId, reason: 'hi', remark: 'b' } },
    { path: `/v1/contacts/${bob.userId}`, method: 'PATCH', schema: updateContact.body, valid: { remark: 'b', commonlyUsed: false } },
    { path: '/v1/tags', schema: createTag.body, valid: { name: 't', userIds: [] } },
    { path: '/v1/geo/location', schema: updateLocation.body, valid: { lat: 1, lng: 2 } },
    { path: '/v1/geo/shake', schema: shake.body, valid: { lat: 1, lng: 2 } },
    { path: '/v1/phone-book/matches', schema: matchPhoneBook.body, valid: { phones: ['13900000001'] } },
    { path: '/v1/payments/callback', schema: paymentCallback.body, valid: { orderId: order.body.orderId, amount: 5, providerTxId: 'x', status: 'success', sign: 'a'.repeat(64) } },
    { path: '/v1/instant-payments', schema: payInstantly.body, valid: { toUserId: bob.userId, asset: 'cash', amount: 1, note: 'hi' } },
    { path: '/v1/receipts', schema: createReceipt.body, valid: { asset: 'cash', amount: 1, note: 'hi', expiresInSeconds: 60 } },
    { path: '/v1/receipts/pay', schema: payReceipt.body, valid: { payload: receipt.body.payload, amount: 10 } },
    { path: '/v1/aa-collections', schema: startAaCollection.body, valid: { amountEach: 10, count: 2, target: { type: 'group', id: g.body.groupId }, note: 'n' } },
    { path: `/v1/aa-collections/${aa.body.aaId}/pay`, schema: payAaShare.body, valid: { amount: 10 } },
    { path: '/v1/pay-password', schema: setPayPassword.body, valid: { code: '123456', payPassword: '123456' } },
    { path: '/v1/pay-password/verify', schema: verifyPayPassword.body, valid: { payPassword: '123456' } },
  ];
  const probes: Probe[] = [];
  for (const x of targets) {
    for (const body of invalidBodies(x.schema, x.valid, 80)) probes.push({ method: x.method ?? 'POST', path: x.path, token: x.token ?? ann.token, body });
  }
  // Bad JSON, bad tokens, bad idempotency keys (with an otherwise valid body: the key is checked first).
  for (const raw of ['{', '{"amount":', 'nul', '[1,2', '{"toUserId":"1","amount":1}}', '\u0000', 'true false', '{"a":1,"a":', "{'a':1}", '1e999999']) {
    probes.push({ method: 'POST', path: '/v1/transfers', token: ann.token, raw });
    probes.push({ method: 'POST', path: '/v1/gifts/send', token: ann.token, raw });
  }
  const validTransfer = { toUserId: bob.userId, amount: 1 };
  for (const auth of ['', 'Bearer', 'Bearer ', 'Bearer x', `Bearer ${ann.token}x`, `Basic ${ann.token}`, `bearer  ${'a'.repeat(5000)}`, `Bearer ${ann.token.slice(1)}`]) {
    probes.push({ method: 'POST', path: '/v1/transfers', body: validTransfer, headers: auth ? { authorization: auth } : {} });
    probes.push({ method: 'GET', path: '/v1/wallet', headers: auth ? { authorization: auth } : {} });
  }
  // (fetch itself refuses control characters and non-Latin-1 in headers, so those are not sent.)
  for (const key of ['k'.repeat(129), '', 'k'.repeat(5000)]) {
    probes.push({ method: 'POST', path: '/v1/transfers', token: ann.token, body: validTransfer, headers: { 'idempotency-key': key } });
  }
  // Other users' things, and ids that are not ids.
  const theirs: Probe[] = [
    { method: 'POST', path: `/v1/transfers/${tr.body.transferId}/accept`, token: eve.token },
    { method: 'POST', path: `/v1/transfers/${tr.body.transferId}/reject`, token: eve.token },
    { method: 'POST', path: `/v1/transfers/${tr.body.transferId}/accept`, token: ann.token },
    { method: 'POST', path: `/v1/red-packets/${rp.body.redPacketId}/grab`, token: eve.token },
    { method: 'GET', path: `/v1/red-packets/${rp.body.redPacketId}`, token: eve.token },
    { method: 'GET', path: `/v1/recharge-orders/${order.body.orderId}`, token: eve.token },
    { method: 'GET', path: `/v1/withdrawals/${w.body.withdrawalId}`, token: eve.token },
    { method: 'POST', path: `/v1/admin/withdrawals/${w.body.withdrawalId}/approve`, token: eve.token },
    { method: 'POST', path: `/v1/admin/withdrawals/${w.body.withdrawalId}/approve`, token: ann.token },
    { method: 'POST', path: `/v1/admin/users/${eve.userId}/roles`, token: eve.token, body: { role: 'operator' } },
    { method: 'POST', path: `/v1/groups/${g.body.groupId}/members`, token: eve.token, body: { userIds: [eve.userId] } },
    { method: 'DELETE', path: `/v1/groups/${g.body.groupId}/members/${bob.userId}`, token: eve.token },
    { method: 'DELETE', path: `${gp}/members/${ann.userId}`, token: bob.token },
    { method: 'POST', path: `${gp}/kick`, token: bob.token, body: { userIds: [ann.userId] } },
    { method: 'POST', path: `${gp}/kick`, token: ann.token, body: { userIds: [ann.userId] } },
    { method: 'POST', path: `${gp}/dismiss`, token: bob.token },
    { method: 'POST', path: `${gp}/dismiss`, token: eve.token },
    { method: 'PATCH', path: `${gp}/permissions`, token: bob.token, body: { join: { mode: 'closed' } } },
    { method: 'POST', path: `${gp}/members/${bob.userId}/role`, token: bob.token, body: { role: 'admin' } },
    { method: 'POST', path: `${gp}/members/${ann.userId}/mute`, token: ann.token, body: { seconds: 60 } },
    { method: 'POST', path: `${gp}/members/${bob.userId}/mute`, token: ann.token, body: { seconds: 604_801 } },
    { method: 'POST', path: `${gp}/notices`, token: bob.token, body: { text: 'hi' } },
    { method: 'POST', path: `${gp}/ownership-offer/accept`, token: bob.token },
    { method: 'POST', path: `${gp}/ownership-offer`, token: eve.token, body: { userId: eve.userId } },
    { method: 'POST', path: `${gp}/applications/${eve.userId}/approve`, token: ann.token },
    { method: 'POST', path: `/v1/admin/groups/${g.body.groupId}/level`, token: ann.token, body: { level: 4, expiresAt: null } },
    { method: 'GET', path: `${gp}/members`, token: eve.token },
    { method: 'GET', path: `${gp}/applications`, token: bob.token },
    { method: 'POST', path: `/v1/rooms/${room.body.roomId}/close`, token: eve.token },
    { method: 'POST', path: `/v1/rooms/${room.body.roomId}/bans`, token: eve.token, body: { userId: ann.userId } },
    { method: 'GET', path: `/v1/audit/events`, token: ann.token },
    { method: 'POST', path: `/v1/transfers`, token: eve.token, body: { toUserId: bob.userId, amount: 1 } },
    { method: 'POST', path: `/v1/gifts/send`, token: eve.token, body: { giftId: 'heart', toUserId: ann.userId, count: 1 } },
    // The social graph: yourself, no request to answer, no friendship to end, someone else's tag.
    { method: 'POST', path: `/v1/users/${eve.userId}/follow`, token: eve.token },
    { method: 'POST', path: `/v1/users/${eve.userId}/block`, token: eve.token },
    { method: 'POST', path: '/v1/friend-requests', token: eve.token, body: { userId: eve.userId } },
    { method: 'POST', path: `/v1/friend-requests/${bob.userId}/accept`, token: eve.token },
    { method: 'DELETE', path: `/v1/friends/${bob.userId}`, token: eve.token },
    { method: 'PATCH', path: `/v1/contacts/${bob.userId}`, token: eve.token, body: { commonlyUsed: true } },
    { method: 'POST', path: '/v1/tags', token: eve.token, body: { name: 'x', userIds: [bob.userId] } },
    { method: 'PATCH', path: '/v1/tags/123', token: eve.token, body: { name: 'mine' } },
    { method: 'GET', path: '/v1/geo/nearby', token: eve.token },
    { method: 'POST', path: `/v1/aa-collections/${aa.body.aaId}/pay`, token: eve.token, body: {} },
    { method: 'POST', path: `/v1/aa-collections/${aa.body.aaId}/pay`, token: ann.token, body: {} },
    { method: 'GET', path: `/v1/aa-collections/${aa.body.aaId}`, token: eve.token },
    { method: 'POST', path: '/v1/instant-payments', token: eve.token, body: { toUserId: bob.userId, amount: 1 } },
    { method: 'POST', path: '/v1/receipts/pay', token: eve.token, body: { payload: receipt.body.payload } },
    { method: 'POST', path: '/v1/receipts/pay', token: bob.token, body: { payload: receipt.body.payload } },
    { method: 'GET', path: '/v1/admin/platform-accounts', token: ann.token },
    { method: 'POST', path: '/v1/pay-password', token: ann.token, body: { code: '000000', payPassword: '123456' } },
  ];
  probes.push(...theirs);
  for (const id of ['..', '%00', 'a'.repeat(300), '1;drop', '%F0%9F%92%B0', '999999999999999999999']) {
    probes.push({ method: 'POST', path: `/v1/users/${id}/follow`, token: bob.token });
    probes.push({ method: 'POST', path: '/v1/friend-requests', token: bob.token, body: { userId: id } });
    probes.push({ method: 'POST', path: `/v1/aa-collections/${id}/pay`, token: bob.token, body: {} });
    probes.push({ method: 'POST', path: `/v1/red-packets/${id}/grab`, token: bob.token });
    probes.push({ method: 'POST', path: `/v1/transfers/${id}/accept`, token: bob.token });
    probes.push({ method: 'GET', path: `/v1/transfers/${id}`, token: bob.token });
  }
  // Sent whatever the oracle says: each of these got a 500 or was stored before the contracts
  // refused them (a NUL failed every append batched with it).
  const textFields: [string, string, Json, string][] = [
    ['POST', '/v1/transfers', { toUserId: bob.userId, amount: 1 }, 'note'],
    ['POST', '/v1/red-packets', { kind: 'fixed', count: 1, amountEach: 1, target: { type: 'user', id: bob.userId } }, 'greeting'],
    ['POST', '/v1/withdrawals', { asset: 'cash', amount: 1 }, 'account'],
    ['POST', '/v1/groups', { memberIds: [bob.userId] }, 'name'],
    ['PATCH', gp, {}, 'description'],
    ['POST', `${gp}/notices`, {}, 'text'],
    ['POST', `${gp}/members/${bob.userId}/nickname`, {}, 'nickname'],
    ['POST', `${gp}/join`, {}, 'message'],
    ['POST', '/v1/rooms', { kind: 'live' }, 'title'],
    ['PATCH', '/v1/me', {}, 'nickname'],
    ['PATCH', '/v1/me', {}, 'avatarUrl'],
    ['POST', '/v1/auth/sessions', { phone: '+8613900000001', code: '123456' }, 'nickname'],
    ['POST', '/v1/friend-requests', { userId: bob.userId }, 'reason'],
    ['POST', '/v1/friend-requests', { userId: bob.userId }, 'remark'],
    ['PATCH', `/v1/contacts/${bob.userId}`, {}, 'remark'],
    ['POST', '/v1/tags', {}, 'name'],
    ['POST', '/v1/instant-payments', { toUserId: bob.userId, amount: 1 }, 'note'],
    ['POST', '/v1/receipts', { amount: 1 }, 'note'],
    ['POST', '/v1/aa-collections', { amountEach: 10, count: 2, target: { type: 'group', id: g.body.groupId } }, 'note'],
  ];
  for (const [method, path, rest, field] of textFields) {
    for (const value of unstorable) probes.push({ method, path, token: ann.token, body: { ...rest, [field]: field === 'avatarUrl' ? `https://example.com/${value}` : value } });
  }
  probes.push(
    { method: 'PATCH', path: '/v1/me', token: ann.token, body: { avatarUrl: 'javascript:alert(1)' } },
    { method: 'PATCH', path: '/v1/me', token: ann.token, body: { avatarUrl: 'data:text/html,<script>alert(1)</script>' } },
    { method: 'POST', path: '/v1/red-packets', token: ann.token, body: { kind: 'lucky', count: 2, total: 2 ** 48 + 1, target: { type: 'group', id: g.body.groupId } } },
    { method: 'POST', path: '/v1/red-packets', token: ann.token, body: { kind: 'lucky', count: 2, total: Number.MAX_SAFE_INTEGER, target: { type: 'group', id: g.body.groupId } } },
    { method: 'POST', path: '/v1/gifts/send', token: ann.token, body: { giftId: 'heart', toUserId: ann.userId, count: 1 } },
  );
  t.ok(probes.length >= 1000, `${probes.length} hostile requests`);

  const { failures, statuses } = await sendAll(probes);
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
  t.same(failures.slice(0, 10), [], `every answer is a coded 4xx (${failures.length} were not)`);
  t.equal(await settledHead(auditor), before, 'the event log did not move');
});

t.test('given posts, an upload, purchases, a payout account and a paid group, when hostile requests arrive, then each gets a coded 4xx, every read answers as before, and the log does not move', async (t) => {
  const [pat, quin, rex] = [await login(c, 'pat'), await login(c, 'quin'), await login(c, 'rex')];
  const paidOrder = await recharge(c, pat, 10_000);
  await recharge(c, pat, 1_000, 'coins');
  const op = (await c.call<{ token: string }>('POST', '/v1/dev/operator-sessions')).body.token;
  const card = '6222021234567890128'; // Luhn-valid test number
  const setup = [
    await c.call('POST', '/v1/me/real-name', { token: pat.token, body: { name: '张三丰', idNumber: '11010119900101123X' } }),
    await c.call('POST', `/v1/admin/real-names/${pat.userId}/approve`, { token: op, body: {} }),
  ];
  const acct = await c.call<{ accountId: string }>('POST', '/v1/me/payout-accounts', { token: pat.token, body: { kind: 'bank_card', number: card, bank: 'ICBC' } });
  const post = await c.call<{ postId: string }>('POST', '/v1/posts', { token: pat.token, body: { kind: 'moment', text: 'hello' } });
  const comment = await c.call<{ commentId: string }>('POST', `/v1/posts/${post.body.postId}/comments`, { token: quin.token, body: { text: 'hi pat' } });
  const paid = await c.call<{ groupId: string }>('POST', '/v1/groups', { token: pat.token, body: { name: 'club', memberIds: [quin.userId] } });
  const fee = await c.call('PATCH', `/v1/groups/${paid.body.groupId}/permissions`, { token: pat.token, body: { join: { mode: 'paid', fee: 500 } } });
  const free = await c.call<{ groupId: string }>('POST', '/v1/groups', { token: pat.token, body: { name: 'free', memberIds: [quin.userId] } });
  const pending = await c.call<{ orderId: string }>('POST', '/v1/recharge-orders', { token: pat.token, body: { asset: 'cash', amount: 5 } });
  const up = await fetch(`${c.base}/v1/media`, { method: 'POST', headers: { authorization: `Bearer ${pat.token}` }, body: voiceUpload() });
  const upload = (await up.json()) as { mediaId: string };
  t.same([...setup, acct, post, comment, paid, fee, free, pending].map((r) => r.status), [201, 200, 201, 201, 201, 201, 200, 201, 201], 'setup');
  t.equal(up.status, 201, 'an upload to read back');
  const auditor = (await c.call<{ token: string }>('POST', '/v1/dev/auditor-sessions')).body.token;

  const pp = `/v1/posts/${post.body.postId}`;
  const gp = `/v1/groups/${paid.body.groupId}`;
  // What each probed resource says, as its owner (and a stranger) reads it.
  const reads: [string, string][] = [
    [pp, pat.token],
    [`${pp}/comments`, pat.token],
    ['/v1/me/posts', pat.token],
    ['/v1/me', pat.token],
    ['/v1/me', rex.token],
    ['/v1/wallet', pat.token],
    ['/v1/wallet', quin.token],
    ['/v1/wallet', rex.token],
    ['/v1/me/payout-accounts', pat.token],
    ['/v1/me/payout-accounts', rex.token],
    [gp, pat.token],
    [`/v1/groups/${free.body.groupId}`, pat.token],
    [`/v1/recharge-orders/${pending.body.orderId}`, pat.token],
    [`/v1/recharge-orders/${paidOrder}`, pat.token],
    [`/v1/media/${upload.mediaId}`, pat.token],
    ['/v1/display-numbers/77770', rex.token],
  ];
  const snapshot = async () => {
    const out: Record<string, unknown> = {};
    for (const [i, [path, token]] of reads.entries()) {
      const r = await c.call('GET', path, { token });
      out[`${i} ${path}`] = { status: r.status, body: r.body };
    }
    return out;
  };
  const before = await settledHead(auditor);
  const seen = await snapshot();
  const objects = storedObjects(server.dataDir);
  t.ok(Object.values(seen).every((r) => (r as { status: number }).status === 200), 'every read answers');
  t.ok(objects.length > 0, 'the upload is on disk');

  const targets: { path: string; method?: string; schema: z.ZodType; valid: Json; token: string }[] = [
    { path: '/v1/posts', schema: publishPost.body, valid: { kind: 'moment', text: 'hi', mentions: [quin.userId], visibility: { mode: 'public', userIds: [] } }, token: pat.token },
    { path: pp, method: 'PUT', schema: editPost.body, valid: { text: 'edited', location: { lat: 1, lng: 2, name: 'here' } }, token: pat.token },
    { path: `${pp}/comments`, schema: addComment.body, valid: { text: 'hi', replyTo: comment.body.commentId }, token: quin.token },
    { path: `${pp}/gifts`, schema: sendPostGift.body, valid: { giftId: 'heart', count: 1 }, token: quin.token },
    { path: `/v1/admin/posts/${post.body.postId}/review`, schema: reviewPost.body, valid: { decision: 'reject', reason: 'spam' }, token: op },
    { path: '/v1/me/display-number/purchases', schema: buyDisplayNumber.body, valid: { displayNumber: '77770' }, token: rex.token },
    { path: `${gp}/level/purchases`, schema: buyGroupLevel.body, valid: { level: 1 }, token: quin.token },
    { path: '/v1/me/payout-accounts', schema: addPayoutAccount.body, valid: { kind: 'bank_card', number: card, bank: 'ICBC' }, token: rex.token },
    { path: `${gp}/paid-join`, schema: payGroupJoin.body, valid: { message: 'let me in' }, token: quin.token },
  ];
  const probes: Probe[] = [];
  for (const x of targets) {
    for (const body of invalidBodies(x.schema, x.valid, 40)) probes.push({ method: x.method ?? 'POST', path: x.path, token: x.token, body });
  }
  // Amounts that are not positive whole numbers, and bodies past the size limit, on every money route here.
  for (const n of [0, -1, -500, 1.5, 0.01, 2 ** 53, '1', null]) {
    probes.push(
      { method: 'POST', path: `${pp}/gifts`, token: quin.token, body: { giftId: 'heart', count: n } },
      { method: 'POST', path: `${gp}/level/purchases`, token: pat.token, body: { level: n } },
    );
  }
  const huge = 'x'.repeat(100_000);
  probes.push(
    { method: 'POST', path: '/v1/posts', token: pat.token, body: { text: huge } },
    { method: 'PUT', path: pp, token: pat.token, body: { text: huge } },
    { method: 'POST', path: `${pp}/comments`, token: quin.token, body: { text: huge } },
    { method: 'POST', path: '/v1/me/payout-accounts', token: pat.token, body: { kind: 'alipay', number: huge } },
    { method: 'POST', path: `${gp}/paid-join`, token: rex.token, body: { message: huge } },
    { method: 'POST', path: '/v1/posts', token: pat.token, body: { text: 'many', media: Array.from({ length: 10 }, (_, i) => ({ type: 'image', id: `m${i}` })) } },
    { method: 'POST', path: '/v1/posts', token: pat.token, body: { text: 'many', mentions: Array.from({ length: 21 }, () => quin.userId) } },
  );
  // No caller, or a caller who may not: each refused before anything is decided.
  const writes: [string, string, unknown][] = [
    ['POST', '/v1/posts', { text: 'hi' }],
    ['PUT', pp, { text: 'mine now' }],
    ['DELETE', pp, undefined],
    ['PUT', `${pp}/like`, undefined],
    ['POST', `${pp}/comments`, { text: 'hi' }],
    ['DELETE', `${pp}/comments/${comment.body.commentId}`, undefined],
    ['POST', `${pp}/gifts`, { giftId: 'heart', count: 1 }],
    ['POST', `/v1/admin/posts/${post.body.postId}/review`, { decision: 'reject' }],
    ['POST', `/v1/recharge-orders/${pending.body.orderId}/cancel`, undefined],
    ['POST', '/v1/me/display-number/purchases', { displayNumber: '77770' }],
    ['POST', `${gp}/level/purchases`, { level: 1 }],
    ['POST', '/v1/me/payout-accounts', { kind: 'bank_card', number: card, bank: 'ICBC' }],
    ['DELETE', `/v1/me/payout-accounts/${acct.body.accountId}`, undefined],
    ['POST', `${gp}/paid-join`, {}],
  ];
  for (const [method, path, body] of writes) {
    for (const headers of [{}, { authorization: 'Bearer x' }, { authorization: `Bearer ${pat.token}x` }] as Record<string, string>[]) probes.push({ method, path, headers, ...(body !== undefined ? { body } : {}) });
  }
  probes.push(
    { method: 'GET', path: '/v1/me/payout-accounts' },
    { method: 'GET', path: '/v1/admin/posts/pending', token: quin.token },
    // Someone else's post, comment, order, account, group; a stranger's money that is not there.
    { method: 'PUT', path: pp, token: rex.token, body: { text: 'mine now' } },
    { method: 'DELETE', path: pp, token: rex.token },
    { method: 'DELETE', path: `${pp}/comments/${comment.body.commentId}`, token: rex.token },
    { method: 'POST', path: `/v1/admin/posts/${post.body.postId}/review`, token: quin.token, body: { decision: 'reject' } },
    { method: 'POST', path: `${pp}/gifts`, token: rex.token, body: { giftId: 'heart', count: 1 } },
    { method: 'POST', path: `${pp}/gifts`, token: pat.token, body: { giftId: 'heart', count: 1 } },
    { method: 'POST', path: `${pp}/gifts`, token: quin.token, body: { giftId: 'no-such-gift', count: 1 } },
    { method: 'POST', path: '/v1/posts', token: pat.token, body: { text: 'for rex', visibility: { mode: 'only', userIds: [rex.userId] } } },
    { method: 'POST', path: `/v1/recharge-orders/${pending.body.orderId}/cancel`, token: rex.token },
    { method: 'POST', path: `/v1/recharge-orders/${paidOrder}/cancel`, token: pat.token },
    { method: 'POST', path: '/v1/me/display-number/purchases', token: rex.token, body: { displayNumber: '77770' } },
    { method: 'POST', path: '/v1/me/display-number/purchases', token: pat.token, body: { displayNumber: '12345' } },
    { method: 'GET', path: '/v1/display-numbers/0123', token: pat.token },
    { method: 'POST', path: `${gp}/level/purchases`, token: quin.token, body: { level: 1 } },
    { method: 'POST', path: `${gp}/level/purchases`, token: rex.token, body: { level: 1 } },
    { method: 'POST', path: `${gp}/level/purchases`, token: pat.token, body: { level: 3 } },
    { method: 'POST', path: '/v1/me/payout-accounts', token: rex.token, body: { kind: 'bank_card', number: card, bank: 'ICBC' } },
    { method: 'POST', path: '/v1/me/payout-accounts', token: pat.token, body: { kind: 'bank_card', number: card, bank: 'ICBC' } },
    { method: 'POST', path: '/v1/me/payout-accounts', token: pat.token, body: { kind: 'bank_card', number: '6222021234567890127', bank: 'ICBC' } },
    // A card whose BIN names no bank we know needs its bank from the client (a known BIN fills it: cardBins.ts).
    { method: 'POST', path: '/v1/me/payout-accounts', token: pat.token, body: { kind: 'bank_card', number: '9999991234567890124' } },
    { method: 'POST', path: '/v1/me/payout-accounts', token: pat.token, body: { kind: 'alipay', number: 'not an account' } },
    { method: 'DELETE', path: `/v1/me/payout-accounts/${acct.body.accountId}`, token: rex.token },
    { method: 'POST', path: `${gp}/paid-join`, token: quin.token, body: {} },
    { method: 'POST', path: `${gp}/paid-join`, token: pat.token, body: {} },
    { method: 'POST', path: `/v1/groups/${free.body.groupId}/paid-join`, token: rex.token, body: {} },
  );
  for (const id of ['..', '%00', 'a'.repeat(300), '1;drop', '999999999999999999999']) {
    probes.push(
      { method: 'PUT', path: `/v1/posts/${id}`, token: pat.token, body: { text: 'x' } },
      { method: 'POST', path: `/v1/posts/${id}/gifts`, token: pat.token, body: { giftId: 'heart', count: 1 } },
      { method: 'POST', path: `/v1/recharge-orders/${id}/cancel`, token: pat.token },
      { method: 'POST', path: `/v1/groups/${id}/level/purchases`, token: pat.token, body: { level: 1 } },
      { method: 'DELETE', path: `/v1/me/payout-accounts/${id}`, token: pat.token },
      { method: 'POST', path: `/v1/groups/${id}/paid-join`, token: rex.token, body: {} },
      { method: 'GET', path: `/v1/media/${id}`, token: pat.token },
    );
  }
  probes.push(...hostileUploads(pat.token, 1024 * 1024));
  t.ok(probes.length >= 400, `${probes.length} hostile requests`);

  const { failures, statuses } = await sendAll(probes);
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
  t.same(failures.slice(0, 10), [], `every answer is a coded 4xx (${failures.length} were not)`);
  t.same(await snapshot(), seen, 'every probed resource reads back as before');
  t.same(storedObjects(server.dataDir), objects, 'no refused upload left bytes behind');
  t.equal(await settledHead(auditor), before, 'the event log did not move');
});
