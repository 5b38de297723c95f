// Contacts: each owner's remarks and "commonly used" marks on other users, and their friend
// tags with members. The friends list joins them in (friends.ts); tags are listed here.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Statements set rows to what the event says, so
// applying one twice changes nothing.
import type { Projection } from './projection.js';
import { handling, type Db } from './support.js';

const handled = handling(['RemarkSet', 'RemarkCleared', 'CommonlyUsedSet', 'TagCreated', 'TagRenamed', 'TagDeleted', 'FriendsTagged', 'FriendUntagged'] as const);

/** A details row holds a remark or a mark; one that holds neither is removed. */
const TIDY = 'delete from contact_details where owner_id = $1 and user_id = $2 and remark is null and not commonly_used';

export const contactsProjection: Projection = {
  name: 'contacts',
  tables: ['contact_details', 'contact_tags', 'contact_tag_members'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    switch (e.type) {
      case 'RemarkSet':
        await tx.query(
          'insert into contact_details (owner_id, user_id, remark) values ($1, $2, $3) on conflict (owner_id, user_id) do update set remark = excluded.remark',
          [e.data.ownerId, e.data.userId, e.data.remark],
        );
        return;
      case 'RemarkCleared':
        await tx.query('update contact_details set remark = null where owner_id = $1 and user_id = $2', [e.data.ownerId, e.data.userId]);
        await tx.query(TIDY, [e.data.ownerId, e.data.userId]);
        return;
      case 'CommonlyUsedSet':
        await tx.query(
          'insert into contact_details (owner_id, user_id, commonly_used) values ($1, $2, $3) on conflict (owner_id, user_id) do update set commonly_used = excluded.commonly_used',
          [e.data.ownerId, e.data.userId, e.data.commonlyUsed],
        );
        await tx.query(TIDY, [e.data.ownerId, e.data.userId]);
        return;
      case 'TagCreated':
        await tx.query('insert into contact_tags (owner_id, tag_id, name, position) values ($1, $2, $3, $4) on conflict do nothing', [e.data.ownerId, e.data.tagId, e.data.name, event.position]);
        return;
      case 'TagRenamed':
        await tx.query('update contact_tags set name = $3 where owner_id = $1 and tag_id = $2', [e.data.ownerId, e.data.tagId, e.data.name]);
        return;
      case 'TagDeleted':
        await tx.query('with m as (delete from contact_tag_members where owner_id = $1 and tag_id = $2) delete from contact_tags where owner_id = $1 and tag_id = $2', [e.data.ownerId, e.data.tagId]);
        return;
      case 'FriendsTagged':
        await tx.query(
          'insert into contact_tag_members (owner_id, tag_id, user_id, position) select $1, $2, u, $4 from unnest($3::text[]) as u on conflict do nothing',
          [e.data.ownerId, e.data.tagId, e.data.userIds, event.position],
        );
        return;
      case 'FriendUntagged':
        await tx.query('delete from contact_tag_members where owner_id = $1 and tag_id = $2 and user_id = $3', [e.data.ownerId, e.data.tagId, e.data.userId]);
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  },
};

export interface TagView {
  tagId: string;
  name: string;
  /** In the order they were tagged. */
  userIds: string[];
}

/** The owner's tags, oldest first, each with its members. */
export const listTags = async (db: Db, ownerId: string): Promise<TagView[]> => {
  const r = await db.query<{ tag_id: string; name: string; user_ids: string[] }>(
    `select t.tag_id, t.name,
       array(select m.user_id from contact_tag_members m where m.owner_id = t.owner_id and m.tag_id = t.tag_id order by m.position, m.user_id) as user_ids
     from contact_tags t where t.owner_id = $1 order by t.position, t.tag_id`,
    [ownerId],
  );
  return r.rows.map((row) => ({ tagId: row.tag_id, name: row.name, userIds: row.user_ids }));
};

export interface ContactView {
  userId: string;
  remark: string | null;
  commonlyUsed: boolean;
  tags: { tagId: string; name: string }[];
}

/** What the owner noted about one user. */
export const getContact = async (db: Db, ownerId: string, userId: string): Promise<ContactView> => {
  const r = await db.query<{ remark: string | null; commonly_used: boolean | null; tags: { tagId: string; name: string }[] }>(
    `select d.remark, d.commonly_used,
       coalesce((select json_agg(json_build_object('tagId', t.tag_id, 'name', t.name) order by t.position)
         from contact_tag_members m join contact_tags t on t.owner_id = m.owner_id and t.tag_id = m.tag_id
         where m.owner_id = $1 and m.user_id = $2), '[]'::json) as tags
     from (select 1) one left join contact_details d on d.owner_id = $1 and d.user_id = $2`,
    [ownerId, userId],
  );
  const row = r.rows[0];
  return { userId, remark: row?.remark ?? null, commonlyUsed: row?.commonly_used ?? false, tags: row?.tags ?? [] };
};
