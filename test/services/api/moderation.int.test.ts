// Reports and reviews over /v1 (inject) on embedded PostgreSQL, with an app policy that reviews
// avatars and photos (as vparty's does): only operators decide, a reporter cannot report twice
// while open, and a rejected avatar is never shown to anyone else.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import t from 'tap';
import { build } from '../../support/app.js';
import { multipart } from '../../support/multipart.js';

const dataDir = await mkdtemp(join(tmpdir(), 'moderation-int-'));
t.teardown(() => rm(dataDir, { recursive: true, force: true }));
const app = await build(t, { DATA_DIR: dataDir, APP_POLICIES: JSON.stringify({ core: { reviewAvatars: true, reviewPhotos: true } }) });
const ann = await app.signIn('+8613900000001');
const bob = await app.signIn('+8613900000002');
const op = (await app.inject({ method: 'POST', url: '/v1/dev/operator-sessions' })).json<{ token: string }>();
const as = (token: string) => ({ authorization: `Bearer ${token}` });
type Err = { error: { code: string } };

const image = async (color: string) => {
  const bytes = await sharp({ create: { width: 64, height: 64, channels: 3, background: color } }).png().toBuffer();
  const m = multipart({ bytes, filename: 'a.png', contentType: 'image/png' });
  const r = await app.inject({ method: 'POST', url: '/v1/media', headers: { ...as(ann.token), ...m.headers }, payload: m.payload });
  return r.json<{ mediaId: string; url: string }>();
};
const profile = async (token: string, userId: string) => (await app.inject({ method: 'GET', url: `/v1/users/${userId}`, headers: as(token) })).json<{ avatarUrl: string | null; photos: string[] }>();
const pendingReviews = async (kind: string) =>
  (await app.inject({ method: 'GET', url: `/v1/admin/reviews?status=pending&kind=${kind}`, headers: as(op.token) })).json<{ items: { reviewId: string; mediaId: string; ownerId: string }[] }>().items;

await t.test('reports', async (t) => {
  const file = (token: string, body: object) => app.inject({ method: 'POST', url: '/v1/reports', headers: as(token), payload: body });
  const body = { subjectType: 'user', subjectId: bob.userId, reason: 'spam', note: 'sends ads' };

  await t.test('given a report, when the reporter files it again while open, then ALREADY_REPORTED and one open report', async (t) => {
    const first = await file(ann.token, body);
    t.equal(first.status, 201, first.text);
    const again = await file(ann.token, { ...body, reason: 'abuse' });
    t.equal(again.status, 409);
    t.equal(again.json<Err>().error.code, 'ALREADY_REPORTED');
    const open = await app.inject({ method: 'GET', url: '/v1/admin/reports?status=open', headers: as(op.token) });
    t.match(open.json(), { items: [{ reportId: first.json<{ reportId: string }>().reportId, reporterId: ann.userId, subjectType: 'user', subjectId: bob.userId, reason: 'spam', filings: 1 }] });
  });

  await t.test('given ten concurrent filings on one subject, then exactly one opens', async (t) => {
    const rs = await Promise.all(Array.from({ length: 10 }, () => file(bob.token, { subjectType: 'group', subjectId: 'g42', reason: 'scam' })));
    t.same(rs.map((r) => r.status).sort(), [201, ...Array.from({ length: 9 }, () => 409)]);
  });

  await t.test('only operators list and resolve; a resolved report may be filed again', async (t) => {
    const reportId = `user.${bob.userId}.${ann.userId}`;
    t.equal((await app.inject({ method: 'GET', url: '/v1/admin/reports', headers: as(ann.token) })).status, 403);
    const byUser = await app.inject({ method: 'POST', url: `/v1/admin/reports/${reportId}/resolve`, headers: as(ann.token), payload: { resolution: 'dismissed' } });
    t.equal(byUser.status, 403);
    const resolved = await app.inject({ method: 'POST', url: `/v1/admin/reports/${reportId}/resolve`, headers: as(op.token), payload: { resolution: 'actioned', note: 'warned' } });
    t.same(resolved.json(), { reportId, status: 'resolved', resolution: 'actioned' });
    const twice = await app.inject({ method: 'POST', url: `/v1/admin/reports/${reportId}/resolve`, headers: as(op.token), payload: { resolution: 'dismissed' } });
    t.equal(twice.status, 409);
    t.equal((await file(ann.token, body)).status, 201);
    const list = await app.inject({ method: 'GET', url: '/v1/admin/reports?subjectType=user', headers: as(op.token) });
    t.match(list.json(), { items: [{ reportId, status: 'open', filings: 2, resolution: null }] });
  });

  await t.test('bad input changes nothing', async (t) => {
    t.equal((await file(ann.token, { subjectType: 'planet', subjectId: 'x', reason: 'r' })).status, 400);
    t.equal((await file(ann.token, { subjectType: 'post', subjectId: 'a.b', reason: 'r' })).status, 400);
    t.equal((await file(ann.token, { subjectType: 'post', subjectId: 'p1', reason: '' })).status, 400);
    t.equal((await app.inject({ method: 'POST', url: '/v1/reports', payload: body })).status, 401);
    const posts = await app.inject({ method: 'GET', url: '/v1/admin/reports?subjectType=post', headers: as(op.token) });
    t.same(posts.json(), { items: [], nextCursor: null });
  });
});

await t.test('avatar reviews', async (t) => {
  const first = await image('#ff0000');
  const setAvatar = (mediaId: string) => app.inject({ method: 'PATCH', url: '/v1/me', headers: as(ann.token), payload: { avatarMediaId: mediaId } });

  await t.test('given an avatar under review, then only its owner sees it until an operator approves it', async (t) => {
    const r = await setAvatar(first.mediaId);
    t.equal(r.status, 200, r.text);
    t.equal(r.json<{ avatarUrl: string }>().avatarUrl, first.url, 'the owner sees it at once');
    t.equal((await profile(bob.token, ann.userId)).avatarUrl, null, 'others see the previous one (none)');
    const [review] = await pendingReviews('avatar');
    t.match(review, { ownerId: ann.userId, mediaId: first.mediaId });

    const byOwner = await app.inject({ method: 'POST', url: `/v1/admin/reviews/${review?.reviewId}/approve`, headers: as(ann.token) });
    t.equal(byOwner.status, 403, 'only operators decide');
    t.equal((await profile(bob.token, ann.userId)).avatarUrl, null);

    const ok = await app.inject({ method: 'POST', url: `/v1/admin/reviews/${review?.reviewId}/approve`, headers: as(op.token) });
    t.same(ok.json(), { reviewId: review?.reviewId, status: 'approved' });
    t.equal((await profile(bob.token, ann.userId)).avatarUrl, first.url, 'approved: everyone sees it');
    const twice = await app.inject({ method: 'POST', url: `/v1/admin/reviews/${review?.reviewId}/reject`, headers: as(op.token) });
    t.equal(twice.status, 409);
  });

  await t.test('given a rejected avatar, then nobody else ever sees it and its bytes are gone', async (t) => {
    const second = await image('#00ff00');
    await setAvatar(second.mediaId);
    t.equal((await profile(ann.token, ann.userId)).avatarUrl, second.url);
    t.equal((await profile(bob.token, ann.userId)).avatarUrl, first.url, 'others keep the approved one');
    const [review] = await pendingReviews('avatar');
    const no = await app.inject({ method: 'POST', url: `/v1/admin/reviews/${review?.reviewId}/reject`, headers: as(op.token), payload: { reason: 'not a face' } });
    t.same(no.json(), { reviewId: review?.reviewId, status: 'rejected' });
    t.equal((await profile(bob.token, ann.userId)).avatarUrl, first.url);
    t.equal((await profile(ann.token, ann.userId)).avatarUrl, first.url, 'the owner is back to the approved one');
    t.equal((await app.inject({ method: 'GET', url: second.url })).status, 404, 'rejected bytes are served to no one');
    const rejected = await app.inject({ method: 'GET', url: '/v1/admin/reviews?status=rejected', headers: as(op.token) });
    t.match(rejected.json(), { items: [{ reviewId: review?.reviewId, reason: 'not a face', status: 'rejected' }] });
  });

  await t.test('an avatar must be the caller\'s own image upload', async (t) => {
    const bobs = multipart({ bytes: await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer(), filename: 'b.png', contentType: 'image/png' });
    const theirs = (await app.inject({ method: 'POST', url: '/v1/media', headers: { ...as(bob.token), ...bobs.headers }, payload: bobs.payload })).json<{ mediaId: string }>();
    t.equal((await setAvatar(theirs.mediaId)).status, 404);
    t.equal((await setAvatar('404404')).status, 404);
    const both = await app.inject({ method: 'PATCH', url: '/v1/me', headers: as(ann.token), payload: { avatarMediaId: first.mediaId, avatarUrl: 'https://x.example/a.png' } });
    t.equal(both.status, 400);
  });
});

await t.test('given photos under review, then others see only approved ones', async (t) => {
  const photo = await image('#0000ff');
  const put = await app.inject({ method: 'PUT', url: '/v1/me/photos', headers: as(ann.token), payload: { photos: ['https://img.example/1.jpg', photo.mediaId] } });
  t.same(put.json(), { photos: ['https://img.example/1.jpg', photo.url] });
  t.same((await profile(bob.token, ann.userId)).photos, ['https://img.example/1.jpg']);
  t.same((await profile(ann.token, ann.userId)).photos, ['https://img.example/1.jpg', photo.url]);
  const [review] = await pendingReviews('photo');
  t.match(review, { mediaId: photo.mediaId });
  await app.inject({ method: 'POST', url: `/v1/admin/reviews/${review?.reviewId}/approve`, headers: as(op.token) });
  t.same((await profile(bob.token, ann.userId)).photos, ['https://img.example/1.jpg', photo.url]);
});
