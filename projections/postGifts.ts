// Gifts on posts (wallet GiftSent events that name a post): who gave what on which post, so an
// author's "gifts I received on my posts" (003 /feed/myGift) is one index range across every
// sender's wallet stream, newest first.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Rows are keyed by the gift's id: repeating an event
// changes nothing.
import type { Projection } from './projection.js';
import { decodeCursor, handling, int, iso, page, type Db, type Page, type PageRequest } from './support.js';

const handled = handling(['GiftSent'] as const);

export const postGiftsProjection: Projection = {
  name: 'postGifts',
  tables: ['post_gifts'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e || e.data.postId === undefined) return;
    const d = e.data;
    await tx.query(
      `insert into post_gifts (gift_send_id, post_id, author_id, sender_id, gift_id, count, coins_spent, created_at, position)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing`,
      [d.giftSendId, d.postId, d.toUserId, d.fromUserId, d.giftId, d.count, d.coinsSpent, event.metadata.at, event.position],
    );
  },
};

export interface PostGiftItem {
  giftSendId: string;
  postId: string;
  senderId: string;
  sender: { nickname: string; avatarUrl: string | null };
  giftId: string;
  count: number;
  coinsSpent: number;
  createdAt: string;
}

type Row = {
  gift_send_id: string;
  post_id: string;
  sender_id: string;
  nickname: string | null;
  avatar_url: string | null;
  gift_id: string;
  count: number;
  coins_spent: number | string;
  created_at: Date;
  position: number | string;
};

/** The gifts an author received on their posts, newest first. */
export const listPostGiftsReceived = async (db: Db, authorId: string, req: PageRequest): Promise<Page<PostGiftItem>> => {
  const [pos, after] = req.cursor ? decodeCursor(req.cursor, ['number', 'string'] as const) : [null, null];
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select g.*, u.nickname, u.avatar_url from post_gifts g left join users u on u.user_id = g.sender_id
           where g.author_id = $1 and ($2::bigint is null or (g.position, g.gift_send_id) < ($2, $3))
           order by g.position desc, g.gift_send_id desc limit $4`,
          [authorId, pos, after, n],
        )
      ).rows,
    (r) => ({
      giftSendId: r.gift_send_id,
      postId: r.post_id,
      senderId: r.sender_id,
      sender: { nickname: r.nickname ?? '', avatarUrl: r.avatar_url },
      giftId: r.gift_id,
      count: r.count,
      coinsSpent: int(r.coins_spent),
      createdAt: iso(r.created_at),
    }),
    (r) => [int(r.position), r.gift_send_id],
  );
};
