// Seed 004's red-packet records (P6-P8, L1915-L2070): what the caller sent and received in one coin
// (`coin`, 1 BTY by default) in a month (`2018-08`) or a year (`2018`) of Asia/Shanghai, with counts
// and sums as 8-decimal coins. `type` is the packet's kind as in msgType 4 (1 lucky, 2 fixed);
// a sent packet's `amount` is its total; `username` is the sender's nickname.
import type { RedPacketRecord } from '../../../projections/redPacketRecords.js';
import { redPacketRecords } from '../../app/redPacketRecords.js';
import { assetOfCoin, coinAmount, coinOf, ms } from './render.js';
import type { Ctx, Route } from './support.js';

const SHANGHAI_MINUTES = 480;
const LIMIT = 100;

const read = async (ctx: Ctx) => {
  const date = ctx.params.string('date', 7);
  if (!/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(date)) ctx.params.int('date', { min: -1, max: -1 });
  const asset = assetOfCoin(ctx.params.optionalInt('coin', { min: 1, max: 3 }) ?? 1);
  const period = date.length === 4 ? { year: date } : { month: date };
  return redPacketRecords(ctx.core, ctx.caller, { asset, ...period, utcOffsetMinutes: SHANGHAI_MINUTES, limit: LIMIT });
};

const typeOf = (r: RedPacketRecord): number => (r.kind === 'fixed' ? 2 : 1);
const base = (r: RedPacketRecord, asset: string) => ({ red_packet_id: r.redPacketId, type: typeOf(r), amount: coinAmount(r.amount), coin: coinOf(asset) });
const received = (r: RedPacketRecord, asset: string) => ({ ...base(r, asset), receive_time: ms(r.at), username: r.senderNickname ?? '' });
// The table says rsend_time, the sample send_time: both.
const sent = (r: RedPacketRecord, asset: string) => ({ ...base(r, asset), send_time: ms(r.at), rsend_time: ms(r.at) });

const record: Route = {
  path: '/red-packet/record',
  async handler(ctx) {
    const r = await read(ctx);
    return {
      receive_num: r.received.count,
      receive_amount: coinAmount(r.received.amount),
      send_num: r.sent.count,
      send_amount: coinAmount(r.sent.amount),
      receive: r.received.items.map((i) => received(i, r.asset)),
      send: r.sent.items.map((i) => sent(i, r.asset)),
    };
  },
};

const receiveRecord: Route = {
  path: '/red-packet/receive-record',
  async handler(ctx) {
    const r = await read(ctx);
    return { totalnum: r.received.count, total_amount: coinAmount(r.received.amount), receive: r.received.items.map((i) => received(i, r.asset)) };
  },
};

const sendRecord: Route = {
  path: '/red-packet/send-record',
  async handler(ctx) {
    const r = await read(ctx);
    return { totalnum: r.sent.count, total_amount: coinAmount(r.sent.amount), send: r.sent.items.map((i) => sent(i, r.asset)) };
  },
};

export const redPacketRecordRoutes: Route[] = [record, receiveRecord, sendRecord];
