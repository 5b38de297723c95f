// The wallet of 003/002: balance, bills, recharge (an order; money arrives only through a signed
// notice), the pay password. Withdrawals, cards and orders are in payouts.ts.
import { setPayPassword, verifyPayPassword } from '../../app/payPassword.js';
import { createRechargeOrder } from '../../app/recharge.js';
import { creditSignedRecharge } from '../../app/signedRecharge.js';
import { getLedger, getWallet } from '../../app/wallet.js';
import { requireUser } from '../../app/caller.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { payOrderView, providerParam, subjectParam } from './payOrders.js';
import { md5Param, ms, yuanParam } from './views.js';

type Entry = Awaited<ReturnType<typeof getLedger>>['items'][number];

/**
 * Bill types (003 moneyType 1-11, 002 moneytype 1-8) by ledger reason. A refund shows under what
 * it refunds, with the opposite direction; reasons no bill type names are left out of the list.
 * The seeds have no type for paid joins, gifts or exchanges (003 §4.8): 12 join fee paid, 13 join
 * fee received, 14 gift sent, 15 gift received, 16 exchanged to coins, numbers above the seed's so
 * they clash with none (003 only: 002 lists 1-8). Every purchase (vanity number, group level or
 * renewal) is 9; a withdrawal's fee is inside its type 2 row; a guest share claimed is 4.
 */
const moneyTypes: Partial<Record<Entry['reason'], number>> = {
  recharge: 1,
  withdrawal: 2,
  withdrawal_refund: 2,
  red_packet_out: 3,
  red_packet_in: 4,
  transfer_out: 5,
  transfer_in: 6,
  red_packet_refund: 7,
  transfer_refund: 8,
  purchase: 9,
  aa_receive: 10,
  aa_pay: 11,
  aa_refund: 11,
  guest_credit: 4,
  group_fee: 12,
  group_fee_in: 13,
  gift_out: 14,
  gift_in: 15,
  exchange: 16,
};

const billView = (p: ImProfile, me: string, e: Entry, type: number) => {
  const key = p.edition === 3 ? 'moneyType' : 'moneytype';
  return { id: e.entryId, userId: me, [key]: type, amount: p.money(Math.abs(e.delta)), moneyDirect: e.delta < 0 ? -1 : 1, destType: 3, destId: e.refId, content: e.reason, occurTime: ms(e.at) };
};

export const walletRoutes = (p: ImProfile): FacadeRoute<Code>[] => [
  {
    path: '/wallet/getBalance',
    async handler({ core, caller }): Promise<Reply> {
      const w = await getWallet(core, caller);
      return p.edition === 3 ? { data: p.money(w.cash) } : { info: p.money(w.cash), data: p.money(w.cash) };
    },
  },
  {
    path: '/wallet/getWalletHistory',
    async handler({ core, caller }): Promise<Reply> {
      const me = requireUser(caller).userId;
      // Every row (the seeds have no paging), newest first: cash only, the wallet these apps show.
      const rows: ReturnType<typeof billView>[] = [];
      let cursor: string | undefined;
      do {
        const page = await getLedger(core, caller, { limit: 100, asset: 'cash', ...(cursor ? { cursor } : {}) });
        for (const e of page.items) {
          const type = moneyTypes[e.reason];
          if (type !== undefined && (p.edition === 3 || type <= 8)) rows.push(billView(p, me, e, type));
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor && rows.length < 5000);
      return { data: rows };
    },
  },
  {
    // 003: never a credit on the client's word: a recharge order, paid through the provider's
    // signed notice. `type` (an addition) picks the provider as for createRechargeOrder, and the
    // row carries the PayOrder fields.
    path: '/wallet/recharge',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const me = requireUser(caller).userId;
      const amount = yuanParam(params, 'amount');
      const o = await createRechargeOrder(core, caller, { amount, provider: providerParam(params), subject: subjectParam(params) }, opts);
      const row = { id: o.orderId, userId: me, moneyType: 1, amount: p.money(amount), moneyDirect: 1, destType: 1, destId: me, content: 'recharge order', status: o.status, occurTime: String(core.clock().getTime()) };
      return { data: [{ ...row, ...payOrderView(o.orderId, o.pay) }] };
    },
  },
  {
    path: '/wallet/createRechargeOrder',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      // `type` alipay / wxpay: the order is created at that provider (services/app/rechargePay.ts).
      const o = await createRechargeOrder(core, caller, { amount: yuanParam(params, 'amount'), provider: providerParam(params), subject: subjectParam(params) }, opts);
      return { data: payOrderView(o.orderId, o.pay) };
    },
  },
  {
    // 002: the payment backend's signed call (HMAC-SHA256 under CHAT_WALLET_SIGN_KEY; services/app/signedRecharge.ts).
    path: '/chat/recharge',
    async handler({ core, params, req }): Promise<Reply> {
      const r = await creditSignedRecharge(core, { userId: params.id('userId'), amount: yuanParam(params, 'amount'), orderNo: params.optionalString('orderNo', 64), sign: params.optionalString('sign', 128) ?? params.string('token', 128) }, req.id);
      return { info: r.orderId, data: r.balance === null ? null : p.money(r.balance) };
    },
  },
  {
    path: '/pay/setPayPwd',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await setPayPassword(core, caller, { code: params.string('validateNum', 10), payPassword: md5Param(params, 'pwd') }, opts);
      return { info: ' 支付密码设置成功' };
    },
  },
  {
    path: '/pay/validatePayPwd',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await verifyPayPassword(core, caller, { payPassword: md5Param(params, 'pwd') }, opts);
      return { info: 'success' };
    },
  },
];
