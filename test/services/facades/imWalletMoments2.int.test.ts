// The rest of the moments on im-groups-wallet (003) and chat-wallet (002), issue #22: the cover
// image, the album, the per-friend switches, search, gifts on a moment and gifts received,
// deleting a comment by id, and 002's raw-body upload. Each answer's envelope and fields against
// contracts/apps/imWallet*.ts; bad input answers in HTTP 200 with the app's code and changes nothing.
import sharp from 'sharp';
import { randomBytes } from 'node:crypto';
import t, { type Test } from 'tap';
import { z } from 'zod';
import { Envelope2, Failure3, Info3, Ok3 } from '../../../contracts/apps/imWallet.js';
import { Album2, Album3, Feed3, FeedGift3, FeedPage3, MyGiftPage3 } from '../../../contracts/apps/imWalletFeed.js';
import { build } from '../../support/app.js';
import { imInject, signUp, type ImUser, type Send } from '../../support/imWallet.js';
import { auditClean, recharge, wallet } from '../../support/money.js';
import { png, upload } from '../../support/uploads.js';

// A small image limit, so that an oversized upload is cheap to make.
const app = await build(t, { MEDIA_MAX_IMAGE_BYTES: '60000' });
const send3 = imInject(app.inject, 'im-groups-wallet');
const send2 = imInject(app.inject, 'chat-wallet');
const caller = (send: Send) => (u: ImUser, path: string, params: Record<string, string | number> = {}, headers: Record<string, string> = {}) => send(path, { userId: u.userId, ...params }, u.token, headers);
const call3 = caller(send3);
const call2 = caller(send2);
const head = () => app.platform.store.headPosition();
const befriend = async (call: ReturnType<typeof caller>, a: ImUser, b: ImUser) => {
  await call(a, '/chat/requestFriend', { destId: b.userId, destType: 1 });
  await call(b, '/chat/acceptRequest', { destId: a.userId, destType: 1 });
};
const moment = async (u: ImUser, params: Record<string, string | number>) => Ok3(Feed3).parse((await call3(u, '/feed/addFeed', params)).body).data.feedId;
const feedIds = async (u: ImUser, path: string, params: Record<string, string | number> = {}) => Ok3(FeedPage3).parse((await call3(u, path, params)).body).data.list.map((f) => f.feedId);
const refused3 = (t: Test, r: { status: number; body: unknown }, code: string, what: string) => {
  t.equal(r.status, 200, `${what}: HTTP 200`);
  t.equal(Failure3.parse(r.body).code, code, what);
};

t.test('003: given her upload, when ann changes her moments cover, then anyone gets its URL; others\' uploads and foreign URLs are refused', async (t) => {
  const [ann, bob] = [await signUp(send3, 'im-groups-wallet', 'ann'), await signUp(send3, 'im-groups-wallet', 'bob')];
  t.equal(Ok3(z.string()).parse((await call3(ann, '/feed/getBackImage')).body).data, '', 'none yet');
  const img = await upload(app, ann);
  const set = Info3.parse((await call3(ann, '/feed/changeBackImage', { imgUrl: `/v1/media/${img}/content` })).body);
  t.same(set, { code: '1', data: { info: '更新背景成功' } });
  t.match(Ok3(z.string()).parse((await call3(ann, '/feed/getBackImage')).body).data, new RegExp(`/v1/media/${img}/content$`));
  t.match(Ok3(z.string()).parse((await call3(bob, '/feed/getBackImage', { destId: ann.userId })).body).data, new RegExp(`/v1/media/${img}/content$`), "bob reads ann's");
  const before = await head();
  refused3(t, await call3(ann, '/feed/changeBackImage', { imgUrl: `/v1/media/${await upload(app, bob)}/content` }), '-1', "bob's upload");
  const afterBobsUpload = await head();
  refused3(t, await call3(ann, '/feed/changeBackImage', { imgUrl: 'https://elsewhere.example/x.jpg' }), '-1', 'a foreign URL');
  refused3(t, await call3(ann, '/feed/changeBackImage', {}), '-1', 'no imgUrl');
  refused3(t, await call3(ann, '/feed/getBackImage', { destId: '99999999999' }), '-1', 'no such user');
  t.ok(afterBobsUpload > before, "(bob's upload itself was written)");
  t.equal(await head(), afterBobsUpload, 'the refusals wrote nothing');
  t.match(Ok3(z.string()).parse((await call3(ann, '/feed/getBackImage')).body).data, new RegExp(img), 'the cover is unchanged');
});

t.test('003 and 002: given moments with images, when a friend asks for the album, then it lists what they may see; none is code 0', async (t) => {
  const [ann, bob, cy] = [await signUp(send3, 'im-groups-wallet', 'ann'), await signUp(send3, 'im-groups-wallet', 'bob'), await signUp(send3, 'im-groups-wallet', 'cy')];
  await befriend(call3, ann, bob);
  const [a, b, c] = [await upload(app, ann), await upload(app, ann), await upload(app, ann)];
  await moment(ann, { text: 'two', images: `${a},${b}`, priv: 0 });
  await moment(ann, { text: 'friends only', images: c, priv: 3, uids: bob.userId });
  await moment(ann, { text: 'no pictures' });
  const album = Ok3(Album3).parse((await call3(cy, '/feed/getFeedAlbum', { destId: ann.userId })).body).data.album;
  t.same(album.split(',').map((u) => u.replace(/^.*\/v1\/media\/([^/]+)\/content$/, '$1')), [a, b], 'a stranger: the public pictures');
  await moment(ann, { text: 'private picture', images: await upload(app, ann), priv: 1 });
  const forBob = Ok3(Album3).parse((await call3(bob, '/feed/getFeedAlbum', { destId: ann.userId })).body).data.album;
  t.same(forBob.split(',').length, 2, 'bob is excepted from the third, and nobody sees the private one');
  const empty = await call3(ann, '/feed/getFeedAlbum', { destId: cy.userId });
  t.same(empty.body, { code: '0', data: { info: '没有相册数据' } }, 'no album: code 0');
  refused3(t, await call3(ann, '/feed/getFeedAlbum', {}), '-1', 'no destId');

  const [dan, eve] = [await signUp(send2, 'chat-wallet', 'dan'), await signUp(send2, 'chat-wallet', 'eve')];
  const pic = await upload(app, dan);
  t.equal(Envelope2.parse((await call2(dan, '/feed/addFeed', { text: 'pic', images: pic })).body).code, 1);
  const two = Envelope2.parse((await call2(eve, '/feed/getFeedAlbum', { destId: dan.userId })).body);
  t.equal(two.code, 1);
  t.match(Album2.parse(two.data).album, new RegExp(`/v1/media/${pic}/content$`));
  t.equal(Envelope2.parse((await call2(dan, '/feed/getFeedAlbum', { destId: eve.userId })).body).code, 0);
});

t.test('003: given friends, when setFeedAuth turns a switch on and off, then the timelines follow; bad input changes nothing', async (t) => {
  const [ann, bob, cy] = [await signUp(send3, 'im-groups-wallet', 'ann'), await signUp(send3, 'im-groups-wallet', 'bob'), await signUp(send3, 'im-groups-wallet', 'cy')];
  await befriend(call3, ann, bob);
  const annsMoment = await moment(ann, { text: 'from ann' });
  const bobsMoment = await moment(bob, { text: 'from bob' });
  t.same((await feedIds(bob, '/feed/getFeed')).sort(), [annsMoment, bobsMoment].sort());
  t.same(Info3.parse((await call3(ann, '/feed/setFeedAuth', { friendId: bob.userId, priv: 1, direct: 0 })).body), { code: '1', data: { info: '设置成功' } });
  t.same(await feedIds(bob, '/feed/getFeed'), [bobsMoment], "direct 0: ann's moments are hidden from bob");
  refused3(t, await call3(bob, '/feed/getOneFeed', { feedId: annsMoment }), '-1', 'even by id');
  t.same((await feedIds(ann, '/feed/getFeed')).sort(), [annsMoment, bobsMoment].sort(), "ann still sees bob's");
  Info3.parse((await call3(ann, '/feed/setFeedAuth', { friendId: bob.userId, priv: 0, direct: 0 })).body);
  t.same((await feedIds(bob, '/feed/getFeed')).sort(), [annsMoment, bobsMoment].sort(), 'priv 0 lifts it');
  Info3.parse((await call3(bob, '/feed/setFeedAuth', { friendId: ann.userId, priv: 1, direct: 1 })).body);
  t.same(await feedIds(bob, '/feed/getFeed'), [bobsMoment], "direct 1: bob does not see ann's");
  const before = await head();
  refused3(t, await call3(ann, '/feed/setFeedAuth', { friendId: cy.userId, priv: 1, direct: 0 }), '-1', 'not a friend');
  refused3(t, await call3(ann, '/feed/setFeedAuth', { friendId: bob.userId, priv: 1, direct: 5 }), '-1', 'direct 5');
  refused3(t, await call3(ann, '/feed/setFeedAuth', { friendId: bob.userId, priv: 7, direct: 0 }), '-1', 'priv 7');
  refused3(t, await call3(ann, '/feed/setFeedAuth', { priv: 1, direct: 0 }), '-1', 'no friendId');
  t.equal(await head(), before, 'nothing written');
});

t.test('003: given moments, when searchFeed asks for a month and text, then the page holds the matches', async (t) => {
  const ann = await signUp(send3, 'im-groups-wallet', 'ann');
  const beach = await moment(ann, { text: 'Beach day' });
  const office = await moment(ann, { text: 'office day' });
  const now = new Date();
  const [year, month] = [now.getUTCFullYear(), now.getUTCMonth() + 1];
  t.same((await feedIds(ann, '/feed/searchFeed', { year, month })).sort(), [beach, office].sort(), 'this month');
  t.same(await feedIds(ann, '/feed/searchFeed', { year, month, text: 'beach' }), [beach], 'and text');
  t.same(await feedIds(ann, '/feed/searchFeed', { text: 'OFFICE' }), [office], 'text alone');
  t.same(await feedIds(ann, '/feed/searchFeed', { year: 2001, month: 1 }), [], 'another month');
  refused3(t, await call3(ann, '/feed/searchFeed', {}), '-1', 'neither month nor text');
  refused3(t, await call3(ann, '/feed/searchFeed', { year, month: 13 }), '-1', 'month 13');
  refused3(t, await call3(ann, '/feed/searchFeed', { year }), '-1', 'a year without its month');
});

t.test('003: given coins, when bob gives a gift on a moment with retries, then ann is paid once, lists it in myGift, and the audit closes', async (t) => {
  const [ann, bob, cy] = [await signUp(send3, 'im-groups-wallet', 'ann'), await signUp(send3, 'im-groups-wallet', 'bob'), await signUp(send3, 'im-groups-wallet', 'cy')];
  await recharge(t, app, bob, 1000, 'coins');
  const feedId = await moment(ann, { text: 'gift me' });
  const gift = JSON.stringify({ key: 'star', price: '0.01', name: '玫瑰' });
  const give = (u: ImUser, params: Record<string, string | number>, key?: string) => call3(u, '/feed/sendFeedGift', { feedId, destId: ann.userId, gift, ...params }, key ? { 'idempotency-key': key } : {});
  const first = Ok3(FeedGift3).parse((await give(bob, {}, 'gift-1')).body).data;
  t.match(first, { userId: bob.userId, destId: ann.userId, feedId });
  t.match(JSON.parse(first.content), { key: 'star', price: '52' }, 'the price is the catalog\'s (coins), never the client\'s');
  const retries = await Promise.all([1, 2, 3].map(async () => Ok3(FeedGift3).parse((await give(bob, {}, 'gift-1')).body).data.id));
  t.same(retries, [first.id, first.id, first.id], 'retries answer the first gift');
  t.match(await wallet(app, bob), { coins: 948 }, 'paid once');

  // (ann's income follows the gift in the background: the payers' coins tell that nothing more moved.)
  refused3(t, await give(bob, { destId: cy.userId }), '-1', 'destId is not the author');
  refused3(t, await give(bob, { gift: JSON.stringify({ key: 'nosuchgift' }) }), '-1', 'an unknown gift');
  refused3(t, await give(bob, { gift: '{"key":' }), '-1', 'malformed gift JSON');
  refused3(t, await give(bob, { feedId: '123456789' }), '-1', 'no such moment');
  refused3(t, await give(cy, {}), '3', 'too few coins: 3');
  refused3(t, await give(ann, {}), '-1', 'her own moment');
  t.match(await wallet(app, bob), { coins: 948 }, 'no refusal paid anything');
  t.match(await wallet(app, cy), { coins: 0 });

  const mine = Ok3(MyGiftPage3).parse((await call3(ann, '/feed/myGift', { pageNo: 1 })).body).data;
  t.same(mine.list.map((g) => [g.id, g.userId, g.destId, g.feedId]), [[first.id, bob.userId, ann.userId, feedId]], 'one gift, listed once');
  t.equal(mine.list[0]?.name, 'bob');
  t.match(JSON.parse(mine.list[0]?.giftContent ?? '{}'), { key: 'star' });
  t.same(Ok3(MyGiftPage3).parse((await call3(bob, '/feed/myGift', {})).body).data.list, [], 'the giver received none');
  t.same(Ok3(MyGiftPage3).parse((await call3(ann, '/feed/myGift', { pageNo: 2 })).body).data.list, [], 'page 2 is empty');
  await auditClean(t, app, 'after gifts on moments');
  t.match(await wallet(app, ann), { income: 26 }, "ann's income once");
});

t.test('003: given comments, when delFeedComment names one, then its writer or the author deletes it and gets the moment back', async (t) => {
  const [ann, bob, cy] = [await signUp(send3, 'im-groups-wallet', 'ann'), await signUp(send3, 'im-groups-wallet', 'bob'), await signUp(send3, 'im-groups-wallet', 'cy')];
  const feedId = await moment(ann, { text: 'talk' });
  for (const text of ['one', 'two']) Info3.parse((await call3(bob, '/feed/addFeedComment', { feedId, text })).body);
  const [c1, c2] = Ok3(Feed3).parse((await call3(ann, '/feed/getOneFeed', { feedId })).body).data.imFeedComments.map((c) => c.id);
  const before = await head();
  refused3(t, await call3(cy, '/feed/delFeedComment', { commentId: c1 ?? '' }), '-1', 'a stranger');
  refused3(t, await call3(cy, '/feed/delFeedComment', { commentId: '424242' }), '-1', 'no such comment');
  refused3(t, await call3(cy, '/feed/delFeedComment', {}), '-1', 'no commentId');
  t.equal(await head(), before, 'nothing written');
  const after = Ok3(Feed3).parse((await call3(bob, '/feed/delFeedComment', { commentId: c1 ?? '' })).body).data;
  t.equal(after.feedId, feedId, 'the moment comes back');
  t.same(after.imFeedComments.map((c) => c.id), [c2], 'without the comment');
  const last = Ok3(Feed3).parse((await call3(ann, '/feed/delFeedComment', { commentId: c2 ?? '' })).body).data;
  t.same([last.commentCount, last.imFeedComments], ['0', []], "the author deletes another's");
});

const mediaCount = async () => Number((await app.platform.core.pool.query<{ n: string }>('select count(*) as n from media')).rows[0]?.n);
const rawUpload = (u: ImUser, bytes: Buffer, contentType: string, query = 'fileExt=png') =>
  app.inject({ method: 'POST', url: `/apps/chat-wallet/chat/doUploads?${query}&userId=${u.userId}&token=${u.token}`, headers: { 'content-type': contentType }, payload: bytes });

t.test('002: given a file as the request body, when doUploads takes it, then it is sniffed, stored and served; what is refused stores nothing', async (t) => {
  const dan = await signUp(send2, 'chat-wallet', 'dan');
  const image = await png();
  for (const type of ['application/octet-stream', 'image/png', 'application/x-www-form-urlencoded']) {
    const r = await rawUpload(dan, image, type);
    const body = Envelope2.parse(r.json());
    t.equal(body.code, 1, `as ${type}`);
    const [item] = z.array(z.object({ url: z.string(), mediaId: z.string(), kind: z.literal('image') })).parse(body.data);
    t.match(String(body.info), /\/v1\/media\/[^/]+\/content$/);
    const served = await app.inject({ method: 'GET', url: (item?.url ?? '').replace(/^https?:\/\/[^/]+/, '') });
    t.equal(served.status, 200, 'served');
  }
  const url = String(Envelope2.parse((await rawUpload(dan, image, 'image/png')).json()).info);
  const moment2 = Envelope2.parse((await call2(dan, '/feed/addFeed', { text: 'raw pic', images: url })).body);
  t.equal(moment2.code, 1, 'a moment takes its URL');

  const before = await mediaCount();
  const big = await sharp(randomBytes(200 * 200 * 3), { raw: { width: 200, height: 200, channels: 3 } }).png().toBuffer();
  t.ok(big.length > 60000, '(the noise image is over the configured limit)');
  for (const [what, bytes] of [
    ['a script named .png', Buffer.from('#!/bin/sh\necho hi\n')],
    ['an empty body', Buffer.alloc(0)],
    ['an image over the limit', big],
  ] as const) {
    const r = await rawUpload(dan, bytes, 'application/octet-stream');
    t.equal(r.status, 200, `${what}: HTTP 200`);
    t.equal(Envelope2.parse(r.json()).code, -1, what);
  }
  const anon = await app.inject({ method: 'POST', url: '/apps/chat-wallet/chat/doUploads?fileExt=png', headers: { 'content-type': 'image/png' }, payload: image });
  t.equal(Envelope2.parse(anon.json()).code, -1, 'signed-in users only');
  t.equal(await mediaCount(), before, 'nothing stored for what was refused');
  const on003 = await app.inject({ method: 'POST', url: '/apps/im-groups-wallet/chat/doUploads', headers: { 'content-type': 'image/png' }, payload: image });
  t.equal(on003.status, 404, '003 has no doUploads');
});
