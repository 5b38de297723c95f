import t from 'tap';
import { rechargeOrderDecider, rechargeOrderStream, type RechargeOrderCommand, type RechargeOrderEvent } from '../../domain/rechargeOrder.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const order = spec(rechargeOrderDecider);

const terms = { orderId: 'o1', userId: 'ann', asset: 'coins', amount: 600 } as const;
const created: RechargeOrderEvent = { type: 'RechargeOrderCreated', data: terms };
const paid: RechargeOrderEvent = { type: 'RechargeOrderPaid', data: { ...terms, providerTxId: 'tx9' } };
const failed: RechargeOrderEvent = { type: 'RechargeOrderFailed', data: { ...terms, providerTxId: 'tx9' } };
const confirm = (amount: number): RechargeOrderCommand => ({ type: 'ConfirmRechargePayment', data: { orderId: 'o1', amount, providerTxId: 'tx9' }, metadata: meta(at) });
const failure = (amount: number): RechargeOrderCommand => ({ type: 'FailRechargePayment', data: { orderId: 'o1', amount, providerTxId: 'tx9' }, metadata: meta(at) });

t.test('the stream id comes from the order id', async (t) => t.equal(rechargeOrderStream('1'), 'recharge-1'));

t.test('an order is created pending, once', async (t) => {
  const create: RechargeOrderCommand = { type: 'CreateRechargeOrder', data: terms, metadata: meta(at, 'ann') };
  order.given([]).when(create).then([created]);
  order.given([created]).when(create).thenThrows('CONFLICT');
  order.given([]).when({ ...create, data: { ...terms, amount: 0 } }).thenThrows('VALIDATION_FAILED');
  t.equal(order.given([created]).state().status, 'pending');
});

t.test('payment of the order amount marks it paid with the whole intent', async () => {
  order.given([created]).when(confirm(600)).then([paid]);
});

t.test('a repeated callback pays once', async () => {
  order.given([created, paid]).when(confirm(600)).then([]);
});

t.test('a wrong amount is refused with both amounts', async () => {
  order.given([created]).when(confirm(599)).thenThrows('AMOUNT_MISMATCH', { expected: 600, actual: 599 });
  order.given([created, paid]).when(confirm(601)).thenThrows('AMOUNT_MISMATCH');
});

t.test('an unknown order is not found', async () => {
  order.given([]).when(confirm(600)).thenThrows('NOT_FOUND');
});

t.test('given a pending order, when the provider reports a failure, then it fails once and moves no money', async (t) => {
  order.given([created]).when(failure(600)).then([failed]);
  order.given([created, failed]).when(failure(600)).then([]);
  t.equal(order.given([created, failed]).state().status, 'failed');
  order.given([created]).when(failure(599)).thenThrows('AMOUNT_MISMATCH', { expected: 600, actual: 599 });
  order.given([]).when(failure(600)).thenThrows('NOT_FOUND');
});

t.test('given a failed order, when the provider then confirms the payment, then the money is taken: the order is paid', async (t) => {
  order.given([created, failed]).when(confirm(600)).then([paid]);
  t.equal(order.given([created, failed, paid]).state().status, 'paid');
});

t.test('given a paid order, when a failure is reported later, then nothing changes', async (t) => {
  order.given([created, paid]).when(failure(600)).then([]);
  t.equal(order.given([created, paid]).state().status, 'paid');
});
