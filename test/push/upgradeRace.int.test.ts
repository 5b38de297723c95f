// A socket the gateway upgrades after an asynchronous authentication must stay open. In the uWS
// version installed here, HttpResponse.cork() applies HTTP connection-close logic after its
// callback to what it still takes for the HTTP response; an upgrade inside that callback has made
// it a WebSocket, so that logic read a stale `state` and now and then shut the new socket (close
// 1006 at the client, no close frame, no error). The gateway upgrades uncorked now. A handshake
// with `Connection: close` makes the stale state certain (before the fix: 101, then dropped);
// the stress below is the everyday case (sockets opening together, as after a deploy).
import net from 'node:net';
import t from 'tap';
import WebSocket from 'ws';
import { startPushGateway, type PushGateway } from '../../services/push/gateway.js';
import { v1Dialect, type PushDialect } from '../../services/push/dialects.js';
import { quietLog, sleep } from './support.js';

const testDialect = (): PushDialect => ({
  ...v1Dialect(async (token) => ({ userId: token, expiresAt: Infinity })),
  name: 'seedlike',
  path: '/seedlike/ws',
  topic: (channel) => `seedlike|${channel}`,
  // Like a seed app's socket: its own channel is held from the open turn on.
  implicit: (p) => [`user:${p.userId}`],
});

const start = async (): Promise<{ gateway: PushGateway; online: string[] }> => {
  const online: string[] = [];
  const gateway = await startPushGateway({
    port: 0,
    host: '127.0.0.1',
    // Asynchronous, as every real authentication is: the upgrade happens in a later turn.
    authenticate: async (token) => {
      await sleep(1);
      return token;
    },
    authorize: async () => true,
    history: { read: async () => ({ lastSeq: 0, oldestSeq: 1, messages: [] }) },
    maxBufferBytes: 1024 * 1024,
    idleTimeoutSeconds: 60,
    coalesceMs: 0,
    log: quietLog,
    dialects: [testDialect()],
    onPresence: (userId, isOnline) => {
      online.push(`${userId}:${isOnline ? 'on' : 'off'}`);
    },
  });
  return { gateway, online };
};

/** Sends a handshake by hand and reports the status line and how the connection ended. */
const rawHandshake = (port: number, connection: string): Promise<{ status: string; ended: string }> =>
  new Promise((resolve) => {
    let got = '';
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(
        `GET /seedlike/ws?token=raw HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: ${connection}\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    const finish = (ended: string) => {
      socket.destroy();
      resolve({ status: got.split('\r\n')[0] ?? '', ended });
    };
    socket.on('data', (d) => {
      got += d.toString('latin1');
    });
    socket.on('end', () => finish('closed by the server'));
    socket.on('error', () => finish('reset'));
    setTimeout(() => finish('still open'), 300);
  });

t.test('given a handshake whose Connection header does not ask for an upgrade, when it arrives, then it is refused with 400 and no socket opens', async (t) => {
  const { gateway } = await start();
  t.teardown(() => gateway.close());

  const refused = await rawHandshake(gateway.port, 'close');
  t.equal(refused.status, 'HTTP/1.1 400 Bad Request', 'refused, not switched and then dropped');
  t.equal(gateway.stats().connections, 0, 'no socket was opened');

  const fine = await rawHandshake(gateway.port, 'keep-alive, Upgrade');
  t.equal(fine.status, 'HTTP/1.1 101 Switching Protocols', 'the upgrade token among others is a handshake');
  t.equal(fine.ended, 'still open', 'and that socket stays open');
});

interface Outcome {
  id: number;
  events: string[];
}

/** Opens a socket and reports what happened to it in its first 150 ms after opening. */
const openAndWatch = (port: number, id: number): Promise<Outcome> =>
  new Promise((resolve) => {
    const events: string[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${port}/seedlike/ws?token=u${id}`);
    // What happened before this test ends the socket itself (terminate's own 1006 is not counted).
    // Once: the open's 150 ms or the fallback below, whichever comes first; the other is cleared.
    const done = () => {
      clearTimeout(fallback);
      resolve({ id, events: [...events] });
      ws.terminate();
    };
    ws.on('upgrade', (res) => events.push(`101 protocol=${res.headers['sec-websocket-protocol'] ?? '-'} extensions=${res.headers['sec-websocket-extensions'] ?? '-'}`));
    ws.on('unexpected-response', (_req, res) => events.push(`http ${res.statusCode ?? 0}`));
    ws.on('error', (err) => events.push(`error ${err.message}`));
    ws.on('close', (code) => events.push(`close ${code}`));
    ws.on('open', () => {
      events.push('open');
      setTimeout(done, 150);
    });
    const fallback = setTimeout(done, 5_000);
  });

t.test('given a dialect that holds channels from the open turn, when 150 sockets open at once, then every one stays open', async (t) => {
  const { gateway } = await start();
  t.teardown(() => gateway.close());

  const outcomes = await Promise.all(Array.from({ length: 150 }, (_, i) => openAndWatch(gateway.port, i)));

  const dropped = outcomes.filter((o) => !o.events.includes('open') || o.events.some((e) => e.startsWith('close') || e.startsWith('error')));
  t.same(dropped.slice(0, 3), [], `sockets ended as they opened: ${dropped.length} of ${outcomes.length}`);
  t.ok(
    outcomes.every((o) => o.events[0] === '101 protocol=- extensions=-'),
    'the 101 names no subprotocol and no extension the client did not offer',
  );
});

t.test('given sockets that open and close at once, when they are gone, then presence came and went in order and nothing is left', async (t) => {
  const { gateway, online } = await start();
  t.teardown(() => gateway.close());

  await Promise.all(
    Array.from(
      { length: 30 },
      (_, i) =>
        new Promise<void>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${gateway.port}/seedlike/ws?token=brief${i}`);
          ws.on('open', () => ws.terminate());
          ws.on('close', () => resolve());
          ws.on('error', () => resolve());
        }),
    ),
  );
  for (let i = 0; i < 100 && gateway.stats().connections > 0; i++) await sleep(10);
  await sleep(50);

  t.equal(gateway.stats().connections, 0, 'no connection is left');
  t.same([...gateway.onlineAmong(Array.from({ length: 30 }, (_, i) => `brief${i}`))], [], 'nobody is left online');
  const histories = Array.from({ length: 30 }, (_, i) => online.filter((e) => e.startsWith(`brief${i}:`)));
  const wrong = histories.filter((h, i) => h.join(',') !== `brief${i}:on,brief${i}:off`);
  t.same(wrong, [], 'each user came online, then went offline, never the other way round');
});
