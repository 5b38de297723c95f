// Ledger: one row per balance change, newest first, for GET /v1/wallet/ledger.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Entry ids derive from the event id and asset, so
// a repeated insert is a no-op as well.
import type { Asset } from '../domain/assets.js';
import type { LedgerReason } from '../domain/wallet/index.js';
import type { Projection } from './projection.js';
import { decodeCursor, int, iso, page, type Db, type Page, type PageRequest } from './support.js';
import { walletEvents, walletHandled, walletOwner } from './walletBalances.js';

export const ledgerProjection: Projection = {
  name: 'ledger',
  tables: ['ledger_entries'],
  handles: walletEvents,
  async apply(tx, event) {
    const userId = walletOwner(event.streamId);
    const e = walletHandled.of(event);
    if (userId === null || !e) return;
    const { reason, refId, changes } = e.data;
    if (changes.length === 0) return;
    // All changes of the event in one statement; they share its position.
    await tx.query(
      `insert into ledger_entries (entry_id, user_id, asset, delta, balance_after, reason, ref_id, at, position)
       select $1 || ':' || (c->>'asset'), $2, c->>'asset', (c->>'delta')::bigint, (c->>'balanceAfter')::bigint, $3, $4, $5, $6
       from jsonb_array_elements($7::jsonb) c
       on conflict (entry_id) do nothing`,
      [event.id, userId, reason, refId, event.metadata.at, event.position, JSON.stringify(changes)],
    );
  },
  // One statement per batch: at load a projector that waits a round trip per event is the lag.
  async applyBatch(tx, events) {
    const rows = events.flatMap((event) => {
      const userId = walletOwner(event.streamId);
      const e = walletHandled.of(event);
      if (userId === null || !e) return [];
      const { reason, refId, changes } = e.data;
      return changes.map((c) => ({ e: `${event.id}:${c.asset}`, u: userId, a: c.asset, d: c.delta, b: c.balanceAfter, r: reason, f: refId, t: event.metadata.at, p: event.position }));
    });
    if (rows.length === 0) return;
    await tx.query(
      `insert into ledger_entries (entry_id, user_id, asset, delta, balance_after, reason, ref_id, at, position)
       select x.e, x.u, x.a, x.d, x.b, x.r, x.f, x.t, x.p
       from jsonb_to_recordset($1::jsonb) as x(e text, u text, a text, d bigint, b bigint, r text, f text, t timestamptz, p bigint)
       on conflict (entry_id) do nothing`,
      [JSON.stringify(rows)],
    );
  },
};

export interface LedgerEntry {
  entryId: string;
  asset: Asset;
  delta: number;
  balanceAfter: number;
  reason: LedgerReason;
  refId: string;
  at: string;
}

type Row = {
  entry_id: string;
  asset: Asset;
  delta: number | string;
  balance_after: number | string;
  reason: LedgerReason;
  ref_id: string;
  at: Date;
  position: number | string;
};

/** Which entries: some reasons, one asset, a time range [from, to) (a month, for bills). */
export interface LedgerFilter {
  reasons?: string[];
  asset?: string;
  from?: string;
  to?: string;
}

/** Newest first; the cursor encodes (position, entry id) of the last entry shown. Filters narrow the user's own entries. */
export const listLedger = async (db: Db, userId: string, req: PageRequest, filter: LedgerFilter = {}): Promise<Page<LedgerEntry>> => {
  const after = req.cursor === undefined ? null : decodeCursor(req.cursor, ['number', 'string'] as const);
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select entry_id, asset, delta, balance_after, reason, ref_id, at, position from ledger_entries
           where user_id = $1 and ($2::bigint is null or (position, entry_id) < ($2::bigint, $3::text))
             and ($5::text[] is null or reason = any($5::text[])) and ($6::text is null or asset = $6::text)
             and ($7::timestamptz is null or at >= $7::timestamptz) and ($8::timestamptz is null or at < $8::timestamptz)
           order by position desc, entry_id desc limit $4`,
          [userId, after?.[0] ?? null, after?.[1] ?? null, n, filter.reasons ?? null, filter.asset ?? null, filter.from ?? null, filter.to ?? null],
        )
      ).rows,
    (r) => ({ entryId: r.entry_id, asset: r.asset, delta: int(r.delta), balanceAfter: int(r.balance_after), reason: r.reason, refId: r.ref_id, at: iso(r.at) }),
    (r) => [int(r.position), r.entry_id],
  );
};
