// Operator CLI: `npm run admin -- <command>`. Calls the same use cases as the operator routes,
// as the operator console (services/app, caller `system:cli`).
import { isDomainError } from '../../domain/errors.js';
import * as accounts from '../app/accounts.js';
import { systemCaller } from '../app/caller.js';
import type { Core } from '../app/core.js';
import * as wallet from '../app/wallet.js';
import { connect } from '../composition/cli.js';

const usage = `usage: npm run admin -- <command>
  grant-role <userId> <auditor|operator>   give a user a role
  withdrawals [pending|paid|rejected]       list withdrawals (default pending)
  approve <withdrawalId>                    mark a withdrawal paid
  reject <withdrawalId> [reason]            reject it; the held amount returns to the user`;

const cli = systemCaller('cli');
const line = (v: unknown) => process.stdout.write(`${JSON.stringify(v)}\n`);

class UsageError extends Error {}

const commands: Record<string, (core: Core, a: string | undefined, b: string | undefined) => Promise<void>> = {
  'grant-role': async (core, userId, role) => {
    if (!userId || (role !== 'auditor' && role !== 'operator')) throw new UsageError(usage);
    line(await accounts.grantRole(core, cli, { userId, role }));
  },
  withdrawals: async (core, status) => {
    const page = await wallet.listWithdrawals(core, cli, { status: status === 'paid' || status === 'rejected' ? status : 'pending', limit: 100 });
    for (const w of page.items) line(w);
  },
  approve: async (core, withdrawalId) => {
    if (!withdrawalId) throw new UsageError(usage);
    line(await wallet.decideWithdrawal(core, cli, { withdrawalId, decision: 'approve' }));
  },
  reject: async (core, withdrawalId, reason) => {
    if (!withdrawalId) throw new UsageError(usage);
    line(await wallet.decideWithdrawal(core, cli, { withdrawalId, decision: 'reject', ...(reason ? { reason } : {}) }));
  },
};

const main = async (argv: string[]): Promise<number> => {
  const [cmd, a, b] = argv;
  const run = cmd ? commands[cmd] : undefined;
  if (!run) {
    process.stdout.write(`${cmd && cmd !== 'help' && cmd !== '--help' ? `unknown command ${cmd}\n` : ''}${usage}\n`);
    return cmd === 'help' || cmd === '--help' ? 0 : 1;
  }
  const conn = await connect();
  try {
    await run(conn.core, a, b);
    return 0;
  } catch (err) {
    process.stderr.write(`${isDomainError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await conn.close();
  }
};

void main(process.argv.slice(2)).then((code) => process.exit(code));
