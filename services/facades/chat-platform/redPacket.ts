// Seed 004 red packets (L1700-L2070) on the core's red packets, whose amounts are 8-decimal coin
// assets (coin 1 bty, 2 ycc, 3 coin3). Packets are created through POST /v1/red-packets (the seed
// has no create call) and announced in the conversation as msgType 4. Guest shares by mark and
// records by month wait for the core (issue #19).
import { getRedPacket, grabRedPacket } from '../../app/redPackets.js';
import { getWallet } from '../../app/wallet.js';
import { assetOfCoin, coinAmount, coinAssets, coinOf } from './render.js';
import { me, notSupported, type Route } from './support.js';

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
    const grabbed = await grabRedPacket(ctx.core, ctx.caller, { redPacketId }, ctx.opts);
    const p = await getRedPacket(ctx.core, ctx.caller, { redPacketId });
    // The read model may not have this grab yet: the shares left are at most count - grabs seen - 1.
    const seen = p.grabs.some((g) => g.userId === me(ctx));
    return { amount: coinAmount(grabbed.amount), total: p.count, remain: seen ? p.remainingCount : Math.max(p.remainingCount - 1, 0), coin: coinOf(grabbed.asset) };
  },
};

const notYet = (path: string, fields: readonly string[]): Route => ({
  path,
  handler(ctx) {
    for (const f of fields) ctx.params.string(f, 200);
    // TODO(#19): guest shares reserved by mark and records by month come with the core's red-packet work (branch rp).
    return notSupported('#19');
  },
});

/** P6-P8 take `date` (2018-08 or 2018) and an optional `coin`; validated, then not served yet (#19). */
const records = (path: string): Route => ({
  path,
  handler(ctx) {
    me(ctx);
    const date = ctx.params.string('date', 7);
    if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(date)) ctx.params.int('date', { min: -1, max: -1 });
    const coin = ctx.params.optionalInt('coin', { min: 1, max: 3 });
    if (coin !== undefined) assetOfCoin(coin);
    // TODO(#19): records by month and year need the core's red-packet records (branch rp).
    return notSupported('#19');
  },
});

export const redPacketRoutes: Route[] = [
  balance,
  receiveEntry,
  notYet('/red-packet/receive', ['packet_id']),
  notYet('/red-packet/entry', ['mark', 'account']),
  notYet('/red-packet/register-entry', ['mark', 'account', 'password', 'captcha']),
  records('/red-packet/record'),
  records('/red-packet/receive-record'),
  records('/red-packet/send-record'),
];
