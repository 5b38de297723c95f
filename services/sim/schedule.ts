// The schedule: which requests a tick sends, drawn from the seed and from the ids the schedule
// itself made up, never from what happened to them (a request for a transfer that never came to
// be is refused, which is part of the test). So a seed is the same schedule on every store.
import type { CommandMetadata } from '../../domain/aggregate.js';
import type { RedPacketTarget } from '../../domain/redPacket.js';
import { splitFixed, splitLucky } from '../shared/split.js';
import type { Rng } from './rng.js';
import type { Request } from './usecases.js';

export interface Model {
  users: string[];
  /** The counter every id of the run is made from. */
  n: number;
  orders: { orderId: string; amount: number }[];
  transfers: { transferId: string; to: string }[];
  packets: { redPacketId: string; target: RedPacketTarget }[];
  withdrawals: string[];
  /** Every request sent, for retries. */
  sent: Request[];
}

export const newModel = (rng: Rng): Model => ({
  users: Array.from({ length: rng.int(3, 6) }, (_, i) => `u${i + 1}`),
  n: 0,
  orders: [],
  transfers: [],
  packets: [],
  withdrawals: [],
  sent: [],
});

const iso = (ms: number) => new Date(ms).toISOString();
const SECOND = 1000;

interface Ctx {
  rng: Rng;
  m: Model;
  now: number;
}

const meta = (c: Ctx, n: number, userId?: string): CommandMetadata => ({ commandId: `cmd:${n}`, at: iso(c.now), ...(userId !== undefined ? { userId } : {}) });
const someoneBut = (c: Ctx, user: string, sameOdds: number): string => (c.rng.chance(sameOdds) ? user : c.rng.pick(c.m.users.filter((u) => u !== user)));
const ttl = (c: Ctx) => iso(c.now + c.rng.int(30, 600) * SECOND);

const planners = {
  order: (c: Ctx): Request => {
    const n = ++c.m.n;
    const userId = c.rng.pick(c.m.users);
    const amount = c.rng.int(1, 50) * 100;
    c.m.orders.push({ orderId: `o${n}`, amount });
    const asset = c.rng.chance(0.7) ? ('cash' as const) : ('coins' as const);
    return { kind: 'order', command: { type: 'CreateRechargeOrder', data: { orderId: `o${n}`, userId, asset, amount }, metadata: meta(c, n, userId) } };
  },
  notice: (c: Ctx): Request => {
    const o = c.rng.pick(c.m.orders);
    const failed = c.rng.chance(0.15);
    const providerTxId = c.rng.chance(0.8) ? `ptx-${o.orderId}` : `ptx-${o.orderId}-b`;
    const data = { orderId: o.orderId, amount: c.rng.chance(0.05) ? o.amount + 1 : o.amount, providerTxId };
    // The provider's notice names its command (recharge.ts: notifyPayment): a repeat is a retry.
    const metadata = { commandId: `payment:${o.orderId}:${providerTxId}${failed ? ':failed' : ''}`, at: iso(c.now) };
    return { kind: 'notice', command: failed ? { type: 'FailRechargePayment', data, metadata } : { type: 'ConfirmRechargePayment', data, metadata } };
  },
  transfer: (c: Ctx): Request => {
    const n = ++c.m.n;
    const from = c.rng.pick(c.m.users);
    const to = someoneBut(c, from, 0.03);
    c.m.transfers.push({ transferId: `t${n}`, to });
    const data = { transferId: `t${n}`, fromUserId: from, toUserId: to, amount: c.rng.int(1, 800), expiresAt: ttl(c), ...(c.rng.chance(0.2) ? { note: 'lunch' } : {}) };
    return { kind: 'transfer', command: { type: 'SendTransfer', data, metadata: meta(c, n, from) } };
  },
  settle: (c: Ctx): Request => {
    const n = ++c.m.n;
    const t = c.rng.pick(c.m.transfers);
    const by = c.rng.chance(0.9) ? t.to : c.rng.pick(c.m.users);
    const type = c.rng.chance(0.6) ? ('AcceptTransfer' as const) : ('RejectTransfer' as const);
    return { kind: 'settle', command: { type, data: { transferId: t.transferId }, metadata: meta(c, n, by) } };
  },
  fund: (c: Ctx): Request => {
    const n = ++c.m.n;
    const senderId = c.rng.pick(c.m.users);
    const target: RedPacketTarget = c.rng.chance(0.75) ? { type: 'group', id: 'g1' } : { type: 'user', id: someoneBut(c, senderId, 0) };
    const count = target.type === 'user' ? 1 : c.rng.int(1, 5);
    const kind = c.rng.chance(0.6) ? ('lucky' as const) : ('fixed' as const);
    const each = c.rng.int(1, 120);
    const total = kind === 'lucky' ? c.rng.int(count, 600) : each * count;
    const shares = kind === 'lucky' ? splitLucky(total, count, (max) => c.rng.int(0, max - 1)) : splitFixed(each, count);
    c.m.packets.push({ redPacketId: `p${n}`, target });
    const data = { redPacketId: `p${n}`, senderId, kind, total, count, shares, target, expiresAt: ttl(c), ...(c.rng.chance(0.3) ? { greeting: 'gong xi' } : {}) };
    return { kind: 'fund', command: { type: 'FundRedPacket', data, metadata: meta(c, n, senderId) } };
  },
  grab: (c: Ctx): Request => grabOf(c, c.rng.pick(c.m.packets), c.rng.pick(c.m.users)),
  gift: (c: Ctx): Request => {
    const n = ++c.m.n;
    const from = c.rng.pick(c.m.users);
    const data = {
      giftSendId: `g${n}`,
      fromUserId: from,
      giftId: 'rose',
      toUserId: someoneBut(c, from, 0.03),
      count: c.rng.int(1, 3),
      unitPrice: c.rng.int(1, 30),
      sharePercent: c.rng.pick([0, 30, 50, 100]),
    };
    return { kind: 'gift', command: { type: 'SendGift', data, metadata: meta(c, n, from) } };
  },
  exchange: (c: Ctx): Request => {
    const n = ++c.m.n;
    const data = { exchangeId: `x${n}`, from: c.rng.chance(0.6) ? ('cash' as const) : ('income' as const), amount: c.rng.int(1, 150), rate: c.rng.int(1, 3) };
    return { kind: 'exchange', command: { type: 'ExchangeCoins', data, metadata: meta(c, n, c.rng.pick(c.m.users)) } };
  },
  withdraw: (c: Ctx): Request => {
    const n = ++c.m.n;
    const userId = c.rng.pick(c.m.users);
    c.m.withdrawals.push(`w${n}`);
    const data = { withdrawalId: `w${n}`, userId, asset: c.rng.chance(0.6) ? ('cash' as const) : ('income' as const), amount: c.rng.int(1, 400), account: `bank-${userId}` };
    return { kind: 'withdraw', command: { type: 'RequestWithdrawal', data, metadata: meta(c, n, userId) } };
  },
  decide: (c: Ctx): Request => {
    const n = ++c.m.n;
    const withdrawalId = c.rng.pick(c.m.withdrawals);
    const metadata = meta(c, n, 'op');
    return c.rng.chance(0.5)
      ? { kind: 'decide', command: { type: 'ApproveWithdrawal', data: { withdrawalId }, metadata } }
      : { kind: 'decide', command: { type: 'RejectWithdrawal', data: { withdrawalId, reason: 'checks failed' }, metadata } };
  },
};

const grabOf = (c: Ctx, p: Model['packets'][number], userId: string): Request => {
  const n = ++c.m.n;
  const eligible = p.target.type === 'user' ? p.target.id === userId : true;
  return { kind: 'grab', command: { type: 'GrabRedPacket', data: { redPacketId: p.redPacketId, userId, eligible }, metadata: meta(c, n, userId) } };
};

type Kind = keyof typeof planners;
const weights: [Kind, number][] = [
  ['order', 10],
  ['notice', 10],
  ['transfer', 12],
  ['settle', 8],
  ['fund', 8],
  ['grab', 14],
  ['gift', 10],
  ['exchange', 6],
  ['withdraw', 5],
  ['decide', 5],
];
const totalWeight = weights.reduce((s, [, w]) => s + w, 0);

/** Requests that need something made earlier fall back to a recharge order until it exists. */
const possible = (m: Model, k: Kind): boolean =>
  (k !== 'notice' || m.orders.length > 0) && (k !== 'settle' || m.transfers.length > 0) && (k !== 'grab' || m.packets.length > 0) && (k !== 'decide' || m.withdrawals.length > 0);

const pickKind = (rng: Rng, m: Model): Kind => {
  let x = rng.next() * totalWeight;
  for (const [k, w] of weights) {
    x -= w;
    if (x < 0) return possible(m, k) ? k : 'order';
  }
  return 'order';
};

/** One new request. */
export const plan = (rng: Rng, m: Model, now: number): Request => {
  const r = planners[pickKind(rng, m)]({ rng, m, now });
  m.sent.push(r);
  return r;
};

/** Many requests on one hot stream at once: every user grabbing one packet, or one wallet spending. */
export const storm = (rng: Rng, m: Model, now: number): Request[] => {
  const c = { rng, m, now };
  const p = m.packets.length > 0 && rng.chance(0.6) ? rng.pick(m.packets) : undefined;
  const out = p ? m.users.filter(() => rng.chance(0.8)).map((u) => grabOf(c, p, u)) : stormOnWallet(c);
  m.sent.push(...out);
  return out;
};

const stormOnWallet = (c: Ctx): Request[] => {
  const user = c.rng.pick(c.m.users);
  return Array.from({ length: c.rng.int(2, 6) }, () => {
    const r = planners[c.rng.pick(['transfer', 'gift', 'exchange', 'fund', 'withdraw'] as const)](c);
    return withUser(r, user);
  });
};

/** The same request from another wallet (a storm on one user): only the spending requests. */
const withUser = (r: Request, user: string): Request => {
  const metadata = { ...r.command.metadata, userId: user };
  switch (r.kind) {
    case 'transfer':
      return r.command.data.toUserId === user ? r : { kind: r.kind, command: { ...r.command, data: { ...r.command.data, fromUserId: user }, metadata } };
    case 'gift':
      return r.command.data.toUserId === user ? r : { kind: r.kind, command: { ...r.command, data: { ...r.command.data, fromUserId: user }, metadata } };
    case 'fund':
      return r.command.data.target.id === user ? r : { kind: r.kind, command: { ...r.command, data: { ...r.command.data, senderId: user }, metadata } };
    case 'withdraw':
      return { kind: r.kind, command: { ...r.command, data: { ...r.command.data, userId: user, account: `bank-${user}` }, metadata } };
    case 'exchange':
      return { kind: r.kind, command: { ...r.command, metadata } };
    case 'order':
    case 'notice':
    case 'settle':
    case 'grab':
    case 'decide':
      return r;
    default: {
      const never: never = r;
      return never;
    }
  }
};

/**
 * A retry of an earlier request: the same command id, at any later time (sometimes with the
 * time of the retry, as a use case stamps a retried request with its own clock). With the
 * `retry-new-id` sabotage, a retry is a new command, as a client without Idempotency-Key would send.
 */
export const retry = (rng: Rng, m: Model, now: number, newId: boolean): Request | null => {
  if (m.sent.length === 0) return null;
  const r = rng.pick(m.sent);
  const at = rng.chance(0.5) ? iso(now) : r.command.metadata.at;
  const commandId = newId ? `cmd:${++m.n}` : r.command.metadata.commandId;
  return restamp(r, { ...r.command.metadata, at, commandId });
};

const restamp = <R extends Request>(r: R, metadata: CommandMetadata): R => ({ ...r, command: { ...r.command, metadata } });
