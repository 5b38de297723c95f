// The platform's revenue accounts (wallets `platform:fees`, `platform:sales`): fees and sales are
// credited there, so the audit's conservation sum still closes. Operators read them.
import { balancesOf, platformAccounts, platformOwner, platformWalletStream, walletDecider, type PlatformAccount } from '../../domain/wallet/index.js';
import { listLedger, type PageRequest } from '../../projections/queries.js';
import { requireRole, type Caller } from './caller.js';
import type { Core } from './core.js';
import { ledgerFilter, type LedgerFilterInput } from './wallet.js';

export const listPlatformAccounts = async (core: Core, caller: Caller) => {
  requireRole(caller, 'operator');
  const items = await Promise.all(
    platformAccounts.map(async (account) => {
      const w = await core.bus.load(walletDecider, platformWalletStream(account));
      return { account, balances: balancesOf(w.state), version: w.revision + 1 };
    }),
  );
  return { items };
};

export const getPlatformLedger = (core: Core, caller: Caller, input: PageRequest & LedgerFilterInput & { account: PlatformAccount }) => {
  requireRole(caller, 'operator');
  return listLedger(core.pool, platformOwner(input.account), input, ledgerFilter(input));
};
