// Purchases from the platform: the buyer's wallet pays (PurchasePaid, reason `purchase`) and the
// platform's `sales` account receives it (SaleReceived, `sale`), then the product is delivered.
// Each product derives the debit's command id from what is bought and by whom, so a retried or
// concurrent purchase, with any Idempotency-Key, is one debit; delivery commands derive from the
// debit, so a retry after a crash delivers what was paid for, once.
import type { CommandMetadata } from '../../domain/aggregate.js';
import { CodedError } from '../../domain/errors.js';
import { balanceOf, walletDecider, walletStream, type PurchaseItem } from '../../domain/wallet/index.js';
import { uuidFromName } from '../shared/ids.js';
import type { Core } from './core.js';
import { follow } from './follow.js';
import { balanceAfter, eventOf } from './results.js';

/** An id for (what, who), the same on every request. */
export const purchaseIdFor = (item: PurchaseItem, buyerId: string, salt = ''): string => uuidFromName(`purchase\u0000${item.kind}\u0000${item.id}\u0000${buyerId}\u0000${salt}`);

export const balanceNow = async (core: Core, userId: string, asset: string): Promise<number> => balanceOf((await core.bus.load(walletDecider, walletStream(userId))).state, asset);

/** Refuses before anything is claimed or moved when the buyer cannot pay (the debit re-checks). */
export const requireFunds = async (core: Core, userId: string, asset: string, amount: number): Promise<void> => {
  const w = await core.bus.load(walletDecider, walletStream(userId));
  const balance = balanceOf(w.state, asset);
  if (balance < amount) throw new CodedError('INSUFFICIENT_FUNDS', 'not enough balance for this purchase', { asset, balance, price: amount });
};

/** The buyer pays the platform for an item; the sale follows at once (and again from the log). */
export const payPlatform = async (core: Core, p: { buyerId: string; item: PurchaseItem; asset: string; amount: number; purchaseId: string }, meta: CommandMetadata) => {
  const { buyerId, item, asset, amount, purchaseId } = p;
  const r = await core.bus.handle(walletDecider, walletStream(buyerId), {
    type: 'PayPurchase',
    data: { purchaseId, userId: buyerId, item, asset, amount },
    metadata: { ...meta, commandId: `purchase:${purchaseId}` },
  });
  const paid = eventOf(r, 'PurchasePaid');
  const sale = await follow(core.bus, paid);
  return { paid, results: [r, sale] as const, balance: balanceAfter(paid.data.changes, asset) ?? 0 };
};
