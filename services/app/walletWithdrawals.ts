// Withdrawals as the wallet apps ask for them (003 `/wallet/withdraw`, 002's signed server call
// `/wallet/getValidateNum`): the core's withdrawal (wallet.ts: held at once, paid out or returned
// by an operator) to a payout account on file (payoutAccounts.ts). The seeds name no account:
// the one named by `accountId`, else the caller's first; without one on file nothing moves
// (bind a card first).
//
// 002's call comes from its payment backend, not the app: it names the user and is signed with
// CHAT_WALLET_SIGN_KEY (hex HMAC-SHA256 of `withdraw&amount=<fen>&orderNo=<ref>&userId=<id>`, a
// text no recharge signature covers). Its Idempotency-Key derives from the signature, so a
// replayed call answers the first withdrawal and holds nothing more.
import { CodedError } from '../../domain/errors.js';
import { requireUserExists } from './access.js';
import { requireUser, type Caller } from './caller.js';
import type { CommandOptions } from './command.js';
import type { Core } from './core.js';
import { listPayoutAccounts } from './payoutAccounts.js';
import { hmacHex, requireSigned, signatureDigest } from './signedCalls.js';
import { requestWithdrawal } from './wallet.js';

export const withdrawToPayoutAccount = async (core: Core, caller: Caller, input: { amount: number; accountId?: string | undefined }, opts: CommandOptions = {}) => {
  const { userId } = requireUser(caller);
  const { items } = await listPayoutAccounts(core, caller);
  const account = input.accountId !== undefined ? items.find((a) => a.accountId === input.accountId) : items[0];
  if (!account) throw new CodedError('VALIDATION_FAILED', input.accountId !== undefined ? 'no such payout account' : 'bind a bank card first', { field: 'accountId' });
  const w = await requestWithdrawal(core, caller, { asset: 'cash', amount: input.amount, accountId: account.accountId }, opts);
  return { ...w, userId, amount: input.amount, account };
};

export interface SignedWithdrawalInput {
  userId: string;
  /** Minor units of cash. */
  amount: number;
  orderNo?: string | undefined;
  sign: string;
}

export const signedWithdrawalText = (i: Omit<SignedWithdrawalInput, 'sign'>): string => `withdraw&amount=${i.amount}&orderNo=${i.orderNo ?? ''}&userId=${i.userId}`;

export const signWithdrawal = (key: string, i: Omit<SignedWithdrawalInput, 'sign'>): string => hmacHex(key, signedWithdrawalText(i));


export const withdrawSigned = async (core: Core, input: SignedWithdrawalInput, correlationId?: string) => {
  requireSigned(core.config.CHAT_WALLET_SIGN_KEY, signedWithdrawalText(input), input.sign, 'withdrawals');
  await requireUserExists(core, input.userId);
  // The signature vouches for the user: the withdrawal runs as theirs, once per signed call.
  const caller: Caller = { kind: 'user', userId: input.userId, roles: [], app: 'chat-wallet' };
  const idempotencyKey = `signed-withdrawal:${signatureDigest(input.sign).slice(0, 40)}`;
  return withdrawToPayoutAccount(core, caller, { amount: input.amount }, { idempotencyKey, ...(correlationId !== undefined ? { correlationId } : {}) });
};
