// What the owner and admins note about a group member (issue #22, 003 `updateGroupMember` types 3
// and 4): the extension field (`ext`) and how they came in (`join_method`: invitation, request,
// search, qr_code; null for the creator). Kept on group_members from GroupMembersAdded,
// GroupMemberExtSet and GroupMemberJoinMethodRecorded (projections/groups.ts); the backfill reads
// the join method off `via` as the projection now does, so no rebuild is needed.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    alter table group_members add column ext text, add column join_method text;
    update group_members m set join_method = case
      -- The creator is first in GroupCreated's memberIds (ord 1), whoever owns the group now.
      when m.via = 'created' and m.ord = 1 then null
      when m.via in ('invite', 'created') then 'invitation'
      when m.via is null then null
      else 'request' end;
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('alter table group_members drop column if exists ext, drop column if exists join_method');
};
