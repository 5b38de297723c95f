import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createRedPacket, getRedPacket, grabRedPacket } from '../../../contracts/http/redPackets.js';
import { accountDecider, accountStream } from '../../../domain/account.js';
import { CodedError } from '../../../domain/errors.js';
import { groupDecider, groupStream, isGroupMember } from '../../../domain/group.js';
import { redPacketDecider, redPacketStream, type RedPacketTarget } from '../../../domain/redPacket.js';
import { isRoomMember, roomDecider, roomStream } from '../../../domain/room.js';
import { walletDecider, walletStream } from '../../../domain/wallet.js';
import { getRedPacket as readRedPacket } from '../../../projections/queries.js';
import { creditGrab, follow } from '../../process/flows.js';
import { splitFixed, splitLucky } from '../../shared/split.js';
import { userOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { cachedCheck, command } from './support.js';
import { balanceOf, eventOf, notFound, settled } from './support-results.js';

export const redPacketRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  /** Is the user allowed a share of a packet for this target, right now? */
  const eligible = async (target: RedPacketTarget, userId: string): Promise<boolean> => {
    switch (target.type) {
      case 'user':
        return target.id === userId;
      case 'group':
        return isGroupMember((await deps.bus.load(groupDecider, groupStream(target.id), cachedCheck)).state, userId);
      case 'room':
        return isRoomMember((await deps.bus.load(roomDecider, roomStream(target.id), cachedCheck)).state, userId);
      default: {
        const never: never = target.type;
        return never;
      }
    }
  };

  // A packet's target never changes: keep it, so a hot packet's grabs skip that read.
  const targets = new Map<string, RedPacketTarget>();
  const targetOf = async (id: string): Promise<RedPacketTarget | null> => {
    const known = targets.get(id);
    if (known) return known;
    const p = await deps.bus.load(redPacketDecider, redPacketStream(id));
    if (p.state.status === 'absent') return null;
    if (targets.size > 100_000) targets.clear();
    targets.set(id, p.state.terms.target);
    return p.state.terms.target;
  };

  app.post('/v1/red-packets', { schema: createRedPacket }, async (req, res) =>
    command(deps, req, res, async ({ user, meta }) => {
      const { kind, count, target, greeting } = req.body;
      const total = kind === 'lucky' ? (req.body.total ?? 0) : (req.body.amountEach ?? 0) * count;
      if (!Number.isSafeInteger(total)) throw new CodedError('VALIDATION_FAILED', 'total is too large', { field: 'amountEach' });
      if (total < count) throw new CodedError('TOTAL_TOO_SMALL', 'every share needs at least 1', { total, count });
      await checkTarget(deps, target, user.userId);
      const shares = kind === 'lucky' ? splitLucky(total, count) : splitFixed(req.body.amountEach ?? 0, count);
      const expiresAt = new Date(Date.parse(meta.at) + deps.config.RED_PACKET_EXPIRY_SECONDS * 1000).toISOString();
      const r = await deps.bus.handle(walletDecider, walletStream(user.userId), {
        type: 'FundRedPacket',
        data: { redPacketId: deps.ids.next(), senderId: user.userId, kind, total, count, shares, target, ...(greeting !== undefined ? { greeting } : {}), expiresAt },
        metadata: meta,
      });
      const funded = eventOf(r, 'RedPacketFunded');
      const created = await follow(deps.bus, funded);
      await settled(deps, r, created);
      return { status: 201, body: { redPacketId: String(funded.data.redPacketId), total, count, expiresAt: String(funded.data.expiresAt) } };
    }),
  );

  app.post('/v1/red-packets/:id/grab', { schema: grabRedPacket }, async (req, res) =>
    command(deps, req, res, async ({ user, meta }) => {
      const id = req.params.id;
      const target = await targetOf(id);
      if (!target) throw notFound('red packet', { redPacketId: id });
      const ok = await eligible(target, user.userId);
      const r = await deps.bus.handle(redPacketDecider, redPacketStream(id), {
        type: 'GrabRedPacket',
        data: { redPacketId: id, userId: user.userId, eligible: ok },
        metadata: meta,
      });
      const grabbed = eventOf(r, 'RedPacketGrabbed');
      const credit = await creditGrab(deps.bus, grabbed);
      // No wait for read models here: the answer carries the new balance, and GET /v1/wallet
      // reads the wallet itself. A hot packet's grabs would otherwise queue behind projection lag.
      const cashEvent = credit.events[0];
      return { status: 200, body: { amount: Number(grabbed.data.amount), cash: balanceOf(cashEvent?.data.changes, 'cash') ?? credit.state.cash } };
    }),
  );

  app.get('/v1/red-packets/:id', { schema: getRedPacket }, async (req) => {
    const user = userOf(req);
    const p = await readRedPacket(deps.pool, req.params.id);
    // Only the sender, those who grabbed and those who may grab can see a packet.
    const visible = p && (p.senderId === user.userId || p.grabs.some((g) => g.userId === user.userId) || (await eligible(p.target, user.userId)));
    if (!p || !visible) throw notFound('red packet');
    return p;
  });
};

/** The sender must be able to reach the target: an existing user, a group they are in, a room they are in. */
const checkTarget = async (deps: AppDeps, target: RedPacketTarget, senderId: string) => {
  switch (target.type) {
    case 'user': {
      const u = await deps.bus.load(accountDecider, accountStream(target.id));
      if (u.state.status === 'absent') throw notFound('user', { userId: target.id });
      return;
    }
    case 'group': {
      const g = await deps.bus.load(groupDecider, groupStream(target.id));
      if (g.state.status === 'absent') throw notFound('group', { groupId: target.id });
      if (!isGroupMember(g.state, senderId)) throw new CodedError('FORBIDDEN', 'only members can send red packets to a group');
      return;
    }
    case 'room': {
      const r = await deps.bus.load(roomDecider, roomStream(target.id));
      if (r.state.status === 'absent') throw notFound('room', { roomId: target.id });
      if (r.state.status === 'closed') throw new CodedError('ROOM_CLOSED', 'the room is closed');
      if (!isRoomMember(r.state, senderId)) throw new CodedError('NOT_IN_ROOM', 'join the room before sending red packets in it');
      return;
    }
    default: {
      const never: never = target.type;
      return never;
    }
  }
};
