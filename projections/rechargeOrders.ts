// RechargeOrder: an order's status, for GET /v1/recharge-orders/:orderId.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Both statements are upserts, safe to repeat.
import type { PaymentProvider, RechargeAsset } from '../domain/rechargeOrder.js';
import type { Projection } from './projection.js';
import { handling, int, type Db } from './support.js';


const handled = handling(['RechargeOrderCreated', 'RechargeOrderPaid', 'RechargeOrderFailed', 'RechargeOrderCancelled'] as const);

export const rechargeOrdersProjection: Projection = {
  name: 'rechargeOrders',
  tables: ['recharge_orders'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    const { orderId, userId, asset, amount } = e.data;
    switch (e.type) {
      case 'RechargeOrderCreated':
        // The provider is only on Created: a row a later event made first takes it now.
        await tx.query(
          `insert into recharge_orders (order_id, user_id, asset, amount, status, created_at, provider) values ($1, $2, $3, $4, 'pending', $5, $6)
           on conflict (order_id) do update set provider = coalesce(recharge_orders.provider, excluded.provider)`,
          [orderId, userId, asset, amount, event.metadata.at, e.data.provider ?? null],
        );
        return;
      case 'RechargeOrderPaid':
        // Paid carries the whole order, so it stands alone even if Created was never seen.
        await tx.query(
          `insert into recharge_orders (order_id, user_id, asset, amount, status, created_at, paid_at) values ($1, $2, $3, $4, 'paid', $5, $5)
           on conflict (order_id) do update set status = 'paid', paid_at = coalesce(recharge_orders.paid_at, excluded.paid_at)`,
          [orderId, userId, asset, amount, event.metadata.at],
        );
        return;
      case 'RechargeOrderFailed':
      case 'RechargeOrderCancelled':
        // Only a pending order fails or is cancelled; a payment after either is the upsert above.
        await tx.query(
          `insert into recharge_orders (order_id, user_id, asset, amount, status, created_at) values ($1, $2, $3, $4, $6, $5)
           on conflict (order_id) do update set status = excluded.status where recharge_orders.status = 'pending'`,
          [orderId, userId, asset, amount, event.metadata.at, e.type === 'RechargeOrderFailed' ? 'failed' : 'cancelled'],
        );
        return;
      default:
        return;
    }
  },
};

export interface RechargeOrderView {
  orderId: string;
  userId: string;
  asset: RechargeAsset;
  amount: number;
  status: 'pending' | 'paid' | 'failed' | 'cancelled';
  /** Where it is paid; null for orders from before providers were recorded. */
  provider: PaymentProvider | null;
}

export const getRechargeOrder = async (db: Db, orderId: string): Promise<RechargeOrderView | null> => {
  type Row = { order_id: string; user_id: string; asset: RechargeAsset; amount: number | string; status: RechargeOrderView['status']; provider: PaymentProvider | null };
  const r = await db.query<Row>('select order_id, user_id, asset, amount, status, provider from recharge_orders where order_id = $1', [orderId]);
  const row = r.rows[0];
  return row ? { orderId: row.order_id, userId: row.user_id, asset: row.asset, amount: int(row.amount), status: row.status, provider: row.provider } : null;
};
