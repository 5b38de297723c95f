// Operator CLI: `npm run admin -- <command>`. Calls the same use cases as the operator routes,
// as the operator console (services/app, caller `system:cli`).
import { isDomainError } from '../../domain/errors.js';
import * as accounts from '../app/accounts.js';
import { systemCaller } from '../app/caller.js';
import type { Core } from '../app/core.js';
import { listParkedEvents, retryParked, type ParkedEvent } from '../app/parked.js';
import * as platform from '../app/platform.js';
import * as wallet from '../app/wallet.js';
import { connect } from '../composition/cli.js';

const usage = `usage: npm run admin -- <command>
  grant-role <userId> <auditor|operator>   give a user a role
  withdrawals [pending|paid|rejected]       list withdrawals (default pending)
  approve <withdrawalId>                    mark a withdrawal paid
  reject <withdrawalId> [reason]            reject it; the held amount returns to the user
  platform-accounts                         the platform's revenue accounts (fees, sales) and their balances
  platform-ledger <fees|sales>              an account's ledger, newest first (100 entries)
  parked [--consumer X] [--all]             events a consumer could not apply (--all: resolved too)
  retry-parked <id|all> [--consumer X]      apply them again (see README, Parked events); exit 1 if any stays parked`;

/** `--consumer X` and `--all` anywhere after the command; the rest stay positional. */
const options = (args: string[]) => {
  const positional: string[] = [];
  let consumer: string | undefined;
  let all = false;
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    if (x === '--consumer') consumer = args[++i];
    else if (x === '--all') all = true;
    else if (x !== undefined) positional.push(x);
  }
  return { positional, consumer, all };
};

/** One line per parked event: what, where, why, since when. */
const parkedLine = (p: ParkedEvent) =>
  JSON.stringify({
    id: p.id,
    consumer: p.consumer,
    type: p.type,
    streamId: p.streamId,
    position: p.position,
    status: p.status,
    attempts: p.attempts,
    error: p.error.code ? `${p.error.code}: ${p.error.message}` : p.error.message,
    parkedAt: p.parkedAt,
    ...(p.retriedAt ? { retriedAt: p.retriedAt } : {}),
    ...(p.detail ? { detail: p.detail } : {}),
  });

const cli = systemCaller('cli');
const line = (v: unknown) => process.stdout.write(`${JSON.stringify(v)}\n`);

class UsageError extends Error {}

/** Each command takes the arguments after its name and answers an exit code. */
const commands: Record<string, (core: Core, args: string[]) => Promise<number>> = {
  'grant-role': async (core, [userId, role]) => {
    if (!userId || (role !== 'auditor' && role !== 'operator')) throw new UsageError(usage);
    line(await accounts.grantRole(core, cli, { userId, role }));
    return 0;
  },
  withdrawals: async (core, [status]) => {
    const page = await wallet.listWithdrawals(core, cli, { status: status === 'paid' || status === 'rejected' ? status : 'pending', limit: 100 });
    for (const w of page.items) line(w);
    return 0;
  },
  approve: async (core, [withdrawalId]) => {
    if (!withdrawalId) throw new UsageError(usage);
    line(await wallet.decideWithdrawal(core, cli, { withdrawalId, decision: 'approve' }));
    return 0;
  },
  reject: async (core, [withdrawalId, reason]) => {
    if (!withdrawalId) throw new UsageError(usage);
    line(await wallet.decideWithdrawal(core, cli, { withdrawalId, decision: 'reject', ...(reason ? { reason } : {}) }));
    return 0;
  },
  'platform-accounts': async (core) => {
    for (const a of (await platform.listPlatformAccounts(core, cli)).items) line(a);
    return 0;
  },
  'platform-ledger': async (core, [account]) => {
    if (account !== 'fees' && account !== 'sales') throw new UsageError(usage);
    for (const e of (await platform.getPlatformLedger(core, cli, { account, limit: 100 })).items) line(e);
    return 0;
  },
  parked: async (core, args) => {
    const o = options(args);
    for (const p of await listParkedEvents(core, cli, { consumer: o.consumer, all: o.all })) process.stdout.write(`${parkedLine(p)}\n`);
    return 0;
  },
  'retry-parked': async (core, args) => {
    const o = options(args);
    const target = o.positional[0];
    if (!target || (target !== 'all' && !/^\d+$/.test(target))) throw new UsageError(usage);
    const outcomes = await retryParked(core, cli, { consumer: o.consumer, ...(target === 'all' ? {} : { ids: [target] }) });
    for (const r of outcomes) line(r);
    return outcomes.every((r) => r.status === 'resolved') ? 0 : 1;
  },
};

const main = async (argv: string[]): Promise<number> => {
  const [cmd, ...args] = argv;
  const run = cmd ? commands[cmd] : undefined;
  if (!run) {
    process.stdout.write(`${cmd && cmd !== 'help' && cmd !== '--help' ? `unknown command ${cmd}\n` : ''}${usage}\n`);
    return cmd === 'help' || cmd === '--help' ? 0 : 1;
  }
  const conn = await connect();
  try {
    return await run(conn.core, args);
  } catch (err) {
    process.stderr.write(`${isDomainError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await conn.close();
  }
};

void main(process.argv.slice(2)).then((code) => process.exit(code));
