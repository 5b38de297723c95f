// Operator CLI: `npm run admin -- <command>`. Calls the same use cases as the operator routes,
// as the operator console (services/app, caller `system:cli`).
import { isDomainError } from '../../domain/errors.js';
import * as accounts from '../app/accounts.js';
import * as groups from '../app/groups.js';
import { systemCaller } from '../app/caller.js';
import type { Core } from '../app/core.js';
import * as displayNumbers from '../app/displayNumbers.js';
import { listParkedEvents, retryParked, type ParkedEvent } from '../app/parked.js';
import * as realNames from '../app/realNames.js';
import * as sessions from '../app/sessionControl.js';
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
  retry-parked <id|all> [--consumer X]      apply them again (see README, Parked events); exit 1 if any stays parked
  real-name [pending|approved|rejected]     real-name submissions with their full values (default pending)
  real-name approve <userId>                approve a pending verification
  real-name reject <userId> [reason]        reject it (the user may submit again)
  display-number <userId> <number>          give a user another display number; the old one is retired for ever
  backfill-display-numbers                  number every user registered before display numbers existed
  revoke-sessions <userId>                  end every session of a user (their tokens stop working, sockets close)
  group-level <groupId> <0-4> [--days N | --until <ISO time>]
                                            set a group's level (its member cap); without an end it lasts`;

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

const reviewStatuses = ['pending', 'approved', 'rejected'] as const;
const isReviewStatus = (s: string | undefined): s is (typeof reviewStatuses)[number] => s !== undefined && (reviewStatuses as readonly string[]).includes(s);

/** `real-name [status]` lists; `real-name approve|reject <userId> [reason]` decides. */
const realName = async (core: Core, [what, userId, reason]: string[]): Promise<number> => {
  if (what === 'approve' || what === 'reject') {
    if (!userId) throw new UsageError(usage);
    line(await realNames.decideRealName(core, cli, { userId, decision: what, ...(what === 'reject' && reason ? { reason } : {}) }));
    return 0;
  }
  if (what !== undefined && !isReviewStatus(what)) throw new UsageError(usage);
  const page = await realNames.listRealNames(core, cli, { status: what ?? 'pending', limit: 100 });
  for (const r of page.items) line(r);
  return 0;
};

/** `--days N` from now or `--until <ISO time>`; neither: no end. */
const levelEnd = (args: string[]): string | null => {
  const [flag, value] = args;
  if (flag === undefined) return null;
  if (flag === '--days' && value !== undefined && /^\d+$/.test(value)) return new Date(Date.now() + Number(value) * 86_400_000).toISOString();
  if (flag === '--until' && value !== undefined && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  throw new UsageError(usage);
};

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
  'real-name': realName,
  'display-number': async (core, [userId, displayNumber]) => {
    if (!userId || !displayNumber) throw new UsageError(usage);
    line(await displayNumbers.replaceDisplayNumber(core, cli, { userId, displayNumber }));
    return 0;
  },
  'backfill-display-numbers': async (core) => {
    line(await displayNumbers.backfillDisplayNumbers(core, cli));
    return 0;
  },
  'revoke-sessions': async (core, [userId]) => {
    if (!userId) throw new UsageError(usage);
    line(await sessions.revokeUserSessions(core, cli, { userId }));
    return 0;
  },
  'group-level': async (core, [groupId, level, ...rest]) => {
    if (!groupId || !level || !/^[0-4]$/.test(level)) throw new UsageError(usage);
    line(await groups.setGroupLevel(core, cli, { groupId, level: Number(level), expiresAt: levelEnd(rest) }));
    return 0;
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
