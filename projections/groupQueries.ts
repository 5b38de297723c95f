// Reads of the groups read model (groups.ts): details, members, "my groups" and search. Plain
// reads; who may see what is the application layer's decision.
import type { GroupRole, JoinMethod, JoinMode } from '../domain/group.js';
import { decodeCursor, int, iso, isoOrNull, page, type Db, type Page, type PageRequest } from './support.js';

export interface GroupDetails {
  groupId: string;
  markId: string | null;
  name: string;
  avatarUrl: string | null;
  description: string | null;
  ownerId: string;
  status: 'active' | 'dismissed';
  /** In the order they joined; the owner first. */
  memberIds: string[];
  memberCount: number;
  adminCount: number;
  level: number;
  levelExpiresAt: string | null;
  /** The member cap at the current level. */
  memberCap: number;
  maxAdmins: number;
  join: { mode: JoinMode; question: string | null; answer: string | null; fee: number | null };
  membersMayAddFriends: boolean;
  muteAll: boolean;
  ownershipOfferedTo: string | null;
  createdAt: string;
  dismissedAt: string | null;
}

type GroupRow = {
  group_id: string;
  mark_id: string | null;
  name: string;
  avatar_url: string | null;
  description: string | null;
  owner_id: string;
  status: 'active' | 'dismissed';
  level: number;
  level_expires_at: Date | null;
  join_mode: JoinMode;
  join_question: string | null;
  join_answer: string | null;
  join_fee: number | string | null;
  members_may_add_friends: boolean;
  mute_all: boolean;
  ownership_offered_to: string | null;
  max_admins: number;
  size_by_level: number[];
  created_at: Date;
  dismissed_at: Date | null;
  member_count: number | string;
  admin_count: number | string;
};

const COUNTS = `(select count(*) from group_members m where m.group_id = g.group_id) as member_count,
  (select count(*) from group_members m where m.group_id = g.group_id and m.role = 'admin') as admin_count`;

const details = (r: GroupRow, memberIds: string[]): GroupDetails => ({
  groupId: r.group_id,
  markId: r.mark_id,
  name: r.name,
  avatarUrl: r.avatar_url,
  description: r.description,
  ownerId: r.owner_id,
  status: r.status,
  memberIds,
  memberCount: int(r.member_count),
  adminCount: int(r.admin_count),
  level: r.level,
  levelExpiresAt: isoOrNull(r.level_expires_at),
  memberCap: r.size_by_level[r.level] ?? r.size_by_level.at(-1) ?? 0,
  maxAdmins: r.max_admins,
  join: { mode: r.join_mode, question: r.join_question, answer: r.join_answer, fee: r.join_fee === null ? null : int(r.join_fee) },
  membersMayAddFriends: r.members_may_add_friends,
  muteAll: r.mute_all,
  ownershipOfferedTo: r.ownership_offered_to,
  createdAt: iso(r.created_at),
  dismissedAt: isoOrNull(r.dismissed_at),
});

export const getGroup = async (db: Db, groupId: string): Promise<GroupDetails | null> => {
  const r = await db.query<GroupRow & { member_ids: string[] }>(
    `select g.*, ${COUNTS},
       array(select m.user_id from group_members m where m.group_id = g.group_id order by m.position, m.ord) as member_ids
     from groups g where g.group_id = $1`,
    [groupId],
  );
  const row = r.rows[0];
  return row ? details(row, row.member_ids) : null;
};

/** The user's role in the group, or null when not a member. */
export const groupRoleOf = async (db: Db, groupId: string, userId: string): Promise<GroupRole | null> => {
  const r = await db.query<{ role: GroupRole }>('select role from group_members where group_id = $1 and user_id = $2', [groupId, userId]);
  return r.rows[0]?.role ?? null;
};

export const groupOwnerOf = async (db: Db, groupId: string): Promise<string | null> =>
  (await db.query<{ owner_id: string }>('select owner_id from groups where group_id = $1', [groupId])).rows[0]?.owner_id ?? null;

export const isGroupMember = async (db: Db, groupId: string, userId: string): Promise<boolean> => (await groupRoleOf(db, groupId, userId)) !== null;

export interface GroupMemberEntry {
  userId: string;
  role: GroupRole;
  /** The card: their name in this group, or null. */
  nickname: string | null;
  /** Their account nickname (users read model), or null when not known yet. */
  displayName: string | null;
  mutedUntil: string | null;
  joinedAt: string | null;
  via: string | null;
  /** The extension field (003 `ext`), or null. */
  ext: string | null;
  /** invitation, request, search or qr_code; null for the creator. */
  joinMethod: JoinMethod | null;
}

type MemberRow = {
  user_id: string;
  role: GroupRole;
  nickname: string | null;
  display_name: string | null;
  muted_until: Date | null;
  joined_at: Date | null;
  via: string | null;
  ext: string | null;
  join_method: JoinMethod | null;
  position: number | string;
  ord: number;
};

const MEMBER_COLUMNS = `m.user_id, m.role, m.nickname, u.nickname as display_name, m.muted_until, m.joined_at, m.via, m.ext, m.join_method, m.position, m.ord
  from group_members m left join users u on u.user_id = m.user_id`;

const member = (r: MemberRow): GroupMemberEntry => ({
  userId: r.user_id,
  role: r.role,
  nickname: r.nickname,
  displayName: r.display_name,
  mutedUntil: isoOrNull(r.muted_until),
  joinedAt: isoOrNull(r.joined_at),
  via: r.via,
  ext: r.ext,
  joinMethod: r.join_method,
});

/** `%`, `_` and `\` in a search match themselves. */
const likePattern = (q: string): string => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Members in join order; `q` matches the card or the account nickname. */
export const listGroupMembers = (db: Db, groupId: string, req: PageRequest & { q?: string | undefined }): Promise<Page<GroupMemberEntry>> => {
  const [pos, ord] = req.cursor ? decodeCursor(req.cursor, ['number', 'number'] as const) : [-1, -1];
  const match = req.q ? 'and (lower(m.nickname) like $4 or lower(u.nickname) like $4)' : '';
  return page(
    req.limit,
    async (limit) =>
      (
        await db.query<MemberRow>(`select ${MEMBER_COLUMNS} where m.group_id = $1 and (m.position, m.ord) > ($2, $3) ${match} order by m.position, m.ord limit ${req.q ? '$5' : '$4'}`, [
          groupId,
          pos,
          ord,
          ...(req.q ? [likePattern(req.q)] : []),
          limit,
        ])
      ).rows,
    member,
    (r) => [int(r.position), r.ord],
  );
};

export const getGroupMember = async (db: Db, groupId: string, userId: string): Promise<GroupMemberEntry | null> => {
  const r = await db.query<MemberRow>(`select ${MEMBER_COLUMNS} where m.group_id = $1 and m.user_id = $2`, [groupId, userId]);
  const row = r.rows[0];
  return row ? member(row) : null;
};

/** What anyone may see of a group they are not in. */
export interface GroupSummary {
  groupId: string;
  markId: string | null;
  name: string;
  avatarUrl: string | null;
  description: string | null;
  memberCount: number;
  memberCap: number;
  joinMode: JoinMode;
  question: string | null;
  fee: number | null;
  createdAt: string;
}

const summary = (r: GroupRow): GroupSummary => {
  const d = details(r, []);
  return {
    groupId: d.groupId,
    markId: d.markId,
    name: d.name,
    avatarUrl: d.avatarUrl,
    description: d.description,
    memberCount: d.memberCount,
    memberCap: d.memberCap,
    joinMode: d.join.mode,
    question: d.join.question,
    fee: d.join.fee,
    createdAt: d.createdAt,
  };
};

/** Active groups whose display id is `q` or whose name contains it, newest first. */
export const searchGroups = (db: Db, q: string, req: PageRequest): Promise<Page<GroupSummary>> => {
  // The first page starts below 'infinity', which every time is.
  const [at, id] = req.cursor ? decodeCursor(req.cursor, ['string', 'string'] as const) : ['infinity', ''];
  return page(
    req.limit,
    async (limit) =>
      (
        await db.query<GroupRow>(
          `select g.*, ${COUNTS} from groups g
           where g.status = 'active' and (g.mark_id = $1 or lower(g.name) like $2)
             and (g.created_at, g.group_id) < ($3::timestamptz, $4)
           order by g.created_at desc, g.group_id desc limit $5`,
          [q, likePattern(q), at, id, limit],
        )
      ).rows,
    summary,
    (r) => [iso(r.created_at), r.group_id],
  );
};

/** The groups a user is in, the latest joined first. */
export const listMyGroups = (db: Db, userId: string, req: PageRequest): Promise<Page<GroupSummary & { role: GroupRole }>> => {
  const [pos, id] = req.cursor ? decodeCursor(req.cursor, ['number', 'string'] as const) : [Number.MAX_SAFE_INTEGER, ''];
  type Row = GroupRow & { role: GroupRole; position: number | string };
  return page(
    req.limit,
    async (limit) =>
      (
        await db.query<Row>(
          `select g.*, me.role, me.position, ${COUNTS} from group_members me join groups g on g.group_id = me.group_id
           where me.user_id = $1 and (me.position, me.group_id) < ($2, $3) order by me.position desc, me.group_id desc limit $4`,
          [userId, pos, id, limit],
        )
      ).rows,
    (r) => ({ ...summary(r), role: r.role }),
    (r) => [int(r.position), r.group_id],
  );
};
