// Seed 004 red packets (L1700-L2070) on the core's red packets, whose amounts are 8-decimal coin
// assets (coin 1 bty, 2 ycc, 3 coin3). Packets are created through POST /v1/red-packets (the seed
// has no create call; designated openers, a phrase, new users only and guests are its options)
// and announced in the conversation as msgType 4. Guests: redPacketGuest.ts; records: redPacketRecords.ts.
import { getRedPacket, grabRedPacket } from '../../app/redPackets.js';
import { getWallet } from '../../app/wallet.js';
import { redPacketGuestRoutes } from './redPacketGuest.js';
import { redPacketRecordRoutes } from './redPacketRecords.js';
import { coinAmount, coinAssets, coinOf } from './render.js';
import { me, type Route } from './support.js';

/** Unknown or invisible packet: the seed's "invalid red packet ID". */
const PACKET_CODES = { NOT_FOUND: -4006 } as const;

const balance: Route = {
  path: '/red-packet/balance',
  async handler(ctx) {
    const w = await getWallet(ctx.core, ctx.caller);
    return { balances: Object.entries(coinAssets).map(([coin, asset]) => ({ coin: Number(coin), amount: coinAmount(w.assets[asset] ?? 0) })) };
  },
};

const receiveEntry: Route = {
  path: '/red-packet/receive-entry',
  codes: PACKET_CODES,
  async handler(ctx) {
    const redPacketId = ctx.params.id('packet_id');
    // A phrase packet (口令) takes `phrase` (not in the seed, which has no phrase packets).
    const phrase = ctx.params.optionalString('phrase', 64);
    const grabbed = await grabRedPacket(ctx.core, ctx.caller, { redPacketId, ...(phrase !== undefined ? { phrase } : {}) }, ctx.opts);
    const p = await getRedPacket(ctx.core, ctx.caller, { redPacketId });
    // The read model may not have this grab yet: the shares left are at most count - grabs seen - 1.
    const seen = p.grabs.some((g) => g.userId === me(ctx));
    return { amount: coinAmount(grabbed.amount), total: p.count, remain: seen ? p.remainingCount : Math.max(p.remainingCount - 1, 0), coin: coinOf(grabbed.asset) };
  },
};

export const redPacketRoutes: Route[] = [
  balance,
  receiveEntry,
  ...redPacketGuestRoutes,
  ...redPacketRecordRoutes,
];
