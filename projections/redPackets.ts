// RedPacketDetails: a red packet with its grabs in grab order, for GET /v1/red-packets/:id.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Grabs are keyed by (packet, user) and a grab only
// lowers the remaining count, so repeating one changes nothing.
import type { RedPacketEvent, RedPacketKind, RedPacketTarget } from '../domain/redPacket.js';
import type { Projection } from './projection.js';
import { domainEvent, int, iso, type Db } from './support.js';

export const redPacketsProjection: Projection = {
  name: 'redPackets',
  tables: ['red_packets', 'red_packet_grabs'],
  handles: ['RedPacketCreated', 'RedPacketGrabbed', 'RedPacketExpired'],
  async apply(tx, event) {
    const e = domainEvent<RedPacketEvent>(event);
    switch (e.type) {
      case 'RedPacketCreated': {
        const d = e.data;
        await tx.query(
          `insert into red_packets (red_packet_id, sender_id, kind, total, count, remaining_count, remaining_amount, status,
             target_type, target_id, greeting, expires_at, created_at)
           values ($1, $2, $3, $4, $5, $5, $4, 'open', $6, $7, $8, $9, $10) on conflict do nothing`,
          [d.redPacketId, d.senderId, d.kind, d.total, d.count, d.target.type, d.target.id, d.greeting ?? null, d.expiresAt, event.metadata.at],
        );
        return;
      }
      case 'RedPacketGrabbed': {
        const d = e.data;
        await tx.query(
          `with grab as (
             insert into red_packet_grabs (red_packet_id, user_id, amount, share_index, at) values ($1, $2, $3, $4, $5)
             on conflict do nothing
           )
           update red_packets set remaining_count = $6, remaining_amount = $7, status = case when $6 = 0 then 'empty' else status end
           where red_packet_id = $1 and status = 'open' and remaining_count > $6`,
          [d.redPacketId, d.userId, d.amount, d.shareIndex, event.metadata.at, d.remainingCount, d.remainingAmount],
        );
        return;
      }
      case 'RedPacketExpired':
        // The remaining amount stays as it was: it is what went back to the sender.
        await tx.query(`update red_packets set status = 'expired' where red_packet_id = $1 and status = 'open'`, [e.data.redPacketId]);
        return;
      default:
        return;
    }
  },
};

export interface RedPacketGrab {
  userId: string;
  amount: number;
  at: string;
}

export interface RedPacketDetails {
  redPacketId: string;
  senderId: string;
  kind: RedPacketKind;
  total: number;
  count: number;
  remainingCount: number;
  remainingAmount: number;
  status: 'open' | 'empty' | 'expired';
  target: RedPacketTarget;
  greeting: string | null;
  expiresAt: string;
  createdAt: string;
  grabs: RedPacketGrab[];
}

type Row = {
  red_packet_id: string;
  sender_id: string;
  kind: RedPacketKind;
  total: number | string;
  count: number;
  remaining_count: number;
  remaining_amount: number | string;
  status: RedPacketDetails['status'];
  target_type: RedPacketTarget['type'];
  target_id: string;
  greeting: string | null;
  expires_at: Date;
  created_at: Date;
  grabs: { userId: string; amount: number; at: string }[];
};

export const getRedPacket = async (db: Db, redPacketId: string): Promise<RedPacketDetails | null> => {
  // One round trip: the grabs come back as a JSON array in share order.
  const r = await db.query<Row>(
    `select p.*, coalesce((
       select json_agg(json_build_object('userId', g.user_id, 'amount', g.amount, 'at', g.at) order by g.share_index)
       from red_packet_grabs g where g.red_packet_id = p.red_packet_id), '[]') as grabs
     from red_packets p where p.red_packet_id = $1`,
    [redPacketId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    redPacketId: row.red_packet_id,
    senderId: row.sender_id,
    kind: row.kind,
    total: int(row.total),
    count: row.count,
    remainingCount: row.remaining_count,
    remainingAmount: int(row.remaining_amount),
    status: row.status,
    target: { type: row.target_type, id: row.target_id },
    greeting: row.greeting,
    expiresAt: iso(row.expires_at),
    createdAt: iso(row.created_at),
    grabs: row.grabs.map((g) => ({ userId: g.userId, amount: g.amount, at: new Date(g.at).toISOString() })),
  };
};
