// How a run is told: one line when it passed; when it failed, the seed, the tick that broke
// first, each finding, and the command that runs the same seed again.
import type { RunReport } from './run.js';

export type StoreKind = 'memory' | 'postgres';

export const reproduce = (r: RunReport, store: StoreKind): string =>
  `npm run simulate -- --seed ${r.seed} --runs 1 --steps ${r.steps} --store ${store}${r.sabotage ? ` --sabotage ${r.sabotage}` : ''}`;

const at = (tick: number) => (tick === -1 ? 'after the schedule (catching up)' : `tick ${tick}`);

export const describeRun = (r: RunReport, store: StoreKind, maxFindings = 20): string => {
  const s = r.stats;
  const head =
    `seed ${r.seed} (${store}, ${r.topology}, ${r.steps} ticks; ${s.requests} requests, ${s.answers} answers, ${s.refused} refused, ${s.faults} faults, ` +
    `${s.restarts} restarts, ${s.conflicts} conflicts, ${s.duplicates} duplicate ids, ${s.lookups} lookups, ${s.restores} snapshot restores, ${s.events} events)`;
  if (r.ok) return `${head}: ok\n`;
  const first = r.failures[0];
  const lines = r.failures.slice(0, maxFindings).map((f) => `  [${f.check}] ${at(f.tick)}: ${f.message}`);
  if (r.failures.length > maxFindings) lines.push(`  … and ${r.failures.length - maxFindings} more`);
  return [
    `${head}: FAILED, first at ${at(first?.tick ?? -1)}`,
    ...lines,
    `reproduce: ${reproduce(r, store)}${store === 'postgres' ? ' (positions may differ on PostgreSQL; the schedule does not)' : ''}`,
    '',
  ].join('\n');
};
