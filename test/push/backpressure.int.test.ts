import t from 'tap';
import { Client, giftSent, sleep, startDatabase, startHarness, waitUntil } from './support.js';
import { pushCloseCodes } from '../../contracts/push.js';

t.test('push connection limits', async (t) => {
  const db = await startDatabase();
  t.teardown(db.stop);

  t.test('given a client that stops reading, when messages keep coming, then it is dropped at the buffer limit while a reader keeps up', async (t) => {
    const maxBufferBytes = 64 * 1024;
    const h = await startHarness({ db, maxBufferBytes });
    t.teardown(h.stop);
    const slow = await Client.connect(h.gateway.port, h.token('slow'));
    const fast = await Client.connect(h.gateway.port, h.token('fast'));
    t.teardown(() => {
      slow.close();
      fast.close();
    });
    await slow.subscribe('room:busy');
    await fast.subscribe('room:busy');
    slow.ws.pause(); // stops reading from its socket: the kernel buffers fill, then the server's
    const big = 'x'.repeat(8 * 1024);
    let seq = 0;
    // Published straight to the gateway (not stored): this test is about the socket, not replay.
    const at = new Date().toISOString();
    while (h.gateway.stats().connections > 1 && seq < 20_000) {
      for (let i = 0; i < 50; i++) {
        seq++;
        h.gateway.publish({ channel: 'room:busy', seq, type: 'gift', data: { giftSendId: big, giftId: 'rose', fromUserId: 'a', toUserId: 'b', count: 1, unitPrice: 1, roomId: 'busy', value: 1 }, at });
      }
      await sleep(1); // lets the reader read
    }
    t.ok(seq < 20_000, `the slow socket was dropped after ${seq} messages (~${Math.round((seq * 8) / 1024)} MiB)`);
    t.equal(h.gateway.stats().connections, 1, 'only the reader is left');
    await fast.waitFor((f) => f.seq === seq);
    t.equal(fast.messages('room:busy').length, seq, 'the reader got every message');
    slow.ws.resume();
    const closed = await slow.waitClosed();
    t.equal(closed.code, pushCloseCodes.slowConsumer, `closed with the slow-consumer code (${JSON.stringify(closed)})`);
    const got = slow.seqs('room:busy');
    t.same(got, Array.from({ length: got.length }, (_, i) => i + 1), 'what it did get has no gap, so it can resume with since');
  });

  t.test('given a client that answers no pings, when idle past the timeout, then the server closes it; a ponging client stays', async (t) => {
    const h = await startHarness({ db, idleTimeoutSeconds: 8 });
    t.teardown(h.stop);
    const dead = await Client.connect(h.gateway.port, h.token('dead'), { autoPong: false });
    const alive = await Client.connect(h.gateway.port, h.token('alive'));
    t.teardown(() => {
      dead.close();
      alive.close();
    });
    // uWS checks timeouts on a 4 s tick and pings a quiet socket before the limit; a socket
    // that never pongs is closed within about two timeouts.
    const started = Date.now();
    await dead.waitClosed(30_000);
    t.ok(Date.now() - started < 20_000, `the silent client was closed after ${Date.now() - started} ms`);
    await sleep(9000);
    t.equal(alive.closed, null, 'the client answering pings is still connected after a full timeout');
    const pong = alive.next((f) => f.op === 'pong');
    alive.send({ op: 'ping' });
    t.same(await pong, { op: 'pong' });
  });

  t.test('given open sockets, when the gateway shuts down, then each is closed with 1001 and new connections are refused', async (t) => {
    const h = await startHarness({ db });
    const a = await Client.connect(h.gateway.port, h.token('a'));
    const b = await Client.connect(h.gateway.port, h.token('b'));
    await a.subscribe('room:bye');
    await h.feed([giftSent('bye')]);
    await a.waitFor((f) => f.seq === 1);
    await h.stop();
    t.equal((await a.waitClosed()).code, pushCloseCodes.shutdown);
    t.equal((await b.waitClosed()).code, pushCloseCodes.shutdown);
    await t.rejects(Client.connect(h.gateway.port, h.token('a')));
    t.ok(await waitUntil(() => h.gateway.stats().connections === 0));
  });
});
