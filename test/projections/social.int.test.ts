// Users, groups, rooms (with gift totals) and rankings, plus the read-model list itself.
import t from 'tap';
import { accountDecider, accountStream, type AccountCommand } from '../../domain/account.js';
import { groupDecider, groupStream, type GroupCommand } from '../../domain/group.js';
import { roomDecider, roomStream, type RoomCommand } from '../../domain/room.js';
import { walletDecider, walletStream, type WalletCommand } from '../../domain/wallet/index.js';
import { readModels } from '../../projections/index.js';
import { usersProjection } from '../../projections/users.js';
import { groupsProjection } from '../../projections/groups.js';
import { roomsProjection } from '../../projections/rooms.js';
import { rankingsProjection } from '../../projections/rankings.js';
import {
  getGroup,
  getNicknames,
  getRoom,
  getUser,
  getUserIdByPhone,
  isGroupMember,
  listRanking,
  listRooms,
  type RoomDetails,
} from '../../projections/queries.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';
import { assertRedeliveryChangesNothing, eventLog, project, startReadStore, tableContents, type ReadStore } from '../support/read-models.js';

let store: ReadStore;
t.before(async () => {
  store = await startReadStore();
});
t.teardown(async () => store.stop());

const log = eventLog();
const T0 = '2025-03-05T10:00:00.000Z'; // a Wednesday, ISO week 2025-W10
const account = (userId: string, c: Omit<AccountCommand, 'metadata'>, at = T0) => log.decide(accountDecider, accountStream(userId), c, at, userId);
const group = (id: string, c: Omit<GroupCommand, 'metadata'>, by: string) => log.decide(groupDecider, groupStream(id), c, T0, by);
const room = (id: string, c: Omit<RoomCommand, 'metadata'>, by: string) => log.decide(roomDecider, roomStream(id), c, T0, by);
const wallet = (userId: string, c: Omit<WalletCommand, 'metadata'>, at = T0) => log.decide(walletDecider, walletStream(userId), c, at, userId);

t.test('the read-model list', async (t) => {
  const models = readModels({ pokeTimers: () => {} });
  t.equal(new Set(models.map((m) => m.name)).size, models.length, 'names (checkpoint keys) are unique');
  const owned = models.flatMap((m) => m.tables);
  t.equal(new Set(owned).size, owned.length, 'no table has two owners');
  // Every owned table exists after the migrations: a rebuild could not empty a missing one.
  await tableContents(store.pool, owned);
  t.ok(models.every((m) => (m.handles?.length ?? 0) > 0), 'each model says which events it reads');
});

t.test('users', async (t) => {
  const events: StoredEvent[] = [
    ...account('ann', { type: 'RegisterUser', data: { userId: 'ann', phone: '+8613800000001', nickname: 'Ann' } }),
    ...account('bob', { type: 'RegisterUser', data: { userId: 'bob', phone: '+8613800000002', nickname: 'Bob' } }),
    ...account('ann', { type: 'UpdateProfile', data: { userId: 'ann', avatarUrl: 'https://img.example/ann.png' } }),
    ...account('bob', { type: 'UpdateProfile', data: { userId: 'bob', nickname: 'Bobby' } }),
    ...account('bob', { type: 'GrantRole', data: { userId: 'bob', role: 'auditor' } }),
  ];

  await t.test('given registrations, profile updates and a role, when projected, then profiles and roles read back', async (t) => {
    await project(store.pool, usersProjection, events);
    t.same(await getUser(store.pool, 'ann'), { userId: 'ann', nickname: 'Ann', phone: '+8613800000001', avatarUrl: 'https://img.example/ann.png' });
    t.same(await getUser(store.pool, 'bob'), { userId: 'bob', nickname: 'Bobby', phone: '+8613800000002', avatarUrl: null });
    t.equal(await getUser(store.pool, 'nobody'), null);
    t.equal(await getUserIdByPhone(store.pool, '+8613800000002'), 'bob');
    t.equal(await getUserIdByPhone(store.pool, '+8600000000000'), null);
    t.same(await getNicknames(store.pool, ['ann', 'bob', 'ghost', 'ann']), new Map([['ann', 'Ann'], ['bob', 'Bobby']]));
    t.same(await getNicknames(store.pool, []), new Map());
    const roles = await store.pool.query('select user_id, role from roles');
    t.same(roles.rows, [{ user_id: 'bob', role: 'auditor' }]);
  });

  await t.test('given those users, when the batch is delivered again, then nothing changes', async (t) => {
    await assertRedeliveryChangesNothing(t, store.pool, usersProjection, events, { setBased: true });
  });
});

t.test('groups', async (t) => {
  const events: StoredEvent[] = [
    ...group('g1', { type: 'CreateGroup', data: { groupId: 'g1', name: 'Family', ownerId: 'ann', memberIds: ['bob', 'cat'] } }, 'ann'),
    ...group('g1', { type: 'AddGroupMembers', data: { groupId: 'g1', userIds: ['dan', 'bob', 'eve'] } }, 'bob'),
    ...group('g1', { type: 'RemoveGroupMember', data: { groupId: 'g1', userId: 'cat' } }, 'ann'),
  ];

  await t.test('given a group that grew and shrank, when projected, then its members are listed in joining order', async (t) => {
    await project(store.pool, groupsProjection, events);
    t.match(await getGroup(store.pool, 'g1'), { groupId: 'g1', name: 'Family', ownerId: 'ann', memberIds: ['ann', 'bob', 'dan', 'eve'], memberCount: 4, createdAt: T0 });
    t.equal(await getGroup(store.pool, 'nope'), null);
    t.equal(await isGroupMember(store.pool, 'g1', 'dan'), true);
    t.equal(await isGroupMember(store.pool, 'g1', 'cat'), false, 'removed');
    t.equal(await isGroupMember(store.pool, 'nope', 'ann'), false);
  });

  await t.test('given that group, when the batch is delivered again, then nothing changes', async (t) => {
    await assertRedeliveryChangesNothing(t, store.pool, groupsProjection, events, { setBased: true });
  });
});

const gift = (from: string, to: string, unitPrice: number, opts: { roomId?: string; at?: string; count?: number } = {}) => {
  const data = { giftSendId: `gift-${from}-${to}-${unitPrice}-${opts.at ?? T0}`, fromUserId: from, giftId: 'rose', toUserId: to, count: opts.count ?? 1, unitPrice, sharePercent: 50 };
  return wallet(from, { type: 'SendGift', data: opts.roomId === undefined ? data : { ...data, roomId: opts.roomId } }, opts.at);
};
const fund = (userId: string) => wallet(userId, { type: 'CreditRecharge', data: { orderId: `o-${userId}`, asset: 'coins', amount: 100_000 } });

t.test('rooms', async (t) => {
  const join = (id: string, userId: string) => room(id, { type: 'JoinRoom', data: { roomId: id, userId } }, userId);
  const events: StoredEvent[] = [
    ...fund('fan'),
    ...room('r1', { type: 'CreateRoom', data: { roomId: 'r1', title: 'Night talk', kind: 'voice', seats: 8, hostId: 'ann' } }, 'ann'),
    ...room('r2', { type: 'CreateRoom', data: { roomId: 'r2', title: 'Karaoke', kind: 'live', hostId: 'bob' } }, 'bob'),
    ...room('r3', { type: 'CreateRoom', data: { roomId: 'r3', title: 'Quiet', kind: 'live', hostId: 'cat' } }, 'cat'),
    ...room('r4', { type: 'CreateRoom', data: { roomId: 'r4', title: 'Closed soon', kind: 'live', hostId: 'dan' } }, 'dan'),
    ...join('r1', 'ann'),
    ...join('r1', 'fan'),
    ...join('r1', 'eve'),
    ...join('r1', 'zed'),
    ...join('r2', 'fan'),
    ...join('r2', 'eve'),
    ...join('r3', 'fan'),
    ...join('r4', 'fan'),
    ...room('r1', { type: 'LeaveRoom', data: { roomId: 'r1', userId: 'eve' } }, 'eve'),
    ...room('r1', { type: 'BanFromRoom', data: { roomId: 'r1', userId: 'zed' } }, 'ann'),
    ...gift('fan', 'ann', 10, { roomId: 'r1', count: 2 }),
    ...gift('fan', 'bob', 30, { roomId: 'r2' }),
    ...gift('fan', 'bob', 5, { roomId: 'r2', at: '2025-03-05T10:05:00.000Z' }),
    ...gift('fan', 'bob', 7),
    ...room('r4', { type: 'CloseRoom', data: { roomId: 'r4' } }, 'dan'),
  ];

  await t.test('given rooms with members, bans, gifts and a close, when projected, then each room reads back', async (t) => {
    await project(store.pool, roomsProjection, events);
    t.same(await getRoom(store.pool, 'r1', { withMembers: true }), {
      roomId: 'r1',
      title: 'Night talk',
      kind: 'voice',
      hostId: 'ann',
      status: 'open',
      onlineCount: 2,
      giftTotal: 20,
      seats: 8,
      avatarUrl: null,
      guests: false,
      guestCount: 0,
      createdAt: '2025-03-05T10:00:00.000Z',
      openedAt: '2025-03-05T10:00:00.000Z',
      closedAt: null,
      members: ['ann', 'fan'],
    });
    t.same(await getRoom(store.pool, 'r2'), {
      roomId: 'r2',
      title: 'Karaoke',
      kind: 'live',
      hostId: 'bob',
      status: 'open',
      onlineCount: 2,
      giftTotal: 35,
      seats: null,
      avatarUrl: null,
      guests: false,
      guestCount: 0,
      createdAt: '2025-03-05T10:00:00.000Z',
      openedAt: '2025-03-05T10:00:00.000Z',
      closedAt: null,
    });
    t.match(await getRoom(store.pool, 'r4', { withMembers: true }), { status: 'closed', onlineCount: 0, members: [], closedAt: String });
    t.equal(await getRoom(store.pool, 'nope'), null);
  });

  await t.test('given those rooms, when listed, then open rooms come hottest first and page by cursor', async (t) => {
    const ids = (items: RoomDetails[]) => items.map((r) => r.roomId);
    const all = await listRooms(store.pool, { limit: 10 });
    // r1 and r2 both have 2 online; r2 has more gifts. r4 is closed.
    t.same(ids(all.items), ['r2', 'r1', 'r3']);
    t.equal(all.nextCursor, null);
    const first = await listRooms(store.pool, { limit: 2 });
    t.same(ids(first.items), ['r2', 'r1']);
    const rest = await listRooms(store.pool, { limit: 2, cursor: first.nextCursor ?? undefined });
    t.same(ids(rest.items), ['r3']);
    t.equal(rest.nextCursor, null);
  });

  await t.test('given those rooms, when the batch is delivered again, then nothing changes', async (t) => {
    await assertRedeliveryChangesNothing(t, store.pool, roomsProjection, events, { setBased: false });
  });

  await t.test('given a gift that arrives before its room is seen, when the room arrives, then the total is kept and the room appears', async (t) => {
    const early = gift('fan', 'kim', 9, { roomId: 'r9' });
    const created = room('r9', { type: 'CreateRoom', data: { roomId: 'r9', title: 'Late', kind: 'live', hostId: 'kim' } }, 'kim');
    await project(store.pool, roomsProjection, early);
    t.equal(await getRoom(store.pool, 'r9'), null, 'a gift alone does not make a room');
    t.notOk((await listRooms(store.pool, { limit: 10 })).items.some((r) => r.roomId === 'r9'));
    await project(store.pool, roomsProjection, created);
    t.match(await getRoom(store.pool, 'r9'), { title: 'Late', status: 'open', giftTotal: 9 });
  });
});

t.test('chatrooms', async (t) => {
  const T1 = '2025-03-05T10:30:00.000Z';
  const T2 = '2025-03-05T11:00:00.000Z';
  const op = (id: string, c: Omit<RoomCommand, 'metadata'>) => room(id, c, 'op');
  const guest = (id: string, type: 'EnterRoomAsGuest' | 'LeaveRoomAsGuest', deviceId: string) => log.decide(roomDecider, roomStream(id), { type, data: { roomId: id, deviceId } }, T0);
  const chatroom = (id: string, title: string) =>
    op(id, { type: 'CreateRoom', data: { roomId: id, title, kind: 'chatroom', hostId: 'op', guests: true, avatarUrl: `https://img.example/${id}.png` } });
  const events: StoredEvent[] = [
    ...chatroom('c1', 'Tea House'),
    ...chatroom('c2', 'Night Market'),
    ...chatroom('c3', 'Old Tea Street'),
    ...chatroom('c4', 'Going away'),
    ...room('c1', { type: 'JoinRoom', data: { roomId: 'c1', userId: 'ann' } }, 'ann'),
    ...guest('c1', 'EnterRoomAsGuest', 'dev-1'),
    ...guest('c1', 'EnterRoomAsGuest', 'dev-2'),
    ...guest('c1', 'EnterRoomAsGuest', 'dev-3'),
    ...guest('c1', 'LeaveRoomAsGuest', 'dev-2'),
    ...guest('c2', 'EnterRoomAsGuest', 'dev-1'),
    ...op('c1', { type: 'MuteInRoom', data: { roomId: 'c1', userId: 'bob', until: T1 } }),
    ...op('c1', { type: 'MuteInRoom', data: { roomId: 'c1', userId: 'eve', until: T2 } }),
    ...op('c1', { type: 'MuteInRoom', data: { roomId: 'c1', userId: 'zed', until: T2 } }),
    ...op('c1', { type: 'MuteInRoom', data: { roomId: 'c1', userId: 'zed', until: null } }),
    ...op('c2', { type: 'ChangeRoomDetails', data: { roomId: 'c2', title: 'Night Tea Market', avatarUrl: 'https://img.example/new.png' } }),
    ...op('c2', { type: 'CloseRoom', data: { roomId: 'c2' } }),
    ...op('c3', { type: 'CloseRoom', data: { roomId: 'c3' } }),
    ...op('c3', { type: 'ReopenRoom', data: { roomId: 'c3' } }),
    ...op('c4', { type: 'MuteInRoom', data: { roomId: 'c4', userId: 'bob', until: T2 } }),
    ...room('c4', { type: 'JoinRoom', data: { roomId: 'c4', userId: 'ann' } }, 'ann'),
    ...op('c4', { type: 'DeleteRoom', data: { roomId: 'c4' } }),
  ];

  await t.test('given chatrooms with guests, mutes, a rename, closes, a reopen and a delete, when projected, then each reads back', async (t) => {
    await project(store.pool, roomsProjection, events);
    t.match(await getRoom(store.pool, 'c1', { withMembers: true, mutesAt: new Date(T0) }), {
      kind: 'chatroom',
      status: 'open',
      avatarUrl: 'https://img.example/c1.png',
      guests: true,
      onlineCount: 1,
      guestCount: 2,
      members: ['ann'],
      mutes: [
        { userId: 'bob', until: T1 },
        { userId: 'eve', until: T2 },
      ],
    });
    t.same((await getRoom(store.pool, 'c1', { mutesAt: new Date(T1) }))?.mutes, [{ userId: 'eve', until: T2 }], 'a mute that ended is not listed');
    t.notOk('mutes' in ((await getRoom(store.pool, 'c1')) ?? {}), 'mutes only when asked for');
    t.match(await getRoom(store.pool, 'c2', { withMembers: true }), { title: 'Night Tea Market', avatarUrl: 'https://img.example/new.png', status: 'closed', guestCount: 0, members: [] });
    t.match(await getRoom(store.pool, 'c3'), { status: 'open' });
    t.equal(await getRoom(store.pool, 'c4'), null, 'a deleted room is not found');
    const left = await tableContents(store.pool, ['room_members', 'room_mutes']);
    t.same([...(left.room_members ?? []), ...(left.room_mutes ?? [])].filter((row) => String(row).includes('"c4"')), [], 'no member or mute of it is left');
  });

  await t.test('given those rooms, when listed by kind, status and title, then the filters hold and paging still works', async (t) => {
    const ids = async (req: Parameters<typeof listRooms>[1]) => (await listRooms(store.pool, req)).items.map((r) => r.roomId);
    t.same(await ids({ limit: 10, kind: 'chatroom' }), ['c1', 'c3'], 'open chatrooms, busiest first');
    t.same(await ids({ limit: 10, kind: 'chatroom', status: 'closed' }), ['c2']);
    t.same(await ids({ limit: 10, status: 'closed' }), ['r4', 'c2'], 'closed rooms of every kind');
    t.same(await ids({ limit: 10, kind: 'chatroom', q: 'TEA' }), ['c1', 'c3'], 'title contains, ignoring case');
    t.same(await ids({ limit: 10, kind: 'chatroom', status: 'closed', q: 'tea m' }), ['c2']);
    t.same(await ids({ limit: 10, q: '%' }), [], 'a pattern character is only a character');
    t.notOk((await ids({ limit: 100 })).includes('c4'), 'a deleted room is in no list');
    const first = await listRooms(store.pool, { limit: 1, kind: 'chatroom' });
    t.same(
      (await listRooms(store.pool, { limit: 1, kind: 'chatroom', cursor: first.nextCursor ?? undefined })).items.map((r) => r.roomId),
      ['c3'],
    );
  });

  await t.test('given those rooms, when the batch is delivered again, then nothing changes', async (t) => {
    await assertRedeliveryChangesNothing(t, store.pool, roomsProjection, events, { setBased: false });
  });
});

t.test('rankings', async (t) => {
  const events: StoredEvent[] = [
    ...fund('ann'),
    ...fund('bob'),
    ...fund('cat'),
    ...gift('ann', 'zoe', 100, { at: '2025-03-02T23:59:59.000Z' }), // Sunday, week 9
    ...gift('ann', 'zoe', 40, { at: '2025-03-03T00:00:00.000Z' }), // Monday, week 10
    ...gift('bob', 'zoe', 30, { at: '2025-03-05T08:00:00.000Z', count: 3 }),
    ...gift('cat', 'yan', 50, { at: '2025-03-05T09:00:00.000Z' }),
    ...gift('bob', 'yan', 10, { at: '2025-03-05T09:30:00.000Z' }),
  ];
  const now = new Date('2025-03-05T12:00:00.000Z');
  const board = async (b: 'rich' | 'charm', p: 'day' | 'week' | 'all') =>
    (await listRanking(store.pool, b, p, now, 10)).items.map((i) => [i.rank, i.userId, i.nickname, i.score]);

  await t.test('given gifts over two weeks, when ranked, then each board sums coins spent per period bucket', async (t) => {
    await project(store.pool, rankingsProjection, events);
    t.same(await board('rich', 'all'), [
      [1, 'ann', 'Ann', 140],
      [2, 'bob', 'Bobby', 100],
      [3, 'cat', '', 50],
    ]);
    t.same(await board('rich', 'week'), [
      [1, 'bob', 'Bobby', 100],
      [2, 'cat', '', 50],
      [3, 'ann', 'Ann', 40],
    ]);
    t.same(await board('rich', 'day'), [
      [1, 'bob', 'Bobby', 100],
      [2, 'cat', '', 50],
    ]);
    t.same(await board('charm', 'all'), [
      [1, 'zoe', '', 230],
      [2, 'yan', '', 60],
    ]);
    t.same(await board('charm', 'day'), [
      [1, 'zoe', '', 90],
      [2, 'yan', '', 60],
    ]);
    const top1 = await listRanking(store.pool, 'charm', 'week', now, 1);
    t.same(top1, { items: [{ rank: 1, userId: 'zoe', nickname: '', score: 130 }], nextCursor: null });
    t.same((await listRanking(store.pool, 'rich', 'day', new Date('2025-03-06T00:00:00.000Z'), 10)).items, [], 'a new day starts empty');
  });

  await t.test('given those rankings, when the batch is delivered again, then no score grows', async (t) => {
    await assertRedeliveryChangesNothing(t, store.pool, rankingsProjection, events, { setBased: false });
    t.same(await board('charm', 'all'), [
      [1, 'zoe', '', 230],
      [2, 'yan', '', 60],
    ]);
  });
});
