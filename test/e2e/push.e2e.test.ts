// Push over `npm start`'s process: a gift in a room reaches a listener, and a wallet change
// reaches only its owner.
import t from 'tap';
import WebSocket from 'ws';
import { serverFor } from '../support/server.js';
import { client, login, recharge } from '../support/client.js';
import { listen } from '../support/ws.js';

t.test('given listeners on a room and a wallet, when a gift is sent, then the room hears it and only the owner hears the wallet', async (t) => {
  const s = await serverFor(t);
  const c = client(s.url);
  const [host, fan, other] = [await login(c, 'host'), await login(c, 'fan'), await login(c, 'other')];
  const room = await c.call<{ roomId: string }>('POST', '/v1/rooms', { token: host.token, body: { title: 'live', kind: 'live' } });
  await c.call('POST', `/v1/rooms/${room.body.roomId}/join`, { token: fan.token });

  const refused = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`${s.wsUrl}/v1/ws?token=nope`);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', () => {});
  });
  t.equal(refused, 401, 'a bad token gets 401 before the upgrade');

  const roomL = await listen(`${s.wsUrl}/v1/ws?token=${other.token}`);
  roomL.ws.send(JSON.stringify({ op: 'subscribe', channel: `room:${room.body.roomId}` }));
  const hostL = await listen(`${s.wsUrl}/v1/ws?token=${host.token}`);
  hostL.ws.send(JSON.stringify({ op: 'subscribe', channel: `user:${host.userId}` }));
  hostL.ws.send(JSON.stringify({ op: 'subscribe', channel: `user:${fan.userId}` }));
  const forbidden = await hostL.next((f) => f.op === 'error');
  t.match(forbidden, { code: 'FORBIDDEN' });

  await recharge(c, fan, 100, 'coins');
  await new Promise((r) => setTimeout(r, 200));
  await c.call('POST', '/v1/gifts/send', { token: fan.token, body: { giftId: 'heart', toUserId: host.userId, count: 2, roomId: room.body.roomId } });
  const gift = await roomL.next((f) => f.type === 'gift');
  t.match(gift, { channel: `room:${room.body.roomId}`, type: 'gift', data: { toUserId: host.userId } });
  t.ok(typeof gift.seq === 'number' && gift.seq >= 1);
  const income = await hostL.next((f) => f.type === 'wallet');
  t.match(income, { channel: `user:${host.userId}`, data: { reason: 'gift_in' } });
  t.notOk(hostL.frames.some((f) => f.channel === `user:${fan.userId}` && f.type === 'wallet'), "nobody hears another user's wallet");
  roomL.ws.close();
  hostL.ws.close();
});
