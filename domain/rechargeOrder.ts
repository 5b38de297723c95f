// A recharge order: the user asks to buy cash or coins; the payment provider confirms, or
// reports that the payment failed. The provider may call back more than once, so a paid order
// ignores later confirmations, and the wallet is credited from RechargeOrderPaid (once per
// order) by a process manager. Money that arrived is never turned away: a failed order that
// the provider later confirms is paid, and a failure reported after a confirmation changes
// nothing.
//
// The owner may cancel a pending order (CancelRechargeOrder → RechargeOrderCancelled). A paid or
// failed order cannot be cancelled (ORDER_SETTLED). A cancelled order is closed for good: a
// confirmation or failure notice arriving after the cancel changes nothing and credits nothing
// (the use case acknowledges it to the provider and logs it for reconciliation: the money stays
// at the provider, outside every wallet, and is refunded there). This is the one exception to
// "money that arrived is never turned away": the owner said they no longer want it.
import type { CommandMetadata, Decider } from './aggregate.js';
import { requireAsset, type Asset } from './assets.js';
import { requireDisplayNumber } from './displayNumber.js';
import { fail } from './errors.js';
import { requireId, requirePositive } from './rules.js';

/** Any asset that allows recharge (checked by the service against configuration). */
export type RechargeAsset = Asset;
export type RechargeTerms = { orderId: string; userId: string; asset: RechargeAsset; amount: number };
/**
 * What the money is for, when the order pays for something (003's vanity-number registration): the
 * credit lands in the wallet as for any recharge, and the application layer then buys it from there.
 */
export type RechargePurpose = { kind: 'display_number'; displayNumber: string };
/**
 * Who takes the payment: the order is created at that provider, and only that provider's verified
 * notification settles it (PAYMENT_PROVIDER_MISMATCH otherwise). `signed` is 002's payment backend
 * (its signed server call). Orders created before providers were recorded have none: any verified
 * notification settles them, as before.
 */
export const paymentProviders = ['sandbox', 'alipay', 'wechat', 'apple', 'signed'] as const;
export type PaymentProvider = (typeof paymentProviders)[number];

type CreatedTerms = RechargeTerms & { purpose?: RechargePurpose; provider?: PaymentProvider };
export type RechargeOrderCreated = { type: 'RechargeOrderCreated'; data: CreatedTerms };
export type RechargeOrderPaid = { type: 'RechargeOrderPaid'; data: RechargeTerms & { providerTxId: string } };
export type RechargeOrderFailed = { type: 'RechargeOrderFailed'; data: RechargeTerms & { providerTxId: string } };
export type RechargeOrderCancelled = { type: 'RechargeOrderCancelled'; data: RechargeTerms };
export type RechargeOrderEvent = RechargeOrderCreated | RechargeOrderPaid | RechargeOrderFailed | RechargeOrderCancelled;

export type CreateRechargeOrder = { type: 'CreateRechargeOrder'; data: CreatedTerms; metadata: CommandMetadata };
/** What a verified notification says; `provider`: whose notification it is (the order's must match). */
type Notified = { orderId: string; amount: number; providerTxId: string; provider?: PaymentProvider };
/** From the provider's verified callback; `amount` is what the provider says was paid. */
export type ConfirmRechargePayment = { type: 'ConfirmRechargePayment'; data: Notified; metadata: CommandMetadata };
/** From the provider's verified failure notice. */
export type FailRechargePayment = { type: 'FailRechargePayment'; data: Notified; metadata: CommandMetadata };
/** The owner (metadata.userId) gives up a pending order. */
export type CancelRechargeOrder = { type: 'CancelRechargeOrder'; data: { orderId: string }; metadata: CommandMetadata };
export type RechargeOrderCommand = CreateRechargeOrder | ConfirmRechargePayment | FailRechargePayment | CancelRechargeOrder;

export type RechargeOrder =
  | { status: 'absent' }
  | ({ status: 'pending' } & CreatedTerms)
  | ({ status: 'paid' } & CreatedTerms & { providerTxId: string })
  | ({ status: 'failed' } & CreatedTerms & { providerTxId: string })
  | ({ status: 'cancelled' } & CreatedTerms);

export const initialState = (): RechargeOrder => ({ status: 'absent' });

export const evolve = (s: RechargeOrder, e: RechargeOrderEvent): RechargeOrder => {
  switch (e.type) {
    case 'RechargeOrderCreated':
      return s.status === 'absent' ? { status: 'pending', ...e.data } : s;
    case 'RechargeOrderPaid':
      return s.status === 'pending' || s.status === 'failed' ? { ...s, status: 'paid', providerTxId: e.data.providerTxId } : s;
    case 'RechargeOrderFailed':
      return s.status === 'pending' ? { ...s, status: 'failed', providerTxId: e.data.providerTxId } : s;
    case 'RechargeOrderCancelled':
      return s.status === 'pending' ? { ...s, status: 'cancelled' } : s;
    default:
      return s;
  }
};

const cancel = (c: CancelRechargeOrder, s: RechargeOrder): RechargeOrderEvent[] => {
  // Someone else's order is not found: its existence is the owner's business.
  if (s.status === 'absent' || s.userId !== c.metadata.userId) return fail('NOT_FOUND', 'no such order', { orderId: c.data.orderId });
  if (s.status === 'cancelled') return [];
  if (s.status !== 'pending') return fail('ORDER_SETTLED', `a ${s.status} order cannot be cancelled`, { orderId: s.orderId, status: s.status });
  const { orderId, userId, asset, amount } = s;
  return [{ type: 'RechargeOrderCancelled', data: { orderId, userId, asset, amount } }];
};

const create = (c: CreateRechargeOrder, s: RechargeOrder): RechargeOrderEvent[] => {
  if (s.status !== 'absent') return fail('CONFLICT', 'this order already exists', { orderId: c.data.orderId });
  const { orderId, userId, asset, amount, purpose, provider } = c.data;
  if (purpose !== undefined && purpose.kind !== 'display_number') return fail('VALIDATION_FAILED', 'an order pays for a display number or for nothing', { field: 'purpose' });
  if (purpose !== undefined) requireDisplayNumber('purpose.displayNumber', purpose.displayNumber);
  if (provider !== undefined && !paymentProviders.includes(provider)) return fail('VALIDATION_FAILED', 'no such payment provider', { field: 'provider' });
  const terms = { orderId: requireId('orderId', orderId), userId: requireId('userId', userId), asset: requireAsset('asset', asset), amount: requirePositive('amount', amount) };
  const extra = { ...(purpose !== undefined ? { purpose: { kind: purpose.kind, displayNumber: purpose.displayNumber } } : {}), ...(provider !== undefined ? { provider } : {}) };
  return [{ type: 'RechargeOrderCreated', data: { ...terms, ...extra } }];
};

const settle = (c: ConfirmRechargePayment | FailRechargePayment, s: RechargeOrder): RechargeOrderEvent[] => {
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such order', { orderId: c.data.orderId });
  if (s.status === 'cancelled') return [];
  // An order created at one provider is settled by that provider's notification only.
  if (s.provider !== undefined && c.data.provider !== s.provider) return fail('PAYMENT_PROVIDER_MISMATCH', `this order is paid through ${s.provider}`, { orderId: s.orderId, provider: s.provider });
  // A wrong amount is refused even on a settled order: it is never a harmless repeat.
  if (c.data.amount !== s.amount) return fail('AMOUNT_MISMATCH', 'the notified amount differs from the order', { expected: s.amount, actual: c.data.amount });
  const { orderId, userId, asset, amount } = s;
  const data = { orderId, userId, asset, amount, providerTxId: requireId('providerTxId', c.data.providerTxId) };
  if (c.type === 'ConfirmRechargePayment') return s.status === 'paid' ? [] : [{ type: 'RechargeOrderPaid', data }];
  return s.status === 'pending' ? [{ type: 'RechargeOrderFailed', data }] : [];
};

export const decide = (c: RechargeOrderCommand, s: RechargeOrder): RechargeOrderEvent[] => {
  switch (c.type) {
    case 'CreateRechargeOrder':
      return create(c, s);
    case 'ConfirmRechargePayment':
    case 'FailRechargePayment':
      return settle(c, s);
    case 'CancelRechargeOrder':
      return cancel(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const rechargeOrderStream = (orderId: string): string => `recharge-${orderId}`;

export const rechargeOrderDecider: Decider<RechargeOrder, RechargeOrderCommand, RechargeOrderEvent> = { initialState, evolve, decide };
