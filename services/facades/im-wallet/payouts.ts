// 003/002 bank cards (the core's payout accounts), withdrawals (to an account on file), the order
// cancel and the payment providers' notifications. Each route parses, calls one use case, renders.
import { addPayoutAccount, listPayoutAccounts, removePayoutAccount } from '../../app/payoutAccounts.js';
import { alipayNotify, wechatPayNotify } from '../../app/providerPayments.js';
import { cancelRechargeOrder } from '../../app/recharge.js';
import { withdrawSigned, withdrawToPayoutAccount } from '../../app/walletWithdrawals.js';
import type { FacadeErrorKey } from '../framework/dialect.js';
import type { FacadeRoute } from '../framework/surface.js';
import { rawBodyOf } from '../framework/surface.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { yuanParam } from './views.js';

type Account = Awaited<ReturnType<typeof listPayoutAccounts>>['items'][number];

/** BankCard (003 §2.9.11); the number is always masked (`****` and its last four). */
const cardView = (userId: string, a: Account) => ({ id: a.accountId, userId, cardNo: a.maskedNumber, bankName: a.bank ?? '', holder: a.holder, createTime: '', updateTime: '' });

/** What a provider reads as "not taken, send it again": an HTTP failure with its body. */
const providerStatus = (key: FacadeErrorKey): number => (key === 'UNAUTHENTICATED' ? 401 : key === 'NOT_FOUND' ? 404 : key === 'INTERNAL' ? 500 : 400);

const textOf = (body: unknown): Record<string, string> =>
  typeof body === 'object' && body !== null ? Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : []))) : {};

const header = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export const payoutRoutes = (p: ImProfile): FacadeRoute<Code>[] => (p.edition === 2 ? [withdraw2(p)] : [...cardRoutes, withdraw3(p)]);

/** 003 only: 002 has no cards, orders or provider callbacks. */
const cardRoutes: FacadeRoute<Code>[] = [
  {
    path: '/wallet/getCardList',
    async handler({ core, caller }): Promise<Reply> {
      const r = await listPayoutAccounts(core, caller);
      const me = caller.kind === 'user' ? caller.userId : '';
      return { data: r.items.filter((a) => a.kind === 'bank_card').map((a) => cardView(me, a)) };
    },
  },
  {
    // The bank comes from the card's BIN (the core's table), or `bankName` when the client names it.
    path: '/wallet/bindingCard',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const r = await addPayoutAccount(core, caller, { kind: 'bank_card', number: params.string('cardNo', 40), bank: params.optionalString('bankName', 40) }, opts);
      return { data: cardView(caller.kind === 'user' ? caller.userId : '', r) };
    },
  },
  {
    path: '/wallet/dissCard',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await removePayoutAccount(core, caller, { accountId: params.id('cardId') }, opts);
      return { info: '解绑成功' };
    },
  },
  {
    path: '/wallet/cancelOrder',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await cancelRechargeOrder(core, caller, { orderId: params.id('outTradeNo') }, opts);
      return { info: '取消支付' };
    },
  },
  {
    // Alipay posts a form and reads the bare word `success`; anything else makes it send again.
    path: '/wallet/alipayNotify',
    callback: { contentType: 'text/plain; charset=utf-8', fail: (key) => ({ status: providerStatus(key), body: 'fail' }) },
    async handler({ core, req }) {
      return { body: await alipayNotify(core, textOf(req.body), req.id) };
    },
  },
  {
    // WeChat Pay v3: the signature covers the JSON body byte for byte (kept as received).
    path: '/wallet/wxpayNotify',
    callback: { contentType: 'application/json; charset=utf-8', fail: (key, message) => ({ status: providerStatus(key), body: JSON.stringify({ code: 'FAIL', message }) }) },
    async handler({ core, req }) {
      const headers = { timestamp: header(req.headers['wechatpay-timestamp']), nonce: header(req.headers['wechatpay-nonce']), signature: header(req.headers['wechatpay-signature']) };
      return { body: JSON.stringify(await wechatPayNotify(core, headers, rawBodyOf(req), req.id)) };
    },
  },
];

const withdraw3 = (p: ImProfile): FacadeRoute<Code> => ({
  // Held at once and paid out by an operator to the card named by `cardId`, else the first on file.
  path: '/wallet/withdraw',
  async handler({ core, caller, params, opts }): Promise<Reply> {
    const r = await withdrawToPayoutAccount(core, caller, { amount: yuanParam(params, 'amount'), accountId: params.optionalId('cardId') }, opts);
    const row = { id: r.withdrawalId, userId: r.userId, moneyType: 2, amount: p.money(r.amount), moneyDirect: -1, destType: 1, destId: r.userId, content: `withdrawal ${r.status}`, status: r.status, fee: p.money(r.fee), occurTime: String(core.clock().getTime()) };
    return { data: [row] };
  },
});

const withdraw2 = (p: ImProfile): FacadeRoute<Code> => ({
  // 002's payment backend: `token` (or `sign`) = hex HMAC-SHA256 under CHAT_WALLET_SIGN_KEY (services/app/walletWithdrawals.ts).
  path: '/wallet/getValidateNum',
  async handler({ core, params, req }): Promise<Reply> {
    const sign = params.optionalString('sign', 128) ?? params.string('token', 128);
    const r = await withdrawSigned(core, { userId: params.id('userId'), amount: yuanParam(params, 'amount'), orderNo: params.optionalString('orderNo', 64), sign }, req.id);
    return { info: r.withdrawalId, data: { withdrawalId: r.withdrawalId, status: r.status, amount: p.money(r.amount), fee: p.money(r.fee) } };
  },
});
