// Chatrooms over `npm start`'s process (real HTTP, embedded PostgreSQL, push): only operators
// create them; the host or an operator closes, reopens, deletes, renames and mutes; guests enter
// with a device id and are counted apart; lists filter by kind, status and title; a mute is
// listed until it ends. The app policy `guests` is on for /v1 here, so its default shows.
import t from 'tap';
import WebSocket from 'ws';
import { serverFor } from '../support/server.js';
import { client, eventually, login, type Client, type Reply, type TestUser } from '../support/client.js';

type Room = {
  roomId: string;
  title: string;
  kind: string;
  status: string;
  avatarUrl: string | null;
  guests: boolean;
  onlineCount: number;
  guestCount: number;
  members?: string[];
  mutes?: { userId: string; until: string }[];
};
type Err = { error: { code: string; message: string } };
type Frame = { channel?: string; type?: string; data?: Record<string, unknown> };

const listen = async (url: string, channels: string[]) => {
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  ws.on('message', (raw) => frames.push(JSON.parse(String(raw)) as Frame));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  for (const channel of channels) ws.send(JSON.stringify({ op: 'subscribe', channel }));
  return {
    ws,
    frames,
    /** Waits until a frame of this type arrived on this channel. */
    async next(channel: string, type: string): Promise<Frame | undefined> {
      const found = () => frames.find((f) => f.channel === channel && f.type === type);
      return eventually(async () => found(), (f) => f !== undefined);
    },
  };
};

const DEVICE_A = 'device-aaaaaaaaaaaaaaaa';
const DEVICE_B = 'device-bbbbbbbbbbbbbbbb';

t.test('chatrooms over HTTP', async (t) => {
  const s = await serverFor(t, { env: { APP_POLICIES: JSON.stringify({ core: { guests: true } }) } });
  const c: Client = client(s.url);
  const opSession = await c.call<{ userId: string; token: string }>('POST', '/v1/dev/operator-sessions');
  const op: TestUser = { ...opSession.body, phone: '' };
  const otherOpSession = await c.call<{ userId: string; token: string }>('POST', '/v1/dev/operator-sessions');
  const otherOp: TestUser = { ...otherOpSession.body, phone: '' };
  const [ann, bob] = [await login(c, 'ann'), await login(c, 'bob')];
  const as = (u: TestUser) => ({ token: u.token });
  const guest = (device: string) => ({ headers: { 'x-device-id': device } });
  const get = (id: string, who: { token?: string; headers?: Record<string, string> }): Promise<Reply<Room & Err>> => c.call('GET', `/v1/rooms/${id}`, who);
  const create = (u: TestUser, body: Record<string, unknown>) => c.call<{ roomId: string } & Err>('POST', '/v1/rooms', { ...as(u), body });

  const lobby = (await create(op, { title: 'Tea Lobby', kind: 'chatroom', avatarUrl: 'https://img.example/lobby.png' })).body.roomId;
  const closedDoor = (await create(op, { title: 'Members only', kind: 'chatroom', guests: false })).body.roomId;

  await t.test('given the OpenAPI document, when read, then the new room routes and the guest header are in it', async (t) => {
    const doc = await c.call<{ paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> }>('GET', '/v1/openapi.json');
    t.ok(doc.body.paths['/v1/rooms/{id}']?.delete && doc.body.paths['/v1/rooms/{id}'].patch, 'DELETE and PATCH /v1/rooms/{id}');
    t.ok(doc.body.paths['/v1/rooms/{id}/reopen']?.post && doc.body.paths['/v1/rooms/{id}/mutes']?.post, 'reopen and mutes');
    t.ok(doc.body.paths['/v1/rooms/{id}/join']?.post?.parameters?.some((p) => p.in === 'header' && p.name === 'x-device-id'), 'join takes X-Device-Id');
  });

  await t.test('given a plain user, when they create a chatroom, then FORBIDDEN; a live room is still theirs to create', async (t) => {
    const refused = await create(ann, { title: 'Mine', kind: 'chatroom' });
    t.equal(refused.status, 403);
    t.equal(refused.body.error.code, 'FORBIDDEN');
    const live = await create(ann, { title: 'Live', kind: 'live' });
    t.equal(live.status, 201);
    t.match((await get(live.body.roomId, as(ann))).body, { kind: 'live', guests: false, avatarUrl: null }, 'live rooms take no guests by default');
    t.match((await get(lobby, as(ann))).body, { kind: 'chatroom', status: 'open', guests: true, avatarUrl: 'https://img.example/lobby.png', guestCount: 0 }, "guests from the app's policy");
  });

  await t.test('given a chatroom that admits guests, when devices enter and a user joins, then guests are counted apart and never members', async (t) => {
    t.same((await c.call('POST', `/v1/rooms/${lobby}/join`, guest(DEVICE_A))).body, { onlineCount: 0, guestCount: 1 });
    t.same((await c.call('POST', `/v1/rooms/${lobby}/join`, guest(DEVICE_B))).body, { onlineCount: 0, guestCount: 2 });
    t.same((await c.call('POST', `/v1/rooms/${lobby}/join`, guest(DEVICE_B))).body, { onlineCount: 0, guestCount: 2 }, 'entering twice is harmless');
    t.same((await c.call('POST', `/v1/rooms/${lobby}/join`, as(ann))).body, { onlineCount: 1 });
    t.same((await c.call('POST', `/v1/rooms/${lobby}/leave`, guest(DEVICE_B))).body, { onlineCount: 1, guestCount: 1 });
    const seen = await get(lobby, guest(DEVICE_A));
    t.equal(seen.status, 200);
    t.match(seen.body, { onlineCount: 1, guestCount: 1 });
    t.notOk('members' in seen.body || 'mutes' in seen.body, 'a guest sees neither members nor mutes');
    t.same((await get(lobby, as(ann))).body.members, [ann.userId], 'the guest is not a member');
  });

  await t.test('given guest headers where they do not belong, when used, then refused', async (t) => {
    const shut = await c.call<Err>('POST', `/v1/rooms/${closedDoor}/join`, guest(DEVICE_A));
    t.equal(shut.status, 403);
    t.match(shut.body.error, { code: 'FORBIDDEN', message: /does not admit guests/ });
    t.equal((await get(closedDoor, guest(DEVICE_A))).status, 403);
    t.equal((await c.call('GET', '/v1/rooms', guest(DEVICE_A))).status, 401, 'lists are for users');
    t.equal((await c.call('POST', `/v1/rooms/${lobby}/close`, guest(DEVICE_A))).status, 401, 'managing is for users');
    t.equal((await c.call('POST', `/v1/rooms/${lobby}/join`)).status, 401, 'no token, no device: unauthenticated');
    t.equal((await c.call<Err>('POST', `/v1/rooms/${lobby}/join`, guest('short'))).status, 400);
    t.equal((await c.call('POST', `/v1/rooms/${lobby}/join`, { headers: { 'x-device-id': DEVICE_A, authorization: 'Bearer nope' } })).status, 401, 'a bad token is never a guest');
    t.same((await c.call('POST', `/v1/rooms/${lobby}/join`, { ...as(bob), ...guest(DEVICE_A) })).body, { onlineCount: 2 }, 'with a token the device id is ignored');
    t.equal((await c.call('GET', '/v1/nope', guest(DEVICE_A))).status, 404, 'an unknown path stays a 404');
    await c.call('POST', `/v1/rooms/${lobby}/leave`, as(bob));
  });

  await t.test('given listeners, when the room is renamed, muted in, closed, reopened and deleted, then each is allowed to host and operators only and heard', async (t) => {
    const roomL = await listen(`${s.wsUrl}/v1/ws?token=${ann.token}`, [`room:${lobby}`]);
    const bobL = await listen(`${s.wsUrl}/v1/ws?token=${bob.token}`, [`user:${bob.userId}`]);
    t.teardown(() => {
      roomL.ws.close();
      bobL.ws.close();
    });
    await new Promise((r) => setTimeout(r, 200));

    t.equal((await c.call('PATCH', `/v1/rooms/${lobby}`, { ...as(ann), body: { title: 'Hijacked' } })).status, 403);
    t.equal((await c.call('PATCH', `/v1/rooms/${lobby}`, { ...as(op), body: { avatarUrl: 'javascript:alert(1)' } })).status, 400);
    t.equal((await c.call('PATCH', `/v1/rooms/${lobby}`, { ...as(op), body: {} })).status, 400);
    const renamed = await c.call<Room>('PATCH', `/v1/rooms/${lobby}`, { ...as(otherOp), body: { title: 'Tea House', avatarUrl: 'https://img.example/house.png' } });
    t.match(renamed.body, { title: 'Tea House', avatarUrl: 'https://img.example/house.png' }, 'another operator may rename it');
    t.match(await roomL.next(`room:${lobby}`, 'room.updated'), { data: { title: 'Tea House' } });

    const until = new Date(Date.now() + 2_000).toISOString();
    t.equal((await c.call('POST', `/v1/rooms/${lobby}/mutes`, { ...as(ann), body: { userId: bob.userId, until } })).status, 403);
    const past = await c.call<Err>('POST', `/v1/rooms/${lobby}/mutes`, { ...as(op), body: { userId: bob.userId, until: new Date(Date.now() - 1_000).toISOString() } });
    t.match(past, { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } }, 'a mute that ended already');
    t.same((await c.call('POST', `/v1/rooms/${lobby}/mutes`, { ...as(op), body: { userId: bob.userId, until } })).body, { userId: bob.userId, until });
    t.same((await get(lobby, as(op))).body.mutes, [{ userId: bob.userId, until }], 'the host sees the mute');
    t.same((await get(lobby, as(otherOp))).body.mutes, [{ userId: bob.userId, until }], 'so does any operator');
    t.notOk('mutes' in (await get(lobby, as(ann))).body, 'a member does not');
    t.match(await bobL.next(`user:${bob.userId}`, 'room.muted'), { data: { roomId: lobby, until } }, 'the muted user hears it on their own channel');
    t.match(await roomL.next(`room:${lobby}`, 'room.muted'), { data: { userId: bob.userId, until } });
    const expired = await eventually(
      () => get(lobby, as(op)),
      (r) => r.body.mutes?.length === 0,
    );
    t.same(expired.body.mutes, [], 'listed until it ends');

    t.equal((await c.call('POST', `/v1/rooms/${lobby}/close`, as(ann))).status, 403);
    t.same((await c.call('POST', `/v1/rooms/${lobby}/close`, as(op))).body, { status: 'closed' });
    t.match((await get(lobby, as(op))).body, { status: 'closed', onlineCount: 0, guestCount: 0 }, 'closing empties members and guests');
    t.match(await roomL.next(`room:${lobby}`, 'room.closed'), { data: { by: op.userId } });
    t.equal((await c.call('POST', `/v1/rooms/${lobby}/join`, guest(DEVICE_A))).status, 409, 'a closed room refuses guests');
    t.equal((await c.call('POST', `/v1/rooms/${lobby}/reopen`, as(ann))).status, 403);
    t.same((await c.call('POST', `/v1/rooms/${lobby}/reopen`, as(otherOp))).body, { status: 'open' });
    t.match(await roomL.next(`room:${lobby}`, 'room.reopened'), { data: { title: 'Tea House', avatarUrl: 'https://img.example/house.png' } });
    t.same((await c.call('POST', `/v1/rooms/${lobby}/join`, guest(DEVICE_A))).body, { onlineCount: 0, guestCount: 1 });

    const doomed = (await create(op, { title: 'Doomed Tea', kind: 'chatroom' })).body.roomId;
    const doomedL = await listen(`${s.wsUrl}/v1/ws?token=${ann.token}`, [`room:${doomed}`]);
    t.teardown(() => doomedL.ws.close());
    await new Promise((r) => setTimeout(r, 200));
    t.equal((await c.call('DELETE', `/v1/rooms/${doomed}`, as(ann))).status, 403);
    t.same((await c.call('DELETE', `/v1/rooms/${doomed}`, as(op))).body, { status: 'deleted' });
    t.match(await doomedL.next(`room:${doomed}`, 'room.deleted'), { data: { roomId: doomed } });
    for (const [method, path, who] of [
      ['GET', `/v1/rooms/${doomed}`, as(op)],
      ['POST', `/v1/rooms/${doomed}/join`, as(ann)],
      ['POST', `/v1/rooms/${doomed}/reopen`, as(op)],
      ['DELETE', `/v1/rooms/${doomed}`, as(op)],
      ['PATCH', `/v1/rooms/${doomed}`, as(op)],
    ] as const) {
      const r = await c.call<Err>(method, path, method === 'PATCH' ? { ...who, body: { title: 'Back' } } : who);
      t.equal(r.status, 404, `${method} ${path} after the delete`);
    }
    const audit = await c.call<{ token: string }>('POST', '/v1/dev/auditor-sessions');
    const events = await c.call<{ items: { type: string }[] }>('GET', `/v1/audit/streams/room-${doomed}/events`, { token: audit.body.token });
    t.same(events.body.items.map((e) => e.type), ['RoomCreated', 'RoomDeleted'], 'the audit still has it');
  });

  await t.test('given rooms of every kind and status, when listed with filters, then kind, status and title hold and pages follow', async (t) => {
    await create(op, { title: 'Quiet tea corner', kind: 'chatroom' });
    const market = (await create(op, { title: 'Night Market', kind: 'chatroom' })).body.roomId;
    await c.call('POST', `/v1/rooms/${market}/close`, as(op));
    await c.call('POST', `/v1/rooms/${lobby}/join`, as(ann));
    const list = async (query: string) => (await c.call<{ items: Room[]; nextCursor: string | null }>('GET', `/v1/rooms?${query}`, as(ann))).body;
    const titles = async (query: string) => (await list(query)).items.map((r) => r.title);
    // Busiest first, then the newest (ids are time-ordered).
    t.same(await titles('kind=chatroom'), ['Tea House', 'Quiet tea corner', 'Members only']);
    t.same(await titles('kind=chatroom&status=closed'), ['Night Market']);
    t.same(await titles('kind=chatroom&q=TEA'), ['Tea House', 'Quiet tea corner'], 'title contains, any case; deleted rooms are gone');
    t.same(await titles('kind=live'), ['Live']);
    t.equal((await c.call('GET', '/v1/rooms?status=deleted', as(ann))).status, 400);
    const first = await list('kind=chatroom&limit=1');
    t.same(first.items.map((r) => r.title), ['Tea House']);
    t.same(await titles(`kind=chatroom&limit=2&cursor=${first.nextCursor ?? ''}`), ['Quiet tea corner', 'Members only']);
  });
});
