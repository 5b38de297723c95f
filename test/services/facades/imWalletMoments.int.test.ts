// Moments (朋友圈) on both editions: 003 and 002 publish, like, comment, read and delete through the
// core's posts; bad input is refused in the app's envelope with HTTP 200 and nothing is posted.
import t from 'tap';
import { z } from 'zod';
import { Envelope2, Failure3, Info3, Ok3 } from '../../../contracts/apps/imWallet.js';
import { Feed3, FeedPage2, FeedPage3 } from '../../../contracts/apps/imWalletFeed.js';
import { build } from '../../support/app.js';
import { imInject, signUp, type ImUser, type Send } from '../../support/imWallet.js';
import { upload } from '../../support/uploads.js';

const app = await build(t);
const send3 = imInject(app.inject, 'im-groups-wallet');
const send2 = imInject(app.inject, 'chat-wallet');
const caller = (send: Send) => (u: ImUser, path: string, params: Record<string, string | number> = {}) => send(path, { userId: u.userId, ...params }, u.token);
const call3 = caller(send3);
const call2 = caller(send2);

const befriend = async (call: ReturnType<typeof caller>, a: ImUser, b: ImUser) => {
  await call(a, '/chat/requestFriend', { destId: b.userId, destType: 1 });
  await call(b, '/chat/acceptRequest', { destId: a.userId, destType: 1 });
};

t.test('003: given two friends, when ann posts a moment, then bob sees it, likes and comments, and ann deletes it', async (t) => {
  const [ann, bob, cy] = [await signUp(send3, 'im-groups-wallet', 'ann'), await signUp(send3, 'im-groups-wallet', 'bob'), await signUp(send3, 'im-groups-wallet', 'cy')];
  await befriend(call3, ann, bob);
  const img = await upload(app, ann);
  const posted = await call3(ann, '/feed/addFeed', { text: 'hello moments', priv: 0, images: `/v1/media/${img}/content`, lat: '31.23', lng: '121.47', address: 'Shanghai' });
  const feed = Ok3(Feed3).parse(posted.body).data;
  t.equal(posted.body.code, '1');
  t.equal(feed.feedText, 'hello moments');
  t.equal(feed.feedImgs, `/v1/media/${img}/content`, 'our upload is rendered as its media path');
  t.equal(feed.address, 'Shanghai');
  const feedId = feed.feedId;

  const timeline = Ok3(FeedPage3).parse((await call3(bob, '/feed/getFeed', { pageNo: 1 })).body).data;
  t.same(timeline.list.map((f) => f.feedId), [feedId], "bob's timeline holds his friend's moment");
  t.equal(Info3.parse((await call3(bob, '/feed/addFeedPraise', { feedId })).body).code, '1');
  t.equal(Info3.parse((await call3(bob, '/feed/addFeedComment', { feedId, text: 'nice' })).body).code, '1');
  const one = Ok3(Feed3).parse((await call3(ann, '/feed/getOneFeed', { feedId })).body).data;
  t.equal(one.praiseCount, '1');
  t.same(one.imFeedComments.map((c) => [c.userId, c.commentText]), [[bob.userId, 'nice']]);
  t.equal(Info3.parse((await call3(bob, '/feed/canclePraise', { feedId })).body).code, '1');
  t.equal(Ok3(Feed3).parse((await call3(ann, '/feed/getOneFeed', { feedId })).body).data.praiseCount, '0', 'the like is taken back');

  t.equal(Ok3(Feed3).parse((await call3(cy, '/feed/getOneFeed', { feedId })).body).data.priv, '0', 'priv 0 is public: a stranger reads it too');
  const secret = Ok3(Feed3).parse((await call3(ann, '/feed/addFeed', { text: 'just me', priv: 1 })).body).data;
  t.equal(secret.priv, '1');
  t.equal(Failure3.parse((await call3(bob, '/feed/getOneFeed', { feedId: secret.feedId })).body).code, '-1', 'priv 1 is private: not even a friend sees it');
  t.equal(Info3.parse((await call3(ann, '/feed/deleteFeed', { feedId: secret.feedId })).body).code, '1');
  t.equal(Failure3.parse((await call3(bob, '/feed/deleteFeed', { feedId })).body).code, '-1', 'only the author deletes');
  t.equal(Ok3(FeedPage3).parse((await call3(bob, '/feed/getFriendFeed', { friendId: ann.userId })).body).data.list.length, 1);
  t.equal(Info3.parse((await call3(ann, '/feed/deleteFeed', { feedId })).body).code, '1');
  t.same(Ok3(FeedPage3).parse((await call3(ann, '/feed/getMyFeed', {})).body).data.list, [], 'deleted');
});

t.test('003: given bad input, when a moment is posted, then it is "-1" in HTTP 200 and nothing is posted', async (t) => {
  const ann = await signUp(send3, 'im-groups-wallet', 'ann');
  const bads: Record<string, string | number>[] = [{ text: 'x', priv: 9 }, { text: '' }, { text: 'x', images: 'https://elsewhere.example/a.jpg' }, { text: 'x', lat: 'north', lng: '1' }, { text: 'x', priv: 2, uids: ann.userId === '1' ? '2' : '1' }];
  for (const params of bads) {
    const r = await call3(ann, '/feed/addFeed', params);
    t.equal(r.status, 200);
    t.equal(Failure3.parse(r.body).code, '-1', JSON.stringify(params));
  }
  t.equal(Failure3.parse((await call3(ann, '/feed/addFeedPraise', { feedId: '424242' })).body).code, '-1', 'no such moment');
  t.same(Ok3(FeedPage3).parse((await call3(ann, '/feed/getMyFeed', {})).body).data.list, [], 'nothing was posted');
});

t.test('002: given two friends, when ann posts, then bob sees it with numbers and likes it; bad input is refused', async (t) => {
  const [ann, bob] = [await signUp(send2, 'chat-wallet', 'ann'), await signUp(send2, 'chat-wallet', 'bob')];
  await befriend(call2, ann, bob);
  const posted = Envelope2.parse((await call2(ann, '/feed/addFeed', { text: 'hi 002', images: `${await upload(app, ann)},` })).body);
  t.equal(posted.code, 1);
  const feedId = String(z.object({ feedId: z.union([z.string(), z.number()]) }).parse(posted.data).feedId);
  const page = FeedPage2.parse(Envelope2.parse((await call2(bob, '/feed/getFeed', { pageNo: 1 })).body).data);
  t.same(page.list.map((f) => String(f.feedId)), [feedId]);
  t.equal(Envelope2.parse((await call2(bob, '/feed/addFeedPraise', { feedId })).body).code, 1);
  t.equal(FeedPage2.parse(Envelope2.parse((await call2(ann, '/feed/getMyFeed', {})).body).data).list[0]?.praiseCount, 1);
  t.equal(Envelope2.parse((await call2(bob, '/feed/cancelPraise', { feedId })).body).code, 1);
  t.equal(Envelope2.parse((await call2(bob, '/feed/addFeedComment', { feedId, text: 'yo' })).body).code, 1);
  const bad = await call2(bob, '/feed/addFeed', { text: '', images: '' });
  t.equal(bad.status, 200);
  t.equal(Envelope2.parse(bad.body).code, -1, 'an empty moment is refused');
  t.equal(FeedPage2.parse(Envelope2.parse((await call2(bob, '/feed/getMyFeed', {})).body).data).list.length, 0, 'and nothing is posted');
});
