// A recharge order: the user asks to buy cash or coins; the payment provider confirms. The
// provider may call back more than once, so a paid order ignores later confirmations, and the
// wallet is credited from RechargeOrderPaid (once per order) by a process manager.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { requireId, requirePositive } from './rules.js';

export type RechargeAsset = 'cash' | 'coins';
export type RechargeTerms = { orderId: string; userId: string; asset: RechargeAsset; amount: number };

export type RechargeOrderCreated = { type: 'RechargeOrderCreated'; data: RechargeTerms };
export type RechargeOrderPaid = { type: 'RechargeOrderPaid'; data: RechargeTerms & { providerTxId: string } };
export type RechargeOrderEvent = RechargeOrderCreated | RechargeOrderPaid;

export type CreateRechargeOrder = { type: 'CreateRechargeOrder'; data: RechargeTerms; metadata: CommandMetadata };
/** From the provider's verified callback; `amount` is what the provider says was paid. */
export type ConfirmRechargePayment = { type: 'ConfirmRechargePayment'; data: { orderId: string; amount: number; providerTxId: string }; metadata: CommandMetadata };
export type RechargeOrderCommand = CreateRechargeOrder | ConfirmRechargePayment;

export type RechargeOrder = { status: 'absent' } | ({ status: 'pending' } & RechargeTerms) | ({ status: 'paid' } & RechargeTerms & { providerTxId: string });

export const initialState = (): RechargeOrder => ({ status: 'absent' });

export const evolve = (s: RechargeOrder, e: RechargeOrderEvent): RechargeOrder => {
  switch (e.type) {
    case 'RechargeOrderCreated':
      return s.status === 'absent' ? { status: 'pending', ...e.data } : s;
    case 'RechargeOrderPaid':
      return s.status === 'pending' ? { ...s, status: 'paid', providerTxId: e.data.providerTxId } : s;
    default:
      return s;
  }
};

export const decide = (c: RechargeOrderCommand, s: RechargeOrder): RechargeOrderEvent[] => {
  switch (c.type) {
    case 'CreateRechargeOrder': {
      if (s.status !== 'absent') return fail('CONFLICT', 'this order already exists', { orderId: c.data.orderId });
      const { orderId, userId, asset, amount } = c.data;
      return [{ type: 'RechargeOrderCreated', data: { orderId: requireId('orderId', orderId), userId: requireId('userId', userId), asset, amount: requirePositive('amount', amount) } }];
    }
    case 'ConfirmRechargePayment': {
      if (s.status === 'absent') return fail('NOT_FOUND', 'no such order', { orderId: c.data.orderId });
      // A wrong amount is refused even on a paid order: it is never a harmless repeat.
      if (c.data.amount !== s.amount) return fail('AMOUNT_MISMATCH', 'the paid amount differs from the order', { expected: s.amount, actual: c.data.amount });
      if (s.status === 'paid') return [];
      const { orderId, userId, asset, amount } = s;
      return [{ type: 'RechargeOrderPaid', data: { orderId, userId, asset, amount, providerTxId: requireId('providerTxId', c.data.providerTxId) } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const rechargeOrderStream = (orderId: string): string => `recharge-${orderId}`;

export const rechargeOrderDecider: Decider<RechargeOrder, RechargeOrderCommand, RechargeOrderEvent> = { initialState, evolve, decide };
