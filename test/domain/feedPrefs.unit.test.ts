// Moments preferences: the owner's cover and per-friend switches, decided on the owner's stream;
// and the rule that hides an author's posts from a reader when either switch stands.
import t from 'tap';
import { feedPrefsDecider, hiddenBySwitch, initialState, type FeedPrefsCommand, type FeedPrefsEvent } from '../../domain/feedPrefs.js';
import { mayRead } from '../../domain/post.js';
import { spec, stateOf } from '../support/decider-spec.js';

const meta = (userId?: string) => ({ commandId: 'c1', at: '2026-01-01T00:00:00.000Z', ...(userId ? { userId } : {}) });
const cover = (mediaId: string, by = 'ann'): FeedPrefsCommand => ({ type: 'SetFeedCover', data: { mediaId }, metadata: meta(by) });
const flip = (otherId: string, which: 'hideMine' | 'hideTheirs', on: boolean, by = 'ann'): FeedPrefsCommand => ({ type: 'SetFeedSwitch', data: { otherId, switch: which, on }, metadata: meta(by) });
const switched = (otherId: string, which: 'hideMine' | 'hideTheirs', on: boolean): FeedPrefsEvent => ({ type: 'FeedSwitchSet', data: { userId: 'ann', otherId, switch: which, on } });
const d = spec(feedPrefsDecider);

t.test('given no cover, when ann sets one, then it is hers; the same again writes nothing', async () => {
  const [e] = d.given([]).when(cover('m1')).then([{ type: 'FeedCoverSet', data: { userId: 'ann', mediaId: 'm1' } }]);
  d.given(e ? [e] : []).when(cover('m1')).then([]);
  d.given([]).when({ type: 'SetFeedCover', data: { mediaId: 'm1' }, metadata: meta() }).thenThrows('UNAUTHENTICATED');
});

t.test('given no switch, when ann turns one on and off, then each change is one event and a repeat none', async (t) => {
  d.given([]).when(flip('bob', 'hideMine', true)).then([switched('bob', 'hideMine', true)]);
  d.given([switched('bob', 'hideMine', true)]).when(flip('bob', 'hideMine', true)).then([]);
  d.given([]).when(flip('bob', 'hideMine', false)).then([]);
  d.given([switched('bob', 'hideMine', true)]).when(flip('bob', 'hideTheirs', true)).then([switched('bob', 'hideTheirs', true)]);
  const s = stateOf(feedPrefsDecider, [switched('bob', 'hideMine', true), switched('cy', 'hideMine', true), switched('bob', 'hideMine', false)]);
  t.same(s.hideMine, ['cy'], 'off lifts only that one');
  d.given([]).when(flip('ann', 'hideMine', true)).thenThrows('SELF_RELATION');
  d.given([]).when({ type: 'SetFeedSwitch', data: { otherId: 'bob', switch: 'sometimes' as 'hideMine', on: true }, metadata: meta('ann') }).thenThrows('VALIDATION_FAILED');
});

t.test("given either switch, when the author's post is read, then mayRead hides it from that reader alone", async (t) => {
  const annHidesFromBob = stateOf(feedPrefsDecider, [switched('bob', 'hideMine', true)]);
  const bobHidesAnns = { ...initialState(), hideTheirs: ['ann'] };
  t.ok(hiddenBySwitch('ann', annHidesFromBob, 'bob', initialState()), 'ann hid hers from bob');
  t.notOk(hiddenBySwitch('ann', annHidesFromBob, 'cy', initialState()), 'not from cy');
  t.ok(hiddenBySwitch('ann', initialState(), 'bob', bobHidesAnns), "bob chose not to see ann's");
  t.notOk(hiddenBySwitch('bob', initialState(), 'ann', bobHidesAnns), "ann still sees bob's");
  t.notOk(hiddenBySwitch('ann', annHidesFromBob, 'ann', initialState()), 'an author always sees her own');
  const post = { authorId: 'ann', status: 'published' as const, review: 'none' as const, visibility: { mode: 'public' as const, userIds: [] } };
  t.notOk(mayRead(post, 'bob', { friends: true, blocked: false, hidden: true }), 'even a public post');
  t.ok(mayRead(post, 'bob', { friends: true, blocked: false, hidden: false }));
  t.ok(mayRead(post, 'ann', { friends: false, blocked: false, hidden: true }), 'the author reads her own');
});
