// Instant payments: pay a user at once, with no accept step (a transfer created and accepted in
// one decision, so it is listed, pushed and audited as a transfer), directly or by scanning a QR
// receipt (receipts.ts). The payer's wallet is debited first with the whole intent; the transfer
// stream and the payee's credit follow at once, and again from the log if a crash intervened.
import { assetField, assetOr } from '../../domain/assets.js';
import type { CommandMetadata } from '../../domain/aggregate.js';
import { CodedError } from '../../domain/errors.js';
import { canCredit, walletDecider, walletStream } from '../../domain/wallet/index.js';
import { requireUserExists } from './access.js';
import { amountFor } from './assets.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { follow } from './follow.js';
import { requirePayPassword, withoutSecret, type PayPasswordInput } from './payPassword.js';
import { balanceAfter, eventOf, settled } from './results.js';

export interface InstantPayInput {
  toUserId: string;
  /** Any asset that allows transfers (cash when none is named). */
  asset?: string | undefined;
  amount: number;
  note?: string | undefined;
  payPassword?: PayPasswordInput | undefined;
}

export interface InstantPayment {
  transferId: string;
  status: 'accepted';
  toUserId: string;
  asset: string;
  amount: number;
  /** The payer's balance of the asset after the payment. */
  balance: number;
}

/**
 * The payment itself, for a direct payment and a receipt's. `debit` is the payer's debit command
 * id: the request's own, or one derived from the receipt, so one receipt is paid once per payer.
 */
export const payNow = async (core: Core, caller: Caller, input: InstantPayInput, meta: CommandMetadata, debit: string, transferId: string): Promise<InstantPayment> => {
  const user = requireUser(caller);
  const { toUserId, note } = input;
  const asset = assetOr(input.asset);
  const amount = amountFor(core, asset, 'transfer', input.amount);
  if (toUserId === user.userId) throw new CodedError('SELF_TRANSFER', 'you cannot transfer to yourself');
  await requireUserExists(core, toUserId, 'recipient');
  // Settled at once: a credit the payee's wallet would refuse (past the largest balance) is refused first.
  const payee = await core.bus.load(walletDecider, walletStream(toUserId));
  if (!canCredit(payee.state, asset, amount)) throw new CodedError('CONFLICT', 'this credit would exceed the largest balance a wallet can hold', { toUserId });
  await requirePayPassword(core, caller, 'instant_pay', input.payPassword, meta);
  const r = await core.bus.handle(walletDecider, walletStream(user.userId), {
    type: 'SendTransfer',
    data: { transferId, fromUserId: user.userId, toUserId, ...assetField(asset), amount, ...(note !== undefined ? { note } : {}), expiresAt: meta.at, instant: true },
    metadata: { ...meta, commandId: debit },
  });
  const sent = eventOf(r, 'TransferSent');
  const created = await follow(core.bus, sent);
  const accepted = created?.events.find((e) => e.type === 'TransferAccepted');
  const credited = accepted ? await follow(core.bus, accepted) : null;
  await settled(core, r, created, credited);
  const paid = sent.data;
  return { transferId: paid.transferId, status: 'accepted', toUserId: paid.toUserId, asset: assetOr(paid.asset), amount: paid.amount, balance: balanceAfter(paid.changes, assetOr(paid.asset)) ?? 0 };
};

/** Pays a user at once: the payee is credited in the same request, nothing to accept. */
export const payInstantly = (core: Core, caller: Caller, input: InstantPayInput, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'payInstantly', withoutSecret(input), opts, ({ meta, newId }) => payNow(core, caller, input, meta, meta.commandId, newId()));
