// The pushes of #16's leftovers over a real socket (the platform with its push role, embedded
// PostgreSQL): a later shake that matches me reaches my user: channel as `shake.match`; a request
// withdrawn reaches its target as `friend.request` withdrawn.
import t from 'tap';
import { Client } from '../../push/support.js';
import { build, type TestApp } from '../../support/app.js';

let app: TestApp;
type User = { userId: string; token: string };

const call = async (u: User, method: 'POST' | 'GET', url: string, payload?: object) => {
  const r = await app.inject({ method, url, headers: { authorization: `Bearer ${u.token}` }, ...(payload ? { payload } : {}) });
  return { status: r.status, body: r.json<Record<string, unknown>>() };
};

t.test('given bob listening, when cat shakes after him and matches him, then bob hears shake.match; when ann withdraws her request, bob hears it', async (t) => {
  app = await build(t, { ROLES: 'command-api,query-api,projector,process-manager,push' });
  const [ann, bob, cat] = await Promise.all([app.signIn('+8613700600001'), app.signIn('+8613700600002'), app.signIn('+8613700600003')]);
  const socket = await Client.connect(app.platform.wsPort, bob.token);
  t.teardown(() => socket.close());
  t.match(await socket.subscribe(`user:${bob.userId}`), { op: 'subscribed' });

  t.match(await call(bob, 'POST', '/v1/geo/shake', { lat: 31.2304, lng: 121.4737 }), { status: 200, body: { match: null } });
  t.match(await call(cat, 'POST', '/v1/geo/shake', { lat: 31.2314, lng: 121.4737 }), { status: 200, body: { match: { userId: bob.userId, distance: 200 } } });
  const heard = await socket.waitFor((f) => f.type === 'shake.match', 30_000);
  t.match(heard, { channel: `user:${bob.userId}`, type: 'shake.match', data: { shakerId: cat.userId, matchedId: bob.userId, distance: 200 } });

  await call(ann, 'POST', '/v1/friend-requests', { userId: bob.userId });
  await socket.waitFor((f) => f.type === 'friend.request' && (f.data as { status?: string }).status === 'pending', 30_000);
  t.match(await call(ann, 'POST', `/v1/friend-requests/${bob.userId}/withdraw`), { status: 200 });
  const withdrawn = await socket.waitFor((f) => f.type === 'friend.request' && (f.data as { status?: string }).status === 'withdrawn', 30_000);
  t.match(withdrawn, { channel: `user:${bob.userId}`, data: { requesterId: ann.userId, targetId: bob.userId, status: 'withdrawn' } });
  t.notOk(socket.messages(`user:${bob.userId}`).some((f) => f.type === 'shake.match' && (f.data as { shakerId?: string }).shakerId === bob.userId), 'the later shaker is not pushed their own match');
});
