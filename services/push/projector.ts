// The push projector: turns events into numbered push messages, stores them, then publishes.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice, so each message gets exactly one seq. Messages are
// published only after that transaction commits: the gateway never announces what a resuming
// client could not read back from PostgreSQL. It reads events through the EventConsumer port like
// every projector, so the embedded store log or a Kafka consumer group can feed it.
import type pg from 'pg';
import type { EventBatch } from '../shared/event-source/port.js';
import type { StoredEvent } from '../shared/event-store/port.js';
import { saveCheckpoint, loadCheckpoint, lockCheckpointSql } from '../shared/consumers/checkpoints.js';
import { progressTracker, type ProjectionConsumer } from '../shared/consumers/projector.js';
import { pushEventTypes, pushMessageStatements, redPacketTargetOf, saveRedPacketChannels, toPushMessages, type PushMessage } from '../../projections/pushMessages.js';
import { deferredTx, inline } from '../shared/postgres/deferred.js';

export interface PushProjectorLog {
  error(obj: object, msg: string): void;
}

export interface PushProjectorOptions {
  pool: pg.Pool;
  /** Called for each committed message, in seq order per channel. Must not throw (errors are logged). */
  publish(message: PushMessage): void;
  /** Messages kept per channel for resume (PUSH_HISTORY_LIMIT). */
  historyLimit: number;
  log: PushProjectorLog;
  /** Checkpoint key; default "projection:push_messages". */
  name?: string;
}

const handled = new Set(pushEventTypes);

/** The red packets (other than new ones) whose channel the batch needs from earlier batches. */
const packetIdsOf = (events: readonly StoredEvent[]): string[] => [
  ...new Set(events.filter((e) => handled.has(e.type) && e.type.startsWith('RedPacket') && e.type !== 'RedPacketCreated').map((e) => String(e.data.redPacketId))),
];

export const pushProjector = (opts: PushProjectorOptions): ProjectionConsumer => {
  const name = opts.name ?? 'projection:push_messages';
  const progress = progressTracker();
  return {
    name,
    position: progress.position,
    waitFor: progress.waitFor,
    appliedAt: progress.appliedAt,
    checkpoint: async (partition) => {
      const p = await loadCheckpoint(opts.pool, name, partition);
      if (partition === 'all') progress.advance(p);
      return p;
    },
    async handle(batch: EventBatch) {
      const client = await opts.pool.connect();
      let messages: PushMessage[] = [];
      let last: StoredEvent | undefined;
      try {
        // Two round trips (each waits its turn on a busy event loop, and the transaction holds
        // back the log's visible prefix from its first write to its commit). First: begin, the
        // checkpoint's lock (a second instance of this consumer waits, so it never applies the
        // same batch) and the checkpoint, and the channels of packets created in earlier batches.
        const opened = await client.query(
          `begin; ${lockCheckpointSql(name)};
           ${inline(
             `select position from consumer_checkpoints where name = $1 and partition = $2;
              select red_packet_id, channel from push_red_packet_channels where red_packet_id = any($3::text[])`,
             [name, batch.partition, packetIdsOf(batch.events)],
           )}`,
        );
        const [, , checkpointRow, channelRows] = opened as unknown as pg.QueryResult[];
        const from = Number(checkpointRow?.rows[0]?.position ?? 0);
        const applied = batch.events.filter((e) => e.position > from);
        last = applied.at(-1);
        const events = applied.filter((e) => handled.has(e.type));
        const known = new Map<string, string>((channelRows?.rows ?? []).map((row: { red_packet_id: string; channel: string }) => [row.red_packet_id, row.channel]));
        const created = events.map(redPacketTargetOf).filter((t) => t !== undefined);
        for (const t of created) known.set(t.redPacketId, t.channel);
        const drafts = events.flatMap((e) => toPushMessages(e, known).map((d) => ({ ...d, at: e.metadata.at })));

        // Second: every write, the checkpoint and the commit. The messages' statement goes
        // first, so its answer (each channel's new last seq) is the first result.
        const writes = deferredTx();
        const store = drafts.length > 0 ? pushMessageStatements(drafts, opts.historyLimit) : null;
        for (const st of store?.statements ?? []) await writes.query(st.text, st.values);
        await saveRedPacketChannels(writes, created);
        if (last) await saveCheckpoint(writes, name, batch.partition, last.position);
        const done = await client.query(`${writes.text()} commit`);
        const results = (Array.isArray(done) ? done : [done]) as pg.QueryResult<{ channel: string; last_seq: number }>[];
        messages = store ? store.messages(results[0]?.rows ?? []) : [];
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
      // One synchronous loop, no await inside: the gateway's hand-off from replay to the live
      // topic (also synchronous) runs either before or after a whole batch, never between two
      // of its messages, and each channel's messages arrive in seq order.
      for (const m of messages) {
        try {
          opts.publish(m);
        } catch (err) {
          // Announcing is best effort: the message is stored and a client catches up with `since`.
          opts.log.error({ err, channel: m.channel, seq: m.seq }, 'push publish failed');
        }
      }
      if (last && batch.partition === 'all') progress.advance(last.position);
    },
  };
};
