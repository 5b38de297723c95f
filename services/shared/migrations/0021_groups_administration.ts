// Group administration read models: the group's profile, display id, level, policy and limits
// (groups), each member's role, card, mute and join time (group_members), applications as an
// inbox for admins (group_applications) and notices (group_notices); name search by trigrams.
//
// Why the groups read model starts over: its new columns come from events (a member's join time,
// how they joined, the limits a group was created with) that the old rows never recorded, so the
// migration empties groups and group_members and resets their checkpoint: the projector
// replays the log for this read model at the next start (the other read models keep their
// checkpoints; the replay skips what they have applied). Until it has caught up, group reads
// lag; commands are decided on the group streams and are not affected.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create extension if not exists pg_trgm;

    delete from group_members;
    delete from groups;
    delete from consumer_checkpoints where name = 'projection:groups';

    alter table groups
      add column mark_id text unique,
      add column avatar_url text,
      add column description text,
      -- 'active' or 'dismissed' (no members, still on record)
      add column status text not null default 'active',
      add column level int not null default 0,
      add column level_expires_at timestamptz,
      add column join_mode text not null default 'free',
      add column join_question text,
      -- only ever shown to the owner and admins
      add column join_answer text,
      add column join_fee bigint,
      add column members_may_add_friends boolean not null default true,
      add column mute_all boolean not null default false,
      add column ownership_offered_to text,
      add column max_admins int not null default 20,
      add column size_by_level int[] not null default '{100,200,500,1000,2000}',
      add column dismissed_at timestamptz;
    create index groups_name_trgm on groups using gin (lower(name) gin_trgm_ops);

    alter table group_members
      add column role text not null default 'member',
      add column nickname text,
      add column muted_until timestamptz,
      add column joined_at timestamptz,
      add column via text;
    -- "my groups" and the admins' inbox go from a user to their groups
    create index group_members_user on group_members (user_id, group_id);

    -- status: pending, approved, rejected, superseded (they joined another way), cancelled (dismissed)
    create table group_applications (
      application_id text primary key,
      group_id text not null,
      applicant_id text not null,
      kind text not null,
      message text,
      fee bigint,
      status text not null,
      decided_by text,
      reason text,
      created_at timestamptz not null,
      decided_at timestamptz,
      position bigint not null
    );
    create index group_applications_group on group_applications (group_id, status, position desc);
    create index group_applications_applicant on group_applications (applicant_id, position desc);

    create table group_notices (
      notice_id text primary key,
      group_id text not null,
      author_id text not null,
      text text not null,
      created_at timestamptz not null,
      edited_by text,
      edited_at timestamptz,
      position bigint not null
    );
    create index group_notices_group on group_notices (group_id, position desc);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    drop table group_notices, group_applications;
    drop index group_members_user;
    alter table group_members drop column role, drop column nickname, drop column muted_until, drop column joined_at, drop column via;
    drop index groups_name_trgm;
    alter table groups
      drop column mark_id, drop column avatar_url, drop column description, drop column status, drop column level,
      drop column level_expires_at, drop column join_mode, drop column join_question, drop column join_answer, drop column join_fee,
      drop column members_may_add_friends, drop column mute_all, drop column ownership_offered_to, drop column max_admins,
      drop column size_by_level, drop column dismissed_at;
    delete from group_members;
    delete from groups;
    delete from consumer_checkpoints where name = 'projection:groups';
  `);
  // pg_trgm stays: other migrations' indexes (nickname search, 0018) use it too.
};
