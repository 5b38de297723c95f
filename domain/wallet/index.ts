// A user's wallet (stream `wallet-<userId>`), and the platform's revenue accounts, which are
// wallets too (`wallet-platform:<account>`): fees and sales land there, so money never leaves
// the books by way of a fee. One balance per asset, never below zero; every event a ledger entry.
// The parts: events.ts, commands.ts, state.ts (state and evolve), decide.ts.
import type { Decider } from '../aggregate.js';
import type { WalletCommand } from './commands.js';
import { decide } from './decide.js';
import type { WalletEvent } from './events.js';
import { evolve, initialState, type Wallet } from './state.js';

export * from './events.js';
export * from './commands.js';
export { MAX_TRANSFER_NOTE_LENGTH, MAX_WITHDRAWAL_ACCOUNT_LENGTH, decide } from './decide.js';
export { balanceOf, balancesOf, canCredit, evolve, initialState, type Wallet } from './state.js';
export type { Asset } from '../assets.js';

export const walletStream = (userId: string): string => `wallet-${userId}`;

/** The platform's revenue accounts: `fees` (withdrawal fees, later transfer fees), `sales` (what the platform sells). */
export const platformAccounts = ['fees', 'sales'] as const;
export type PlatformAccount = (typeof platformAccounts)[number];

const PLATFORM = 'platform:';
/** The wallet owner of a platform account. No user id can be one (ids are digits; inputs refuse `:`). */
export const platformOwner = (account: PlatformAccount): string => `${PLATFORM}${account}`;
export const isPlatformOwner = (owner: string): boolean => owner.startsWith(PLATFORM);
export const platformWalletStream = (account: PlatformAccount): string => walletStream(platformOwner(account));

export const walletDecider: Decider<Wallet, WalletCommand, WalletEvent> = { initialState, evolve, decide };
