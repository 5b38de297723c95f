// Ending sessions over `npm start`'s process: a token signed out or revoked stops working on HTTP
// with the very next request (it was cached as valid a moment before), and its push socket is
// closed with 4001 while the user's other sessions keep theirs.
import t from 'tap';
import WebSocket from 'ws';
import { client, login } from '../support/client.js';
import { serverFor } from '../support/server.js';

const open = (url: string) =>
  new Promise<{ ws: WebSocket; closed: Promise<number>; frames: Record<string, unknown>[] }>((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: Record<string, unknown>[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (raw) => frames.push(JSON.parse(String(raw)) as Record<string, unknown>));
    ws.on('open', () => resolve({ ws, closed, frames }));
    ws.on('error', reject);
  });

const subscribed = async (s: { ws: WebSocket; frames: Record<string, unknown>[] }, channel: string) => {
  s.ws.send(JSON.stringify({ op: 'subscribe', channel }));
  for (let i = 0; i < 200 && !s.frames.some((f) => f.op === 'subscribed' && f.channel === channel); i++) await new Promise((r) => setTimeout(r, 25));
};

const closedWithin = (p: Promise<number>, ms: number) => Promise.race([p, new Promise<number>((r) => setTimeout(() => r(-1), ms))]);

t.test('given a signed-in user with a socket, when the session is signed out, then HTTP refuses the token at once and the socket closes', async (t) => {
  const s = await serverFor(t);
  const c = client(s.url);
  const u = await login(c, 'leaver');
  t.equal((await c.call('GET', '/v1/me', { token: u.token })).status, 200, 'valid, and now cached');
  const sock = await open(`${s.wsUrl}/v1/ws?token=${u.token}`);
  await subscribed(sock, `user:${u.userId}`);

  const out = await c.call('DELETE', '/v1/auth/sessions/current', { token: u.token });
  t.same(out.body, { sessionsEnded: 1 });
  const after = await c.call<{ error: { code: string; details: Record<string, unknown> } }>('GET', '/v1/me', { token: u.token });
  t.equal(after.status, 401, 'the very next request is refused');
  t.same(after.body.error.details, { sessionEnded: 'signed_out' });
  t.equal(await closedWithin(sock.closed, 5000), 4001, 'the socket is closed as session ended');
  const again = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`${s.wsUrl}/v1/ws?token=${u.token}`);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', () => {});
  });
  t.equal(again, 401, 'and it cannot connect again');
  t.notOk(s.output().includes(u.token), 'the token never reaches the log');
});

t.test('given two sessions with sockets, when one revokes all others, then only the other socket closes', async (t) => {
  const s = await serverFor(t);
  const c = client(s.url);
  const phone = '+8613200000009';
  const first = await login(c, 'two', phone);
  const second = await login(c, 'two', phone);
  const [a, b] = [await open(`${s.wsUrl}/v1/ws?token=${first.token}`), await open(`${s.wsUrl}/v1/ws?token=${second.token}`)];
  await subscribed(a, `user:${first.userId}`);
  await subscribed(b, `user:${first.userId}`);
  const r = await c.call('DELETE', '/v1/me/sessions?keepCurrent=true', { token: second.token });
  t.same(r.body, { sessionsEnded: 1 });
  t.equal((await c.call('GET', '/v1/me', { token: first.token })).status, 401);
  t.equal(await closedWithin(a.closed, 5000), 4001);
  t.equal((await c.call('GET', '/v1/me', { token: second.token })).status, 200);
  t.equal(await closedWithin(b.closed, 300), -1, 'the kept session keeps its socket');
  b.ws.close();
});
