// Recharge: an order, a payment provider's signed notification (paid or failed), and one credit
// per order. No surface credits money on a client's word: money arrives only through the
// provider's signed notification (the sandbox's, in dev mode).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CodedError } from '../../domain/errors.js';
import { rechargeOrderDecider, rechargeOrderStream, type PaymentProvider, type RechargeAsset, type RechargePurpose } from '../../domain/rechargeOrder.js';
import { getRechargeOrder as readOrder } from '../../projections/queries.js';
import { paymentSecret } from '../shared/config.js';
import { notFound } from './access.js';
import { amountFor } from './assets.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, systemMetadata, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { runWallet } from './follow.js';
import { creditRecharge } from './reactions.js';
import { settled } from './results.js';
import { payParams, requireProvider, type OrderProvider } from './rechargePay.js';
import { completeNumberOrder } from './vanityNumbers.js';

export interface PaymentNotification {
  orderId: string;
  amount: number;
  providerTxId: string;
  status: 'success' | 'failed';
}

/** A verified notification and whose it is: only the order's own provider settles it. */
export type ProviderNotification = PaymentNotification & { provider: PaymentProvider };

/** The provider's signature: hex HMAC-SHA256 of `orderId|amount|providerTxId|status`. */
export const signNotification = (secret: string, n: PaymentNotification): string =>
  createHmac('sha256', secret).update(`${n.orderId}|${n.amount}|${n.providerTxId}|${n.status}`).digest('hex');

const signatureOk = (expected: string, given: string) => {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(given.toLowerCase(), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
};

export interface RechargeOrderInput {
  asset?: RechargeAsset | undefined;
  amount: number;
  /** What the order pays for (vanityRegistration.ts), bought from the wallet once it is credited. */
  purpose?: RechargePurpose | undefined;
  /** Where the client pays (rechargePay.ts): the sandbox when none is named (dev mode only). */
  provider?: OrderProvider | undefined;
  /** The order's title at the provider (PAYMENT_ORDER_SUBJECT when none). */
  subject?: string | undefined;
}

/**
 * Any asset that allows recharge (cash when none is named), at least its minimum, at a provider
 * this server is configured for (else PAYMENT_PROVIDER_UNAVAILABLE and nothing is created). The
 * order is created once per Idempotency-Key; what the client pays with is computed after it, so a
 * retry after a provider's hiccup asks the provider again for the same order.
 */
export const createRechargeOrder = async (core: Core, caller: Caller, input: RechargeOrderInput, opts: CommandOptions = {}) => {
  const order = await runCommand(core, caller, 'createRechargeOrder', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const asset = input.asset ?? 'cash';
    const amount = amountFor(core, asset, 'recharge', input.amount);
    const provider = input.provider ?? 'sandbox';
    requireProvider(core, provider, { asset, amount });
    const orderId = newId();
    const extra = { ...(input.purpose !== undefined ? { purpose: input.purpose } : {}), provider };
    const r = await core.bus.handle(rechargeOrderDecider, rechargeOrderStream(orderId), {
      type: 'CreateRechargeOrder',
      data: { orderId, userId: user.userId, asset, amount, ...extra },
      metadata: meta,
    }, { fresh: true });
    await settled(core, r);
    return { orderId, asset, amount, provider, subject: input.subject ?? core.config.PAYMENT_ORDER_SUBJECT };
  });
  // A result kept for a key before orders named providers has none: those were the sandbox's.
  const kept: Partial<typeof order> = order;
  const pay = await payParams(core, { ...order, provider: kept.provider ?? 'sandbox', subject: kept.subject ?? core.config.PAYMENT_ORDER_SUBJECT, asset: kept.asset ?? 'cash' });
  return { orderId: order.orderId, status: 'pending' as const, provider: pay.provider, ...(pay.provider === 'sandbox' ? { payUrl: pay.payUrl } : {}), pay };
};

export const getRechargeOrder = async (core: Core, caller: Caller, input: { orderId: string }) => {
  const o = await readOrder(core.pool, input.orderId);
  if (!o || o.userId !== requireUser(caller).userId) throw notFound('recharge order');
  return { orderId: o.orderId, asset: o.asset, amount: o.amount, status: o.status, provider: o.provider };
};

/**
 * The provider's notification. One command id per (order, provider transaction, outcome): a
 * repeated notification is the same command, and the order pays (and credits) once.
 */
export const notifyPayment = async (core: Core, n: PaymentNotification & { sign: string }, correlationId?: string) => {
  if (!signatureOk(signNotification(paymentSecret(core.config), n), n.sign)) throw new CodedError('UNAUTHENTICATED', 'bad signature');
  // The HMAC-signed callback is the sandbox's (dev mode sends it for /v1/dev/payments/…).
  return settleNotification(core, { orderId: n.orderId, amount: n.amount, providerTxId: n.providerTxId, status: n.status, provider: 'sandbox' }, correlationId);
};

/**
 * A notification whose signature its provider's adapter verified: the order is confirmed or failed
 * once per (order, provider transaction, outcome), and a payment credits the wallet once. A
 * notification for a cancelled order changes nothing and credits nothing: it is acknowledged (so
 * the provider stops retrying) and logged for reconciliation (README, Cancelling an order).
 */
export const settleNotification = async (core: Core, n: ProviderNotification, correlationId?: string) => {
  const stream = rechargeOrderStream(n.orderId);
  const order = await core.bus.load(rechargeOrderDecider, stream);
  if (order.state.status === 'absent') throw notFound('recharge order', { orderId: n.orderId });
  const data = { orderId: n.orderId, amount: n.amount, providerTxId: n.providerTxId, provider: n.provider };
  const metadata = systemMetadata(core, `payment:${n.orderId}:${n.providerTxId}${n.status === 'failed' ? ':failed' : ''}`, correlationId);
  const r = await core.bus.handle(rechargeOrderDecider, stream, n.status === 'success' ? { type: 'ConfirmRechargePayment', data, metadata } : { type: 'FailRechargePayment', data, metadata });
  if (r.state.status === 'cancelled' && n.status === 'success') {
    core.log.warn({ orderId: n.orderId, providerTxId: n.providerTxId, amount: n.amount }, 'payment notified for a cancelled order: not credited; refund it at the provider');
  }
  const paid = r.events.find((e) => e.type === 'RechargeOrderPaid');
  const credit = paid?.type === 'RechargeOrderPaid' ? await runWallet(core.bus, creditRecharge(paid)) : null;
  await settled(core, r, credit);
  // An order that pays for a number buys it now, with the money just credited: only on the
  // notification that paid it (a repeat moves nothing). A crash between the two leaves the money
  // in the wallet, where buying the number from the wallet finishes it (README, im-groups-wallet).
  if (paid && r.state.status === 'paid' && r.state.purpose) await completeNumberOrder(core, { orderId: r.state.orderId, userId: r.state.userId, displayNumber: r.state.purpose.displayNumber });
  return { status: 'ok' as const, orderId: n.orderId };
};

/** The owner gives up a pending order; a paid or failed one is ORDER_SETTLED, a cancelled one stays so. */
export const cancelRechargeOrder = (core: Core, caller: Caller, input: { orderId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'cancelRechargeOrder', input, opts, async ({ meta }) => {
    requireUser(caller);
    const r = await core.bus.handle(rechargeOrderDecider, rechargeOrderStream(input.orderId), { type: 'CancelRechargeOrder', data: input, metadata: meta });
    await settled(core, r);
    return { orderId: input.orderId, status: 'cancelled' as const };
  });

/** The sandbox provider (dev mode): the signed notification a real provider would send for this order. */
export const sandboxNotification = async (core: Core, input: { orderId: string; outcome: 'succeed' | 'fail' }): Promise<PaymentNotification & { sign: string }> => {
  if (!core.config.DEV_MODE) throw notFound('sandbox');
  const order = await core.bus.load(rechargeOrderDecider, rechargeOrderStream(input.orderId));
  if (order.state.status === 'absent') throw notFound('recharge order');
  const n: PaymentNotification = {
    orderId: order.state.orderId,
    amount: order.state.amount,
    providerTxId: `sandbox-${order.state.orderId}`,
    status: input.outcome === 'succeed' ? 'success' : 'failed',
  };
  return { ...n, sign: signNotification(paymentSecret(core.config), n) };
};
