// The history a reconnecting client resumes from: the retained range of a channel and the
// messages after a seq, read in one snapshot.
import type pg from 'pg';
import type { PushMessageType } from '../../contracts/push.js';
import type { PushMessage } from './store.js';

export interface PushHistoryPage {
  /** The channel's last seq (0 when it has none). */
  lastSeq: number;
  /** The first seq still retained (lastSeq + 1 when none is). */
  oldestSeq: number;
  /** Messages with seq > since, in seq order (empty when since was null). */
  messages: PushMessage[];
}

export interface PushHistory {
  /** The retained range, and with `since` the messages after it; one consistent snapshot. */
  read(channel: string, since: number | null): Promise<PushHistoryPage>;
}

interface MessageRow {
  seq: number;
  type: PushMessageType;
  data: Record<string, unknown>;
  at: Date;
}

export const createPushHistory = (pool: pg.Pool): PushHistory => ({
  async read(channel, since) {
    const client = await pool.connect();
    try {
      // One snapshot for the range and the rows: a trim between two reads could not make a
      // stale oldest_seq hide missing rows.
      await client.query('begin transaction isolation level repeatable read read only');
      const c = await client.query<{ last_seq: number; oldest_seq: number }>(
        'select last_seq, oldest_seq from push_channels where channel = $1',
        [channel],
      );
      const lastSeq = Number(c.rows[0]?.last_seq ?? 0);
      const oldestSeq = Number(c.rows[0]?.oldest_seq ?? 1);
      let messages: PushMessage[] = [];
      if (since !== null && since < lastSeq) {
        const m = await client.query<MessageRow>(
          'select seq, type, data, at from push_messages where channel = $1 and seq > $2 order by seq',
          [channel, since],
        );
        // Rows this product stored from typed drafts (store.ts): read back as what they were.
        messages = m.rows.map((row) => ({ channel, seq: Number(row.seq), type: row.type, data: row.data, at: row.at.toISOString() }) as PushMessage);
      }
      await client.query('commit');
      return { lastSeq, oldestSeq: Math.min(oldestSeq, lastSeq + 1), messages };
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  },
});
