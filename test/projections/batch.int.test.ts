// applyBatch against apply: the same events fed one by one and in batches (one batch, two at
// a cut, batches of five) must leave the same tables. Events the domain decided, plus a few
// written by hand in orders the domain never writes, which the set-based paths must still match.
import t, { type Test } from 'tap';
import { redPacketDecider, redPacketStream, type RedPacketCommand, type RedPacketTerms } from '../../domain/redPacket.js';
import { roomDecider, roomStream, type RoomCommand } from '../../domain/room.js';
import { walletDecider, walletStream, type WalletCommand } from '../../domain/wallet/index.js';
import type { Projection } from '../../projections/projection.js';
import { rankingsProjection } from '../../projections/rankings.js';
import { redPacketsProjection } from '../../projections/redPackets.js';
import { roomsProjection } from '../../projections/rooms.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';
import { eventLog, project, startReadStore, tableContents, type ReadStore } from '../support/read-models.js';

let store: ReadStore;
t.before(async () => {
  store = await startReadStore();
});
t.teardown(async () => store.stop());

const log = eventLog();
const T0 = '2025-03-01T10:00:00.000Z';
const T1 = '2025-03-01T11:00:00.000Z';
const DAY_LATER = '2025-03-02T10:00:00.000Z';
const LATE = '2025-03-02T12:00:00.000Z';

const packet = (id: string, c: Omit<RedPacketCommand, 'metadata'>, at = T0) => log.decide(redPacketDecider, redPacketStream(id), c, at);
const room = (id: string, c: Omit<RoomCommand, 'metadata'>, by: string) => log.decide(roomDecider, roomStream(id), c, T0, by);
const wallet = (userId: string, c: Omit<WalletCommand, 'metadata'>, at = T0) => log.decide(walletDecider, walletStream(userId), c, at, userId);

/** An event the domain would not write in this place: only the projection's view of it matters. */
const raw = (streamId: string, type: string, data: Record<string, unknown>, at = T1): StoredEvent => ({
  id: `raw-${type}-${JSON.stringify(data)}`,
  streamId,
  revision: 0,
  position: 0,
  type,
  data,
  metadata: { commandId: 'raw', at },
});

/** Positions in the order given, as one log (hand-written events get theirs here too). */
const inOrder = (events: readonly StoredEvent[]): StoredEvent[] => events.map((e, i) => ({ ...e, position: i + 1 }));

const reset = async (projection: Projection) => {
  await store.pool.query(`truncate ${projection.tables.join(', ')}`);
  await store.pool.query('delete from consumer_checkpoints where name = $1', [`projection:${projection.name}`]);
};

const chunks = <T>(xs: readonly T[], cuts: readonly number[]): T[][] => {
  const out: T[][] = [];
  let from = 0;
  for (const cut of [...cuts, xs.length]) {
    if (cut > from) out.push(xs.slice(from, cut));
    from = Math.max(from, cut);
  }
  return out;
};

const assertBatchesMatchOneByOne = async (t: Test, projection: Projection, events: readonly StoredEvent[]) => {
  await reset(projection);
  for (const e of events) await project(store.pool, projection, [e]);
  const oneByOne = await tableContents(store.pool, projection.tables);
  t.ok(Object.values(oneByOne).some((rows) => rows.length > 0), `${projection.name}: the events wrote rows`);
  const every5 = events.map((_, i) => i).filter((i) => i > 0 && i % 5 === 0);
  const splits: [string, number[]][] = [
    ['one batch', []],
    ['two batches', [Math.floor(events.length / 3)]],
    ['batches of five', every5],
  ];
  for (const [label, cuts] of splits) {
    await reset(projection);
    for (const batch of chunks(events, cuts)) await project(store.pool, projection, batch);
    t.same(await tableContents(store.pool, projection.tables), oneByOne, `${projection.name}, ${label}: the same rows as one by one`);
  }
};

/** How many statements applyBatch sends for the batch (from empty tables). */
const statementsFor = async (projection: Projection, events: readonly StoredEvent[]): Promise<number> => {
  await reset(projection);
  const client = await store.pool.connect();
  let n = 0;
  const counting = new Proxy(client, {
    get: (target, key, receiver) => {
      if (key !== 'query') return Reflect.get(target, key, receiver) as unknown;
      return (...args: Parameters<typeof client.query>) => {
        n += 1;
        return client.query(...args);
      };
    },
  });
  try {
    await client.query('begin');
    await projection.applyBatch?.(counting, events);
    await client.query('rollback');
  } finally {
    client.release();
  }
  return n;
};

const packetTerms = (redPacketId: string, shares: number[]): RedPacketTerms => ({
  redPacketId,
  senderId: 'ann',
  kind: 'lucky',
  total: shares.reduce((a, b) => a + b, 0),
  count: shares.length,
  shares,
  target: { type: 'room', id: 'r1' },
  expiresAt: DAY_LATER,
});
const grab = (id: string, userId: string) => packet(id, { type: 'GrabRedPacket', data: { redPacketId: id, userId, eligible: true } }, T1);
const users = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

t.test('red packets: grabs interleaved over packets, emptied, expired part-way, and out of order', async (t) => {
  const domain: StoredEvent[] = [
    ...packet('hot', { type: 'CreateRedPacket', data: packetTerms('hot', Array.from({ length: 12 }, (_, i) => i + 1)) }),
    ...packet('p2', { type: 'CreateRedPacket', data: packetTerms('p2', [10, 15, 5]) }),
    ...packet('p3', { type: 'CreateRedPacket', data: packetTerms('p3', [7]) }),
  ];
  for (const [i, u] of users(12).entries()) {
    domain.push(...grab('hot', u));
    if (i < 2) domain.push(...grab('p2', u));
  }
  domain.push(...packet('p2', { type: 'ExpireRedPacket', data: { redPacketId: 'p2' } }, LATE));
  domain.push(...grab('p3', 'u0'));
  await assertBatchesMatchOneByOne(t, redPacketsProjection, inOrder(domain));
  t.equal(await statementsFor(redPacketsProjection, inOrder(domain)), 2, 'the domain batch is set-based: creates, then grabs and counters');

  const rp = (type: string, data: Record<string, unknown>) => raw(redPacketStream(String(data.redPacketId)), type, data);
  const grabbed = (redPacketId: string, userId: string, shareIndex: number, remainingCount: number, remainingAmount: number) =>
    rp('RedPacketGrabbed', { redPacketId, userId, amount: 1, shareIndex, remainingCount, remainingAmount });
  const odd: StoredEvent[] = [
    ...packet('q1', { type: 'CreateRedPacket', data: packetTerms('q1', [1, 1, 1, 1]) }),
    grabbed('q1', 'a', 0, 3, 3),
    grabbed('q1', 'b', 1, 3, 3), // no lower than the last: ignored by the counters, kept as a grab
    grabbed('q1', 'a', 2, 2, 2), // the same user again: the first grab row stays
    grabbed('ghost', 'a', 0, 0, 0), // a packet never created
    rp('RedPacketExpired', { redPacketId: 'q1', senderId: 'ann', refundAmount: 2, remainingCount: 2 }),
    grabbed('q1', 'c', 3, 1, 1), // after the expiry
    rp('RedPacketExpired', { redPacketId: 'q1', senderId: 'ann', refundAmount: 2, remainingCount: 2 }),
  ];
  await assertBatchesMatchOneByOne(t, redPacketsProjection, inOrder(odd));
});

const fund = (userId: string) => wallet(userId, { type: 'CreditRecharge', data: { orderId: `o-${userId}`, asset: 'coins', amount: 100_000 } });
let gifts = 0;
const gift = (from: string, to: string, unitPrice: number, opts: { roomId?: string; at?: string } = {}) => {
  gifts += 1;
  const data = { giftSendId: `gift-${gifts}`, fromUserId: from, giftId: 'rose', toUserId: to, count: 1, unitPrice, sharePercent: 50 };
  return wallet(from, { type: 'SendGift', data: opts.roomId === undefined ? data : { ...data, roomId: opts.roomId } }, opts.at);
};

t.test('rooms: joins, leaves, rejoins, bans, a close, and gifts before and after the room', async (t) => {
  const join = (id: string, userId: string) => room(id, { type: 'JoinRoom', data: { roomId: id, userId } }, userId);
  const leave = (id: string, userId: string) => room(id, { type: 'LeaveRoom', data: { roomId: id, userId } }, userId);
  const domain: StoredEvent[] = [
    ...fund('fan'),
    ...fund('fox'),
    ...gift('fan', 'kim', 9, { roomId: 'r9' }), // before its room
    ...room('r1', { type: 'CreateRoom', data: { roomId: 'r1', title: 'Night talk', kind: 'voice', seats: 8, hostId: 'ann' } }, 'ann'),
    ...room('r2', { type: 'CreateRoom', data: { roomId: 'r2', title: 'Karaoke', kind: 'live', hostId: 'bob' } }, 'bob'),
    ...join('r1', 'ann'),
    ...join('r1', 'fan'),
    ...gift('fan', 'ann', 10, { roomId: 'r1' }),
    ...join('r1', 'eve'),
    ...join('r2', 'eve'),
    ...leave('r1', 'eve'),
    ...gift('fox', 'ann', 3, { roomId: 'r1' }),
    ...join('r1', 'eve'), // back, later in the joining order
    ...join('r1', 'zed'),
    ...room('r1', { type: 'BanFromRoom', data: { roomId: 'r1', userId: 'zed' } }, 'ann'),
    ...gift('fan', 'bob', 30, { roomId: 'r2' }),
    ...room('r2', { type: 'CloseRoom', data: { roomId: 'r2' } }, 'bob'),
    ...gift('fox', 'bob', 4, { roomId: 'r2' }), // after the close: still counted
    ...room('r9', { type: 'CreateRoom', data: { roomId: 'r9', title: 'Late', kind: 'live', hostId: 'kim' } }, 'kim'),
    ...join('r9', 'fan'),
    ...gift('fan', 'bob', 7), // no room
    ...leave('r1', 'fan'),
    ...join('r1', 'fox'),
  ];
  await assertBatchesMatchOneByOne(t, roomsProjection, inOrder(domain));
  const gifted = inOrder([...fund('gil'), ...gift('gil', 'ann', 1, { roomId: 'r1' }), ...gift('gil', 'ann', 2, { roomId: 'r1' }), ...gift('gil', 'bob', 3, { roomId: 'r2' })]);
  t.equal(await statementsFor(roomsProjection, gifted.filter((e) => e.type === 'GiftSent')), 1, 'gifts: one upsert per batch');

  const chat: StoredEvent[] = [];
  const guest = (type: 'EnterRoomAsGuest' | 'LeaveRoomAsGuest', deviceId: string) => log.decide(roomDecider, roomStream('c1'), { type, data: { roomId: 'c1', deviceId } }, T0);
  chat.push(...room('c1', { type: 'CreateRoom', data: { roomId: 'c1', title: 'Lobby', kind: 'chatroom', hostId: 'op', guests: true } }, 'op'));
  for (const d of ['d1', 'd2', 'd3']) chat.push(...guest('EnterRoomAsGuest', d), ...join('c1', `u-${d}`));
  chat.push(
    ...guest('LeaveRoomAsGuest', 'd2'),
    ...room('c1', { type: 'MuteInRoom', data: { roomId: 'c1', userId: 'u-d1', until: T1 } }, 'op'),
    ...guest('EnterRoomAsGuest', 'd4'),
    ...room('c1', { type: 'CloseRoom', data: { roomId: 'c1' } }, 'op'),
    ...room('c1', { type: 'ReopenRoom', data: { roomId: 'c1' } }, 'op'),
    ...guest('EnterRoomAsGuest', 'd5'),
    ...join('c1', 'ann'),
    ...room('c1', { type: 'ChangeRoomDetails', data: { roomId: 'c1', title: 'Lounge' } }, 'op'),
    ...guest('EnterRoomAsGuest', 'd6'),
    ...room('c2', { type: 'CreateRoom', data: { roomId: 'c2', title: 'Short-lived', kind: 'chatroom', hostId: 'op', guests: true } }, 'op'),
    ...room('c2', { type: 'MuteInRoom', data: { roomId: 'c2', userId: 'ann', until: T1 } }, 'op'),
    ...join('c2', 'ann'),
    ...room('c2', { type: 'DeleteRoom', data: { roomId: 'c2' } }, 'op'),
  );
  await assertBatchesMatchOneByOne(t, roomsProjection, inOrder(chat));

  const member = (type: string, roomId: string, userId: string, onlineCount: number) => raw(roomStream(roomId), type, { roomId, userId, onlineCount });
  const odd: StoredEvent[] = [
    ...room('s1', { type: 'CreateRoom', data: { roomId: 's1', title: 'Odd', kind: 'live', hostId: 'ann' } }, 'ann'),
    member('RoomMemberJoined', 's1', 'a', 1),
    member('RoomMemberLeft', 's1', 'b', 1), // never joined
    member('RoomMemberJoined', 's1', 'b', 2),
    member('RoomMemberJoined', 'nowhere', 'a', 1), // a room never created: a member row, no room
    member('RoomMemberBanned', 's1', 'a', 1),
    member('RoomMemberJoined', 's1', 'a', 2),
    raw(roomStream('s1'), 'RoomClosed', { roomId: 's1', closedBy: 'ann' }),
    member('RoomMemberJoined', 's1', 'c', 1), // after the close: a member row, the count stays 0
    member('RoomMemberJoined', 'nowhere', 'd', 2),
    member('RoomMemberJoined', 'nowhere', 'd', 3), // joined twice: the first position stays
  ];
  await assertBatchesMatchOneByOne(t, roomsProjection, inOrder(odd));
});

t.test('rankings: many gifts to one receiver over days and weeks, and a user on both boards', async (t) => {
  const events: StoredEvent[] = [...fund('ann'), ...fund('bob'), ...fund('cat')];
  const times = ['2025-03-02T23:59:59.000Z', '2025-03-03T00:00:00.000Z', '2025-03-05T08:00:00.000Z'];
  for (const [i, from] of ['ann', 'bob', 'cat', 'ann', 'bob', 'ann', 'cat'].entries()) {
    events.push(...gift(from, 'zoe', 10 + i, { at: times[i % times.length] }));
  }
  events.push(...gift('ann', 'bob', 25, { at: times[2] }), ...gift('bob', 'ann', 5, { at: times[2] }));
  await assertBatchesMatchOneByOne(t, rankingsProjection, inOrder(events));
  t.equal(await statementsFor(rankingsProjection, inOrder(events)), 1, 'one upsert per batch');
});
