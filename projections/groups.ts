// GroupDetails: a group and its members, for GET /v1/groups/:id and red packet eligibility.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Members are keyed by (group, user), so repeating
// an event changes nothing.
import type { Projection } from './projection.js';
import { handling, iso, type Db } from './support.js';

// Members keep the order they were added in: (event position, index within the event).
const ADD_MEMBERS = `insert into group_members (group_id, user_id, position, ord)
  select $1, u.user_id, $3, u.ord from unnest($2::text[]) with ordinality as u(user_id, ord)
  on conflict do nothing`;


const handled = handling(['GroupCreated', 'GroupMembersAdded', 'GroupMemberRemoved'] as const);

export const groupsProjection: Projection = {
  name: 'groups',
  tables: ['groups', 'group_members'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    switch (e.type) {
      case 'GroupCreated': {
        const d = e.data;
        await tx.query(
          `with g as (insert into groups (group_id, name, owner_id, created_at) values ($1, $4, $5, $6) on conflict do nothing)
           ${ADD_MEMBERS}`,
          [d.groupId, d.memberIds, event.position, d.name, d.ownerId, event.metadata.at],
        );
        return;
      }
      case 'GroupMembersAdded':
        await tx.query(ADD_MEMBERS, [e.data.groupId, e.data.userIds, event.position]);
        return;
      case 'GroupMemberRemoved':
        await tx.query('delete from group_members where group_id = $1 and user_id = $2', [e.data.groupId, e.data.userId]);
        return;
      default:
        return;
    }
  },
};

export interface GroupDetails {
  groupId: string;
  name: string;
  ownerId: string;
  /** In the order they joined; the owner first. */
  memberIds: string[];
  createdAt: string;
}

export const getGroup = async (db: Db, groupId: string): Promise<GroupDetails | null> => {
  type Row = { group_id: string; name: string; owner_id: string; created_at: Date; member_ids: string[] };
  const r = await db.query<Row>(
    `select g.group_id, g.name, g.owner_id, g.created_at,
       array(select m.user_id from group_members m where m.group_id = g.group_id order by m.position, m.ord) as member_ids
     from groups g where g.group_id = $1`,
    [groupId],
  );
  const row = r.rows[0];
  return row ? { groupId: row.group_id, name: row.name, ownerId: row.owner_id, memberIds: row.member_ids, createdAt: iso(row.created_at) } : null;
};

export const isGroupMember = async (db: Db, groupId: string, userId: string): Promise<boolean> => {
  const r = await db.query('select 1 from group_members where group_id = $1 and user_id = $2', [groupId, userId]);
  return r.rows.length > 0;
};
