// GroupNotices: a group's announcements, newest first. A deleted notice's row goes; a dismissed
// group's notices stay on record.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Keyed by notice id, so a repeated post changes nothing.
import type { Projection } from './projection.js';
import { decodeCursor, handling, int, iso, isoOrNull, page, type Db, type Page, type PageRequest } from './support.js';

const handled = handling(['GroupNoticePosted', 'GroupNoticeEdited', 'GroupNoticeDeleted'] as const);

export const groupNoticesProjection: Projection = {
  name: 'group_notices',
  tables: ['group_notices'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    const at = event.metadata.at;
    switch (e.type) {
      case 'GroupNoticePosted':
        await tx.query(
          `insert into group_notices (notice_id, group_id, author_id, text, created_at, position) values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
          [e.data.noticeId, e.data.groupId, e.data.by, e.data.text, at, event.position],
        );
        return;
      case 'GroupNoticeEdited':
        await tx.query('update group_notices set text = $2, edited_by = $3, edited_at = $4 where notice_id = $1', [e.data.noticeId, e.data.text, e.data.by, at]);
        return;
      case 'GroupNoticeDeleted':
        await tx.query('delete from group_notices where notice_id = $1', [e.data.noticeId]);
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  },
};

export interface GroupNotice {
  noticeId: string;
  groupId: string;
  authorId: string;
  text: string;
  createdAt: string;
  editedBy: string | null;
  editedAt: string | null;
}

type Row = { notice_id: string; group_id: string; author_id: string; text: string; created_at: Date; edited_by: string | null; edited_at: Date | null; position: number | string };

export const listGroupNotices = (db: Db, groupId: string, req: PageRequest): Promise<Page<GroupNotice>> => {
  const [before] = req.cursor ? decodeCursor(req.cursor, ['number'] as const) : [Number.MAX_SAFE_INTEGER];
  return page(
    req.limit,
    async (limit) =>
      (await db.query<Row>('select * from group_notices where group_id = $1 and position < $2 order by position desc limit $3', [groupId, before, limit])).rows,
    (r) => ({
      noticeId: r.notice_id,
      groupId: r.group_id,
      authorId: r.author_id,
      text: r.text,
      createdAt: iso(r.created_at),
      editedBy: r.edited_by,
      editedAt: isoOrNull(r.edited_at),
    }),
    (r) => [int(r.position)],
  );
};
