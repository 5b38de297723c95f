// A post's comments, oldest first (post_comments, written by projections/posts.ts).
import { decodeCursor, int, iso, page, type Db, type Page, type PageRequest } from './support.js';

export interface CommentItem {
  commentId: string;
  userId: string;
  author: { nickname: string; avatarUrl: string | null };
  text: string;
  replyTo: { commentId: string; userId: string } | null;
  likeCount: number;
  likedByMe: boolean;
  createdAt: string;
}

type Row = {
  comment_id: string;
  user_id: string;
  nickname: string | null;
  avatar_url: string | null;
  text: string;
  reply_to_comment: string | null;
  reply_to_user: string | null;
  like_count: number;
  liked: boolean;
  created_at: Date;
  position: number | string;
};

export const listComments = async (db: Db, viewerId: string, postId: string, req: PageRequest): Promise<Page<CommentItem>> => {
  const [pos] = req.cursor ? decodeCursor(req.cursor, ['number'] as const) : [null];
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select c.*, u.nickname, u.avatar_url,
             exists (select 1 from post_comment_likes l where l.post_id = c.post_id and l.comment_id = c.comment_id and l.user_id = $1) as liked
           from post_comments c left join users u on u.user_id = c.user_id
           where c.post_id = $2 and not c.deleted and ($3::bigint is null or c.position > $3)
           order by c.position limit $4`,
          [viewerId, postId, pos, n],
        )
      ).rows,
    (r) => ({
      commentId: r.comment_id,
      userId: r.user_id,
      author: { nickname: r.nickname ?? '', avatarUrl: r.avatar_url },
      text: r.text,
      replyTo: r.reply_to_comment !== null && r.reply_to_user !== null ? { commentId: r.reply_to_comment, userId: r.reply_to_user } : null,
      likeCount: r.like_count,
      likedByMe: r.liked,
      createdAt: iso(r.created_at),
    }),
    (r) => [int(r.position)],
  );
};

/** The post a comment is on (comment ids are unique across posts), or null for an unknown id. */
export const postOfComment = async (db: Db, commentId: string): Promise<string | null> =>
  (await db.query<{ post_id: string }>('select post_id from post_comments where comment_id = $1 limit 1', [commentId])).rows[0]?.post_id ?? null;
