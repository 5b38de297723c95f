// Operator CLI: `npm run admin -- <command>`. Acts through the same aggregates as the API.
//   grant-role <userId> <auditor|operator>
//   withdrawals [pending|paid|rejected]
//   approve <withdrawalId> | reject <withdrawalId> [reason]
//   parked [--consumer X] [--all] | retry-parked <id|all> [--consumer X]
import { randomUUID } from 'node:crypto';
import { accountDecider, accountStream, type Role } from '../../domain/account.js';
import { withdrawalDecider, withdrawalStream } from '../../domain/withdrawal.js';
import { isDomainError } from '../../domain/errors.js';
import { listWithdrawals } from '../../projections/queries.js';
import { follow } from '../process/flows.js';
import { listParkedEvents, retryParked, type ParkedEvent } from '../app/parked.js';
import { connect, type Connection } from './connect.js';

const usage = `usage: npm run admin -- <command>
  grant-role <userId> <auditor|operator>   give a user a role
  withdrawals [pending|paid|rejected]       list withdrawals (default pending)
  approve <withdrawalId>                    mark a withdrawal paid
  reject <withdrawalId> [reason]            reject it; the held amount returns to the user
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

const isParkedCommand = (cmd: string): cmd is 'parked' | 'retry-parked' => cmd === 'parked' || cmd === 'retry-parked';

const parkedCommand = async (conn: Connection, cmd: 'parked' | 'retry-parked', args: string[]): Promise<number> => {
  const o = options(args);
  if (cmd === 'parked') {
    for (const p of await listParkedEvents(conn, { consumer: o.consumer, all: o.all })) process.stdout.write(`${parkedLine(p)}\n`);
    return 0;
  }
  const target = o.positional[0];
  if (!target || (target !== 'all' && !/^\d+$/.test(target))) throw new Error(usage);
  const outcomes = await retryParked(conn, { consumer: o.consumer, ...(target === 'all' ? {} : { ids: [target] }) });
  for (const r of outcomes) process.stdout.write(`${JSON.stringify(r)}\n`);
  return outcomes.every((r) => r.status === 'resolved') ? 0 : 1;
};

const main = async (argv: string[]): Promise<number> => {
  const [cmd, a, b] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help') {
    process.stdout.write(`${usage}\n`);
    return cmd ? 0 : 1;
  }
  const conn = await connect();
  const meta = () => ({ commandId: `cli:${randomUUID()}`, userId: 'operator-cli', at: new Date().toISOString() });
  try {
    switch (cmd) {
      case 'grant-role': {
        if (!a || (b !== 'auditor' && b !== 'operator')) throw new Error(usage);
        const role: Role = b;
        const r = await conn.bus.handle(accountDecider, accountStream(a), { type: 'GrantRole', data: { userId: a, role }, metadata: meta() });
        process.stdout.write(`${JSON.stringify({ userId: a, roles: r.state.status === 'registered' ? r.state.roles : [] })}\n`);
        return 0;
      }
      case 'withdrawals': {
        const status = a === 'paid' || a === 'rejected' ? a : 'pending';
        const page = await listWithdrawals(conn.pool, { status, limit: 100 });
        for (const w of page.items) process.stdout.write(`${JSON.stringify(w)}\n`);
        return 0;
      }
      case 'approve':
      case 'reject': {
        if (!a) throw new Error(usage);
        const r = await conn.bus.handle(withdrawalDecider, withdrawalStream(a), {
          type: cmd === 'approve' ? 'ApproveWithdrawal' : 'RejectWithdrawal',
          data: { withdrawalId: a, ...(cmd === 'reject' && b ? { reason: b } : {}) },
          metadata: meta(),
        });
        for (const e of r.events) await follow(conn.bus, e);
        process.stdout.write(`${JSON.stringify({ withdrawalId: a, status: r.state.status })}\n`);
        return 0;
      }
      default:
        if (isParkedCommand(cmd)) return await parkedCommand(conn, cmd, argv.slice(1));
        process.stderr.write(`unknown command ${cmd}\n${usage}\n`);
        return 1;
    }
  } catch (err) {
    process.stderr.write(`${isDomainError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await conn.close();
  }
};

void main(process.argv.slice(2)).then((code) => process.exit(code));
