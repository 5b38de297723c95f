// Auditor CLI: `npm run audit -- <command>`. Thin: parsing, progress and output; the logic is in
// services/audit/. Exit code 0 when nothing was found, 1 on a finding, 2 on a usage error.
// Reaches the data like the operator CLI (services/composition/cli.ts): DATABASE_URL, else the running
// instance on DATA_DIR, else it starts the embedded database itself.
import cliProgress from 'cli-progress';
import { readModels } from '../../projections/index.js';
import * as audit from '../app/audit.js';
import { systemCaller } from '../app/caller.js';
import { auditJson, renderRebuild, renderReplay, renderVerify } from '../audit/report.js';
import { replay, streamKinds } from '../audit/replay.js';
import { connect, type CliConnection } from '../composition/cli.js';

/** The auditor at the console: the CLI acts with the operator console's rights. */
const auditor = systemCaller('cli');

type Connection = CliConnection['core'];

const usage = `usage: npm run audit -- <command> [--json]
  replay <streamId>                    the stream's events with the aggregate state after each
                                       (streams: ${streamKinds.map((p) => `${p}…`).join(' ')})
  verify [--stale-after <seconds>]     recompute every wallet from the raw log, check each balanceAfter
                                       chain, every flow and red packet, conservation per asset, and
                                       compare with the wallet_balances read model; a flow unfinished
                                       for longer than --stale-after (default 300) is a finding, and so
                                       is every event a consumer parked
  rebuild <projection|all> [--swap] [--wait <seconds>]
                                       rebuild read models from position 0 into schema "rebuild",
                                       diff with the live tables; --swap replaces the live contents
  export [--from <position>]           the log as NDJSON on stdout (GET /v1/audit/events items)
Exit code: 0 nothing found, 1 a finding (imbalance, broken chain, read-model difference, stale flow,
parked event), 2 usage.`;

type Args = { positional: string[]; json: boolean; swap: boolean; from: number; waitSeconds: number; staleAfterSeconds: number };

class UsageError extends Error {}

const number = (flag: string, v: string | undefined): number => {
  const n = Number(v);
  if (v === undefined || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`${flag} needs a whole number`);
  return n;
};

const parse = (argv: string[]): Args => {
  const a: Args = { positional: [], json: false, swap: false, from: 0, waitSeconds: 5, staleAfterSeconds: 300 };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--json') a.json = true;
    else if (x === '--swap') a.swap = true;
    else if (x === '--from') a.from = number('--from', argv[++i]);
    else if (x === '--wait') a.waitSeconds = number('--wait', argv[++i]);
    else if (x === '--stale-after') a.staleAfterSeconds = number('--stale-after', argv[++i]);
    else if (x !== undefined && x.startsWith('--')) throw new UsageError(`unknown option ${x}`);
    else if (x !== undefined) a.positional.push(x);
  }
  return a;
};

/** A progress bar on stderr; silent when stderr is not a terminal (cli-progress's default). */
const progressBar = (label: string) => {
  const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} positions`, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(value: number, total: number) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(value);
    },
    stop: () => started && bar.stop(),
  };
};

const print = (s: string) => new Promise<void>((resolve) => (process.stdout.write(s) ? resolve() : process.stdout.once('drain', resolve)));

const runVerify = async (core: Connection, args: Args): Promise<number> => {
  const bar = progressBar('verify');
  const { full, rm, parked } = await audit.verifyAudit(core, auditor, { staleAfterMs: args.staleAfterSeconds * 1000, onProgress: (p, head) => bar.update(p, head) });
  bar.stop();
  await print(args.json ? `${auditJson(full)}\n` : renderVerify(full, { ...rm, checkpoint: full.readModel.checkpoint }, parked));
  return full.ok ? 0 : 1;
};

const runRebuild = async (conn: Connection, args: Args): Promise<number> => {
  const target = args.positional[1];
  const all = readModels({ pokeTimers: () => {} });
  const chosen = target === 'all' ? all : all.filter((p) => p.name === target);
  if (!target || chosen.length === 0) throw new UsageError(`rebuild needs a projection: all, ${all.map((p) => p.name).join(', ')}`);
  const bar = progressBar('rebuild');
  const diffs = await audit.rebuild(conn, auditor, chosen, { swap: args.swap, waitMs: args.waitSeconds * 1000, onProgress: (p, h) => bar.update(p, h) });
  bar.stop();
  // After a swap the live tables are the rebuild: a difference found before it is still a finding.
  const ok = diffs.every((d) => d.equal || d.operational);
  await print(args.json ? `${JSON.stringify({ ok, projections: diffs })}\n` : renderRebuild(diffs) + (ok ? 'RESULT: OK — the read models equal a rebuild from the log.\n' : 'RESULT: FINDINGS — see above.\n'));
  return ok ? 0 : 1;
};

const runExport = async (conn: Connection, args: Args): Promise<number> => {
  // --from is inclusive, as fromPosition in GET /v1/audit/events.
  for await (const e of audit.exportLog(conn, auditor, Math.max(0, args.from - 1))) await print(`${JSON.stringify(audit.toAuditEvent(e))}\n`);
  return 0;
};

const runReplay = async (conn: Connection, args: Args): Promise<number> => {
  const streamId = args.positional[1];
  if (!streamId) throw new UsageError('replay needs a stream id');
  const steps = replay(streamId, await audit.readStreamEvents(conn, auditor, streamId));
  await print(args.json ? `${JSON.stringify({ streamId, steps })}\n` : renderReplay(streamId, steps));
  return 0;
};

const commands: Record<string, (conn: Connection, args: Args) => Promise<number>> = { verify: runVerify, rebuild: runRebuild, export: runExport, replay: runReplay };

const main = async (argv: string[]): Promise<number> => {
  let args: Args;
  try {
    args = parse(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${usage}\n`);
    return 2;
  }
  const cmd = args.positional[0];
  if (!cmd || cmd === 'help' || argv.includes('--help')) {
    process.stdout.write(`${usage}\n`);
    return cmd ? 0 : 2;
  }
  const run = commands[cmd];
  if (!run) {
    process.stderr.write(`unknown command ${cmd}\n${usage}\n`);
    return 2;
  }
  const conn = await connect();
  try {
    return await run(conn.core, args);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof UsageError ? 2 : 1;
  } finally {
    await conn.close();
  }
};

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
