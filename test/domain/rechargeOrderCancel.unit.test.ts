// Cancelling a recharge order: only its owner, only while pending; a cancelled order takes no
// later payment or failure notice.
import t from 'tap';
import { rechargeOrderDecider, type RechargeOrderCommand, type RechargeOrderEvent } from '../../domain/rechargeOrder.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const order = spec(rechargeOrderDecider);

const terms = { orderId: 'o1', userId: 'ann', asset: 'cash', amount: 600 } as const;
const created: RechargeOrderEvent = { type: 'RechargeOrderCreated', data: terms };
const paid: RechargeOrderEvent = { type: 'RechargeOrderPaid', data: { ...terms, providerTxId: 'tx9' } };
const failed: RechargeOrderEvent = { type: 'RechargeOrderFailed', data: { ...terms, providerTxId: 'tx9' } };
const cancelled: RechargeOrderEvent = { type: 'RechargeOrderCancelled', data: terms };
const cancel = (by: string): RechargeOrderCommand => ({ type: 'CancelRechargeOrder', data: { orderId: 'o1' }, metadata: meta(at, by) });
const confirm: RechargeOrderCommand = { type: 'ConfirmRechargePayment', data: { orderId: 'o1', amount: 600, providerTxId: 'tx9' }, metadata: meta(at) };
const failure: RechargeOrderCommand = { type: 'FailRechargePayment', data: { orderId: 'o1', amount: 600, providerTxId: 'tx9' }, metadata: meta(at) };

t.test('given a pending order, when its owner cancels it, then it is cancelled, once', async (t) => {
  order.given([created]).when(cancel('ann')).then([cancelled]);
  order.given([created, cancelled]).when(cancel('ann')).then([]);
  t.equal(order.given([created, cancelled]).state().status, 'cancelled');
});

t.test('given someone else’s order or none, when cancelled, then it is not found', async () => {
  order.given([created]).when(cancel('bob')).thenThrows('NOT_FOUND');
  order.given([]).when(cancel('ann')).thenThrows('NOT_FOUND');
});

t.test('given a paid or failed order, when cancelled, then ORDER_SETTLED', async () => {
  order.given([created, paid]).when(cancel('ann')).thenThrows('ORDER_SETTLED');
  order.given([created, failed]).when(cancel('ann')).thenThrows('ORDER_SETTLED');
});

t.test('given a cancelled order, when the provider confirms or fails it later, then nothing happens (no credit follows)', async (t) => {
  order.given([created, cancelled]).when(confirm).then([]);
  order.given([created, cancelled]).when(failure).then([]);
  t.equal(order.given([created, cancelled, paid]).state().status, 'cancelled', 'a stray paid event never reopens it');
});
