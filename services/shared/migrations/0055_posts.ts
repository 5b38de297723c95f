// Posts' read models (projections/posts.ts, queries in projections/postQueries.ts).
//
// - posts: one row per post with its counters (set from the events' counts, gifts added from
//   GiftSent once each, the projector's checkpoint sharing the transaction). Feeds are read,
//   not fanned out at write time: visibility is decided when the post is read, against the
//   friendships and blocks as they are then (README: Posts and timelines, the measurements).
//   posts_by_author serves my posts, a user's posts, albums, months and the friends feed (one
//   index probe per friend, newest first); posts_recent lets a feed of many friends walk the
//   newest posts instead (bench/feed.ts measured both); posts_public serves the new and hot lists.
// - post_likes, post_comments, post_comment_likes: who liked what (likedByMe), the comments in order.
import type { Knex } from 'knex';

export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    create table posts (
      post_id text primary key,
      author_id text not null,
      kind text not null,
      text text not null,
      media jsonb not null,
      has_media boolean not null,
      media_type text,
      location jsonb,
      mentions text[] not null,
      visibility text not null,
      audience text[] not null,
      review text not null,
      status text not null,
      topic_id text,
      like_count int not null default 0,
      comment_count int not null default 0,
      listen_count int not null default 0,
      gift_count bigint not null default 0,
      gift_value bigint not null default 0,
      created_at timestamptz not null,
      edited_at timestamptz,
      position bigint not null
    );
    create index posts_by_author on posts (author_id, position desc) where status = 'published';
    create index posts_recent on posts (position desc) where status = 'published';
    create index posts_public on posts (position desc) where status = 'published' and visibility = 'public' and review in ('none', 'approved');
    create index posts_pending on posts (position) where status = 'published' and review = 'pending';
    create index posts_topic on posts (topic_id, position desc) where status = 'published' and topic_id is not null;
    create table post_likes (
      post_id text not null,
      user_id text not null,
      position bigint not null,
      primary key (post_id, user_id)
    );
    create table post_comments (
      post_id text not null,
      comment_id text not null,
      user_id text not null,
      text text not null,
      reply_to_comment text,
      reply_to_user text,
      like_count int not null default 0,
      deleted boolean not null default false,
      created_at timestamptz not null,
      position bigint not null,
      primary key (post_id, comment_id)
    );
    create index post_comments_order on post_comments (post_id, position) where not deleted;
    create table post_comment_likes (
      post_id text not null,
      comment_id text not null,
      user_id text not null,
      primary key (post_id, comment_id, user_id)
    );
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('drop table if exists post_comment_likes, post_comments, post_likes, posts');
};
