// The visibility rule as a property, on real PostgreSQL. Given random friendships, blocks
// (either way) and posts with random rules, lists (friends' and ex-friends'), reviews and
// deletions: no reader ever sees a post its rules hide, and every reader sees every post they may,
// in every timeline (a user's posts, the friends feed, the new list, one post) and in the domain's
// mayRead, which the write side asks. The oracle is written here from the rules, independently.
import fc from 'fast-check';
import t from 'tap';
import { feedPrefsDecider, feedPrefsStream, hiddenBySwitch, initialState as noPrefs, type FeedPrefs, type FeedSwitch } from '../../domain/feedPrefs.js';
import { mayRead, postDecider, postStream, visibilityModes, type VisibilityMode } from '../../domain/post.js';
import { getPostView, listPosts } from '../../projections/postQueries.js';
import { feedSwitchesProjection } from '../../projections/feedSwitches.js';
import { postsProjection } from '../../projections/posts.js';
import { eventLog, project, startReadStore, type ReadStore } from '../support/read-models.js';

let store: ReadStore;
t.before(async () => {
  store = await startReadStore();
});
t.teardown(async () => store.stop());

const N = 5;
type World = {
  friends: [number, number][];
  blocks: [number, number][];
  /** [owner, other, which, on], in order: the last one for a triple stands. */
  switches: [number, number, FeedSwitch, boolean][];
  posts: { author: number; mode: VisibilityMode; list: number[]; review: 'none' | 'pending' | 'approved' | 'rejected'; deleted: boolean }[];
};
const user = fc.integer({ min: 0, max: N - 1 });
const world: fc.Arbitrary<World> = fc.record({
  friends: fc.array(fc.tuple(user, user), { maxLength: 8 }),
  blocks: fc.array(fc.tuple(user, user), { maxLength: 3 }),
  switches: fc.array(fc.tuple(user, user, fc.constantFrom<FeedSwitch>('hideMine', 'hideTheirs'), fc.boolean()), { maxLength: 6 }),
  posts: fc.array(
    fc.record({
      author: user,
      mode: fc.constantFrom(...visibilityModes),
      list: fc.uniqueArray(user, { minLength: 1, maxLength: 3 }),
      review: fc.constantFrom('none', 'none', 'pending', 'approved', 'rejected'),
      deleted: fc.boolean(),
    }),
    { minLength: 1, maxLength: 8 },
  ),
});

const log = eventLog();
let run = 0;
const T0 = '2025-06-01T08:00:00.000Z';

t.test('no reader sees a post its rules hide, and every reader sees what they may', async (t) => {
  await fc.assert(
    fc.asyncProperty(world, async (w) => {
      run += 1;
      const id = (i: number) => `r${run}u${i}`;
      const pair = (a: number, b: number) => `${Math.min(a, b)}-${Math.max(a, b)}`;
      const friendSet = new Set(w.friends.filter(([a, b]) => a !== b).map(([a, b]) => pair(a, b)));
      const blockSet = new Set(w.blocks.filter(([a, b]) => a !== b).map(([a, b]) => pair(a, b)));
      for (const p of friendSet) {
        const [a, b] = p.split('-').map(Number) as [number, number];
        await store.pool.query('insert into friendships values ($1, $2, now(), 1), ($2, $1, now(), 1)', [id(a), id(b)]);
      }
      for (const [a, b] of w.blocks.filter(([x, y]) => x !== y)) await store.pool.query('insert into blocks values ($1, $2, now(), 1) on conflict do nothing', [id(a), id(b)]);

      // The switches through their decider and projection; the oracle keeps the last word per triple.
      const prefs = new Map<number, FeedPrefs>();
      const switchEvents = w.switches
        .filter(([a, b]) => a !== b)
        .flatMap(([a, b, which, on]) => {
          const e = log.decide(feedPrefsDecider, feedPrefsStream(id(a)), { type: 'SetFeedSwitch', data: { otherId: id(b), switch: which, on } }, T0, id(a));
          prefs.set(a, e.reduce((st, x) => feedPrefsDecider.evolve(st, { type: 'FeedSwitchSet', data: x.data as never }), prefs.get(a) ?? noPrefs()));
          return e;
        });
      await project(store.pool, feedSwitchesProjection, switchEvents);
      const standing = new Map<string, boolean>();
      for (const [a, b, which, on] of w.switches.filter(([x, y]) => x !== y)) standing.set(`${a}-${b}-${which}`, on);
      const switched = (r: number, author: number) => standing.get(`${author}-${r}-hideMine`) === true || standing.get(`${r}-${author}-hideTheirs`) === true;

      // The posts through the decider and the projection (lists drop the author, as the API does).
      const posts = w.posts.map((p, i) => ({ ...p, postId: `r${run}p${i}`, list: p.list.filter((u) => u !== p.author) }));
      const events = posts.flatMap((p) => {
        const mode = (p.mode === 'only' || p.mode === 'except') && p.list.length === 0 ? 'public' : p.mode;
        Object.assign(p, { mode });
        const visibility = { mode, userIds: p.list.map(id) };
        const stream = postStream(p.postId);
        const e = log.decide(postDecider, stream, { type: 'PublishPost', data: { postId: p.postId, kind: 'moment', text: 't', media: [], mentions: [], visibility, review: p.review !== 'none' } }, T0, id(p.author));
        const reviewed = p.review === 'approved' || p.review === 'rejected' ? log.decide(postDecider, stream, { type: 'ReviewPost', data: { postId: p.postId, decision: p.review === 'approved' ? 'approve' : 'reject' } }, T0, 'op') : [];
        const gone = p.deleted ? log.decide(postDecider, stream, { type: 'DeletePost', data: { postId: p.postId } }, T0, id(p.author)) : [];
        return [...e, ...reviewed, ...gone];
      });
      await project(store.pool, postsProjection, events);

      const sees = (r: number, p: (typeof posts)[number]): boolean => {
        if (p.deleted) return false;
        if (r === p.author) return true;
        if (p.review === 'pending' || p.review === 'rejected' || blockSet.has(pair(r, p.author)) || switched(r, p.author)) return false;
        const friends = friendSet.has(pair(r, p.author));
        if (p.mode === 'public') return true;
        if (p.mode === 'friends') return friends;
        if (p.mode === 'only') return friends && p.list.includes(r);
        if (p.mode === 'except') return friends && !p.list.includes(r);
        return false;
      };
      const sorted = (xs: string[]) => [...xs].sort();

      for (let r = 0; r < N; r++) {
        const reader = id(r);
        for (const p of posts) {
          const hidden = hiddenBySwitch(id(p.author), prefs.get(p.author) ?? noPrefs(), reader, prefs.get(r) ?? noPrefs());
          const rel = { friends: friendSet.has(pair(r, p.author)), blocked: blockSet.has(pair(r, p.author)), hidden };
          const facts = { authorId: id(p.author), status: p.deleted ? ('deleted' as const) : ('published' as const), review: p.review, visibility: { mode: p.mode, userIds: p.list.map(id) } };
          if (mayRead(facts, reader, rel) !== sees(r, p)) throw new Error(`mayRead disagrees for reader ${r} on ${JSON.stringify(p)}`);
          if (((await getPostView(store.pool, reader, p.postId)) !== null) !== sees(r, p)) throw new Error(`getPostView disagrees for reader ${r} on ${JSON.stringify(p)}`);
        }
        for (let a = 0; a < N; a++) {
          const got = (await listPosts(store.pool, reader, { scope: 'user', authorId: id(a), limit: 100 })).items.map((x) => x.postId);
          const want = posts.filter((p) => p.author === a && sees(r, p)).map((p) => p.postId);
          if (JSON.stringify(sorted(got)) !== JSON.stringify(sorted(want))) throw new Error(`reader ${r} on ${a}'s posts: got ${got}, want ${want}`);
        }
        const wantFeed = posts.filter((p) => (p.author === r || friendSet.has(pair(r, p.author))) && sees(r, p)).map((p) => p.postId);
        // Both shapes of the feed: per friend (few friends) and walking the newest posts (many).
        for (const walkAfter of [undefined, -1]) {
          const feed = (await listPosts(store.pool, reader, { scope: 'friends', limit: 100, walkAfter })).items.map((x) => x.postId);
          if (JSON.stringify(sorted(feed)) !== JSON.stringify(sorted(wantFeed))) throw new Error(`reader ${r}'s feed (walk after ${walkAfter}): got ${feed}, want ${wantFeed}`);
        }
        const fresh = (await listPosts(store.pool, reader, { scope: 'new', limit: 100 })).items.map((x) => x.postId).filter((p) => p.startsWith(`r${run}p`));
        const wantNew = posts.filter((p) => p.mode === 'public' && (p.review === 'none' || p.review === 'approved') && sees(r, p)).map((p) => p.postId);
        if (JSON.stringify(sorted(fresh)) !== JSON.stringify(sorted(wantNew))) throw new Error(`reader ${r}'s new list: got ${fresh}, want ${wantNew}`);
      }
    }),
    { numRuns: 40 },
  );
  t.pass('the property held in every run');
});
