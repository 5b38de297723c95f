// WalletBalance: the balances of one wallet (cash, coins and income in their columns, any other
// asset in `assets`), for audits and rebuilds (GET /v1/wallet reads the aggregate).
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Each wallet event states the balance after it
// (balanceAfter), so a row is set, never incremented, and `version < excluded.version` makes
// a repeated or older event a no-op even without the checkpoint.
import { walletEventTypes, walletStream, type BalanceChange } from '../domain/wallet/index.js';
import type { StoredEvent } from '../domain/events.js';
import type { Projection } from './projection.js';
import { handling, int, type Db } from './support.js';

/** Every wallet event: each is a ledger entry with its balance changes. */
export const walletHandled = handling(walletEventTypes);
export const walletEvents: readonly string[] = walletHandled.types;

const WALLET_PREFIX = walletStream('');

/** The wallet's owner: wallet streams are `wallet-<userId>`. Null for any other stream. */
export const walletOwner = (streamId: string): string | null =>
  streamId.startsWith(WALLET_PREFIX) && streamId.length > WALLET_PREFIX.length ? streamId.slice(WALLET_PREFIX.length) : null;

/** A wallet's changes in a batch: the last balance per asset; cash, coins and income apart, the rest in `assets`. */
type Row = { u: string; cash: number | null; coins: number | null; income: number | null; assets: Record<string, number>; v: number };

const emptyRow = (u: string): Row => ({ u, cash: null, coins: null, income: null, assets: {}, v: 0 });

const fold = (row: Row, changes: readonly BalanceChange[]): void => {
  for (const c of changes) {
    if (c.asset === 'cash' || c.asset === 'coins' || c.asset === 'income') row[c.asset] = c.balanceAfter;
    else row.assets[c.asset] = c.balanceAfter;
  }
};

export const walletBalancesProjection: Projection = {
  name: 'walletBalances',
  tables: ['wallet_balances'],
  handles: walletEvents,
  async apply(tx, event: StoredEvent) {
    const userId = walletOwner(event.streamId);
    if (userId === null) return;
    const row = emptyRow(userId);
    fold(row, walletHandled.of(event)?.data.changes ?? []);
    // Assets this event did not change keep their balance (0 for a wallet seen first here).
    await tx.query(
      `insert into wallet_balances (user_id, cash, coins, income, assets, version)
       values ($1, coalesce($2::bigint, 0), coalesce($3::bigint, 0), coalesce($4::bigint, 0), $5::jsonb, $6)
       on conflict (user_id) do update set
         cash = coalesce($2::bigint, wallet_balances.cash),
         coins = coalesce($3::bigint, wallet_balances.coins),
         income = coalesce($4::bigint, wallet_balances.income),
         assets = wallet_balances.assets || $5::jsonb,
         version = excluded.version
       where wallet_balances.version < excluded.version`,
      [userId, row.cash, row.coins, row.income, JSON.stringify(row.assets), event.revision + 1],
    );
  },
  // One statement per batch. A batch is a contiguous slice of the log, so each wallet's events
  // in it are contiguous revisions: folding them (the last change per asset wins) and writing
  // once with the last version is the same as writing each in turn.
  async applyBatch(tx, events) {
    const rows = new Map<string, Row>();
    for (const event of events) {
      const userId = walletOwner(event.streamId);
      if (userId === null) continue;
      const row = rows.get(userId) ?? emptyRow(userId);
      fold(row, walletHandled.of(event)?.data.changes ?? []);
      row.v = event.revision + 1;
      rows.set(userId, row);
    }
    if (rows.size === 0) return;
    const json = JSON.stringify([...rows.values()]);
    // A wallet seen first here starts at zero (version 0), then every row is set like apply does.
    await tx.query(
      `insert into wallet_balances (user_id, cash, coins, income, version)
       select x.u, 0, 0, 0, 0 from jsonb_to_recordset($1::jsonb) as x(u text) on conflict (user_id) do nothing`,
      [json],
    );
    await tx.query(
      `update wallet_balances w set cash = coalesce(x.cash, w.cash), coins = coalesce(x.coins, w.coins), income = coalesce(x.income, w.income),
         assets = w.assets || x.assets, version = x.v
       from jsonb_to_recordset($1::jsonb) as x(u text, cash bigint, coins bigint, income bigint, assets jsonb, v bigint)
       where w.user_id = x.u and w.version < x.v`,
      [json],
    );
  },
};

export interface WalletBalance {
  cash: number;
  coins: number;
  income: number;
  /** Every other asset the wallet holds or held. */
  assets: Record<string, number>;
  version: number;
}

/** A wallet nobody has touched yet has zero balances and version 0. */
export const getWalletBalance = async (db: Db, userId: string): Promise<WalletBalance> => {
  type R = { cash: number | string; coins: number | string; income: number | string; assets: Record<string, number>; version: number | string };
  const r = await db.query<R>('select cash, coins, income, assets, version from wallet_balances where user_id = $1', [userId]);
  const row = r.rows[0];
  return row
    ? { cash: int(row.cash), coins: int(row.coins), income: int(row.income), assets: row.assets, version: int(row.version) }
    : { cash: 0, coins: 0, income: 0, assets: {}, version: 0 };
};
