// The social graph's read models (projections/follows.ts, friends.ts, blocks.ts, contacts.ts),
// each rebuilt alone from the relation and contacts streams.
//
// follow_counts is the hot row: a celebrity's followers count is updated by every follow of
// them. Its columns are not indexed and pages keep room (fillfactor 70), so an update stays on
// its page (HOT), and the projector sums a batch's follows per user into one update per row.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table follows (
      follower_id text not null,
      followee_id text not null,
      since timestamptz not null,
      position bigint not null,
      primary key (follower_id, followee_id)
    );
    create index follows_followers on follows (followee_id, position desc, follower_id);
    create index follows_following on follows (follower_id, position desc, followee_id);

    create table follow_counts (
      user_id text primary key,
      following bigint not null,
      followers bigint not null
    ) with (fillfactor = 70);

    -- Two rows per friendship, one per side, so each side's list is one index range.
    create table friendships (
      user_id text not null,
      friend_id text not null,
      since timestamptz not null,
      position bigint not null,
      primary key (user_id, friend_id)
    );
    create index friendships_list on friendships (user_id, position desc, friend_id);

    -- The latest request in each direction of a pair; status pending, accepted, rejected, cancelled.
    create table friend_requests (
      requester_id text not null,
      target_id text not null,
      status text not null,
      reason text,
      created_at timestamptz not null,
      answered_at timestamptz,
      position bigint not null,
      primary key (requester_id, target_id)
    );
    create index friend_requests_inbox on friend_requests (target_id, position desc, requester_id);
    create index friend_requests_outbox on friend_requests (requester_id, position desc, target_id);

    create table blocks (
      blocker_id text not null,
      blocked_id text not null,
      since timestamptz not null,
      position bigint not null,
      primary key (blocker_id, blocked_id)
    );
    create index blocks_list on blocks (blocker_id, position desc, blocked_id);

    create table contact_details (
      owner_id text not null,
      user_id text not null,
      remark text,
      commonly_used boolean not null default false,
      primary key (owner_id, user_id)
    );

    create table contact_tags (
      owner_id text not null,
      tag_id text not null,
      name text not null,
      position bigint not null,
      primary key (owner_id, tag_id)
    );

    create table contact_tag_members (
      owner_id text not null,
      tag_id text not null,
      user_id text not null,
      position bigint not null,
      primary key (owner_id, tag_id, user_id)
    );
    create index contact_tag_members_user on contact_tag_members (owner_id, user_id);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table contact_tag_members, contact_tags, contact_details, blocks, friend_requests, friendships, follow_counts, follows');
};
