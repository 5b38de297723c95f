// The one EventStore contract, run in full against every adapter. Adapter-neutral: positions are
// only required to grow (not to be dense or start at 1), the log may already hold other events,
// and every case uses its own stream ids. Where adapters legitimately differ, the difference is
// an option with an asserted outcome, never a skipped case.
import { randomUUID } from 'node:crypto';
import type { Test } from 'tap';
import { isDuplicateEventIds, isWrongExpectedRevision, type EventStore, type NewEvent, type StoredEvent } from '../../services/shared/event-store/port.js';

export interface EventStoreFixture {
  store: EventStore;
  teardown(): Promise<void>;
}

export interface EventStoreContractOptions {
  /** Upper bound for waits on asynchronous delivery. */
  timeoutMs?: number;
}

export const newEvent = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { at: new Date(0).toISOString(), commandId: randomUUID() },
});

export const waitFor = async (what: string, cond: () => boolean, timeoutMs: number): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

const readAllFrom = async (store: EventStore, from: number, pageSize = 1000): Promise<StoredEvent[]> => {
  const all: StoredEvent[] = [];
  for (let page = await store.readAll(from, pageSize); page.length > 0; ) {
    all.push(...page);
    const last = page[page.length - 1];
    page = last ? await store.readAll(last.position, pageSize) : [];
  }
  return all;
};

const increasing = (events: StoredEvent[]) => events.every((e, i) => i === 0 || (events[i - 1]?.position ?? Infinity) < e.position);

export const eventStoreContract = (
  t: Test,
  name: string,
  factory: () => Promise<EventStoreFixture>,
  options: EventStoreContractOptions = {},
): void => {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const run = randomUUID().slice(0, 8);
  let n = 0;
  const stream = (label: string) => `${label}-${run}-${++n}`;
  const withStore = (title: string, body: (t: Test, store: EventStore) => Promise<void>) =>
    t.test(`${name}: ${title}`, async (t) => {
      const { store, teardown } = await factory();
      t.teardown(teardown);
      await body(t, store);
    });
  const rejectsWrongRevision = async (t: Test, p: Promise<unknown>, actual: number | null, msg: string) => {
    const err: unknown = await p.then(() => undefined, (e: unknown) => e);
    t.ok(isWrongExpectedRevision(err), `${msg}: typed WrongExpectedRevisionError`);
    if (isWrongExpectedRevision(err)) t.equal(err.actual, actual, `${msg}: actual revision`);
  };
  const rejectsDuplicate = async (t: Test, p: Promise<unknown>, stored: string[], msg: string) => {
    const err: unknown = await p.then(() => undefined, (e: unknown) => e);
    t.ok(isDuplicateEventIds(err), `${msg}: typed DuplicateEventIdsError`);
    if (isDuplicateEventIds(err)) t.ok(err.eventIds.length > 0 && err.eventIds.every((id) => stored.includes(id)), `${msg}: names stored ids`);
  };

  withStore('given a new stream, when two events are appended, then it reads them back in order from revision 0', async (t, store) => {
    const s = stream('order');
    const [a, b] = [newEvent('A', { n: 1 }), newEvent('B', { nested: { ok: true } })];
    const r = await store.append(s, [a, b], { expectedRevision: 'no_stream' });
    const events = await store.readStream(s);
    t.same(events.map((e) => [e.id, e.type, e.revision, e.streamId]), [[a.id, 'A', 0, s], [b.id, 'B', 1, s]]);
    t.same(events.map((e) => e.data), [a.data, b.data]);
    t.same(events[0]?.metadata, a.metadata);
    t.ok(increasing(events), 'positions grow with revisions');
    t.same(r, { nextRevision: 1, position: events[1]?.position, positions: events.map((e) => e.position) });
    t.equal(await store.headPosition() >= r.position, true, 'head reaches the append');
  });

  withStore('given a stream of five, when reading from revision 2 with limit 2, then it returns revisions 2 and 3', async (t, store) => {
    const s = stream('range');
    await store.append(s, [1, 2, 3, 4, 5].map((i) => newEvent('N', { i })), { expectedRevision: 'no_stream' });
    t.same((await store.readStream(s, { fromRevision: 2, limit: 2 })).map((e) => e.revision), [2, 3]);
    t.same(await store.readStream(stream('missing')), [], 'a missing stream reads empty');
  });

  withStore('given each kind of expected revision, when it does not match, then append throws a typed error', async (t, store) => {
    const s = stream('expect');
    await rejectsWrongRevision(t, store.append(s, [newEvent('A')], { expectedRevision: 'stream_exists' }), null, 'stream_exists on a missing stream');
    await rejectsWrongRevision(t, store.append(s, [newEvent('A')], { expectedRevision: 0 }), null, 'a number on a missing stream');
    const first = await store.append(s, [newEvent('A')], { expectedRevision: 'no_stream' });
    const firstPosition = (await store.readStream(s))[0]?.position;
    t.same(first, { nextRevision: 0, position: firstPosition, positions: [firstPosition] });
    await rejectsWrongRevision(t, store.append(s, [newEvent('B')], { expectedRevision: 'no_stream' }), 0, 'no_stream on an existing stream');
    await rejectsWrongRevision(t, store.append(s, [newEvent('B')], { expectedRevision: 1 }), 0, 'a number ahead');
    t.equal((await store.append(s, [newEvent('B')], { expectedRevision: 0 })).nextRevision, 1, 'the exact number appends');
    await rejectsWrongRevision(t, store.append(s, [newEvent('C')], { expectedRevision: 0 }), 1, 'a number behind');
    t.equal((await store.append(s, [newEvent('C')], { expectedRevision: 'stream_exists' })).nextRevision, 2, 'stream_exists appends');
    t.equal((await store.append(s, [newEvent('D')], { expectedRevision: 'any' })).nextRevision, 3, 'any appends to an existing stream');
    t.equal((await store.append(stream('any'), [newEvent('D')], { expectedRevision: 'any' })).nextRevision, 0, 'any creates a stream');
    t.equal((await store.readStream(s)).length, 4, 'rejected appends wrote nothing');
  });

  withStore('given appends to several streams at once, when one expects the wrong revision and one is a retry, then each gets its own outcome', async (t, store) => {
    const [a, b, c, d] = [stream('many'), stream('many'), stream('many'), stream('many')];
    const retried = [newEvent('R')];
    const original = await store.append(c, retried, { expectedRevision: 'no_stream' });
    await store.append(b, [newEvent('B0')], { expectedRevision: 'no_stream' });
    // Started together, so a batching adapter may put them in one transaction.
    const [ra, rb, rc, rd] = await Promise.allSettled([
      store.append(a, [newEvent('A0'), newEvent('A1')], { expectedRevision: 'no_stream' }),
      store.append(b, [newEvent('B1')], { expectedRevision: 5 }),
      store.append(c, retried, { expectedRevision: 'no_stream' }),
      store.append(d, [newEvent('D0')], { expectedRevision: 'any' }),
    ]);
    t.equal(ra?.status === 'fulfilled' && ra.value.nextRevision, 1, 'a fresh stream appends');
    t.ok(rb?.status === 'rejected' && isWrongExpectedRevision(rb.reason) && rb.reason.actual === 0, 'the wrong revision fails alone, typed, with the actual revision');
    t.same(rc?.status === 'fulfilled' && rc.value, original, 'the retry returns its original result');
    t.equal(rd?.status === 'fulfilled' && rd.value.nextRevision, 0, 'any creates');
    t.same((await store.readStream(b)).map((e) => e.type), ['B0'], 'the refused stream is unchanged');
    t.same((await store.readStream(c)).map((e) => e.type), ['R'], 'the retry wrote nothing');
    t.same((await store.readStream(a)).map((e) => e.revision), [0, 1]);
  });

  withStore('given an acknowledged append, when the same events are appended again at the same place, then the original result returns and nothing is duplicated', async (t, store) => {
    const s = stream('retry');
    const first = [newEvent('A'), newEvent('B')];
    const original = await store.append(s, first, { expectedRevision: 'no_stream' });
    const third = newEvent('C');
    const thirdResult = await store.append(s, [third], { expectedRevision: 1 });
    const from = (await store.readStream(s))[0]?.position ?? 0;
    t.same(await store.append(s, first, { expectedRevision: 'no_stream' }), original, 'retry with no_stream');
    t.same(await store.append(s, first, { expectedRevision: 'any' }), original, 'retry with any');
    t.same(await store.append(s, first, { expectedRevision: 'stream_exists' }), original, 'retry with stream_exists');
    t.same(await store.append(s, [third], { expectedRevision: 1 }), thirdResult, 'retry with a number');
    t.same((await store.readStream(s)).map((e) => e.id), [...first, third].map((e) => e.id));
    const ours = (await readAllFrom(store, from - 1)).filter((e) => e.streamId === s);
    t.equal(ours.length, 3, 'the global log holds each event once');
  });

  withStore('given stored events, when their ids are appended at another place, then append is refused as a duplicate and writes nothing', async (t, store) => {
    const s = stream('place');
    const [a, b] = [newEvent('A'), newEvent('B')];
    await store.append(s, [a, b], { expectedRevision: 'no_stream' });
    await rejectsDuplicate(t, store.append(s, [a, b], { expectedRevision: 3 }), [a.id, b.id], 'another revision');
    await rejectsDuplicate(t, store.append(s, [b, a], { expectedRevision: 'any' }), [a.id, b.id], 'another order');
    await rejectsDuplicate(t, store.append(s, [a, newEvent('X')], { expectedRevision: 'any' }), [a.id], 'partly stored');
    t.equal((await store.readStream(s)).length, 2, 'nothing written');
  });

  withStore('given an id stored in one stream, when appended to another stream, then it is refused as a duplicate', async (t, store) => {
    const a = newEvent('A');
    await store.append(stream('first'), [a], { expectedRevision: 'no_stream' });
    const other = stream('second');
    await rejectsDuplicate(t, store.append(other, [a], { expectedRevision: 'any' }), [a.id], 'id elsewhere');
    t.same(await store.readStream(other), []);
  });

  withStore('given an old command at revision 0 and many later appends, when its events are appended again at the current revision, then it is refused as a duplicate and readEvents finds the original', async (t, store) => {
    // The shape of a re-decided command: the same (derived) ids, at the stream's head, long after.
    const s = stream('old-command');
    const old = [newEvent('Credited', { n: 0 }), newEvent('Noted', { n: 0 })];
    await store.append(s, old, { expectedRevision: 'no_stream' });
    let revision = 1;
    for (let i = 0; i < 30; i++) revision = (await store.append(s, [newEvent('Other', { i })], { expectedRevision: revision })).nextRevision;
    await rejectsDuplicate(t, store.append(s, old, { expectedRevision: revision }), [old[0]?.id ?? '', old[1]?.id ?? ''], 'the same ids at the current revision');
    await rejectsDuplicate(t, store.append(s, [old[0] ?? newEvent('X'), newEvent('New')], { expectedRevision: revision }), [old[0]?.id ?? ''], 'the first id with new ones');
    t.equal((await store.readStream(s)).length, 32, 'nothing was written');
    const found = await store.readEvents([old[0]?.id ?? '', randomUUID(), old[1]?.id ?? '']);
    t.same(
      found.map((e) => [e.id, e.streamId, e.revision, e.type]).sort(),
      [[old[0]?.id, s, 0, 'Credited'], [old[1]?.id, s, 1, 'Noted']].sort(),
      'readEvents returns the stored events, leaving out unknown ids',
    );
    t.same(await store.readEvents([]), [], 'no ids, no events');
  });

  withStore('given several streams appended at once with three events each, when each append answers, then each event\'s position is where it is read back', async (t, store) => {
    const streams = [stream('places'), stream('places'), stream('places')];
    const results = await Promise.all(streams.map((s) => store.append(s, [newEvent('X'), newEvent('Y'), newEvent('Z')], { expectedRevision: 'no_stream' })));
    for (const [i, s] of streams.entries()) {
      const read = await store.readStream(s);
      t.same(results[i]?.positions, read.map((e) => e.position), `${s}: the answer names each event's own position`);
      t.equal(results[i]?.position, read.at(-1)?.position, `${s}: position is the last event's`);
    }
  });

  withStore('given events in several streams, when readAll pages through them, then pages join into the whole log in position order', async (t, store) => {
    const from = await store.headPosition();
    const [s1, s2] = [stream('page'), stream('page')];
    for (let i = 0; i < 7; i++) await store.append(i % 2 ? s1 : s2, [newEvent('P', { i })], { expectedRevision: 'any' });
    const whole = (await readAllFrom(store, from)).filter((e) => e.streamId === s1 || e.streamId === s2);
    t.same(whole.map((e) => e.data['i']), [0, 1, 2, 3, 4, 5, 6]);
    const paged: StoredEvent[] = [];
    for (let pos = from; ; ) {
      const page = await store.readAll(pos, 3);
      t.ok(page.length <= 3, 'a page respects the limit');
      t.ok(page.every((e) => e.position > pos), 'only positions after fromPosition');
      const last = page[page.length - 1];
      if (!last) break;
      paged.push(...page);
      pos = last.position;
    }
    t.same(paged.filter((e) => e.streamId === s1 || e.streamId === s2), whole);
    t.ok(increasing(paged), 'positions strictly increase');
    t.equal(await store.headPosition(), paged[paged.length - 1]?.position, 'head is the last readable position');
  });

  withStore('given a log with events, when subscribing, then it catches up in batches and then follows live appends', async (t, store) => {
    const from = await store.headPosition();
    const s = stream('sub');
    await store.append(s, [1, 2, 3, 4, 5].map((i) => newEvent('S', { i })), { expectedRevision: 'no_stream' });
    const seen: StoredEvent[] = [];
    let largestBatch = 0;
    const sub = store.subscribeAll({
      fromPosition: from,
      batchSize: 2,
      onEvents: async (events) => {
        largestBatch = Math.max(largestBatch, events.length);
        seen.push(...events);
      },
    });
    await waitFor('catch-up', () => seen.length >= 5, timeoutMs);
    for (const i of [6, 7, 8]) await store.append(s, [newEvent('S', { i })], { expectedRevision: 'any' });
    await waitFor('live events', () => seen.length >= 8, timeoutMs);
    await sub.close();
    await store.append(s, [newEvent('S', { i: 9 })], { expectedRevision: 'any' });
    await new Promise((r) => setTimeout(r, 100));
    t.same(seen.map((e) => e.data['i']), [1, 2, 3, 4, 5, 6, 7, 8], 'in order, once, nothing after close');
    t.ok(largestBatch <= 2, 'batches respect batchSize');
    t.ok(increasing(seen));
  });

  withStore('given a subscriber whose handler throws, when events arrive, then it stops and reports the error', async (t, store) => {
    const from = await store.headPosition();
    const s = stream('fail');
    const errors: unknown[] = [];
    let calls = 0;
    const sub = store.subscribeAll({
      fromPosition: from,
      batchSize: 1,
      onEvents: async () => {
        calls++;
        throw new Error('handler failed');
      },
      onError: (err) => errors.push(err),
    });
    await store.append(s, [newEvent('F')], { expectedRevision: 'no_stream' });
    await waitFor('the error', () => errors.length > 0, timeoutMs);
    await store.append(s, [newEvent('G')], { expectedRevision: 'any' });
    await new Promise((r) => setTimeout(r, 100));
    t.equal(calls, 1, 'no delivery after the failure');
    t.match(errors, [{ message: 'handler failed' }]);
    await sub.close();
  });

  withStore('given 8 writers appending in parallel, when a subscriber follows from the start, then it sees every event once in position order without gaps', async (t, store) => {
    const writers = 8;
    const appendsEach = 500;
    const from = await store.headPosition();
    const shared = [stream('shared'), stream('shared')];
    const own = Array.from({ length: writers }, () => stream('own'));
    const ours = new Set([...shared, ...own]);
    const delivered: StoredEvent[] = [];
    let monotonic = true;
    const sub = store.subscribeAll({
      fromPosition: from,
      batchSize: 100,
      onEvents: async (events) => {
        for (const e of events) {
          if ((delivered[delivered.length - 1]?.position ?? from) >= e.position) monotonic = false;
          delivered.push(e);
        }
      },
    });
    let expected = 0;
    const writer = async (w: number) => {
      let ownRevision = -1;
      for (let i = 0; i < appendsEach; i++) {
        const events = Array.from({ length: i % 5 === 0 ? 2 : 1 }, () => newEvent('W', { w, i }));
        expected += events.length;
        if (i % 2 === 0) {
          const s = own[w] ?? '';
          const r = await store.append(s, events, { expectedRevision: ownRevision < 0 ? 'no_stream' : ownRevision });
          ownRevision = r.nextRevision;
        } else {
          await store.append(shared[i % 4 === 1 ? 0 : 1] ?? '', events, { expectedRevision: 'any' });
        }
      }
    };
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    const oursOnly = (events: StoredEvent[]) => events.filter((e) => ours.has(e.streamId));
    await waitFor('all events delivered', () => oursOnly(delivered).length >= expected, timeoutMs).catch((err: unknown) => t.fail(String(err)));
    await new Promise((r) => setTimeout(r, 100));
    await sub.close();
    const final = await readAllFrom(store, from);
    t.equal(oursOnly(final).length, expected, 'the log holds every appended event');
    t.ok(monotonic, 'delivered positions strictly increase');
    t.equal(new Set(delivered.map((e) => e.id)).size, delivered.length, 'no event delivered twice');
    t.same(oursOnly(delivered).map((e) => e.id), oursOnly(final).map((e) => e.id), 'no gap against the final log');
    for (const s of ours) {
      const events = await store.readStream(s);
      const gapless = events.every((e, i) => e.revision === i && (i === 0 || (events[i - 1]?.position ?? Infinity) < e.position));
      t.ok(gapless, `${s}: revisions 0..n-1 in position order`);
    }
  });
};
