// chat-wallet's (002) server-to-server recharge: its payment backend tells the product that a user
// paid, signing the call with a shared key (CHAT_WALLET_SIGN_KEY, never in code). The credit runs
// as a recharge order paid by that signed notice, so it is the one recharge flow the audit knows:
// order created, paid, credited once. The order id derives from the signature, so a replayed call
// (same text, same signature) is the same order and credits nothing more; two real recharges of
// the same amount differ by their `orderNo`.
import { rechargeOrderDecider, rechargeOrderStream } from '../../domain/rechargeOrder.js';
import { requireUserExists } from './access.js';
import { amountFor } from './assets.js';
import { systemMetadata } from './command.js';
import type { Core } from './core.js';
import { runWallet } from './follow.js';
import { creditRecharge } from './reactions.js';
import { settled } from './results.js';
import { hmacHex, requireSigned, signatureDigest } from './signedCalls.js';

export interface SignedRechargeInput {
  userId: string;
  /** Minor units of cash. */
  amount: number;
  /** The caller's reference for this recharge (optional; makes two equal recharges distinct). */
  orderNo?: string | undefined;
  /** Hex HMAC-SHA256 of signedText(input) under the key. */
  sign: string;
}

/** What is signed: `amount=<fen>&orderNo=<ref>&userId=<id>` (orderNo empty when absent). */
export const signedText = (i: Omit<SignedRechargeInput, 'sign'>): string => `amount=${i.amount}&orderNo=${i.orderNo ?? ''}&userId=${i.userId}`;

export const signRecharge = (key: string, i: Omit<SignedRechargeInput, 'sign'>): string => hmacHex(key, signedText(i));


export const creditSignedRecharge = async (core: Core, input: SignedRechargeInput, correlationId?: string) => {
  requireSigned(core.config.CHAT_WALLET_SIGN_KEY, signedText(input), input.sign, 'recharges');
  const amount = amountFor(core, 'cash', 'recharge', input.amount);
  await requireUserExists(core, input.userId);
  // A decimal id (ids are digits) from the signature: the same signed call is the same order.
  const orderId = (BigInt(`0x${signatureDigest(input.sign).slice(0, 15)}`) + 1n).toString();
  const stream = rechargeOrderStream(orderId);
  const order = await core.bus.load(rechargeOrderDecider, stream);
  if (order.state.status === 'absent') {
    const created = await core.bus.handle(rechargeOrderDecider, stream, {
      type: 'CreateRechargeOrder',
      data: { orderId, userId: input.userId, asset: 'cash', amount, provider: 'signed' },
      metadata: systemMetadata(core, `signed-recharge:${orderId}`, correlationId),
    });
    await settled(core, created);
  }
  const data = { orderId, amount, providerTxId: `signed-${orderId}`, provider: 'signed' as const };
  const r = await core.bus.handle(rechargeOrderDecider, stream, { type: 'ConfirmRechargePayment', data, metadata: systemMetadata(core, `payment:${orderId}:signed`, correlationId) });
  const paid = r.events.find((e) => e.type === 'RechargeOrderPaid');
  const credit = paid?.type === 'RechargeOrderPaid' ? await runWallet(core.bus, creditRecharge(paid)) : null;
  await settled(core, r, credit);
  return { orderId, amount, balance: credit?.state.cash ?? null };
};
