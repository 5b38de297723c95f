// Withdrawals: each withdrawal's status, and the operators' queue (newest first, by status).
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. A decision only moves a pending withdrawal, so a
// repeated one changes nothing.
import type { WithdrawalAsset } from '../domain/withdrawal.js';
import type { Projection } from './projection.js';
import { decodeCursor, handling, int, iso, isoOrNull, page, type Db, type Page, type PageRequest } from './support.js';

export type WithdrawalStatus = 'pending' | 'paid' | 'rejected';


const handled = handling(['WithdrawalCreated', 'WithdrawalApproved', 'WithdrawalRejected'] as const);

export const withdrawalsProjection: Projection = {
  name: 'withdrawals',
  tables: ['withdrawals'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    switch (e.type) {
      case 'WithdrawalCreated': {
        const d = e.data;
        await tx.query(
          `insert into withdrawals (withdrawal_id, user_id, asset, amount, account, status, created_at, position, fee)
           values ($1, $2, $3, $4, $5, 'pending', $6, $7, $8) on conflict do nothing`,
          [d.withdrawalId, d.userId, d.asset, d.amount, d.account, event.metadata.at, event.position, d.fee ?? 0],
        );
        return;
      }
      case 'WithdrawalApproved':
      case 'WithdrawalRejected':
        await tx.query(
          `update withdrawals set status = $2, reason = $3, operator_id = $4, settled_at = $5 where withdrawal_id = $1 and status = 'pending'`,
          [
            e.data.withdrawalId,
            e.type === 'WithdrawalApproved' ? 'paid' : 'rejected',
            e.type === 'WithdrawalRejected' ? (e.data.reason ?? null) : null,
            e.data.operatorId ?? null,
            event.metadata.at,
          ],
        );
        return;
      default:
        return;
    }
  },
};

export interface WithdrawalView {
  withdrawalId: string;
  userId: string;
  asset: WithdrawalAsset;
  amount: number;
  /** Held with the amount; the platform's on approval, returned on rejection. */
  fee: number;
  account: string;
  status: WithdrawalStatus;
  reason: string | null;
  operatorId: string | null;
  createdAt: string;
  settledAt: string | null;
}

type Row = {
  withdrawal_id: string;
  user_id: string;
  asset: WithdrawalAsset;
  amount: number | string;
  fee: number | string;
  account: string;
  status: WithdrawalStatus;
  reason: string | null;
  operator_id: string | null;
  created_at: Date;
  settled_at: Date | null;
  position: number | string;
};

const COLUMNS = 'withdrawal_id, user_id, asset, amount, fee, account, status, reason, operator_id, created_at, settled_at, position';

const view = (r: Row): WithdrawalView => ({
  withdrawalId: r.withdrawal_id,
  userId: r.user_id,
  asset: r.asset,
  amount: int(r.amount),
  fee: int(r.fee),
  account: r.account,
  status: r.status,
  reason: r.reason,
  operatorId: r.operator_id,
  createdAt: iso(r.created_at),
  settledAt: isoOrNull(r.settled_at),
});

export const getWithdrawal = async (db: Db, withdrawalId: string): Promise<WithdrawalView | null> => {
  const r = await db.query<Row>(`select ${COLUMNS} from withdrawals where withdrawal_id = $1`, [withdrawalId]);
  const row = r.rows[0];
  return row ? view(row) : null;
};

/** Newest first, optionally one status; the cursor encodes the creation position of the last one shown. */
export const listWithdrawals = async (db: Db, req: PageRequest & { status?: WithdrawalStatus | undefined }): Promise<Page<WithdrawalView>> => {
  const after = req.cursor === undefined ? null : decodeCursor(req.cursor, ['number'] as const);
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select ${COLUMNS} from withdrawals
           where ($1::text is null or status = $1::text) and ($2::bigint is null or position < $2::bigint)
           order by position desc limit $3`,
          [req.status ?? null, after?.[0] ?? null, n],
        )
      ).rows,
    view,
    (r) => [int(r.position)],
  );
};
