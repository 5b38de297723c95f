import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Core } from '../../app/core.js';
import { adminRoutes } from './admin.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { giftRoutes } from './gifts.js';
import { groupMemberRoutes } from './groupMembers.js';
import { groupRoutes } from './groups.js';
import { healthRoutes } from './health.js';
import { messageRoutes } from './messages.js';
import { meRoutes } from './me.js';
import { qrLoginRoutes } from './qrLogin.js';
import { paymentRoutes } from './payments.js';
import { rechargeRoutes } from './recharge.js';
import { redPacketRoutes } from './redPackets.js';
import { roomRoutes } from './rooms.js';
import { transferRoutes } from './transfers.js';
import { userRoutes } from './users.js';
import { walletRoutes } from './wallet.js';
import { socialRoutes } from './social.js';
import { friendRoutes } from './friends.js';
import { contactRoutes } from './contacts.js';
import { geoRoutes } from './geo.js';
import { postRoutes } from './posts.js';
import { mediaRoutes } from './media.js';
import { moderationRoutes } from './moderation.js';
import { purchaseRoutes } from './purchases.js';
import { providerRoutes } from './providers.js';
import { paidJoinRoutes } from './paidJoins.js';
import { feedPrefsRoutes } from './feedPrefs.js';
import { groupMemberRecordRoutes } from './groupMemberRecords.js';
import { vanityRegistrationRoutes } from './vanityRegistration.js';
import { operatorUserRoutes } from './operatorUsers.js';

/** Every /v1 route, registered under the /v1 prefix by the surface (../v1.ts). */
export const routes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  for (const r of [healthRoutes, authRoutes, walletRoutes, rechargeRoutes, transferRoutes, giftRoutes, redPacketRoutes, roomRoutes, groupRoutes, groupMemberRoutes, messageRoutes, auditRoutes, adminRoutes, meRoutes, qrLoginRoutes, userRoutes, socialRoutes, friendRoutes, contactRoutes, geoRoutes, paymentRoutes, postRoutes, mediaRoutes, moderationRoutes, purchaseRoutes, providerRoutes, paidJoinRoutes, feedPrefsRoutes, groupMemberRecordRoutes, vanityRegistrationRoutes, operatorUserRoutes]) {
    await app.register(r, core);
  }
};
