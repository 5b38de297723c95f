// Moments switches (domain/feedPrefs.ts FeedSwitchSet): one row per switch that stands, so the
// timelines' visibility SQL (postQueries.ts `notSwitchedSql`) probes it by primary key per row.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Each event sets the row's presence (insert or
// delete), so applying one twice would leave the same table anyway.
import type { Projection } from './projection.js';
import { handling, type Db } from './support.js';

const handled = handling(['FeedSwitchSet'] as const);

export const feedSwitchesProjection: Projection = {
  name: 'feedSwitches',
  tables: ['feed_switches'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    const { userId, otherId, switch: which, on } = e.data;
    await tx.query(
      on ? 'insert into feed_switches (owner_id, other_id, switch, position) values ($1, $2, $3, $4) on conflict do nothing' : 'delete from feed_switches where owner_id = $1 and other_id = $2 and switch = $3',
      on ? [userId, otherId, which, event.position] : [userId, otherId, which],
    );
  },
};

export interface FeedSwitchItem {
  userId: string;
  /** My posts are hidden from them. */
  hideMine: boolean;
  /** Their posts are hidden from me. */
  hideTheirs: boolean;
}

/** The users toward whom the owner has a switch on, with which ones (at most a few thousand: friends). */
export const listFeedSwitches = async (db: Db, ownerId: string): Promise<FeedSwitchItem[]> => {
  const r = await db.query<{ other_id: string; hide_mine: boolean; hide_theirs: boolean }>(
    `select other_id, bool_or(switch = 'hideMine') as hide_mine, bool_or(switch = 'hideTheirs') as hide_theirs
     from feed_switches where owner_id = $1 group by other_id order by other_id`,
    [ownerId],
  );
  return r.rows.map((row) => ({ userId: row.other_id, hideMine: row.hide_mine, hideTheirs: row.hide_theirs }));
};
