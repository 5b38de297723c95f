import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getRanking, listGifts, sendGift } from '../../../contracts/http/gifts.js';
import { accountDecider, accountStream } from '../../../domain/account.js';
import { CodedError } from '../../../domain/errors.js';
import { isRoomMember, roomDecider, roomStream } from '../../../domain/room.js';
import { walletDecider, walletStream } from '../../../domain/wallet.js';
import { listRanking } from '../../../projections/queries.js';
import { parseCatalog } from '../../shared/gifts.js';
import { userOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { cachedCheck, command } from './support.js';
import { balanceOf, eventOf, notFound } from './support-results.js';

export const giftRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const catalog = parseCatalog(deps.config.GIFT_CATALOG);
  const byId = new Map(catalog.map((g) => [g.giftId, g]));

  app.get('/v1/gifts', { schema: listGifts }, async (req) => {
    userOf(req);
    return { items: [...catalog] };
  });

  // The sender's coins are debited here, synchronously; the receiver's income, the room's
  // total and the rankings follow from the GiftSent event, so a hot receiver is no bottleneck.
  app.post('/v1/gifts/send', { schema: sendGift }, async (req, res) =>
    command(deps, req, res, async ({ user, meta }) => {
      const { giftId, toUserId, count, roomId } = req.body;
      const gift = byId.get(giftId);
      if (!gift) throw notFound('gift', { giftId });
      const [receiver, room] = await Promise.all([
        deps.bus.load(accountDecider, accountStream(toUserId), cachedCheck),
        roomId === undefined ? null : deps.bus.load(roomDecider, roomStream(roomId), cachedCheck),
      ]);
      if (receiver.state.status === 'absent') throw notFound('receiver', { toUserId });
      if (room && roomId !== undefined) {
        if (room.state.status === 'absent') throw notFound('room', { roomId });
        if (!isRoomMember(room.state, user.userId)) throw new CodedError('NOT_IN_ROOM', 'join the room before sending gifts in it', { roomId });
      }
      const r = await deps.bus.handle(walletDecider, walletStream(user.userId), {
        type: 'SendGift',
        data: {
          giftSendId: deps.ids.next(),
          fromUserId: user.userId,
          giftId,
          toUserId,
          count,
          unitPrice: gift.price,
          sharePercent: deps.config.GIFT_INCOME_SHARE_PERCENT,
          ...(roomId !== undefined ? { roomId } : {}),
        },
        metadata: meta,
      });
      // No wait for read models: the answer carries the sender's coins (see the grab route).
      const e = eventOf(r, 'GiftSent');
      return { status: 201, body: { giftSendId: String(e.data.giftSendId), coinsSpent: Number(e.data.coinsSpent), coins: balanceOf(e.data.changes, 'coins') ?? 0 } };
    }),
  );

  app.get('/v1/rankings/:board', { schema: getRanking }, async (req) => {
    userOf(req);
    return listRanking(deps.pool, req.params.board, req.query.period, deps.clock(), req.query.limit);
  });
};
