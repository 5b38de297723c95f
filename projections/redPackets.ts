// RedPacketDetails: a red packet with its grabs in grab order, for GET /v1/red-packets/:id.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Grabs are keyed by (packet, user) and a grab only
// lowers the remaining count, so repeating one changes nothing.
import type { RedPacketKind, RedPacketTarget } from '../domain/redPacket.js';
import type { StoredEvent } from '../domain/events.js';
import type { Projection } from './projection.js';
import { applyGuestEvent } from './redPacketGuests.js';
import { handling, int, iso, type Db } from './support.js';


const handled = handling(['RedPacketCreated', 'RedPacketGrabbed', 'RedPacketExpired', 'RedPacketGuestReserved', 'RedPacketGuestClaimed'] as const);

export const redPacketsProjection: Projection = {
  name: 'redPackets',
  tables: ['red_packets', 'red_packet_grabs', 'red_packet_guest_shares'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    switch (e.type) {
      case 'RedPacketCreated': {
        const d = e.data;
        await tx.query(
          `insert into red_packets (red_packet_id, sender_id, kind, total, count, remaining_count, remaining_amount, status,
             target_type, target_id, greeting, expires_at, created_at, asset)
           values ($1, $2, $3, $4, $5, $5, $4, 'open', $6, $7, $8, $9, $10, $11) on conflict do nothing`,
          [d.redPacketId, d.senderId, d.kind, d.total, d.count, d.target.type, d.target.id, d.greeting ?? null, d.expiresAt, event.metadata.at, d.asset ?? 'cash'],
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
        // The remaining amount stays as it was: it is what went back to the sender (with unclaimed
        // guest reservations, which an `empty` packet may still hold).
        await tx.query(`update red_packets set status = 'expired' where red_packet_id = $1 and status in ('open', 'empty')`, [e.data.redPacketId]);
        return;
      case 'RedPacketGuestReserved':
      case 'RedPacketGuestClaimed':
        return applyGuestEvent(tx, e, event);
      default:
        return;
    }
  },
  // One or two statements per batch (a hot packet is hundreds of grabs per batch). A packet's
  // grabs lower its remaining count one share at a time, so applying them in turn ends where
  // the last one says, if the packet was open above it; the folded update below is that. A
  // batch that does not look like the domain's order (see foldPackets) is applied event by event.
  async applyBatch(tx, events) {
    // Guest reservations are rare: a batch with one (or an expiry returning one) goes event by event.
    const fold = events.some(withGuests) ? null : foldPackets(events);
    if (fold === null) {
      for (const event of events) await redPacketsProjection.apply(tx, event);
      return;
    }
    if (fold.created.length > 0) {
      await tx.query(
        `insert into red_packets (red_packet_id, sender_id, kind, total, count, remaining_count, remaining_amount, status,
           target_type, target_id, greeting, expires_at, created_at, asset)
         select x.id, x.sender, x.kind, x.total, x.count, x.count, x.total, 'open', x.tt, x.ti, x.greeting, x.expires, x.at, coalesce(x.asset, 'cash')
         from jsonb_to_recordset($1::jsonb) as x(id text, sender text, kind text, total bigint, count int, tt text, ti text, greeting text,
           expires timestamptz, at timestamptz, asset text)
         on conflict do nothing`,
        [JSON.stringify(fold.created)],
      );
    }
    if (fold.packets.length === 0) return;
    // Grabs and counters in one statement: the grabs go in whatever the packet's state (as in
    // apply); the counters move only while the packet is open and above the last grab's count.
    await tx.query(
      `with grab as (
         insert into red_packet_grabs (red_packet_id, user_id, amount, share_index, at)
         select g.id, g.u, g.amount, g.share, g.at from jsonb_to_recordset($1::jsonb) as g(id text, u text, amount bigint, share int, at timestamptz)
         on conflict do nothing
       )
       update red_packets p set
         remaining_count = case when x.rc is not null and p.remaining_count > x.rc then x.rc else p.remaining_count end,
         remaining_amount = case when x.rc is not null and p.remaining_count > x.rc then x.ra else p.remaining_amount end,
         status = case when x.rc = 0 and p.remaining_count > 0 then 'empty' when x.expired then 'expired' else p.status end
       from jsonb_to_recordset($2::jsonb) as x(id text, rc int, ra bigint, expired boolean)
       where p.red_packet_id = x.id and p.status = 'open'`,
      [JSON.stringify(fold.grabs), JSON.stringify(fold.packets)],
    );
  },
};

/** What the folded batch path reads; a batch with guest events never reaches it. */
const foldable = handling(['RedPacketCreated', 'RedPacketGrabbed', 'RedPacketExpired'] as const);

const withGuests = (event: StoredEvent): boolean => {
  const e = handled.of(event);
  return e?.type === 'RedPacketGuestReserved' || e?.type === 'RedPacketGuestClaimed' || (e?.type === 'RedPacketExpired' && e.data.reservedAmount !== undefined);
};

type PacketFold = { id: string; rc: number | null; ra: number | null; expired: boolean };

/**
 * A batch as (packets created, grabs, one counter change per packet), or null when the batch
 * is not in the order the domain writes a packet's stream: created first, grabs with strictly
 * falling remaining counts, nothing after the expiry. Only then is the fold exact.
 */
const foldPackets = (events: readonly StoredEvent[]) => {
  const created: Record<string, unknown>[] = [];
  const grabs: Record<string, unknown>[] = [];
  const grabbed = new Set<string>();
  const packets = new Map<string, PacketFold>();
  for (const event of events) {
    const e = foldable.of(event);
    if (!e) continue;
    switch (e.type) {
      case 'RedPacketCreated': {
        const d = e.data;
        if (packets.has(d.redPacketId)) return null;
        packets.set(d.redPacketId, { id: d.redPacketId, rc: null, ra: null, expired: false });
        created.push({ id: d.redPacketId, sender: d.senderId, kind: d.kind, total: d.total, count: d.count, tt: d.target.type, ti: d.target.id,
          greeting: d.greeting ?? null, expires: d.expiresAt, at: event.metadata.at, asset: d.asset ?? 'cash' });
        break;
      }
      case 'RedPacketGrabbed': {
        const d = e.data;
        const p = packets.get(d.redPacketId) ?? { id: d.redPacketId, rc: null, ra: null, expired: false };
        if (p.expired || d.remainingCount < 0 || (p.rc !== null && d.remainingCount >= p.rc)) return null;
        p.rc = d.remainingCount;
        p.ra = d.remainingAmount;
        packets.set(d.redPacketId, p);
        // The first grab of a (packet, user) wins, as ON CONFLICT DO NOTHING does event by event.
        const key = JSON.stringify([d.redPacketId, d.userId]);
        if (!grabbed.has(key)) {
          grabbed.add(key);
          grabs.push({ id: d.redPacketId, u: d.userId, amount: d.amount, share: d.shareIndex, at: event.metadata.at });
        }
        break;
      }
      case 'RedPacketExpired': {
        const p = packets.get(e.data.redPacketId) ?? { id: e.data.redPacketId, rc: null, ra: null, expired: false };
        if (p.expired) return null;
        p.expired = true;
        packets.set(e.data.redPacketId, p);
        break;
      }
      default:
        break;
    }
  }
  return { created, grabs, packets: [...packets.values()].filter((p) => p.rc !== null || p.expired) };
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
  asset: string;
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
  asset: string;
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
    asset: row.asset,
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
