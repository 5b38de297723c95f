// A user's payout accounts: the bank cards and Alipay accounts withdrawals are paid to. One stream
// per user (`payout-<userId>`), so the cap holds under concurrent additions. Only masked numbers
// enter the log (the service masks; the full number is a table row, like the pay password's
// hash, kept out of the exported log). Only the owner (metadata.userId) adds and removes; whether
// the owner is verified (an approved real name) is the service's check, passed in as `verified`.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { requireId, requireText } from './rules.js';

export const payoutKinds = ['bank_card', 'alipay'] as const;
export type PayoutKind = (typeof payoutKinds)[number];

export type PayoutAccountTerms = { userId: string; accountId: string; kind: PayoutKind; maskedNumber: string; bank?: string; holder: string };
export type PayoutAccountAdded = { type: 'PayoutAccountAdded'; data: PayoutAccountTerms };
export type PayoutAccountRemoved = { type: 'PayoutAccountRemoved'; data: { userId: string; accountId: string } };
export type PayoutAccountEvent = PayoutAccountAdded | PayoutAccountRemoved;

/** `max` is configuration; `verified` is the owner's approved real name (the service reads it). */
export type AddPayoutAccount = { type: 'AddPayoutAccount'; data: PayoutAccountTerms & { max: number; verified: boolean }; metadata: CommandMetadata };
export type RemovePayoutAccount = { type: 'RemovePayoutAccount'; data: { userId: string; accountId: string }; metadata: CommandMetadata };
export type PayoutAccountCommand = AddPayoutAccount | RemovePayoutAccount;

export type PayoutAccounts = { accounts: readonly PayoutAccountTerms[] };

export const initialState = (): PayoutAccounts => ({ accounts: [] });

export const evolve = (s: PayoutAccounts, e: PayoutAccountEvent): PayoutAccounts => {
  switch (e.type) {
    case 'PayoutAccountAdded':
      return s.accounts.some((a) => a.accountId === e.data.accountId) ? s : { accounts: [...s.accounts, e.data] };
    case 'PayoutAccountRemoved':
      return { accounts: s.accounts.filter((a) => a.accountId !== e.data.accountId) };
    default:
      return s;
  }
};

/** A masked number shows at most its last four characters. */
const MASKED = /^\*+[0-9A-Za-z@._-]{0,4}$/;

const owner = (c: PayoutAccountCommand): string => {
  if (c.metadata.userId === undefined) return fail('UNAUTHENTICATED', 'sign in first');
  if (c.metadata.userId !== c.data.userId) return fail('FORBIDDEN', 'only the owner manages payout accounts');
  return c.data.userId;
};

const add = (c: AddPayoutAccount, s: PayoutAccounts): PayoutAccountEvent[] => {
  const userId = owner(c);
  const { accountId, kind, maskedNumber, bank, holder, max, verified } = c.data;
  const existing = s.accounts.find((a) => a.accountId === accountId);
  if (existing) return [];
  if (!verified) return fail('NOT_ELIGIBLE', 'verify your real name before adding a payout account');
  if (!payoutKinds.includes(kind)) return fail('VALIDATION_FAILED', `kind must be one of ${payoutKinds.join(', ')}`, { field: 'kind' });
  if (!MASKED.test(maskedNumber)) return fail('VALIDATION_FAILED', 'the number must be masked', { field: 'maskedNumber' });
  if (s.accounts.some((a) => a.kind === kind && a.maskedNumber === maskedNumber && a.bank === bank)) return fail('CONFLICT', 'this account is already on file', { maskedNumber });
  if (s.accounts.length >= max) return fail('PAYOUT_ACCOUNT_LIMIT', `at most ${max} payout accounts`, { max });
  const data: PayoutAccountTerms = {
    userId,
    accountId: requireId('accountId', accountId),
    kind,
    maskedNumber,
    ...(bank !== undefined ? { bank: requireText('bank', bank, { max: 40 }) } : {}),
    holder: requireText('holder', holder, { max: 40 }),
  };
  return [{ type: 'PayoutAccountAdded', data }];
};

export const decide = (c: PayoutAccountCommand, s: PayoutAccounts): PayoutAccountEvent[] => {
  switch (c.type) {
    case 'AddPayoutAccount':
      return add(c, s);
    case 'RemovePayoutAccount': {
      const userId = owner(c);
      if (!s.accounts.some((a) => a.accountId === c.data.accountId)) return fail('NOT_FOUND', 'no such payout account', { accountId: c.data.accountId });
      return [{ type: 'PayoutAccountRemoved', data: { userId, accountId: c.data.accountId } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const payoutAccountsStream = (userId: string): string => `payout-${userId}`;

export const payoutAccountsDecider: Decider<PayoutAccounts, PayoutAccountCommand, PayoutAccountEvent> = { initialState, evolve, decide };
