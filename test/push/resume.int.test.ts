import t from 'tap';
import { Client, giftSent, range, sleep, startHarness } from './support.js';
import type { PushHistory } from '../../projections/push/history.js';
import { appendPushMessages } from '../../projections/push/store.js';

const jitter = (max: number) => sleep(Math.floor(Math.random() * max));
const giftData = (roomId: string, value: number) => ({ giftSendId: `g${value}`, giftId: 'rose', fromUserId: 'alice', toUserId: 'host', count: 1, unitPrice: value, roomId, value });

t.test('push resume with since', async (t) => {
  // A history that takes its time before and after reading, so live messages keep arriving
  // while a resume is in the middle of its replay.
  const slow = (h: PushHistory): PushHistory => ({
    read: async (channel, since) => {
      await jitter(25);
      const page = await h.read(channel, since);
      await jitter(25);
      return page;
    },
  });
  const h = await startHarness({ wrapHistory: slow });
  t.teardown(h.stop);
  const port = h.gateway.port;

  t.test('given messages keep arriving, when clients drop and resume with since again and again, then each holds 1..N with no gap and no duplicate', async (t) => {
    const total = 400;
    let published = 0;
    const publisher = (async () => {
      while (published < total) {
        const n = Math.min(total - published, 1 + Math.floor(Math.random() * 4));
        await h.feed(range(1, n).map(() => giftSent('race', 'alice', 1)));
        published += n;
        await jitter(4);
      }
    })();

    const flaky = async (id: number) => {
      const held: number[] = [];
      let connections = 0;
      const problems: string[] = [];
      for (;;) {
        const since = held.at(-1) ?? 0;
        const done = published >= total;
        const c = await Client.connect(port, h.token(`viewer${id}`));
        connections++;
        const ack = await c.subscribe('room:race', since);
        if (ack.op !== 'subscribed' || ack.seq !== since) problems.push(`ack ${JSON.stringify(ack)} for since ${since}`);
        if (done) await c.waitFor((f) => f.channel === 'room:race' && f.seq === total);
        else await jitter(60);
        c.close();
        if (c.frames.some((f) => f.op === 'resync' || f.op === 'error')) problems.push(`connection ${connections} was told to resync`);
        const got = c.seqs('room:race');
        if (got.length > 0 && got[0] !== since + 1) problems.push(`connection ${connections} started at ${got[0]} after since ${since}`);
        for (const s of got) {
          const last = held.at(-1) ?? 0;
          if (s !== last + 1) problems.push(`seq ${s} after ${last}`);
          held.push(s);
        }
        if (done) return { held, connections, problems };
      }
    };

    const results = await Promise.all(range(1, 4).map(flaky));
    await publisher;
    for (const r of results) {
      t.same(r.problems, [], 'every frame followed the one before it');
      t.same(r.held, range(1, total), `held 1..${total} over ${r.connections} connections`);
      t.ok(r.connections > 3, 'resumed several times');
    }
  });

  t.test('given messages committed but not yet announced, when a client resumes, then the late announcement is not sent twice', async (t) => {
    const client = await h.pool.connect();
    await client.query('begin');
    const stored = await appendPushMessages(
      client,
      range(1, 3).map((i) => ({ channel: 'room:late', type: 'gift' as const, data: giftData('late', i), at: new Date().toISOString() })),
      1000,
    );
    await client.query('commit');
    client.release();
    const c = await Client.connect(port, h.token('viewer'));
    t.teardown(() => c.close());
    t.match(await c.subscribe('room:late', 0), { op: 'subscribed', seq: 0 });
    await c.waitFor((f) => f.channel === 'room:late' && f.seq === 3);
    for (const m of stored) h.gateway.publish(m); // the projector's publish, arriving after the replay
    await h.feed([giftSent('late', 'alice', 4)]);
    await c.waitFor((f) => f.channel === 'room:late' && f.seq === 4);
    t.same(c.seqs('room:late'), [1, 2, 3, 4]);
  });

  t.test('given a listener already live, when a resume reads messages committed but not yet announced, then it joins the live stream once they are, with nothing twice', async (t) => {
    const early = await Client.connect(port, h.token('early'));
    t.teardown(() => early.close());
    t.match(await early.subscribe('room:ahead'), { op: 'subscribed', seq: 0 });
    await h.feed([giftSent('ahead', 'alice', 1)]);
    await early.waitFor((f) => f.channel === 'room:ahead' && f.seq === 1);
    const client = await h.pool.connect();
    await client.query('begin');
    const stored = await appendPushMessages(
      client,
      range(2, 4).map((i) => ({ channel: 'room:ahead', type: 'gift' as const, data: giftData('ahead', i), at: new Date().toISOString() })),
      1000,
    );
    await client.query('commit');
    client.release();
    const late = await Client.connect(port, h.token('late'));
    t.teardown(() => late.close());
    t.match(await late.subscribe('room:ahead', 0), { op: 'subscribed', seq: 0 });
    await late.waitFor((f) => f.channel === 'room:ahead' && f.seq === 4);
    for (const m of stored) h.gateway.publish(m); // the announcement the history ran ahead of
    await h.feed([giftSent('ahead', 'alice', 5)]);
    await late.waitFor((f) => f.channel === 'room:ahead' && f.seq === 5);
    await early.waitFor((f) => f.channel === 'room:ahead' && f.seq === 5);
    t.same(late.seqs('room:ahead'), range(1, 5), 'the resume: history, then live, once each');
    t.same(early.seqs('room:ahead'), range(1, 5), 'the listener already live');
  });

  t.test('given a live subscriber, when it unsubscribes, then no frame of the channel follows; a resume with since picks up after it', async (t) => {
    const c = await Client.connect(port, h.token('viewer'));
    t.teardown(() => c.close());
    t.match(await c.subscribe('room:leave'), { op: 'subscribed', seq: 0 });
    await h.feed([giftSent('leave', 'alice', 1)]);
    await c.waitFor((f) => f.channel === 'room:leave' && f.seq === 1);
    const ack = c.next((f) => f.op === 'unsubscribed');
    c.send({ op: 'unsubscribe', channel: 'room:leave' });
    t.same(await ack, { op: 'unsubscribed', channel: 'room:leave' });
    await h.feed(range(1, 3).map(() => giftSent('leave', 'alice', 1)));
    await sleep(100);
    t.same(c.seqs('room:leave'), [1], 'nothing after the unsubscribe');
    t.match(await c.subscribe('room:leave', 1), { op: 'subscribed', seq: 1 });
    await h.feed([giftSent('leave', 'alice', 1)]);
    await c.waitFor((f) => f.channel === 'room:leave' && f.seq === 5);
    t.same(c.seqs('room:leave'), range(1, 5));
  });

  t.test('given more messages than the history keeps, when resuming from before the oldest, then resync; from the edge, then the rest', async (t) => {
    // 1,300 messages against a limit of 1,000: past the slack (1,250), so trimmed back to 1,000
    // once, and the last 50 kept on top.
    await h.feed(range(1, 1300).map(() => giftSent('old', 'alice', 1)));
    const kept = await h.pool.query("select min(seq)::int as lo, max(seq)::int as hi, count(*)::int as n from push_messages where channel = 'room:old'");
    const { lo, hi, n } = kept.rows[0] as { lo: number; hi: number; n: number };
    t.equal(hi, 1300);
    t.equal(n, hi - lo + 1, 'the kept history has no holes');
    t.ok(n >= 1000 && n <= 1250, `history keeps at least the limit and at most the limit plus slack (${n})`);
    const c = await Client.connect(port, h.token('viewer'));
    t.teardown(() => c.close());
    t.same(await c.subscribe('room:old', 10), { op: 'resync', channel: 'room:old' });
    t.same(await c.subscribe('room:old', lo - 2), { op: 'resync', channel: 'room:old' }, 'one before the oldest kept message is too old');
    t.same(await c.subscribe('room:old', 5000), { op: 'resync', channel: 'room:old' }, 'a since ahead of the channel is also resync');
    t.match(await c.subscribe('room:old', lo - 1), { op: 'subscribed', seq: lo - 1 });
    await c.waitFor((f) => f.channel === 'room:old' && f.seq === 1300);
    t.same(c.seqs('room:old'), range(lo, 1300));
  });

  t.test('given no since, when subscribing, then only messages after the subscription arrive', async (t) => {
    await h.feed(range(1, 3).map(() => giftSent('fresh', 'alice', 1)));
    const c = await Client.connect(port, h.token('viewer'));
    t.teardown(() => c.close());
    t.match(await c.subscribe('room:fresh'), { op: 'subscribed', seq: 3 });
    await h.feed([giftSent('fresh', 'alice', 1)]);
    await c.waitFor((f) => f.channel === 'room:fresh' && f.seq === 4);
    t.same(c.seqs('room:fresh'), [4]);
  });
});
