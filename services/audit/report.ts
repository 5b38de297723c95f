// Human-readable renderings of the audit results. The JSON forms (--json) are the objects
// themselves, written by auditJson; these are for a person reading a terminal.
import type { ParkedEvent } from '../shared/consumers/parking.js';
import type { ProjectionDiff } from './rebuild.js';
import type { ReplayStep } from './replay.js';
import type { ReadModelComparison, VerifyReport } from './verify.js';

const pad = (s: string | number | bigint, n: number) => String(s).padStart(n);

/**
 * JSON with the audit's bigint amounts: a number while it is a safe integer (so every real log
 * reads as before and `difference === 0` still holds for a script), a decimal string once it is
 * not (exact, where a number would round). A reader that must handle any size accepts both.
 */
export const auditJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'bigint' ? (v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString()) : v,
  );

/** " (stream, position n)" as much of it as the finding has. */
const whereOf = (f: { streamId?: string; position?: number }): string => {
  const parts = [f.streamId, f.position !== undefined ? `position ${f.position}` : undefined].filter((x) => x !== undefined);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
};

const parkedLines = (parked: readonly ParkedEvent[]): string[] => [
  '',
  `Parked events (a consumer could not apply them; npm run admin -- parked): ${parked.length}`,
  ...parked.slice(0, 20).map((p) => `  #${p.id} ${p.consumer} ${p.type} ${p.streamId ?? ''}@${p.position ?? '-'}: ${p.error.message}`),
  ...(parked.length > 20 ? [`  … and ${parked.length - 20} more`] : []),
];

export const renderVerify = (r: VerifyReport, rm: ReadModelComparison & { checkpoint: number }, parked: readonly ParkedEvent[] | null = null): string => {
  const out: string[] = [];
  out.push(`Audited ${r.events} events up to position ${r.lastPosition}; ${r.wallets.length} wallets recomputed from their deltas.`, '');
  out.push('Conservation per asset');
  out.push('  held     = user wallets + platform wallets (fees, sales) + open red packets + pending transfers + pending withdrawals + in flight');
  out.push('  expected = recharged − withdrawn + exchanged in − exchanged out − gift coins + gift income', '');
  const cols = ['asset', 'wallets', 'platform', 'redPackets', 'transfers', 'withdrawals', 'inFlight', 'held', 'recharged', 'withdrawn', 'exchIn', 'exchOut', 'giftsOut', 'giftsIncome', 'expected', 'difference'];
  out.push(`  ${cols.map((c) => pad(c, 12)).join('')}`);
  for (const l of r.conservation) {
    const v = [l.asset, l.wallets, l.platform, l.redPackets, l.transfers, l.withdrawals, l.inFlight, l.held, l.recharged, l.withdrawn, l.exchangedIn, l.exchangedOut, l.giftsOut, l.giftsIncome, l.expected, l.difference];
    out.push(`  ${v.map((x) => pad(x, 12)).join('')}`);
  }
  out.push('', `In flight for at most ${r.stale.afterSeconds} s (not a loss; the process manager is behind): ${r.inFlight.length}`);
  for (const i of r.inFlight.slice(0, 20)) {
    out.push(`  ${i.flow} ${i.id}: waiting for ${i.waitingFor}, ${i.amount} ${i.asset} (counted in ${i.heldIn}) since position ${i.since}${i.sinceAt ? ` (${i.sinceAt})` : ''}`);
  }
  if (r.inFlight.length > 20) out.push(`  … and ${r.inFlight.length - 20} more (--json lists all)`);
  out.push(
    '',
    `Read model wallet_balances at checkpoint ${rm.checkpoint}: ${r.wallets.length - rm.behind.length - rm.newer.length} wallets compared, ${rm.behind.length} behind (lag), ${rm.newer.length} newer than the log read.`,
  );
  if (parked !== null) out.push(...parkedLines(parked));
  out.push('', `Findings: ${r.findings.length}`);
  for (const f of r.findings.slice(0, 50)) out.push(`  [${f.kind}] ${f.message}${whereOf(f)}`);
  if (r.findings.length > 50) out.push(`  … and ${r.findings.length - 50} more (--json lists all)`);
  out.push('', r.ok ? 'RESULT: OK — every cent is accounted for.' : 'RESULT: FINDINGS — see above.');
  return `${out.join('\n')}\n`;
};

export const renderRebuild = (diffs: readonly ProjectionDiff[]): string => {
  const out: string[] = [];
  for (const d of diffs) {
    const verdict = d.equal ? 'equal' : d.operational ? 'differs (operational table, not a finding)' : 'DIFFERS';
    out.push(`${d.projection}: ${verdict} at position ${d.rebuiltTo} (live checkpoint ${d.liveCheckpoint}${d.liveBehind ? ', live was behind' : ''})${d.swapped ? ', swapped in' : ''}`);
    for (const t of d.tables) {
      out.push(`  ${t.table}: live ${t.liveRows} rows, rebuilt ${t.rebuiltRows} rows, ${t.onlyLive} only live, ${t.onlyRebuilt} only rebuilt`);
      for (const s of t.samples) out.push(`    ${s.side}: ${JSON.stringify(s.row)}`);
    }
  }
  return `${out.join('\n')}\n`;
};

export const renderReplay = (streamId: string, steps: readonly ReplayStep[]): string => {
  const out = [`${streamId}: ${steps.length} events`];
  for (const s of steps) {
    out.push('', `#${s.revision} @${s.position} ${s.type} at ${s.at}`, `  event: ${JSON.stringify(s.data)}`, `  state: ${JSON.stringify(s.state)}`);
  }
  return `${out.join('\n')}\n`;
};
