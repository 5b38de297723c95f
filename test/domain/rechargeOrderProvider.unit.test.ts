// A recharge order records the provider it was created at (#22), and only that provider's
// notification settles it: another's is PAYMENT_PROVIDER_MISMATCH, paid or pending, success or
// failure. Orders from before providers were recorded take any verified notification, as before.
import t from 'tap';
import { rechargeOrderDecider, type PaymentProvider, type RechargeOrderCommand, type RechargeOrderEvent } from '../../domain/rechargeOrder.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const order = spec(rechargeOrderDecider);
const terms = { orderId: 'o1', userId: 'ann', asset: 'cash', amount: 500 } as const;
const created: RechargeOrderEvent = { type: 'RechargeOrderCreated', data: { ...terms, provider: 'alipay' } };
const legacy: RechargeOrderEvent = { type: 'RechargeOrderCreated', data: terms };
const paid: RechargeOrderEvent = { type: 'RechargeOrderPaid', data: { ...terms, providerTxId: 'alipay-1' } };
const notice = (type: 'ConfirmRechargePayment' | 'FailRechargePayment', provider?: PaymentProvider): RechargeOrderCommand => ({
  type,
  data: { orderId: 'o1', amount: 500, providerTxId: `${provider ?? 'x'}-1`, ...(provider ? { provider } : {}) },
  metadata: meta(at),
});

t.test('given an order created at alipay, then the provider is recorded with it', async (t) => {
  order.given([]).when({ type: 'CreateRechargeOrder', data: { ...terms, provider: 'alipay' }, metadata: meta(at, 'ann') }).then([created]);
  t.match(order.given([created]).state(), { status: 'pending', provider: 'alipay' });
  order.given([]).when({ type: 'CreateRechargeOrder', data: { ...terms, provider: 'paypal' as PaymentProvider }, metadata: meta(at, 'ann') }).thenThrows('VALIDATION_FAILED', { field: 'provider' });
});

t.test('when another provider’s notification (or one naming none) arrives, then PAYMENT_PROVIDER_MISMATCH, pending or paid', async () => {
  for (const p of ['wechat', 'sandbox', 'apple', 'signed', undefined] as const) {
    order.given([created]).when(notice('ConfirmRechargePayment', p)).thenThrows('PAYMENT_PROVIDER_MISMATCH', { provider: 'alipay' });
    order.given([created]).when(notice('FailRechargePayment', p)).thenThrows('PAYMENT_PROVIDER_MISMATCH');
    order.given([created, paid]).when(notice('ConfirmRechargePayment', p)).thenThrows('PAYMENT_PROVIDER_MISMATCH');
  }
});

t.test('when its own provider’s notification arrives, then it pays (once)', async () => {
  order.given([created]).when(notice('ConfirmRechargePayment', 'alipay')).then([{ type: 'RechargeOrderPaid', data: { ...terms, providerTxId: 'alipay-1' } }]);
  order.given([created, paid]).when(notice('ConfirmRechargePayment', 'alipay')).then([]);
});

t.test('given an order from before providers were recorded, then any verified notification settles it', async () => {
  order.given([legacy]).when(notice('ConfirmRechargePayment', 'wechat')).then([{ type: 'RechargeOrderPaid', data: { ...terms, providerTxId: 'wechat-1' } }]);
});

t.test('given a cancelled order, then another provider’s notice changes nothing and is not refused', async () => {
  const cancelled: RechargeOrderEvent = { type: 'RechargeOrderCancelled', data: terms };
  order.given([created, cancelled]).when(notice('ConfirmRechargePayment', 'wechat')).then([]);
});
