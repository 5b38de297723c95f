// Moments (朋友圈) of im-groups-wallet (003) and chat-wallet (002): the seed's Feed (003 §2.9.7)
// and its comment element. 003 writes every scalar as a string; 002 keeps JSON numbers.
import { z } from 'zod';

const S = z.string();
const Scalar2 = z.union([z.string(), z.number()]);

export const FeedComment3 = z.object({ id: S, userId: S, userName: S, userHeadUrl: S, replyUserId: S, replyUserName: S, replyUserHeadUrl: S, commentText: S, createTime: S });

export const Feed3 = z.object({
  id: S,
  feedId: S,
  belongUserId: S,
  userId: S,
  userName: S,
  userHeadUrl: S,
  feedText: S,
  feedImgs: S,
  feedVideo: S,
  lat: S,
  lng: S,
  address: S,
  at: S,
  uids: S,
  priv: z.enum(['0', '1', '2', '3']),
  ext: S,
  status: S,
  createTime: S,
  praiseCount: S,
  commentCount: S,
  isPraise: z.enum(['0', '1']),
  imFeedPraises: z.array(z.unknown()),
  imFeedComments: z.array(FeedComment3),
  atUsers: z.array(z.unknown()),
});

/** A page of moments (003 §2.5 with `skip`). */
export const FeedPage3 = z.object({ pageNo: S, pageSize: S, totalCount: S, totalPage: S, skip: S, list: z.array(Feed3) });

export const Feed2 = z.object({ id: Scalar2, feedId: Scalar2, userId: Scalar2, userName: S, feedText: S, feedImgs: S, priv: z.number().int(), praiseCount: z.number().int(), commentCount: z.number().int(), isPraise: z.number().int(), createTime: Scalar2 });
export const FeedPage2 = z.object({ pageNo: z.number().int(), list: z.array(Feed2) });

// ---- issue #22: the rest of the moments endpoints ---------------------------------------------

/** 003 #81 / 002 C25 `getFeedAlbum`: a comma list of image URLs. */
export const Album3 = z.object({ album: S });
export const Album2 = z.object({ album: z.string() });

/** 003 #93 `sendFeedGift`: the gift record; times as "YYYY-MM-DD HH:mm:ss" (Asia/Shanghai). */
const Datetime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
export const FeedGift3 = z.object({ id: S, userId: S, destId: S, feedId: S, content: S, createTime: Datetime, updateTime: Datetime, sender: S });

/** 003 #94 `myGift`: gifts received on my moments, a page ordered by createTime desc (times epoch ms). */
export const MyGift3 = z.object({ id: S, userId: S, destId: S, feedId: S, giftContent: S, name: S, headUrl: S, createTime: S, updateTime: S });
export const MyGiftPage3 = z.object({ pageNo: S, pageSize: S, totalCount: S, totalPage: S, orderBy: z.literal('createTime'), orderType: z.literal('desc'), list: z.array(MyGift3) });
