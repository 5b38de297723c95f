// Groups: each group's profile, display id, level, join policy and limits (groups), and its
// members with role, card, mute and join time (group_members), for group details, member lists,
// "my groups" and search (queries: groupQueries.ts). A dismissed group keeps its row (status
// dismissed) and loses its members, as its stream does.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Members are keyed by (group, user), so repeating
// an event changes nothing.
import { DEFAULT_GROUP_LIMITS } from '../domain/group.js';
import type { Projection, Tx } from './projection.js';
import { handling } from './support.js';

// Members keep the order they were added in: (event position, index within the event). The join
// method is the domain's (group/evolve.ts): none for the creator, `invitation` for whoever was
// brought in, `request` for whoever asked, until a manager records the channel.
const ADD_MEMBERS = `insert into group_members (group_id, user_id, position, ord, role, joined_at, via, join_method)
  select $1, u.user_id, $3, u.ord, case when u.user_id = $4 then 'owner' else 'member' end, $5, $6,
    case when u.user_id = $4 then null when $6 in ('invite', 'created') then 'invitation' else 'request' end
  from unnest($2::text[]) with ordinality as u(user_id, ord)
  on conflict do nothing`;

const handled = handling([
  'GroupCreated',
  'GroupMembersAdded',
  'GroupMemberRemoved',
  'GroupDismissed',
  'GroupProfileUpdated',
  'GroupPermissionsSet',
  'GroupMemberRoleChanged',
  'GroupOwnershipOffered',
  'GroupOwnershipOfferCancelled',
  'GroupOwnershipTransferred',
  'GroupMemberMuted',
  'GroupMemberUnmuted',
  'GroupMuteAllSet',
  'GroupMemberNicknameSet',
  'GroupLevelSet',
  'GroupLevelExpired',
  'GroupMemberExtSet',
  'GroupMemberJoinMethodRecorded',
] as const);

const setGroup = (tx: Tx, groupId: string, assignments: string, values: readonly unknown[]) => tx.query(`update groups set ${assignments} where group_id = $1`, [groupId, ...values]);
const setMember = (tx: Tx, groupId: string, userId: string, assignments: string, values: readonly unknown[]) =>
  tx.query(`update group_members set ${assignments} where group_id = $1 and user_id = $2`, [groupId, userId, ...values]);

export const groupsProjection: Projection = {
  name: 'groups',
  tables: ['groups', 'group_members'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    const at = event.metadata.at;
    switch (e.type) {
      case 'GroupCreated': {
        const d = e.data;
        const limits = d.limits ?? DEFAULT_GROUP_LIMITS;
        await tx.query(
          `with g as (
             insert into groups (group_id, name, owner_id, created_at, mark_id, avatar_url, description, max_admins, size_by_level)
             values ($1, $7, $4, $5, $8, $9, $10, $11, $12) on conflict do nothing)
           ${ADD_MEMBERS}`,
          [d.groupId, d.memberIds, event.position, d.ownerId, at, 'created', d.name, d.markId ?? null, d.avatarUrl || null, d.description || null, limits.maxAdmins, limits.sizeByLevel],
        );
        return;
      }
      case 'GroupMembersAdded':
        await tx.query(ADD_MEMBERS, [e.data.groupId, e.data.userIds, event.position, null, at, e.data.via ?? 'invite']);
        return;
      case 'GroupMemberRemoved':
        await tx.query(
          `with o as (update groups set ownership_offered_to = null where group_id = $1 and ownership_offered_to = $2)
           delete from group_members where group_id = $1 and user_id = $2`,
          [e.data.groupId, e.data.userId],
        );
        return;
      case 'GroupDismissed':
        await tx.query(
          `with g as (update groups set status = 'dismissed', dismissed_at = $2, ownership_offered_to = null where group_id = $1)
           delete from group_members where group_id = $1`,
          [e.data.groupId, at],
        );
        return;
      case 'GroupProfileUpdated': {
        const { groupId, name, avatarUrl, description } = e.data;
        // An absent field stays; an empty one clears.
        await setGroup(
          tx,
          groupId,
          `name = coalesce($2, name),
           avatar_url = case when $3::text is null then avatar_url else nullif($3, '') end,
           description = case when $4::text is null then description else nullif($4, '') end`,
          [name ?? null, avatarUrl ?? null, description ?? null],
        );
        return;
      }
      case 'GroupPermissionsSet': {
        const { groupId, join, membersMayAddFriends } = e.data;
        await setGroup(tx, groupId, 'join_mode = $2, join_question = $3, join_answer = $4, join_fee = $5, members_may_add_friends = $6', [
          join.mode,
          join.question ?? null,
          join.answer ?? null,
          join.fee ?? null,
          membersMayAddFriends,
        ]);
        return;
      }
      case 'GroupMemberRoleChanged':
        await setMember(tx, e.data.groupId, e.data.userId, 'role = $3', [e.data.role]);
        return;
      case 'GroupOwnershipOffered':
        await setGroup(tx, e.data.groupId, 'ownership_offered_to = $2', [e.data.to]);
        return;
      case 'GroupOwnershipOfferCancelled':
        await setGroup(tx, e.data.groupId, 'ownership_offered_to = null', []);
        return;
      case 'GroupOwnershipTransferred': {
        const { groupId, from, to, formerOwnerRole } = e.data;
        await tx.query(
          `with g as (update groups set owner_id = $3, ownership_offered_to = null where group_id = $1)
           update group_members set role = case when user_id = $3 then 'owner' else $4 end where group_id = $1 and user_id in ($2, $3)`,
          [groupId, from, to, formerOwnerRole],
        );
        return;
      }
      case 'GroupMemberMuted':
        await setMember(tx, e.data.groupId, e.data.userId, 'muted_until = $3', [e.data.until]);
        return;
      case 'GroupMemberUnmuted':
        await setMember(tx, e.data.groupId, e.data.userId, 'muted_until = null', []);
        return;
      case 'GroupMuteAllSet':
        await setGroup(tx, e.data.groupId, 'mute_all = $2', [e.data.on]);
        return;
      case 'GroupMemberNicknameSet':
        await setMember(tx, e.data.groupId, e.data.userId, "nickname = nullif($3, '')", [e.data.nickname]);
        return;
      case 'GroupMemberExtSet':
        await setMember(tx, e.data.groupId, e.data.userId, "ext = nullif($3, '')", [e.data.ext]);
        return;
      case 'GroupMemberJoinMethodRecorded':
        await setMember(tx, e.data.groupId, e.data.userId, 'join_method = $3', [e.data.method]);
        return;
      case 'GroupLevelSet':
        await setGroup(tx, e.data.groupId, 'level = $2, level_expires_at = $3', [e.data.level, e.data.expiresAt ?? null]);
        return;
      case 'GroupLevelExpired':
        await setGroup(tx, e.data.groupId, 'level = 0, level_expires_at = null', []);
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  },
};
