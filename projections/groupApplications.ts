// GroupApplications: applications to join groups, for the admins' inbox (pending approvals in
// the groups they run, across groups), a group's list and an applicant's own list.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Status moves only from pending, so a repeated
// event changes nothing.
import type { Projection } from './projection.js';
import { decodeCursor, handling, int, iso, isoOrNull, page, type Db, type Page, type PageRequest } from './support.js';

const handled = handling(['GroupJoinRequested', 'GroupJoinApproved', 'GroupJoinRejected', 'GroupMembersAdded', 'GroupDismissed'] as const);

export const groupApplicationsProjection: Projection = {
  name: 'group_applications',
  tables: ['group_applications'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    const at = event.metadata.at;
    switch (e.type) {
      case 'GroupJoinRequested': {
        const d = e.data;
        await tx.query(
          `insert into group_applications (application_id, group_id, applicant_id, kind, message, fee, status, created_at, position)
           values ($1, $2, $3, $4, $5, $6, 'pending', $7, $8) on conflict do nothing`,
          [d.applicationId, d.groupId, d.applicantId, d.kind, d.message ?? null, d.fee ?? null, at, event.position],
        );
        return;
      }
      case 'GroupJoinApproved':
        await tx.query(`update group_applications set status = 'approved', decided_by = $2, decided_at = $3 where application_id = $1 and status = 'pending'`, [e.data.applicationId, e.data.by, at]);
        return;
      case 'GroupJoinRejected':
        await tx.query(`update group_applications set status = 'rejected', decided_by = $2, decided_at = $3, reason = $4 where application_id = $1 and status = 'pending'`, [
          e.data.applicationId,
          e.data.by,
          at,
          e.data.reason ?? null,
        ]);
        return;
      case 'GroupMembersAdded':
        // Invited (or approved) in: whatever else they had pending there is settled.
        await tx.query(`update group_applications set status = 'superseded', decided_at = $3 where group_id = $1 and applicant_id = any($2::text[]) and status = 'pending'`, [
          e.data.groupId,
          e.data.userIds,
          at,
        ]);
        return;
      case 'GroupDismissed':
        await tx.query(`update group_applications set status = 'cancelled', decided_at = $2 where group_id = $1 and status = 'pending'`, [e.data.groupId, at]);
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  },
};

export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'superseded' | 'cancelled';

export interface GroupApplication {
  applicationId: string;
  groupId: string;
  applicantId: string;
  kind: 'approval' | 'payment';
  message: string | null;
  fee: number | null;
  status: ApplicationStatus;
  decidedBy: string | null;
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
}

type Row = {
  application_id: string;
  group_id: string;
  applicant_id: string;
  kind: 'approval' | 'payment';
  message: string | null;
  fee: number | string | null;
  status: ApplicationStatus;
  decided_by: string | null;
  reason: string | null;
  created_at: Date;
  decided_at: Date | null;
  position: number | string;
};

const toItem = (r: Row): GroupApplication => ({
  applicationId: r.application_id,
  groupId: r.group_id,
  applicantId: r.applicant_id,
  kind: r.kind,
  message: r.message,
  fee: r.fee === null ? null : int(r.fee),
  status: r.status,
  decidedBy: r.decided_by,
  reason: r.reason,
  createdAt: iso(r.created_at),
  decidedAt: isoOrNull(r.decided_at),
});

/** Newest first, by log position. `where` uses $1 ($2...) from `values`; the cursor comes last. */
const listed = (db: Db, where: string, values: readonly unknown[], req: PageRequest): Promise<Page<GroupApplication>> => {
  const [before] = req.cursor ? decodeCursor(req.cursor, ['number'] as const) : [Number.MAX_SAFE_INTEGER];
  const n = values.length;
  return page(
    req.limit,
    async (limit) =>
      (await db.query<Row>(`select a.* from group_applications a where ${where} and a.position < $${n + 1} order by a.position desc limit $${n + 2}`, [...values, before, limit])).rows,
    toItem,
    (r) => [int(r.position)],
  );
};

/** One group's applications, optionally of one status. */
export const listGroupApplications = (db: Db, groupId: string, status: ApplicationStatus | undefined, req: PageRequest) =>
  status === undefined ? listed(db, 'a.group_id = $1', [groupId], req) : listed(db, 'a.group_id = $1 and a.status = $2', [groupId, status], req);

/** The inbox: pending approvals in every group this user owns or helps run. */
export const listReviewInbox = (db: Db, reviewerId: string, req: PageRequest) =>
  listed(
    db,
    `a.status = 'pending' and a.kind = 'approval'
     and exists (select 1 from group_members m where m.group_id = a.group_id and m.user_id = $1 and m.role in ('owner', 'admin'))`,
    [reviewerId],
    req,
  );

export const listApplicationsOf = (db: Db, applicantId: string, req: PageRequest) => listed(db, 'a.applicant_id = $1', [applicantId], req);
