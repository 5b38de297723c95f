// Red-packet records (004 `/red-packet/record`, 002/003 sent and received lists): read from the
// ledger, which already has every leg with its time and asset, joined with the packets read
// model for kind and sender. Counts and sums cover the whole period; items are the newest `limit`.
import { int, iso, type Db } from './support.js';

export interface RecordQuery {
  userId: string;
  asset: string;
  /** The period as UTC instants: [from, to). */
  from: Date;
  to: Date;
  limit: number;
}

export interface RedPacketRecord {
  redPacketId: string;
  kind: string | null;
  amount: number;
  at: string;
  /** Received: how it came (`grab`, or `guest` for a share reserved as a guest and claimed). */
  via?: 'grab' | 'guest';
  senderId?: string | null;
  senderNickname?: string | null;
  /** Sent: the share count and what came back at expiry. */
  count?: number | null;
  refunded?: number;
}

export interface RecordSide {
  count: number;
  amount: number;
  items: RedPacketRecord[];
}

type Row = {
  ref_id: string;
  amount: string | number;
  at: Date;
  reason: string;
  kind: string | null;
  sender_id: string | null;
  nickname: string | null;
  share_count: number | null;
  refunded: string | number | null;
  n: string | number;
  total: string | number | null;
};

const select = async (db: Db, q: RecordQuery, reasons: readonly string[]): Promise<Row[]> =>
  (
    await db.query<Row>(
      `select e.ref_id, abs(e.delta) as amount, e.at, e.reason, p.kind, p.sender_id, u.nickname, p.count as share_count,
         (select coalesce(sum(r.delta), 0) from ledger_entries r
           where r.user_id = e.user_id and r.reason = 'red_packet_refund' and r.ref_id = e.ref_id and r.asset = e.asset) as refunded,
         count(*) over () as n, sum(abs(e.delta)) over () as total
       from ledger_entries e
       left join red_packets p on p.red_packet_id = e.ref_id
       left join users u on u.user_id = p.sender_id
       where e.user_id = $1 and e.asset = $2 and e.reason = any($3) and e.at >= $4 and e.at < $5
       order by e.at desc, e.entry_id desc limit $6`,
      [q.userId, q.asset, reasons, q.from, q.to, q.limit],
    )
  ).rows;

const side = (rows: Row[], item: (r: Row) => RedPacketRecord): RecordSide => ({
  count: rows[0] ? int(rows[0].n) : 0,
  amount: rows[0] ? int(rows[0].total ?? 0) : 0,
  items: rows.map(item),
});

export const redPacketRecords = async (db: Db, q: RecordQuery): Promise<{ sent: RecordSide; received: RecordSide }> => {
  const [sent, received] = await Promise.all([select(db, q, ['red_packet_out']), select(db, q, ['red_packet_in', 'guest_credit'])]);
  const base = (r: Row) => ({ redPacketId: r.ref_id, kind: r.kind, amount: int(r.amount), at: iso(r.at) });
  return {
    sent: side(sent, (r) => ({ ...base(r), count: r.share_count, refunded: int(r.refunded ?? 0) })),
    received: side(received, (r) => ({ ...base(r), via: r.reason === 'guest_credit' ? 'guest' : 'grab', senderId: r.sender_id, senderNickname: r.nickname })),
  };
};
