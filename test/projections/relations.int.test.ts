// The social graph's read models on real PostgreSQL through the projector runtime. The property:
// after any sequence of follows, unfollows, blocks and unblocks between a few users, delivered in
// any batch sizes and with batches delivered twice, the follows rows are exactly the follows the
// relation streams decided, and every user's counts equal their rows.
import fc from 'fast-check';
import t from 'tap';
import type { StoredEvent } from '../../domain/events.js';
import { contactsDecider, contactsStream, type ContactsCommand } from '../../domain/contacts.js';
import { isDomainError } from '../../domain/errors.js';
import { relationDecider, relationStream, type Relation, type RelationCommand, type RelationEvent } from '../../domain/relation.js';
import { blocksProjection } from '../../projections/blocks.js';
import { contactsProjection, getContact, listTags } from '../../projections/contacts.js';
import { followsProjection, getFollowCounts, listFollows } from '../../projections/follows.js';
import { friendsProjection, listFriendRequests, listFriends } from '../../projections/friends.js';
import type { Tx } from '../../projections/projection.js';
import { assertRedeliveryChangesNothing, eventLog, project, startReadStore, type ReadStore } from '../support/read-models.js';

let store: ReadStore;
t.before(async () => {
  store = await startReadStore();
});
t.teardown(async () => store.stop());

const T0 = '2025-06-01T08:00:00.000Z';
const users = ['u1', 'u2', 'u3', 'u4', 'u5'] as const;
type Op = { by: number; to: number; kind: 'Follow' | 'Unfollow' | 'Block' | 'Unblock' };

const opArb: fc.Arbitrary<Op> = fc.record({
  by: fc.integer({ min: 0, max: users.length - 1 }),
  to: fc.integer({ min: 0, max: users.length - 1 }),
  // Follows are the common case; blocks come often enough to end follows in most runs.
  kind: fc.constantFrom<Op['kind']>('Follow', 'Follow', 'Follow', 'Unfollow', 'Block', 'Unblock'),
});

/**
 * Runs the ops through the decider (refusals are skipped, as the API would answer them) and
 * returns the stored events and the follows the pairs' final states hold, as "follower>followee".
 */
const decideAll = (ops: readonly Op[]) => {
  const log = eventLog();
  const events: StoredEvent[] = [];
  const pairs = new Map<string, { users: [string, string]; events: RelationEvent[] }>();
  for (const op of ops) {
    const by = users[op.by] ?? 'u1';
    const to = users[op.to] ?? 'u1';
    const stream = relationStream(by, to);
    try {
      const fresh = log.decide(relationDecider, stream, { type: op.kind, data: { targetId: to } } as Omit<RelationCommand, 'metadata'>, T0, by);
      events.push(...fresh);
      const pair = pairs.get(stream) ?? { users: [by, to], events: [] };
      pair.events.push(...fresh.map((e) => ({ type: e.type, data: e.data }) as RelationEvent));
      pairs.set(stream, pair);
    } catch (e) {
      if (!isDomainError(e)) throw e;
    }
  }
  const decided = new Set<string>();
  for (const { users: [a, b], events: es } of pairs.values()) {
    const s = es.reduce<Relation>((st, e) => relationDecider.evolve(st, e), relationDecider.initialState());
    for (const follower of s.following) decided.add(`${follower}>${follower === a ? b : a}`);
  }
  return { events, decided };
};

const reset = async () => {
  await store.pool.query('delete from follows; delete from follow_counts');
  await store.pool.query(`delete from consumer_checkpoints where name like 'projection:follows%'`);
};

/** Applies events straight through the projection, bypassing the checkpoint: a duplicate delivery. */
const applyTwice = async (events: readonly StoredEvent[]) => {
  const client = await store.pool.connect();
  try {
    await client.query('begin');
    const tx: Tx = client;
    await followsProjection.applyBatch?.(tx, events.filter((e) => followsProjection.handles?.includes(e.type)));
    await client.query('commit');
  } finally {
    client.release();
  }
};

t.test('property: follows rows equal the decided follows, and counts equal the rows, for any ops and any batching', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { maxLength: 80 }), fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 10 }), fc.boolean(), async (ops, cuts, duplicate) => {
      await reset();
      const { events, decided } = decideAll(ops);
      // Deliver in batches of the drawn sizes; with `duplicate`, every batch arrives again, and
      // is also applied a second time behind the checkpoint's back.
      for (let i = 0, k = 0; i < events.length; k++) {
        const batch = events.slice(i, i + (cuts[k % cuts.length] ?? 1));
        await project(store.pool, followsProjection, batch);
        if (duplicate) {
          await project(store.pool, followsProjection, batch);
          await applyTwice(batch);
        }
        i += batch.length;
      }
      const rows = await store.pool.query<{ follower_id: string; followee_id: string }>('select follower_id, followee_id from follows');
      const stored = new Set(rows.rows.map((r) => `${r.follower_id}>${r.followee_id}`));
      if ([...decided].sort().join() !== [...stored].sort().join()) throw new Error(`rows ${[...stored].sort()} != decided ${[...decided].sort()}`);
      for (const u of users) {
        const c = await getFollowCounts(store.pool, u);
        const following = [...stored].filter((x) => x.startsWith(`${u}>`)).length;
        const followers = [...stored].filter((x) => x.endsWith(`>${u}`)).length;
        if (c.following !== following || c.followers !== followers) throw new Error(`${u}: counts ${JSON.stringify(c)} != rows ${following}/${followers}`);
      }
    }),
    { numRuns: 60 },
  );
  t.pass('60 random histories');
});

t.test('a celebrity followed by a thousand in one batch: one counts row, exact', async (t) => {
  await reset();
  const log = eventLog();
  const follows = Array.from({ length: 1000 }, (_, i) => log.decide(relationDecider, relationStream(`fan${i}`, 'star'), { type: 'Follow', data: { targetId: 'star' } }, T0, `fan${i}`)).flat();
  await project(store.pool, followsProjection, follows);
  t.same(await getFollowCounts(store.pool, 'star'), { following: 0, followers: 1000 });
  const page = await listFollows(store.pool, 'star', 'followers', { limit: 3 });
  t.same(page.items.map((i) => i.userId), ['fan999', 'fan998', 'fan997'], 'newest first');
  const unfollows = Array.from({ length: 1000 }, (_, i) => log.decide(relationDecider, relationStream(`fan${i}`, 'star'), { type: 'Unfollow', data: { targetId: 'star' } }, T0, `fan${i}`)).flat();
  await project(store.pool, followsProjection, unfollows.slice(0, 600));
  await project(store.pool, followsProjection, unfollows.slice(600));
  t.same(await getFollowCounts(store.pool, 'star'), { following: 0, followers: 0 });
});

t.test('friends, requests, blocks and contacts: projected, and a redelivery changes nothing', async (t) => {
  const log = eventLog();
  const rel = (by: string, to: string, c: Omit<RelationCommand, 'metadata'>) => log.decide(relationDecider, relationStream(by, to), c, T0, by);
  const con = (owner: string, c: Omit<ContactsCommand, 'metadata'>) => log.decide(contactsDecider, contactsStream(owner), c, T0, owner);
  const relations = [
    ...rel('ann', 'bob', { type: 'RequestFriend', data: { targetId: 'bob', autoAccept: false, reason: 'hi' } }),
    ...rel('bob', 'ann', { type: 'AnswerFriendRequest', data: { requesterId: 'ann', accept: true } }),
    ...rel('cat', 'ann', { type: 'RequestFriend', data: { targetId: 'ann', autoAccept: false } }),
    ...rel('ann', 'cat', { type: 'RequestFriend', data: { targetId: 'cat', autoAccept: false } }),
    ...rel('dan', 'ann', { type: 'RequestFriend', data: { targetId: 'ann', autoAccept: true } }),
    ...rel('eve', 'ann', { type: 'RequestFriend', data: { targetId: 'ann', autoAccept: false } }),
    ...rel('ann', 'eve', { type: 'Block', data: { targetId: 'eve' } }),
    ...rel('dan', 'ann', { type: 'RemoveFriend', data: { friendId: 'ann' } }),
  ];
  const contacts = [
    ...con('ann', { type: 'SetRemark', data: { ownerId: 'ann', userId: 'bob', remark: 'Bobby' } }),
    ...con('ann', { type: 'SetCommonlyUsed', data: { ownerId: 'ann', userId: 'bob', commonlyUsed: true } }),
    ...con('ann', { type: 'CreateTag', data: { ownerId: 'ann', tagId: 't1', name: 'gym', userIds: ['bob', 'cat'] } }),
    ...con('ann', { type: 'CreateTag', data: { ownerId: 'ann', tagId: 't2', name: 'old', userIds: [] } }),
    ...con('ann', { type: 'DeleteTag', data: { ownerId: 'ann', tagId: 't2' } }),
    ...con('ann', { type: 'UntagFriend', data: { ownerId: 'ann', tagId: 't1', userId: 'cat' } }),
  ];
  for (const p of [friendsProjection, blocksProjection]) await project(store.pool, p, relations);
  await project(store.pool, contactsProjection, contacts);

  const friends = await listFriends(store.pool, 'ann', { limit: 10 });
  t.same(friends.items.map((f) => [f.userId, f.remark, f.commonlyUsed, f.tags.map((x) => x.name)]), [
    ['cat', null, false, []],
    ['bob', 'Bobby', true, ['gym']],
  ], 'bob accepted, cat by opposite requests; dan added at once then removed');
  const inbox = await listFriendRequests(store.pool, 'ann', 'inbox', { limit: 10 });
  t.same(inbox.items.map((i) => [i.userId, i.status]), [['eve', 'cancelled'], ['dan', 'accepted'], ['cat', 'accepted']]);
  const outbox = await listFriendRequests(store.pool, 'ann', 'outbox', { limit: 10 });
  t.same(outbox.items.map((i) => [i.userId, i.status, i.reason]), [['bob', 'accepted', 'hi']]);
  t.same(await listTags(store.pool, 'ann'), [{ tagId: 't1', name: 'gym', userIds: ['bob'] }]);
  t.same(await getContact(store.pool, 'ann', 'bob'), { userId: 'bob', remark: 'Bobby', commonlyUsed: true, tags: [{ tagId: 't1', name: 'gym' }] });
  t.same(await getContact(store.pool, 'ann', 'zed'), { userId: 'zed', remark: null, commonlyUsed: false, tags: [] });

  await assertRedeliveryChangesNothing(t, store.pool, friendsProjection, relations, { setBased: true });
  await assertRedeliveryChangesNothing(t, store.pool, blocksProjection, relations, { setBased: true });
  await assertRedeliveryChangesNothing(t, store.pool, contactsProjection, contacts, { setBased: true });
});
