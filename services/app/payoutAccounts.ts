// Payout accounts: where a user's withdrawals are paid (bank cards and Alipay accounts). Adding
// one needs an approved real name (the account is the verified person's; its holder is shown as
// the masked real name), at most PAYOUT_ACCOUNTS_MAX per user. Every answer and event shows the
// number masked (`****` and its last four); the full number is a table row for the payout
// (migration 0046), deleted with the account. A withdrawal may name one by `accountId`.
import { accountDecider, accountStream } from '../../domain/account.js';
import { CodedError } from '../../domain/errors.js';
import { payoutAccountsDecider, payoutAccountsStream, type PayoutAccountTerms, type PayoutKind } from '../../domain/payoutAccounts.js';
import { notFound } from './access.js';
import { bankOfCard } from './cardBins.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

/** Luhn's check: catches a mistyped digit or two swapped neighbours on a card number. */
const luhn = (digits: string): boolean => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
};

const normalized = (kind: PayoutKind, raw: string): string => {
  const n = raw.replace(/[\s-]/g, '');
  if (kind === 'bank_card') {
    if (!/^\d{12,19}$/.test(n) || !luhn(n)) throw new CodedError('VALIDATION_FAILED', 'not a valid card number', { field: 'number' });
    return n;
  }
  if (!/^1\d{10}$/.test(n) && !/^[^\s@]{1,64}@[^\s@]{1,200}\.[A-Za-z]{2,}$/.test(n)) throw new CodedError('VALIDATION_FAILED', 'an Alipay account is a mobile number or an email address', { field: 'number' });
  return n;
};

export const maskNumber = (n: string): string => `****${n.slice(-4)}`;

const view = (a: PayoutAccountTerms) => ({ accountId: a.accountId, kind: a.kind, maskedNumber: a.maskedNumber, bank: a.bank ?? null, holder: a.holder });

export const listPayoutAccounts = async (core: Core, caller: Caller) => {
  const { userId } = requireUser(caller);
  const s = await core.bus.load(payoutAccountsDecider, payoutAccountsStream(userId));
  return { items: s.state.accounts.map(view), max: core.config.PAYOUT_ACCOUNTS_MAX };
};

export const addPayoutAccount = (core: Core, caller: Caller, input: { kind: PayoutKind; number: string; bank?: string | undefined }, opts: CommandOptions = {}) =>
  // The full number stays out of the Idempotency-Key's stored request: only its mask is hashed.
  runCommand(core, caller, 'addPayoutAccount', { kind: input.kind, masked: maskNumber(input.number), bank: input.bank }, opts, async ({ meta, newId }) => {
    const { userId } = requireUser(caller);
    const number = normalized(input.kind, input.number);
    // A card bound by number alone names its bank by its BIN where it can (cardBins.ts).
    const bank = input.bank ?? (input.kind === 'bank_card' ? bankOfCard(number) : undefined);
    if (input.kind === 'bank_card' && bank === undefined) throw new CodedError('VALIDATION_FAILED', 'a bank card names its bank', { field: 'bank' });
    const account = await core.bus.load(accountDecider, accountStream(userId));
    if (account.state.status !== 'registered') throw notFound('user');
    const real = account.state.realName;
    if (real.status !== 'approved') throw new CodedError('NOT_ELIGIBLE', 'verify your real name before adding a payout account');
    const accountId = newId();
    await core.pool.query('insert into payout_account_numbers (account_id, user_id, number) values ($1, $2, $3) on conflict do nothing', [accountId, userId, number]);
    const refused = async (err: unknown) => {
      await core.pool.query('delete from payout_account_numbers where account_id = $1', [accountId]);
      throw err;
    };
    const r = await core.bus.handle(payoutAccountsDecider, payoutAccountsStream(userId), {
      type: 'AddPayoutAccount',
      data: {
        userId,
        accountId,
        kind: input.kind,
        maskedNumber: maskNumber(number),
        ...(input.kind === 'bank_card' && bank !== undefined ? { bank } : {}),
        holder: real.maskedName,
        max: core.config.PAYOUT_ACCOUNTS_MAX,
        verified: true,
      },
      metadata: meta,
    }).catch(refused);
    await settled(core, r);
    const added = r.state.accounts.find((a) => a.accountId === accountId);
    if (!added) throw notFound('payout account');
    return view(added);
  });

export const removePayoutAccount = (core: Core, caller: Caller, input: { accountId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'removePayoutAccount', input, opts, async ({ meta }) => {
    const { userId } = requireUser(caller);
    const r = await core.bus.handle(payoutAccountsDecider, payoutAccountsStream(userId), { type: 'RemovePayoutAccount', data: { userId, accountId: input.accountId }, metadata: meta });
    await core.pool.query('delete from payout_account_numbers where account_id = $1 and user_id = $2', [input.accountId, userId]);
    await settled(core, r);
    return { accountId: input.accountId, removed: true as const };
  });

/** What a withdrawal records of the account it is paid to: kind, bank, masked number and id. */
export const payoutAccountLabel = async (core: Core, userId: string, accountId: string): Promise<string> => {
  const s = await core.bus.load(payoutAccountsDecider, payoutAccountsStream(userId));
  const a = s.state.accounts.find((x) => x.accountId === accountId);
  if (!a) throw notFound('payout account', { accountId });
  return [a.kind, a.bank, a.maskedNumber, `#${a.accountId}`].filter((x) => x !== undefined).join(' ');
};
