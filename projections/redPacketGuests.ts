// Guest reservations of red-packet shares, part of the redPackets read model (redPackets.ts
// calls applyGuestEvent; a rebuild of it empties red_packet_guest_shares too). A reservation
// lowers the packet's counters like a grab; its claim is a grab of the claimer, at the
// reserved share's index. Sign-in reads a device's unclaimed reservations (unclaimedSharesOf).
import type { StoredEvent } from '../domain/events.js';
import type { EventOf } from '../domain/index.js';
import type { Tx } from './projection.js';
import { int, type Db } from './support.js';

type GuestEvent = EventOf<'RedPacketGuestReserved' | 'RedPacketGuestClaimed'>;

export const applyGuestEvent = async (tx: Tx, e: GuestEvent, event: StoredEvent): Promise<void> => {
  if (e.type === 'RedPacketGuestReserved') {
    const d = e.data;
    await tx.query(
      `with share as (
         insert into red_packet_guest_shares (red_packet_id, mark, device_id, asset, amount, share_index, reserved_at)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing
       )
       update red_packets set remaining_count = $8, remaining_amount = $9, status = case when $8 = 0 then 'empty' else status end
       where red_packet_id = $1 and status = 'open' and remaining_count > $8`,
      [d.redPacketId, d.mark, d.deviceId, d.asset ?? 'cash', d.amount, d.shareIndex, event.metadata.at, d.remainingCount, d.remainingAmount],
    );
    return;
  }
  const d = e.data;
  await tx.query(
    `with claimed as (
       update red_packet_guest_shares set claimed_by = $3, claimed_at = $4
       where red_packet_id = $1 and mark = $2 and claimed_by is null
       returning red_packet_id, amount, share_index
     )
     insert into red_packet_grabs (red_packet_id, user_id, amount, share_index, at)
     select red_packet_id, $3, amount, share_index, $4 from claimed
     on conflict do nothing`,
    [d.redPacketId, d.mark, d.userId, event.metadata.at],
  );
};

export interface GuestShare {
  redPacketId: string;
  mark: string;
  asset: string;
  amount: number;
}

/** A device's reservations nobody claimed yet, of packets not past their expiry at `now`. */
export const unclaimedSharesOf = async (db: Db, deviceId: string, now: Date): Promise<GuestShare[]> => {
  const r = await db.query<{ red_packet_id: string; mark: string; asset: string; amount: string | number }>(
    `select g.red_packet_id, g.mark, g.asset, g.amount from red_packet_guest_shares g
     join red_packets p on p.red_packet_id = g.red_packet_id
     where g.device_id = $1 and g.claimed_by is null and p.expires_at > $2 and p.status <> 'expired'
     order by g.reserved_at limit 100`,
    [deviceId, now],
  );
  return r.rows.map((row) => ({ redPacketId: row.red_packet_id, mark: row.mark, asset: row.asset, amount: int(row.amount) }));
};

export interface GuestShareByMark extends GuestShare {
  claimedBy: string | null;
}

/** The share `deviceId` reserved under `mark` (claimed or not), or null: a mark answers only its own device. */
export const guestShareByMark = async (db: Db, deviceId: string, mark: string): Promise<GuestShareByMark | null> => {
  const r = await db.query<{ red_packet_id: string; asset: string; amount: string | number; claimed_by: string | null }>(
    'select red_packet_id, asset, amount, claimed_by from red_packet_guest_shares where device_id = $1 and mark = $2 limit 1',
    [deviceId, mark],
  );
  const row = r.rows[0];
  return row ? { redPacketId: row.red_packet_id, mark, asset: row.asset, amount: int(row.amount), claimedBy: row.claimed_by } : null;
};
