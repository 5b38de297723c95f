// Timelines, one query shape for all of them: a scope (whose posts), filters, and the viewer,
// against whom every row passes the visibility rule of domain/post.ts mayRead, in SQL
// (`visibleSql`). Fan-out on read: nothing is copied per reader when a post is written, so a
// friendship that ends, a block, or an edited list hides a post at once (README: Posts and
// timelines has the measurements behind the choice).
import type { MediaRef, PostKind, PostLocation, ReviewStatus, VisibilityMode } from '../domain/post.js';
import { notBlockedSql } from './blocks.js';
import { decodeCursor, int, iso, isoOrNull, page, type Db, type Page, type PageRequest } from './support.js';

/**
 * The moments switches (domain/feedPrefs.ts): neither "the author hid theirs from the viewer" nor
 * "the viewer hid the author's" stands. Two primary-key probes per row.
 */
export const notSwitchedSql = (v: string, author: string): string =>
  `not exists (select 1 from feed_switches s where s.owner_id = ${author} and s.other_id = ${v} and s.switch = 'hideMine')
    and not exists (select 1 from feed_switches s where s.owner_id = ${v} and s.other_id = ${author} and s.switch = 'hideTheirs')`;

/** The rule of mayRead, with `v` the viewer's parameter and `p` the posts row. */
export const visibleSql = (v: string): string => `p.status = 'published' and (p.author_id = ${v} or (
    p.review in ('none', 'approved') and p.visibility <> 'private'
    and (p.visibility = 'public' or (exists (select 1 from friendships f where f.user_id = p.author_id and f.friend_id = ${v})
      and (p.visibility = 'friends' or (p.visibility = 'only' and ${v} = any(p.audience)) or (p.visibility = 'except' and not (${v} = any(p.audience))))))
    and ${notBlockedSql(v, 'p.author_id')}
    and ${notSwitchedSql(v, 'p.author_id')}))`;

export type PostScope = 'mine' | 'user' | 'friends' | 'followed' | 'new' | 'hot';

export interface PostListQuery extends PageRequest {
  scope: PostScope;
  /** The author of a `user` timeline. */
  authorId?: string | undefined;
  kind?: PostKind | undefined;
  mediaType?: MediaRef['type'] | undefined;
  /** Albums: only posts with media. */
  withMedia?: boolean | undefined;
  /** A month or any range of publication times: [from, to). */
  from?: string | undefined;
  to?: string | undefined;
  topicId?: string | undefined;
  /** Posts whose text holds this (case-insensitive, taken literally). */
  text?: string | undefined;
  /** The friends feed's shape changes past this many friends (tests pass 0 to read both shapes). */
  walkAfter?: number | undefined;
  /** Hot lists rank the posts of the last `hotWindowDays` before this time. */
  now?: Date | undefined;
}

export const HOT_WINDOW_DAYS = 7;

export interface PostItem {
  postId: string;
  authorId: string;
  author: { nickname: string; avatarUrl: string | null };
  kind: PostKind;
  text: string;
  media: MediaRef[];
  location: PostLocation | null;
  mentions: string[];
  /** Its rule and lists, shown to its author only. */
  visibility: { mode: VisibilityMode; userIds: string[] } | null;
  review: ReviewStatus;
  topicId: string | null;
  likeCount: number;
  commentCount: number;
  listenCount: number;
  giftCount: number;
  giftValue: number;
  likedByMe: boolean;
  createdAt: string;
  editedAt: string | null;
}

type PostRow = {
  post_id: string;
  author_id: string;
  nickname: string | null;
  avatar_url: string | null;
  kind: PostKind;
  text: string;
  media: MediaRef[];
  location: PostLocation | null;
  mentions: string[];
  visibility: VisibilityMode;
  audience: string[];
  review: ReviewStatus;
  topic_id: string | null;
  like_count: number;
  comment_count: number;
  listen_count: number;
  gift_count: number | string;
  gift_value: number | string;
  liked: boolean;
  created_at: Date;
  edited_at: Date | null;
  position: number | string;
  score: number | string;
};

const toItem =
  (viewerId: string) =>
  (r: PostRow): PostItem => ({
    postId: r.post_id,
    authorId: r.author_id,
    author: { nickname: r.nickname ?? '', avatarUrl: r.avatar_url },
    kind: r.kind,
    text: r.text,
    media: r.media,
    location: r.location,
    mentions: r.mentions,
    visibility: r.author_id === viewerId ? { mode: r.visibility, userIds: r.audience } : null,
    review: r.review,
    topicId: r.topic_id,
    likeCount: r.like_count,
    commentCount: r.comment_count,
    listenCount: r.listen_count,
    giftCount: int(r.gift_count),
    giftValue: int(r.gift_value),
    likedByMe: r.liked,
    createdAt: iso(r.created_at),
    editedAt: isoOrNull(r.edited_at),
  });

const SCORE = 'p.like_count + 2 * p.comment_count + p.gift_count';
const SELECT = `select p.*, u.nickname, u.avatar_url, ${SCORE} as score,
    exists (select 1 from post_likes l where l.post_id = p.post_id and l.user_id = $1) as liked
  from posts p left join users u on u.user_id = p.author_id`;

/**
 * Past this many friends the friends feed walks the newest posts (posts_recent), keeping those by
 * a friend, instead of probing each friend's newest posts and sorting them all: at 5,000 friends
 * the probes fetch every friend's posts before the sort can cut to a page (bench/feed.ts).
 */
export const FEED_WALK_FRIENDS = 200;

/** Whose posts a scope reads ($1 is the viewer; `arg` adds a parameter and returns its name). */
const scopeSql = (q: PostListQuery, arg: (v: unknown) => string, walk: boolean): string => {
  if (q.scope === 'friends' && walk) return '(p.author_id = $1 or exists (select 1 from friendships f where f.user_id = $1 and f.friend_id = p.author_id))';
  switch (q.scope) {
    case 'mine':
      return 'p.author_id = $1';
    case 'user':
      return `p.author_id = ${arg(q.authorId ?? '')}`;
    case 'friends':
      return 'p.author_id in (select f.friend_id from friendships f where f.user_id = $1 union all select $1)';
    case 'followed':
      return 'p.author_id in (select w.followee_id from follows w where w.follower_id = $1)';
    case 'new':
      return `p.visibility = 'public' and p.review in ('none', 'approved')`;
    case 'hot':
      return `p.visibility = 'public' and p.review in ('none', 'approved') and p.created_at >= ${arg(new Date((q.now ?? new Date()).getTime() - HOT_WINDOW_DAYS * 86_400_000))}`;
    default: {
      const never: never = q.scope;
      return never;
    }
  }
};

const filterSql = (q: PostListQuery, arg: (v: unknown) => string): string[] =>
  [
    q.kind !== undefined ? `p.kind = ${arg(q.kind)}` : '',
    q.mediaType !== undefined ? `p.media_type = ${arg(q.mediaType)}` : '',
    q.withMedia ? 'p.has_media' : '',
    q.from !== undefined ? `p.created_at >= ${arg(q.from)}` : '',
    q.to !== undefined ? `p.created_at < ${arg(q.to)}` : '',
    q.topicId !== undefined ? `p.topic_id = ${arg(q.topicId)}` : '',
    q.text !== undefined && q.text !== '' ? `p.text ilike ${arg(`%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}` : '',
  ].filter((s) => s !== '');

const cursorSql = (q: PostListQuery, arg: (v: unknown) => string): string[] => {
  if (!q.cursor) return [];
  if (q.scope === 'hot') {
    const [score, pos] = decodeCursor(q.cursor, ['number', 'number'] as const);
    return [`(${SCORE}, p.position) < (${arg(score)}, ${arg(pos)})`];
  }
  const [pos] = decodeCursor(q.cursor, ['number'] as const);
  return [`p.position < ${arg(pos)}`];
};

const friendCount = async (db: Db, userId: string): Promise<number> =>
  int((await db.query<{ n: string }>('select count(*) as n from friendships where user_id = $1', [userId])).rows[0]?.n ?? 0);

/** A page of a timeline as this viewer may see it, newest first (hot: highest score first). */
export const listPosts = async (db: Db, viewerId: string, q: PostListQuery): Promise<Page<PostItem>> => {
  const values: unknown[] = [viewerId];
  const arg = (v: unknown): string => `$${values.push(v)}`;
  const walk = q.scope === 'friends' && (await friendCount(db, viewerId)) > (q.walkAfter ?? FEED_WALK_FRIENDS);
  const where = [scopeSql(q, arg, walk), ...filterSql(q, arg), ...cursorSql(q, arg), visibleSql('$1')].join(' and ');
  const order = q.scope === 'hot' ? `${SCORE} desc, p.position desc` : 'p.position desc';
  return page(
    q.limit,
    async (n) => (await db.query<PostRow>(`${SELECT} where ${where} order by ${order} limit ${arg(n)}`, values)).rows,
    toItem(viewerId),
    (r) => (q.scope === 'hot' ? [int(r.score), int(r.position)] : [int(r.position)]),
  );
};

/** One post as this viewer may see it, or null (absent, deleted, or hidden from them). */
export const getPostView = async (db: Db, viewerId: string, postId: string): Promise<PostItem | null> => {
  const r = await db.query<PostRow>(`${SELECT} where p.post_id = $2 and ${visibleSql('$1')}`, [viewerId, postId]);
  const row = r.rows[0];
  return row ? toItem(viewerId)(row) : null;
};

/** Posts waiting for an operator, oldest first. */
export const listPendingPosts = async (db: Db, req: PageRequest): Promise<Page<PostItem>> => {
  const [pos] = req.cursor ? decodeCursor(req.cursor, ['number'] as const) : [null];
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<PostRow>(
          `${SELECT} where p.status = 'published' and p.review = 'pending' and ($2::bigint is null or p.position > $2) order by p.position limit $3`,
          ['', pos, n],
        )
      ).rows,
    toItem(''),
    (r) => [int(r.position)],
  );
};
