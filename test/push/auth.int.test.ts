import t from 'tap';
import { Client, HttpRefused, giftSent, sleep, startHarness } from './support.js';

t.test('push authentication and authorization', async (t) => {
  const h = await startHarness({
    authenticate: async (token) => (token === 'expired' ? null : token.startsWith('token-') ? token.slice(6) : null),
  });
  t.teardown(h.stop);
  const port = h.gateway.port;

  const refusal = async (token: string | null, headers: Record<string, string> = {}) => {
    try {
      const c = await Client.connect(port, token, { headers });
      c.close();
      return 'opened';
    } catch (err) {
      return err instanceof HttpRefused ? err.status : String(err);
    }
  };

  t.test('given no token, when connecting, then the upgrade is refused with 401', async (t) => {
    t.equal(await refusal(null), 401);
  });
  t.test('given a wrong token, when connecting, then 401', async (t) => {
    t.equal(await refusal('nonsense'), 401);
  });
  t.test('given an expired token, when connecting, then 401 and no socket', async (t) => {
    t.equal(await refusal('expired'), 401);
    await sleep(20);
    t.equal(h.gateway.stats().connections, 0);
  });
  t.test('given a valid bearer header, when connecting, then the socket opens', async (t) => {
    t.equal(await refusal(null, { authorization: 'Bearer token-alice' }), 'opened');
  });

  t.test('given alice, when she subscribes to bob\'s user channel, then FORBIDDEN and nothing else', async (t) => {
    const alice = await Client.connect(port, h.token('alice'));
    t.teardown(() => alice.close());
    const reply = await alice.subscribe('user:bob');
    t.same(reply, { op: 'error', code: 'FORBIDDEN', channel: 'user:bob' });
    await h.feed([giftSent('r1', 'bob', 5)]); // a wallet message for bob
    const own = await alice.subscribe('user:alice');
    t.equal(own.op, 'subscribed');
    await h.feed([giftSent('r1', 'alice', 5)]);
    await alice.waitFor((f) => f.channel === 'user:alice' && f.type === 'wallet');
    t.equal(alice.messages('user:bob').length, 0, 'no frame of bob\'s channel reached alice');
  });

  t.test('given a group, when a non-member subscribes, then FORBIDDEN; a member is accepted', async (t) => {
    const carol = await Client.connect(port, h.token('carol'));
    const bob = await Client.connect(port, h.token('bob'));
    t.teardown(() => {
      carol.close();
      bob.close();
    });
    t.match(await carol.subscribe('group:g1'), { op: 'error', code: 'FORBIDDEN' });
    t.match(await bob.subscribe('group:g1'), { op: 'subscribed', channel: 'group:g1' });
    await h.feed([
      {
        streamId: 'red-packet-rp1',
        type: 'RedPacketCreated',
        data: { redPacketId: 'rp1', senderId: 'alice', kind: 'fixed', total: 30, count: 3, shares: [10, 10, 10], target: { type: 'group', id: 'g1' }, expiresAt: new Date().toISOString() },
      },
    ]);
    const msg = await bob.waitFor((f) => f.channel === 'group:g1' && f.op === undefined);
    t.match(msg, { seq: 1, type: 'red_packet', data: { action: 'created', redPacketId: 'rp1', total: 30 } });
    t.notOk('shares' in (msg.data as object), 'pre-split shares are not pushed');
    await sleep(50);
    t.equal(carol.messages('group:g1').length, 0);
  });

  t.test('given a bad frame, when sent, then a VALIDATION_FAILED error frame', async (t) => {
    const c = await Client.connect(port, h.token('alice'));
    t.teardown(() => c.close());
    const err = c.next((f) => f.op === 'error');
    c.send({ op: 'subscribe', channel: 'nope' });
    t.match(await err, { op: 'error', code: 'VALIDATION_FAILED' });
    const pong = c.next((f) => f.op === 'pong');
    c.send({ op: 'ping' });
    t.same(await pong, { op: 'pong' });
  });
});
