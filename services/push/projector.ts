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
import { saveCheckpoint, loadCheckpoint } from '../shared/consumers/checkpoints.js';
import { progressTracker, type ProjectionConsumer } from '../shared/consumers/projector.js';
import {
  appendPushMessages,
  loadRedPacketChannels,
  pushEventTypes,
  redPacketTargetOf,
  saveRedPacketChannels,
  toPushMessages,
  type PushDraft,
  type PushMessage,
} from '../../projections/pushMessages.js';

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

const draftsOf = async (tx: pg.PoolClient, events: readonly StoredEvent[]): Promise<(PushDraft & { at: string })[]> => {
  const created = events.map(redPacketTargetOf).filter((t) => t !== undefined);
  const known = await loadRedPacketChannels(
    tx,
    [...new Set(events.filter((e) => e.type.startsWith('RedPacket') && e.type !== 'RedPacketCreated').map((e) => String(e.data.redPacketId)))],
  );
  for (const t of created) known.set(t.redPacketId, t.channel);
  await saveRedPacketChannels(tx, created);
  return events.flatMap((e) => toPushMessages(e, known).map((d) => ({ ...d, at: e.metadata.at })));
};

export const pushProjector = (opts: PushProjectorOptions): ProjectionConsumer => {
  const name = opts.name ?? 'projection:push_messages';
  const progress = progressTracker();
  return {
    name,
    position: progress.position,
    waitFor: progress.waitFor,
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
        await client.query('begin');
        // The row lock keeps a second instance of this consumer from applying the same batch.
        const r = await client.query<{ position: number }>(
          'select position from consumer_checkpoints where name = $1 and partition = $2 for update',
          [name, batch.partition],
        );
        const from = Number(r.rows[0]?.position ?? 0);
        const applied = batch.events.filter((e) => e.position > from);
        last = applied.at(-1);
        const drafts = await draftsOf(client, applied.filter((e) => handled.has(e.type)));
        messages = await appendPushMessages(client, drafts, opts.historyLimit);
        if (last) await saveCheckpoint(client, name, batch.partition, last.position);
        await client.query('commit');
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
