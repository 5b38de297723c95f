// A recharge order that pays for something (003's vanity-number registration): the purpose is
// recorded with the order and kept in its state; the payment and the credit are a recharge's.
import t from 'tap';
import { rechargeOrderDecider, type RechargeOrderCommand, type RechargeOrderEvent } from '../../domain/rechargeOrder.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const order = spec(rechargeOrderDecider);
const terms = { orderId: 'o1', userId: 'ann', asset: 'cash', amount: 18_800 } as const;
const purpose = { kind: 'display_number', displayNumber: '5566012' } as const;
const create = (p: unknown): RechargeOrderCommand => ({ type: 'CreateRechargeOrder', data: { ...terms, purpose: p as typeof purpose }, metadata: meta(at, 'ann') });
const created: RechargeOrderEvent = { type: 'RechargeOrderCreated', data: { ...terms, purpose } };

t.test('given an order for a number, when created, then the purpose is recorded and kept through the payment', async (t) => {
  order.given([]).when(create(purpose)).then([created]);
  order.given([created]).when({ type: 'ConfirmRechargePayment', data: { orderId: 'o1', amount: 18_800, providerTxId: 'tx' }, metadata: meta(at) }).then([{ type: 'RechargeOrderPaid', data: { ...terms, providerTxId: 'tx' } }]);
  const s = order.given([created, { type: 'RechargeOrderPaid', data: { ...terms, providerTxId: 'tx' } }]).state();
  t.match(s, { status: 'paid', purpose });
});

t.test('then a purpose of another kind or a malformed number is refused', async () => {
  order.given([]).when(create({ kind: 'group_level', displayNumber: '5566012' })).thenThrows('VALIDATION_FAILED', { field: 'purpose' });
  order.given([]).when(create({ kind: 'display_number', displayNumber: '0556601' })).thenThrows('VALIDATION_FAILED', { field: 'purpose.displayNumber' });
});
