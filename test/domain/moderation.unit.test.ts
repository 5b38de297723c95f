// Uploads, reports and reviews as pure deciders, and their push notice.
import t from 'tap';
import type { StoredEvent } from '../../domain/events.js';
import { mediaDecider, mediaStream, type MediaCommand, type MediaEvent } from '../../domain/media.js';
import { reportDecider, reportIdOf, reportStream, type ReportCommand, type ReportEvent } from '../../domain/report.js';
import { reviewDecider, reviewStream, type ReviewCommand, type ReviewEvent } from '../../domain/review.js';
import { toPushMessages } from '../../projections/push/messages.js';
import { byteRange } from '../../services/app/mediaFiles.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const sha = 'a'.repeat(64);

t.test('media: an upload is recorded once, by its uploader, with its facts checked', async (t) => {
  const media = spec(mediaDecider);
  const data = { mediaId: 'm1', ownerId: 'ann', kind: 'image', mime: 'image/png', size: 10, sha256: sha, objectKey: 'media/m1', width: 2, height: 3, thumbnailKey: 'media/m1.thumb' } as const;
  const upload: MediaCommand = { type: 'UploadMedia', data, metadata: meta(at, 'ann') };
  const uploaded: MediaEvent = { type: 'MediaUploaded', data: { ...data, uploadedAt: at } };
  media.given([]).when(upload).then([uploaded]);
  media.given([uploaded]).when(upload).thenThrows('CONFLICT');
  media.given([]).when({ ...upload, metadata: meta(at, 'bob') }).thenThrows('FORBIDDEN');
  media.given([]).when({ ...upload, data: { ...data, size: 0 } }).thenThrows('VALIDATION_FAILED');
  media.given([]).when({ ...upload, data: { ...data, sha256: 'x' } }).thenThrows('VALIDATION_FAILED');
  media.given([]).when({ ...upload, data: { ...data, width: -1 } }).thenThrows('VALIDATION_FAILED');
  t.equal(mediaStream('m1'), 'media-m1');
});

t.test('reports: one open per reporter and subject; resolved, it may be filed again', async (t) => {
  const report = spec(reportDecider);
  const reportId = reportIdOf('post', 'p1', 'ann');
  t.equal(reportStream(reportId), 'report-post.p1.ann');
  const file: ReportCommand = { type: 'FileReport', data: { reportId, reporterId: 'ann', subjectType: 'post', subjectId: 'p1', reason: 'spam' }, metadata: meta(at, 'ann') };
  const filed: ReportEvent = { type: 'ReportFiled', data: { reportId, reporterId: 'ann', subjectType: 'post', subjectId: 'p1', reason: 'spam', filedAt: at } };
  const resolve: ReportCommand = { type: 'ResolveReport', data: { reportId, resolution: 'dismissed' }, metadata: meta(at, 'op') };
  const resolved: ReportEvent = { type: 'ReportResolved', data: { reportId, reporterId: 'ann', operatorId: 'op', resolution: 'dismissed' } };
  report.given([]).when(file).then([filed]);
  report.given([filed]).when(file).thenThrows('ALREADY_REPORTED');
  report.given([filed]).when(resolve).then([resolved]);
  report.given([filed, resolved]).when(resolve).thenThrows('CONFLICT');
  report.given([]).when(resolve).thenThrows('NOT_FOUND');
  report.given([filed, resolved]).when(file).then([filed]);
  t.equal(report.given([filed, resolved, filed]).state().status, 'open');
  report.given([]).when({ ...file, metadata: meta(at, 'bob') }).thenThrows('FORBIDDEN');
  report.given([]).when({ ...file, data: { ...file.data, reportId: 'post.p2.ann' } }).thenThrows('VALIDATION_FAILED');
  report.given([]).when({ ...file, data: { ...file.data, reason: '\u0000' } }).thenThrows('VALIDATION_FAILED');
});

t.test('reviews: requested once, decided once by an operator, with the reason on record', async (t) => {
  const review = spec(reviewDecider);
  const subject = { reviewId: 'r1', kind: 'avatar', ownerId: 'ann', subjectId: 'ann', mediaId: 'm1' } as const;
  const request: ReviewCommand = { type: 'RequestReview', data: subject, metadata: meta(at, 'ann') };
  const requested: ReviewEvent = { type: 'ReviewRequested', data: { ...subject, requestedAt: at } };
  const reject: ReviewCommand = { type: 'DecideReview', data: { reviewId: 'r1', decision: 'reject', reason: 'not a face' }, metadata: meta(at, 'op') };
  const rejected: ReviewEvent = { type: 'ReviewRejected', data: { ...subject, operatorId: 'op', reason: 'not a face' } };
  review.given([]).when(request).then([requested]);
  review.given([requested]).when(request).then([]);
  review.given([requested]).when(reject).then([rejected]);
  review.given([requested]).when({ ...reject, data: { reviewId: 'r1', decision: 'approve' } }).then([{ type: 'ReviewApproved', data: { ...subject, operatorId: 'op' } }]);
  review.given([requested, rejected]).when(reject).thenThrows('CONFLICT');
  review.given([]).when(reject).thenThrows('NOT_FOUND');
  t.equal(reviewStream('r1'), 'review-r1');

  const stored = (e: ReviewEvent): StoredEvent => ({ ...e, id: 'e1', streamId: 'review-r1', revision: 1, position: 9, metadata: { at, commandId: 'c' } }) as StoredEvent;
  t.same(toPushMessages(stored(rejected)), [
    { channel: 'user:ann', type: 'review', data: { reviewId: 'r1', kind: 'avatar', subjectId: 'ann', status: 'rejected', mediaId: 'm1', reason: 'not a face' } },
  ]);
  t.same(toPushMessages(stored(requested)), [], 'a request is not announced');
});

t.test('byte ranges: one range, suffixes, open ends, unsatisfiable starts', async (t) => {
  t.same(byteRange(undefined, 100), { kind: 'whole' });
  t.same(byteRange('bytes=0-9', 100), { kind: 'part', start: 0, end: 9 });
  t.same(byteRange('bytes=90-', 100), { kind: 'part', start: 90, end: 99 });
  t.same(byteRange('bytes=90-500', 100), { kind: 'part', start: 90, end: 99 });
  t.same(byteRange('bytes=-10', 100), { kind: 'part', start: 90, end: 99 });
  t.same(byteRange('bytes=-500', 100), { kind: 'part', start: 0, end: 99 });
  t.same(byteRange('bytes=100-', 100), { kind: 'unsatisfiable' });
  t.same(byteRange('bytes=-0', 100), { kind: 'unsatisfiable' });
  t.same(byteRange('bytes=0-1,5-6', 100), { kind: 'whole' }, 'several ranges: the whole');
  t.same(byteRange('items=0-1', 100), { kind: 'whole' });
  t.same(byteRange('bytes=9-3', 100), { kind: 'whole' });
});
