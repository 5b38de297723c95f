// Reports and reviews: the operators' queues (open reports, pending reviews), and per owner the
// reviews an app's profile reads (a pending avatar shown only to its owner; photos not yet
// approved hidden from others).
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. A report row is its reporter's and subject's: a new
// filing reopens it. A decision only moves a pending review, so a repeat changes nothing.
import type { ReportResolution, ReportSubjectType } from '../domain/report.js';
import type { ReviewKind } from '../domain/review.js';
import type { Projection } from './projection.js';
import { decodeCursor, int, handling, iso, isoOrNull, page, type Db, type Page, type PageRequest } from './support.js';

const handled = handling(['ReportFiled', 'ReportResolved', 'ReviewRequested', 'ReviewApproved', 'ReviewRejected'] as const);

export const moderationProjection: Projection = {
  name: 'moderation',
  tables: ['reports', 'reviews'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    const at = event.metadata.at;
    switch (e.type) {
      case 'ReportFiled': {
        const d = e.data;
        await tx.query(
          `insert into reports (report_id, reporter_id, subject_type, subject_id, reason, note, status, filings, filed_at, position)
           values ($1, $2, $3, $4, $5, $6, 'open', 1, $7, $8)
           on conflict (report_id) do update set reason = excluded.reason, note = excluded.note, status = 'open', filings = reports.filings + 1,
             filed_at = excluded.filed_at, position = excluded.position, resolution = null, resolution_note = null, operator_id = null, resolved_at = null
           where reports.position < excluded.position`,
          [d.reportId, d.reporterId, d.subjectType, d.subjectId, d.reason, d.note ?? null, d.filedAt, event.position],
        );
        return;
      }
      case 'ReportResolved':
        await tx.query(`update reports set status = 'resolved', resolution = $2, resolution_note = $3, operator_id = $4, resolved_at = $5 where report_id = $1 and status = 'open'`, [
          e.data.reportId,
          e.data.resolution,
          e.data.note ?? null,
          e.data.operatorId,
          at,
        ]);
        return;
      case 'ReviewRequested': {
        const d = e.data;
        await tx.query(
          `insert into reviews (review_id, kind, owner_id, subject_id, media_id, status, requested_at, position) values ($1, $2, $3, $4, $5, 'pending', $6, $7) on conflict do nothing`,
          [d.reviewId, d.kind, d.ownerId, d.subjectId, d.mediaId ?? null, d.requestedAt, event.position],
        );
        return;
      }
      case 'ReviewApproved':
      case 'ReviewRejected':
        await tx.query(`update reviews set status = $2, reason = $3, operator_id = $4, decided_at = $5 where review_id = $1 and status = 'pending'`, [
          e.data.reviewId,
          e.type === 'ReviewApproved' ? 'approved' : 'rejected',
          e.data.reason ?? null,
          e.data.operatorId,
          at,
        ]);
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  },
};

export type ReportStatus = 'open' | 'resolved';
export interface ReportView {
  reportId: string;
  reporterId: string;
  subjectType: ReportSubjectType;
  subjectId: string;
  reason: string;
  note: string | null;
  status: ReportStatus;
  filings: number;
  resolution: ReportResolution | null;
  resolutionNote: string | null;
  operatorId: string | null;
  filedAt: string;
  resolvedAt: string | null;
}
type ReportRow = {
  report_id: string;
  reporter_id: string;
  subject_type: ReportSubjectType;
  subject_id: string;
  reason: string;
  note: string | null;
  status: ReportStatus;
  filings: number;
  resolution: ReportResolution | null;
  resolution_note: string | null;
  operator_id: string | null;
  filed_at: Date;
  resolved_at: Date | null;
  position: number | string;
};
const reportView = (r: ReportRow): ReportView => ({
  reportId: r.report_id,
  reporterId: r.reporter_id,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  reason: r.reason,
  note: r.note,
  status: r.status,
  filings: r.filings,
  resolution: r.resolution,
  resolutionNote: r.resolution_note,
  operatorId: r.operator_id,
  filedAt: iso(r.filed_at),
  resolvedAt: isoOrNull(r.resolved_at),
});

/**
 * Reports and reviews are queues: oldest first, optionally one status and one value of a second
 * column. Table and column are this file's constants, never input.
 */
const queuePage = <Row extends { position: number | string }, View>(
  db: Db,
  from: { table: 'reports' | 'reviews'; column: 'subject_type' | 'kind' },
  req: PageRequest & { status?: string | undefined; value?: string | undefined },
  view: (r: Row) => View,
): Promise<Page<View>> => {
  const after = req.cursor === undefined ? null : decodeCursor(req.cursor, ['number'] as const);
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select * from ${from.table} where ($1::text is null or status = $1) and ($2::text is null or ${from.column} = $2) and ($3::bigint is null or position > $3)
           order by position limit $4`,
          [req.status ?? null, req.value ?? null, after?.[0] ?? null, n],
        )
      ).rows,
    view,
    (r) => [int(r.position)],
  );
};

/** Oldest first (a queue), optionally one status and one subject type. */
export const listReports = (db: Db, req: PageRequest & { status?: ReportStatus | undefined; subjectType?: ReportSubjectType | undefined }): Promise<Page<ReportView>> =>
  queuePage(db, { table: 'reports', column: 'subject_type' }, { ...req, value: req.subjectType }, reportView);

export type ReviewStatus = 'pending' | 'approved' | 'rejected';
export interface ReviewView {
  reviewId: string;
  kind: ReviewKind;
  ownerId: string;
  subjectId: string;
  mediaId: string | null;
  status: ReviewStatus;
  reason: string | null;
  operatorId: string | null;
  requestedAt: string;
  decidedAt: string | null;
}
type ReviewRow = {
  review_id: string;
  kind: ReviewKind;
  owner_id: string;
  subject_id: string;
  media_id: string | null;
  status: ReviewStatus;
  reason: string | null;
  operator_id: string | null;
  requested_at: Date;
  decided_at: Date | null;
  position: number | string;
};
const reviewView = (r: ReviewRow): ReviewView => ({
  reviewId: r.review_id,
  kind: r.kind,
  ownerId: r.owner_id,
  subjectId: r.subject_id,
  mediaId: r.media_id,
  status: r.status,
  reason: r.reason,
  operatorId: r.operator_id,
  requestedAt: iso(r.requested_at),
  decidedAt: isoOrNull(r.decided_at),
});

/** Oldest first (a queue), optionally one status and one kind. */
export const listReviews = (db: Db, req: PageRequest & { status?: ReviewStatus | undefined; kind?: ReviewKind | undefined }): Promise<Page<ReviewView>> =>
  queuePage(db, { table: 'reviews', column: 'kind' }, { ...req, value: req.kind }, reviewView);

export const getReview = async (db: Db, reviewId: string): Promise<ReviewView | null> => {
  const row = (await db.query<ReviewRow>('select * from reviews where review_id = $1', [reviewId])).rows[0];
  return row ? reviewView(row) : null;
};

/** The owner's newest review of a kind (a pending avatar; whether an approved one is still the latest). */
export const latestReviewOf = async (db: Db, ownerId: string, kind: ReviewKind): Promise<ReviewView | null> => {
  const row = (await db.query<ReviewRow>('select * from reviews where owner_id = $1 and kind = $2 order by position desc limit 1', [ownerId, kind])).rows[0];
  return row ? reviewView(row) : null;
};

/** The latest review status of each of these media ids that was ever reviewed (others are absent). */
export const mediaReviewStatuses = async (db: Db, mediaIds: readonly string[]): Promise<Map<string, ReviewStatus>> => {
  if (mediaIds.length === 0) return new Map();
  const r = await db.query<{ media_id: string; status: ReviewStatus }>(
    'select distinct on (media_id) media_id, status from reviews where media_id = any($1::text[]) order by media_id, position desc',
    [mediaIds],
  );
  return new Map(r.rows.map((x) => [x.media_id, x.status]));
};
