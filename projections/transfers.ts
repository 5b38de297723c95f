// TransferDetails: one transfer, and each user's sent and received lists, newest first.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. A settlement only moves a pending transfer, so a
// repeated one changes nothing.
import type { TransferEvent, TransferStatus } from '../domain/transfer.js';
import type { Projection } from './projection.js';
import { decodeCursor, handling, int, iso, isoOrNull, page, type Db, type Page, type PageRequest } from './support.js';

const settledStatus = { TransferAccepted: 'accepted', TransferReturned: 'returned', TransferExpired: 'expired' } as const satisfies Record<
  Exclude<TransferEvent['type'], 'TransferCreated'>,
  TransferStatus
>;

const handled = handling(['TransferCreated', 'TransferAccepted', 'TransferReturned', 'TransferExpired'] as const);

export const transfersProjection: Projection = {
  name: 'transfers',
  tables: ['transfers'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    switch (e.type) {
      case 'TransferCreated': {
        const d = e.data;
        await tx.query(
          `insert into transfers (transfer_id, from_user_id, to_user_id, amount, note, status, created_at, expires_at, position, asset, instant)
           values ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9, $10) on conflict do nothing`,
          [d.transferId, d.fromUserId, d.toUserId, d.amount, d.note ?? null, event.metadata.at, d.expiresAt, event.position, d.asset ?? 'cash', d.instant === true],
        );
        return;
      }
      case 'TransferAccepted':
      case 'TransferReturned':
      case 'TransferExpired':
        await tx.query(`update transfers set status = $2, settled_at = $3 where transfer_id = $1 and status = 'pending'`, [
          e.data.transferId,
          settledStatus[e.type],
          event.metadata.at,
        ]);
        return;
      default:
        return;
    }
  },
};

export interface TransferView {
  transferId: string;
  fromUserId: string;
  toUserId: string;
  asset: string;
  amount: number;
  note: string | null;
  status: TransferStatus;
  /** Paid at once (instant payment, QR receipt): no accept step. */
  instant: boolean;
  createdAt: string;
  expiresAt: string;
  settledAt: string | null;
}

type Row = {
  transfer_id: string;
  from_user_id: string;
  to_user_id: string;
  asset: string;
  instant: boolean;
  amount: number | string;
  note: string | null;
  status: TransferStatus;
  created_at: Date;
  expires_at: Date;
  settled_at: Date | null;
  position: number | string;
};

const COLUMNS = 'transfer_id, from_user_id, to_user_id, asset, instant, amount, note, status, created_at, expires_at, settled_at, position';

const view = (r: Row): TransferView => ({
  transferId: r.transfer_id,
  fromUserId: r.from_user_id,
  toUserId: r.to_user_id,
  asset: r.asset,
  amount: int(r.amount),
  note: r.note,
  status: r.status,
  instant: r.instant,
  createdAt: iso(r.created_at),
  expiresAt: iso(r.expires_at),
  settledAt: isoOrNull(r.settled_at),
});

export const getTransfer = async (db: Db, transferId: string): Promise<TransferView | null> => {
  const r = await db.query<Row>(`select ${COLUMNS} from transfers where transfer_id = $1`, [transferId]);
  const row = r.rows[0];
  return row ? view(row) : null;
};

/** Newest first (by creation); the cursor encodes the creation position of the last one shown. */
export const listTransfers = async (db: Db, userId: string, role: 'sent' | 'received', req: PageRequest): Promise<Page<TransferView>> => {
  const after = req.cursor === undefined ? null : decodeCursor(req.cursor, ['number'] as const);
  // One of two fixed column names, never client text; each has its own index.
  const who = role === 'sent' ? 'from_user_id' : 'to_user_id';
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select ${COLUMNS} from transfers where ${who} = $1 and ($2::bigint is null or position < $2::bigint) order by position desc limit $3`,
          [userId, after?.[0] ?? null, n],
        )
      ).rows,
    view,
    (r) => [int(r.position)],
  );
};
