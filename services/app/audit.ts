// The audit API (role auditor): the stored events, as stored, in stream or global order.
import type { StoredEvent } from '../../domain/events.js';
import type { Projection } from '../../projections/projection.js';
import { readLog } from '../audit/log.js';
import { rebuildAndDiff, type RebuildOptions } from '../audit/rebuild.js';
import { compareWallets, verifyLog, type Finding, type WalletBalanceRow } from '../audit/verify.js';
import { loadCheckpoint } from '../shared/consumers/checkpoints.js';
import { listParked, type ParkedEvent } from '../shared/consumers/parking.js';
import { requireRole, type Caller } from './caller.js';
import type { Core } from './core.js';

export const toAuditEvent = (e: StoredEvent) => {
  const m = e.metadata;
  const metadata: { commandId?: string; causationId?: string; correlationId?: string; userId?: string; at: string } = { at: m.at };
  for (const k of ['commandId', 'causationId', 'correlationId', 'userId'] as const) {
    const v = m[k];
    if (typeof v === 'string') metadata[k] = v;
  }
  return { streamId: e.streamId, revision: e.revision, globalPosition: e.position, eventId: e.id, type: e.type, data: e.data, metadata };
};

export const streamEvents = async (core: Core, caller: Caller, input: { streamId: string; fromRevision: number; limit: number }) => {
  requireRole(caller, 'auditor');
  const events = await core.store.readStream(input.streamId, { fromRevision: input.fromRevision, limit: input.limit });
  const last = events.at(-1);
  return { events, nextRevision: events.length === input.limit && last ? last.revision + 1 : null };
};

/** fromPosition is inclusive for callers: the store reads strictly after a position. */
export const allEvents = async (core: Core, caller: Caller, input: { fromPosition: number; limit: number }) => {
  requireRole(caller, 'auditor');
  const events = await core.store.readAll(Math.max(0, input.fromPosition - 1), input.limit);
  const last = events.at(-1);
  return { events, nextPosition: events.length === input.limit && last ? last.position + 1 : null };
};

/** An event a consumer parked is a finding: nothing finishes it without an operator. */
const parkedFinding = (p: ParkedEvent): Finding => ({
  kind: 'parked',
  message: `${p.consumer} parked ${p.type} (#${p.id}, ${p.status}, ${p.attempts} attempt(s)): ${p.error.message}`,
  ...(p.streamId !== null ? { streamId: p.streamId } : {}),
  ...(p.position !== null ? { position: p.position } : {}),
  details: { id: p.id, consumer: p.consumer, status: p.status, parkedAt: p.parkedAt, error: p.error.code },
});

/** The wallet_balances rows and their checkpoint, and the open parked events, from one snapshot. */
const readModelSnapshot = async (core: Core) => {
  // Balances as text: the pool reads int8 as a double, which would round past 2^53.
  const client = await core.pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const checkpoint = await loadCheckpoint(client, 'projection:walletBalances', 'all');
    const r = await client.query<{ user_id: string; cash: string; coins: string; income: string; assets: string; version: number }>(
      'select user_id, cash::text, coins::text, income::text, assets::text, version from wallet_balances',
    );
    // Other assets' balances are JSON numbers, each within the safe integer range (a wallet never leaves it).
    const assetsOf = (json: string) => Object.fromEntries(Object.entries(JSON.parse(json) as Record<string, number>).map(([a, v]) => [a, BigInt(v)]));
    const rows: WalletBalanceRow[] = r.rows.map((x) => ({
      userId: x.user_id,
      cash: BigInt(x.cash),
      coins: BigInt(x.coins),
      income: BigInt(x.income),
      assets: assetsOf(x.assets),
      version: Number(x.version),
    }));
    // A database from before migration 0011 has no parked events to show.
    const table = await client.query<{ t: string | null }>("select to_regclass('parked_events')::text as t");
    const parked = table.rows[0]?.t ? await listParked(client, { limit: 10_000 }) : null;
    await client.query('commit');
    return { checkpoint, rows, parked };
  } finally {
    client.release();
  }
};

/**
 * `audit verify`: every cent from the raw log (services/audit/verify.ts), then the wallet read
 * model compared at its checkpoint and the parked events, read after the log (see compareWallets).
 */
export const verifyAudit = async (core: Core, caller: Caller, opts: { staleAfterMs: number; onProgress?: (position: number, head: number) => void }) => {
  requireRole(caller, 'auditor');
  // The clock stale flows are judged by: when the audit started, before it read the head.
  const now = Date.now();
  const head = await core.store.headPosition();
  const report = await verifyLog(readLog(core.store, { upTo: head }), {
    onEvent: (e) => (e.position % 200 === 0 ? opts.onProgress?.(e.position, head) : undefined),
    staleAfterMs: opts.staleAfterMs,
    now,
  });
  opts.onProgress?.(head, head);
  const { checkpoint, rows, parked } = await readModelSnapshot(core);
  const rm = compareWallets(report.wallets, rows, checkpoint, head);
  const findings = [...report.findings, ...rm.findings, ...(parked ?? []).map(parkedFinding)];
  const full = { ...report, ok: findings.length === 0, findings, readModel: { table: 'wallet_balances', checkpoint, behind: rm.behind, newer: rm.newer }, parked };
  return { full, rm, parked };
};

/** `audit rebuild`: read models rebuilt from the log into a shadow schema and compared (optionally swapped in). */
export const rebuild = (core: Core, caller: Caller, projections: readonly Projection[], opts: RebuildOptions) => {
  requireRole(caller, 'auditor');
  return rebuildAndDiff(core.pool, core.store, projections, opts);
};

/** The log from a position to the head, page by page (`audit export`). */
export const exportLog = async function* (core: Core, caller: Caller, from: number): AsyncGenerator<StoredEvent> {
  requireRole(caller, 'auditor');
  yield* readLog(core.store, { from, upTo: await core.store.headPosition() });
};

/** One stream's events (`audit replay`). */
export const readStreamEvents = (core: Core, caller: Caller, streamId: string) => {
  requireRole(caller, 'auditor');
  return core.store.readStream(streamId);
};
