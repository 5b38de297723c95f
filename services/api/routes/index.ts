import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';
import { adminRoutes } from './admin.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { giftRoutes } from './gifts.js';
import { groupRoutes } from './groups.js';
import { healthRoutes } from './health.js';
import { metricsRoutes } from './metrics.js';
import { rechargeRoutes } from './recharge.js';
import { redPacketRoutes } from './redPackets.js';
import { roomRoutes } from './rooms.js';
import { transferRoutes } from './transfers.js';
import { walletRoutes } from './wallet.js';

export const routes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  for (const r of [healthRoutes, authRoutes, walletRoutes, rechargeRoutes, transferRoutes, giftRoutes, redPacketRoutes, roomRoutes, groupRoutes, auditRoutes, adminRoutes, metricsRoutes]) {
    await app.register(r, deps);
  }
};
