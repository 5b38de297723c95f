// 003's purchases: group levels, their renewal and paid joins (all from the wallet, with the pay
// password `pwd`), and vanity display numbers. Each route parses, calls one use case, renders.
import { listLevelPrices } from '../../app/groupLevels.js';
import { joinPaidGroup, renewGroupLevel, upgradeGroup } from '../../app/groupPurchases.js';
import { getMe } from '../../app/accounts.js';
import { listVanityTypes, offerVanityNumbers } from '../../app/vanityCatalog.js';
import { buyDisplayNumber } from '../../app/vanityNumbers.js';
import { registerForNumber } from '../../app/vanityRegistration.js';
import type { Caller } from '../../app/caller.js';
import type { Core } from '../../app/core.js';
import { CodedError } from '../../../domain/errors.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Params } from '../framework/params.js';
import { groupView } from './groups.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { payOrderView, providerParam, subjectParam } from './payOrders.js';
import { deviceKindOf, md5Param, phoneParam, yuanParam } from './views.js';

/** 2 wrong pay password, 3 too little money, 4 not the group's owner (003 #52, #56). */
const levelCodes = { PAY_PASSWORD_WRONG: 2, INSUFFICIENT_FUNDS: 3, FORBIDDEN: 4 } as const;

/** The pay password: 003 calls it `pwd` here (md5 hex); `payPwd` as on the transfer endpoints is taken too. */
const payPwd = (params: Params) => md5Param(params, params.has('payPwd') ? 'payPwd' : 'pwd');

/** PayOrder (003 §2.9.12) plus the new account's session (`token`, `userId`) and the number's price. */
const numberRegistration = async (p: ImProfile, core: Core, caller: Caller, params: Params): Promise<Reply> => {
  const name = params.string('name', 40);
  const r = await registerForNumber(core, caller, {
    phone: phoneParam(params, 'mobile'),
    code: params.string('validateNum', 10),
    password: md5Param(params, 'pwd'),
    nickname: name,
    deviceKind: deviceKindOf(params),
    avatarUrl: params.optionalString('headUrl', 500),
    displayNumber: params.string('number', 20),
    provider: providerParam(params),
    subject: subjectParam(params),
  });
  return { data: { ...payOrderView(r.orderId, r.pay), num: r.displayNumber, amount: p.money(r.price), token: r.session.token, userId: r.session.userId } };
};

/** 003 only (002 has no paid groups or vanity numbers). */
export const purchaseRoutes = (p: ImProfile): FacadeRoute<Code>[] => (p.edition === 2 ? [] : purchases3(p));

const purchases3 = (p: ImProfile): FacadeRoute<Code>[] => [
  {
    path: '/chat/queryGroupConfig',
    handler({ core }): Reply {
      // `expire`: the seconds one payment buys; `lid` the level's id (the level itself).
      return { data: { info: listLevelPrices(core).items.map((l) => ({ lid: l.level, level: l.level, expire: l.days * 86_400, fee: p.money(l.price) })) } };
    },
  },
  {
    path: '/chat/payForGroupLevel',
    codes: levelCodes,
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const r = await upgradeGroup(core, caller, { groupId: params.id('groupId'), level: params.int('level', { min: 1, max: 4 }), payPassword: payPwd(params) }, opts);
      return { data: groupView(p, r.group) };
    },
  },
  {
    path: '/chat/payForGroupExt',
    codes: levelCodes,
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const r = await renewGroupLevel(core, caller, { groupId: params.id('groupId'), payPassword: payPwd(params) }, opts);
      return { data: groupView(p, r.group) };
    },
  },
  {
    // Applies if the caller has not (requestGroupJoin's -4 left a payment application), pays, joins.
    path: '/chat/payForGroupJoin',
    codes: { PAY_PASSWORD_WRONG: 2, INSUFFICIENT_FUNDS: 3 },
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await joinPaidGroup(core, caller, { groupId: params.id('groupId'), payPassword: payPwd(params) }, opts);
      return { info: '加入成功' };
    },
  },
  {
    path: '/pay/getNumberType',
    handler({ core, caller }): Reply {
      const r = listVanityTypes(core, caller);
      return { data: { types: r.items.map((t) => ({ typeName: t.name, tid: t.typeId, price: p.money(t.price) })), sessid: '' } };
    },
  },
  {
    path: '/pay/getVipNumber',
    async handler({ core, caller, params }): Promise<Reply> {
      const r = await offerVanityNumbers(core, caller, { typeId: params.int('type', { min: 1, max: 100 }), limit: 20 });
      return { data: { numbers: r.items.map((n) => ({ nid: n.displayNumber, price: p.money(n.price), num: n.displayNumber })) } };
    },
  },
  {
    // Signed in: bought from the wallet with the pay password. Without a session and with the
    // seed's registration fields (`mobile`, `pwd` the login password's md5, `validateNum`, `name`):
    // registration and an order paid outside (services/app/vanityRegistration.ts). Never on the
    // client's `amount`: the listed price is charged.
    path: '/pay/createNumberOrder',
    codes: { PAY_PASSWORD_WRONG: 2, INSUFFICIENT_FUNDS: 3 },
    async handler({ core, caller, params, opts }): Promise<Reply> {
      if (params.has('amount')) yuanParam(params, 'amount');
      if (caller.kind !== 'user' && params.has('mobile')) return numberRegistration(p, core, caller, params);
      const r = await buyDisplayNumber(core, caller, { displayNumber: params.string('number', 20), payPassword: payPwd(params) }, opts);
      return { data: { orderString: '', outTradeNo: r.purchaseId, num: r.displayNumber, amount: p.money(r.price), balance: p.money(r.balance) } };
    },
  },
  {
    path: '/pay/checkNumber',
    async handler({ core, caller, params }): Promise<Reply> {
      const number = params.string('number', 20);
      const me = await getMe(core, caller);
      // Not (yet) the caller's number: -1 "registration in progress", in the refusal's shape.
      if (me.displayNumber !== number) throw new CodedError('CONFLICT', '账号注册中', { number });
      return { info: '注册成功' };
    },
  },
];
