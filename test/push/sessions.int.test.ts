// Channels and sessions that end: a member removed from a group stops hearing it at once, a
// socket whose session ends is closed, and a seed app's socket dialect rides the same channels.
import t from 'tap';
import type { PushDialect } from '../../services/push/dialects.js';
import { Client, startHarness } from './support.js';

const at = () => new Date().toISOString();
const groupMessage = (seq: number) => ({ channel: 'group:g1', seq, type: 'transfer' as const, data: { status: 'pending' as const, transferId: `t${seq}`, fromUserId: 'alice', toUserId: 'bob', amount: seq }, at: at() });

/** A dialect of its own: plain `{"n":seq}` frames, the user's own channel held from the start. */
const testDialect: PushDialect = {
  name: 'test',
  path: '/apps/test/ws',
  authenticate: async (info) => {
    const user = info.query.get('user');
    return user ? { userId: user, expiresAt: Infinity } : null;
  },
  topic: (channel) => `test|${channel}`,
  encodeGroup: (msgs) => msgs.map((m) => Buffer.from(JSON.stringify({ n: m.seq, on: m.channel }))),
  control: () => null,
  parse: () => ({ error: 'this dialect sends nothing' }),
  implicit: (p) => [`user:${p.userId}`],
};

t.test('push sessions and revocations', async (t) => {
  const h = await startHarness({
    authenticate: async (token) => (token === 'token-short' ? { userId: 'short', expiresAt: Date.now() + 400 } : token.startsWith('token-') ? token.slice(6) : null),
    sessionSweepMs: 100,
    dialects: [testDialect],
  });
  t.teardown(h.stop);
  const port = h.gateway.port;

  t.test('given bob in a group, when he is removed, then his subscription ends at once and later group frames reach only the members', async (t) => {
    const [alice, bob] = [await Client.connect(port, h.token('alice')), await Client.connect(port, h.token('bob'))];
    t.teardown(() => (alice.close(), bob.close()));
    t.match(await alice.subscribe('group:g1'), { op: 'subscribed' });
    t.match(await bob.subscribe('group:g1'), { op: 'subscribed' });
    h.gateway.publish(groupMessage(1));
    await bob.waitFor((f) => f.channel === 'group:g1' && f.seq === 1);
    await h.feed([{ streamId: 'group-g1', type: 'GroupMemberRemoved', data: { groupId: 'g1', userId: 'bob', removedBy: 'alice' } }]);
    t.match(await bob.waitFor((f) => f.op === 'error' && f.channel === 'group:g1'), { code: 'FORBIDDEN' }, 'bob is told');
    h.gateway.publish(groupMessage(2));
    await alice.waitFor((f) => f.channel === 'group:g1' && f.seq === 2);
    t.same(bob.seqs('group:g1'), [1], 'nothing after the removal reached bob');
  });

  t.test('given a session that ends, when its end passes, then its socket is closed with 4001', async (t) => {
    const c = await Client.connect(port, 'token-short');
    t.match(await c.waitClosed(3000), { code: 4001 });
  });

  t.test('given a session ended on purpose, when endSession runs, then its sockets close and others stay', async (t) => {
    const [mine, other] = [await Client.connect(port, h.token('dave')), await Client.connect(port, h.token('erin'))];
    t.teardown(() => other.close());
    h.gateway.endSession(h.token('dave'));
    t.match(await mine.waitClosed(), { code: 4001 });
    t.equal(other.closed, null);
  });

  t.test('given a seed app dialect, when its socket connects, then it holds its implicit channel and gets its own frames', async (t) => {
    const c = await Client.connect(port, null, {}, '/apps/test/ws?user=alice');
    t.teardown(() => c.close());
    const v1 = await Client.connect(port, h.token('alice'));
    t.teardown(() => v1.close());
    t.match(await v1.subscribe('user:alice'), { op: 'subscribed' });
    await new Promise((r) => setTimeout(r, 100)); // the implicit subscription settles
    h.gateway.publish({ channel: 'user:alice', seq: 1, type: 'wallet', data: { reason: 'recharge', refId: 'o1', changes: [] }, at: at() });
    t.same(await c.waitFor((f) => f.n === 1), { n: 1, on: 'user:alice' }, 'the dialect frame');
    t.match(await v1.waitFor((f) => f.channel === 'user:alice' && f.seq === 1), { type: 'wallet' }, 'and /v1 its own, from one publish');
  });
});
