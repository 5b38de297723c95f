// Moments, the rest of 003/002 (issue #22): per-friend switches, gifts received on posts, and the
// comment-id index that finds a comment's post.
//
// - feed_switches (projections/feedSwitches.ts): one row per switch that stands; the timelines'
//   visibility SQL probes it by primary key (owner, other, switch) for each row it shows.
// - post_gifts (projections/postGifts.ts): one row per gift on a post; an author's gifts received
//   are one index range, newest first.
// - post_comments_by_id: a comment id names its post (003 /feed/delFeedComment sends only the
//   comment's id). Comment ids are the command pipeline's ids, unique across posts.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table feed_switches (
      owner_id text not null,
      other_id text not null,
      switch text not null,
      position bigint not null,
      primary key (owner_id, other_id, switch)
    );
    create table post_gifts (
      gift_send_id text primary key,
      post_id text not null,
      author_id text not null,
      sender_id text not null,
      gift_id text not null,
      count integer not null,
      coins_spent bigint not null,
      created_at timestamptz not null,
      position bigint not null
    );
    create index post_gifts_by_author on post_gifts (author_id, position desc, gift_send_id desc);
    create index post_comments_by_id on post_comments (comment_id);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop index if exists post_comments_by_id; drop table if exists post_gifts, feed_switches');
};
