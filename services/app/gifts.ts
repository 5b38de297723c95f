// Gifts: the sender's coins are debited synchronously; the receiver's income, the room's total
// and the rankings follow from the GiftSent event, so a hot receiver is no bottleneck.
import { walletDecider, walletStream } from '../../domain/wallet/index.js';
import { listRanking, type RankingBoard, type RankingPeriod } from '../../projections/queries.js';
import { cachedCheck, notFound, requireInRoom, requireUserExists } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandContext, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { balanceAfter, eventOf } from './results.js';

export const listGifts = (core: Core, caller: Caller) => {
  requireUser(caller);
  return { items: [...core.catalog] };
};

export interface SendGiftInput {
  giftId: string;
  toUserId: string;
  count: number;
  roomId?: string;
}

export const sendGift = (core: Core, caller: Caller, input: SendGiftInput, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'sendGift', input, opts, async (ctx) => {
    const user = requireUser(caller);
    const { toUserId, roomId } = input;
    await Promise.all([
      requireUserExists(core, toUserId, 'receiver', cachedCheck),
      roomId === undefined ? null : requireInRoom(core, roomId, user.userId, 'gifts', cachedCheck),
    ]);
    return giftFrom(core, ctx, user.userId, input);
  });

/**
 * The wallet's SendGift for a gift the use case has checked: in a room, or to a post (`postId`,
 * its author the receiver; services/app/posts.ts). The receiver's income follows from GiftSent.
 */
export const giftFrom = async (core: Core, { meta, newId }: CommandContext, fromUserId: string, input: SendGiftInput & { postId?: string }) => {
  const { giftId, toUserId, count, roomId, postId } = input;
  const gift = core.catalog.find((g) => g.giftId === giftId);
  if (!gift) throw notFound('gift', { giftId });
  const r = await core.bus.handle(walletDecider, walletStream(fromUserId), {
    type: 'SendGift',
    data: {
      giftSendId: newId(),
      fromUserId,
      giftId,
      toUserId,
      count,
      unitPrice: gift.price,
      sharePercent: core.config.GIFT_INCOME_SHARE_PERCENT,
      ...(roomId !== undefined ? { roomId } : {}),
      ...(postId !== undefined ? { postId } : {}),
    },
    metadata: meta,
  });
  // No wait for read models: the answer carries the sender's coins (see grabRedPacket).
  const e = eventOf(r, 'GiftSent');
  return { giftSendId: e.data.giftSendId, coinsSpent: e.data.coinsSpent, coins: balanceAfter(e.data.changes, 'coins') ?? 0 };
};

export const getRanking = async (core: Core, caller: Caller, input: { board: RankingBoard; period: RankingPeriod; limit: number }) => {
  requireUser(caller);
  return listRanking(core.pool, input.board, input.period, core.clock(), input.limit);
};
