// Red packets, transfers, QR payments and AA of 003/002, in yuan converted exactly to fen. Every
// movement is a core flow (wallet first, never negative, once per key); the pay password is asked
// where the app's policy says (transfer, instant_pay, aa).
import { getAaCollection, payAaShare, startAaCollection } from '../../app/aa.js';
import { getGroup } from '../../app/groups.js';
import { payInstantly } from '../../app/payments.js';
import { receiptCard } from '../../app/walletAppViews.js';
import { createRedPacket, getRedPacket, grabRedPacket } from '../../app/redPackets.js';
import { createTransfer, getTransfer, settleTransfer } from '../../app/transfers.js';
import { CodedError } from '../../../domain/errors.js';
import type { Params } from '../framework/params.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { destTypeOf, md5Param, ms, yuanParam } from './views.js';

type Transfer = Awaited<ReturnType<typeof getTransfer>>;

const transferStatus = { pending: 1, accepted: 2, returned: 3, expired: 3 } as const;

export const transferView = (p: ImProfile, t: Pick<Transfer, 'transferId' | 'fromUserId' | 'toUserId' | 'amount' | 'note' | 'status' | 'createdAt' | 'settledAt'>) => ({
  id: t.transferId,
  userId: t.fromUserId,
  destId: t.toUserId,
  amount: p.money(t.amount),
  msg: t.note ?? '',
  status: transferStatus[t.status],
  sendTime: ms(t.createdAt),
  confirmTime: t.status === 'accepted' ? ms(t.settledAt) : '',
});

/** 口令 (`command`) and designated openers (`limit`, a comma list of user ids): the core's red-packet extensions. */
const extensions = (params: Params) => {
  const phrase = params.optionalString('command', 50);
  const openers = params.has('limit') && params.string('limit', 4000).trim() !== '' ? params.idList('limit', 100) : undefined;
  return { ...(phrase !== undefined && phrase.trim() !== '' ? { phrase } : {}), ...(openers !== undefined ? { openers } : {}) };
};

export const moneyRoutes = (p: ImProfile): FacadeRoute<Code>[] => [
  {
    path: '/chat/sendRedPacket',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const count = params.int('redPacketCount', { min: 1, max: 2000 });
      const amount = yuanParam(params, 'redPacketAmount');
      const kind = params.int('redPacketType', { min: 1, max: 2 }) === 1 ? ('lucky' as const) : ('fixed' as const);
      const greeting = params.optionalString('redPacketContent', 100);
      const target = { type: destTypeOf(params), id: params.id('destId') };
      // An equal packet's amount is each share (002 L480; 003 read the same way): the sender pays amount × count.
      const input = { kind, count, target, ...(kind === 'lucky' ? { total: amount } : { amountEach: amount }), ...(greeting !== undefined ? { greeting } : {}), ...extensions(params) };
      const r = await createRedPacket(core, caller, input, opts);
      return { info: r.redPacketId, ...(p.edition === 2 ? { data: r.redPacketId } : {}) };
    },
  },
  {
    path: '/chat/openRedPacket',
    // 4: not a designated opener (003 R8); a wrong or missing phrase is -1.
    codes: p.edition === 3 ? { ALREADY_GRABBED: 2, RED_PACKET_EMPTY: 3, NOT_ELIGIBLE: 4, RED_PACKET_NOT_DESIGNATED: 4, NOT_FOUND: 5 } : { ALREADY_GRABBED: 2, RED_PACKET_EMPTY: 3 },
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const phrase = params.optionalString('command', 50);
      const r = await grabRedPacket(core, caller, { redPacketId: params.id('redPacketId'), ...(phrase !== undefined ? { phrase } : {}) }, opts);
      return { info: p.money(r.amount), ...(p.edition === 2 ? { data: p.money(r.amount) } : {}) };
    },
  },
  {
    path: '/chat/getRedPacketHistory',
    async handler({ core, caller, params }): Promise<Reply> {
      const r = await getRedPacket(core, caller, { redPacketId: params.id('redPacketId') });
      const last = r.grabs.at(-1);
      const finished = r.status === 'empty' && last ? last.at : null;
      const redPacket = {
        id: r.redPacketId,
        userId: r.senderId,
        destType: r.target.type === 'group' ? 2 : 1,
        destId: r.target.id,
        redPacketType: r.kind === 'lucky' ? 1 : 2,
        // As it was sent: a lucky packet's total, an equal packet's share.
        redPacketAmount: p.money(r.kind === 'lucky' ? r.total : Math.floor(r.total / r.count)),
        totalAmount: p.money(r.total),
        redPacketCount: r.count,
        remainCount: r.remainingCount,
        remainAmount: p.money(r.remainingAmount),
        redPacketContent: r.greeting ?? '',
        // The core's rule (services/app/redPacketOpeners.ts openerView): openers to every reader, the phrase to its sender and grabbers.
        command: r.phrase ?? '',
        limituser: r.openers.join(','),
        status: r.status === 'open' ? 1 : r.status === 'empty' ? 2 : 3,
        sendTime: ms(r.createdAt),
        finishTime: ms(finished),
      };
      const redPacketHistory = r.grabs.map((g) => ({ userId: g.userId, amount: p.money(g.amount), createTime: ms(g.at) }));
      const time = finished ? Math.floor((Date.parse(finished) - Date.parse(r.createdAt)) / 1000) : '';
      return { data: { redPacket, redPacketHistory, time } };
    },
  },
  {
    path: '/transfer/createTransfer',
    codes: { PAY_PASSWORD_WRONG: 2, INSUFFICIENT_FUNDS: 3, NOT_A_MEMBER: 4 },
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const groupId = params.optionalId('groupId');
      // A transfer inside a group chat: the group must be one the payer reads (4 "群信息查询失败").
      if (groupId !== undefined) await getGroup(core, caller, { groupId }).catch(() => Promise.reject(new CodedError('NOT_A_MEMBER', '群信息查询失败')));
      const note = params.optionalString('msg', 100);
      const input = { toUserId: params.id('destId'), amount: yuanParam(params, 'amount'), payPassword: md5Param(params, 'payPwd'), ...(note !== undefined ? { note } : {}) };
      const r = await createTransfer(core, caller, input, opts);
      return { data: transferView(p, await getTransfer(core, caller, { transferId: r.transferId })) };
    },
  },
  {
    path: '/transfer/confirmTransfer',
    codes: { PAY_PASSWORD_WRONG: 2 },
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await settleTransfer(core, caller, { transferId: params.id('transId'), action: 'accept' }, opts);
      return { info: ' confirm..' };
    },
  },
  {
    path: '/transfer/viewTransfer',
    async handler({ core, caller, params }): Promise<Reply> {
      return { data: transferView(p, await getTransfer(core, caller, { transferId: params.id('transId') })) };
    },
  },
  {
    path: '/transfer/createReceipt',
    async handler({ core, caller, params }): Promise<Reply> {
      const amount = params.has('amount') ? yuanParam(params, 'amount') : undefined;
      const { receipt: r, me } = await receiptCard(core, caller, { amount });
      return {
        data: { qrcodeType: 1, qrctype: 1, receiptName: me.nickname, amount: amount === undefined ? '' : p.money(amount), receiptId: r.payeeId, receiptHeadUrl: me.avatarUrl ?? '', payload: r.payload },
      };
    },
  },
  {
    path: '/transfer/postPayment',
    // 3 "金额不足"; every other refusal -1, a wrong pay password included (003 #202).
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await payInstantly(core, caller, { toUserId: params.id('destId'), amount: yuanParam(params, 'amount'), payPassword: md5Param(params, 'payPwd') }, opts);
      return { info: '支付成功' };
    },
  },
  {
    path: '/transfer/aaTrans',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const counts = params.int('counts', { min: 1, max: 50 });
      const total = yuanParam(params, 'totalAmount');
      // Each pays the same whole number of fen: a total that does not split evenly is refused, never rounded.
      if (total % counts !== 0) throw new CodedError('VALIDATION_FAILED', '总金额不能平均分摊到每人', { field: 'totalAmount' });
      const target = { type: params.int('destType', { min: 0, max: 1 }) === 0 ? ('user' as const) : ('group' as const), id: params.id('destId') };
      const note = params.optionalString('msg', 100);
      const r = await startAaCollection(core, caller, { amountEach: total / counts, count: counts, target, ...(note !== undefined ? { note } : {}) }, opts);
      return { data: { transId: r.aaId, msg: note ?? '', totalAmt: p.money(r.total), counts: r.count, amt: p.money(r.amountEach) } };
    },
  },
  {
    path: '/transfer/aaTransPay',
    // Every refusal is -1 here, too little money included (003 #207).
    codes: { INSUFFICIENT_FUNDS: -1 },
    async handler({ core, caller, params, opts }): Promise<Reply> {
      // The seed lists `destId` twice and no `transId`: the collection is named by either (facades.md, AA).
      const aaId = params.optionalId('transId') ?? params.id('destId');
      const amount = params.has('amount') ? yuanParam(params, 'amount') : undefined;
      await payAaShare(core, caller, { aaId, payPassword: md5Param(params, 'payPwd'), ...(amount !== undefined ? { amount } : {}) }, opts);
      return { info: '付款成功!' };
    },
  },
  {
    path: '/transfer/aaTransDetail',
    async handler({ core, caller, params }): Promise<Reply> {
      const a = await getAaCollection(core, caller, { aaId: params.id('transId') });
      const transInfo = {
        id: a.aaId,
        userId: a.payeeId,
        destId: a.target.id,
        destType: a.target.type === 'user' ? 0 : 1,
        msg: a.note ?? '',
        totalAmount: p.money(a.total),
        amt: p.money(a.amountEach),
        // 1 collecting, 2 finished, 3 expired.
        status: a.status === 'open' ? 1 : a.status === 'finished' ? 2 : 3,
        counts: a.count,
        paidCounts: a.paidCount,
        createTime: ms(a.startedAt),
        updateTime: ms(a.payments.at(-1)?.at ?? a.startedAt),
      };
      const records = a.payments.map((x) => ({ userId: x.userId, amount: p.money(x.amount), createTime: ms(x.at) }));
      return { data: { transInfo, records, isPayed: a.paidByMe ? 1 : 0 } };
    },
  },
];
