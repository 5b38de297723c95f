// The push projector: turns events into numbered push messages, stores them, then publishes.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice, so each message gets exactly one seq. Messages are
// published only after that transaction commits: the gateway never announces what a resuming
// client could not read back from PostgreSQL. It reads events through the EventConsumer port like
// every projector, so the embedded store log or a Kafka consumer group can feed it.
//
// A batch that fails is run once more event by event (savepoints): an event whose messages cannot
// be stored is parked (consumer `projection:push_messages`) in the transaction that moves the
// checkpoint past it, and the rest is stored and published. Its listeners miss that notice (the
// HTTP state is the truth); `retry-parked` stores it later with the next seq of its channels.
import type pg from 'pg';
import type { EventBatch } from '../shared/event-source/port.js';
import type { StoredEvent } from '../shared/event-store/port.js';
import { CHECKPOINT_MOVED, expectCheckpointsSql, loadCheckpoint, lockCheckpointSql, saveCheckpoint } from '../shared/consumers/checkpoints.js';
import { progressTracker, type ProjectionConsumer } from '../shared/consumers/projector.js';
import { pushEventTypes, redPacketTargetOf, revocationEventTypes, revocationsOf, toPushMessages } from '../../projections/push/messages.js';
import { appendPushMessages, pushMessageStatements, saveRedPacketChannels, type PushMessage } from '../../projections/push/store.js';
import { asDomainEvent } from '../../domain/index.js';
import { deferredTx, inline } from '../shared/postgres/deferred.js';
import { isTransient, parkEvents, withTransientRetries, type ParkItem } from '../shared/consumers/parking.js';

/** What the gateway hears from the projector, in log order. */
export type Announcement = { kind: 'message'; message: PushMessage } | { kind: 'revoke'; channel: string; userId: string };

export interface PushProjectorLog {
  error(obj: object, msg: string): void;
}

export interface PushProjectorOptions {
  pool: pg.Pool;
  /** Called for each committed message, in seq order per channel. Must not throw (errors are logged). */
  publish(message: PushMessage): void;
  /** Called when a user loses a channel (a member removed from a group), in order with the messages. */
  revoke?(channel: string, userId: string): void;
  /** Messages kept per channel for resume (PUSH_HISTORY_LIMIT). */
  historyLimit: number;
  log: PushProjectorLog;
  /** Checkpoint key; default "projection:push_messages". */
  name?: string;
}

const handled: ReadonlySet<string> = new Set([...pushEventTypes, ...revocationEventTypes]);

/** The red packets (other than new ones) whose channel the batch needs from earlier batches. */
export const packetIdsOf = (events: readonly StoredEvent[]): string[] => [
  ...new Set(
    events.flatMap((stored) => {
      const e = asDomainEvent(stored);
      return e?.type === 'RedPacketGrabbed' || e?.type === 'RedPacketExpired' ? [e.data.redPacketId] : [];
    }),
  ),
];

/** What a batch announces once committed, in log order. */
type Output = { kind: 'revoke'; channel: string; userId: string } | { kind: 'message'; message: PushMessage };

/** The batch's announcements in log order: each event's revocations, then its messages. */
const inOrder = (perEvent: readonly { revocations: { channel: string; userId: string }[]; messages: PushMessage[] }[]): Output[] =>
  perEvent.flatMap((x) => [...x.revocations.map((r): Output => ({ kind: 'revoke', ...r })), ...x.messages.map((message): Output => ({ kind: 'message', message }))]);

export const pushProjector = (opts: PushProjectorOptions): ProjectionConsumer => {
  const name = opts.name ?? 'projection:push_messages';
  const progress = progressTracker();
  // The checkpoint this consumer last committed, per partition, and the channels of the red
  // packets it has seen (a packet's target never changes). With both at hand a batch is one
  // round trip; otherwise (the first batch, a packet from before this process, another instance
  // having moved the checkpoint) an opening round trip reads them under the lock first.
  const committed = new Map<string, number>();
  const channels = new Map<string, string>();

  /** begin, the checkpoint's lock (a second instance waits, so it never applies the same batch), the checkpoint and the channels. */
  const opening = async (client: pg.PoolClient, partition: string, packetIds: string[]): Promise<number> => {
    const opened = await client.query(
      `begin; ${lockCheckpointSql(name)};
       ${inline(
         `select position from consumer_checkpoints where name = $1 and partition = $2;
          select red_packet_id, channel from push_red_packet_channels where red_packet_id = any($3::text[])`,
         [name, partition, packetIds],
       )}`,
    );
    const [, , checkpointRow, channelRows] = opened as unknown as pg.QueryResult[];
    for (const row of (channelRows?.rows ?? []) as { red_packet_id: string; channel: string }[]) channels.set(row.red_packet_id, row.channel);
    return Number(checkpointRow?.rows[0]?.position ?? 0);
  };

  /** The batch's writes past checkpoint `at`, its checkpoint and the commit, as one simple query. */
  const writesFor = async (batch: EventBatch, at: number) => {
    const applied = batch.events.filter((e) => e.position > at);
    const last = applied.at(-1);
    const events = applied.filter((e) => handled.has(e.type));
    const created = events.map(redPacketTargetOf).filter((t) => t !== undefined);
    const known = new Map(created.map((t) => [t.redPacketId, t.channel]));
    const lookup = { get: (id: string) => known.get(id) ?? channels.get(id) };
    const perEvent = events.map((e) => ({ revocations: revocationsOf(e), drafts: toPushMessages(e, lookup).map((d) => ({ ...d, at: e.metadata.at })) }));
    const drafts = perEvent.flatMap((x) => x.drafts);
    const writes = deferredTx();
    const store = drafts.length > 0 ? pushMessageStatements(drafts, opts.historyLimit) : null;
    for (const st of store?.statements ?? []) await writes.query(st.text, st.values);
    await saveRedPacketChannels(writes, created);
    if (last) await saveCheckpoint(writes, name, batch.partition, last.position);
    return {
      last,
      created,
      text: `${writes.text()} commit`,
      outputs: (bumped: readonly { channel: string; last_seq: number | string }[]): Output[] => {
        const all = store ? store.messages(bumped) : [];
        let i = 0;
        return inOrder(perEvent.map((x) => ({ revocations: x.revocations, messages: all.slice(i, (i += x.drafts.length)) })));
      },
    };
  };

  /**
   * The batch once more, in its own transaction, each event under a savepoint: an event whose
   * messages cannot be stored is rolled back alone and parked beside the checkpoint.
   */
  const carefully = async (client: pg.PoolClient, batch: EventBatch) => {
    const from = await opening(client, batch.partition, packetIdsOf(batch.events));
    const applied = batch.events.filter((e) => e.position > from);
    const perEvent: { revocations: { channel: string; userId: string }[]; messages: PushMessage[] }[] = [];
    const created: { redPacketId: string; channel: string }[] = [];
    const parked: ParkItem[] = [];
    const lookup = { get: (id: string) => created.find((t) => t.redPacketId === id)?.channel ?? channels.get(id) };
    for (const e of applied.filter((x) => handled.has(x.type))) {
      await client.query('savepoint push_event');
      try {
        const target = redPacketTargetOf(e);
        const stored = await appendPushMessages(client, toPushMessages(e, lookup).map((d) => ({ ...d, at: e.metadata.at })), opts.historyLimit);
        if (target) await saveRedPacketChannels(client, [target]);
        await client.query('release savepoint push_event');
        perEvent.push({ revocations: revocationsOf(e), messages: stored });
        if (target) created.push(target);
      } catch (err) {
        if (isTransient(err)) throw err;
        await client.query('rollback to savepoint push_event; release savepoint push_event');
        // Its notices are lost to live listeners, not its revocations: those need no storage.
        perEvent.push({ revocations: revocationsOf(e), messages: [] });
        parked.push({ consumer: name, partition: batch.partition, event: e, error: err, attempts: 2 });
      }
    }
    await parkEvents(client, parked);
    const last = applied.at(-1);
    if (last) await saveCheckpoint(client, name, batch.partition, last.position);
    await client.query('commit');
    for (const x of parked) {
      opts.log.error(
        { err: x.error, consumer: name, eventId: x.event.id, type: x.event.type, streamId: x.event.streamId, position: x.event.position },
        `${name} parked position ${x.event.position ?? '?'} (${x.event.type} in ${x.event.streamId ?? '?'})`,
      );
    }
    return { outputs: inOrder(perEvent), last, created, from };
  };

  type Done = { outputs: Output[]; last: StoredEvent | undefined; created: { redPacketId: string; channel: string }[]; from: number | undefined };

  /**
   * The batch in one round trip when the checkpoint and the channels are known (else an opening
   * round trip reads them under the lock first). When the checkpoint came from memory, the same
   * query first takes the lock and checks the checkpoint is still there; the messages' statement
   * comes right after that, so its answer (each channel's new last seq) is a known result.
   */
  const quickly = async (client: pg.PoolClient, batch: EventBatch): Promise<Done> => {
    let from = committed.get(batch.partition);
    const missing = packetIdsOf(batch.events).filter((id) => !channels.has(id));
    let open = from === undefined || missing.length > 0;
    if (open) from = await opening(client, batch.partition, missing);
    for (;;) {
      const at = from ?? 0;
      const plan = await writesFor(batch, at);
      const prefix = open ? [] : ['begin', lockCheckpointSql(name), expectCheckpointsSql(batch.partition, [{ name, position: at }])];
      try {
        const done = await client.query([...prefix, plan.text].join(';\n'));
        const results = (Array.isArray(done) ? done : [done]) as pg.QueryResult<{ channel: string; last_seq: number }>[];
        return { outputs: plan.outputs(results[prefix.length]?.rows ?? []), last: plan.last, created: plan.created, from };
      } catch (err) {
        if (open || (err as { code?: unknown }).code !== CHECKPOINT_MOVED) throw err;
        // Another instance moved the checkpoint: read it (and the channels) and decide again.
        await client.query('rollback');
        from = await opening(client, batch.partition, packetIdsOf(batch.events));
        open = true;
      }
    }
  };

  /** One synchronous loop, no await inside: see announce's callers. */
  const announce = (outputs: readonly Output[]) => {
    for (const o of outputs) {
      try {
        if (o.kind === 'revoke') opts.revoke?.(o.channel, o.userId);
        else opts.publish(o.message);
      } catch (err) {
        // Announcing is best effort: the message is stored and a client catches up with `since`.
        opts.log.error({ err, ...(o.kind === 'message' ? { channel: o.message.channel, seq: o.message.seq } : { channel: o.channel }) }, 'push announce failed');
      }
    }
  };

  const handleOnce = async (batch: EventBatch) => {
    const client = await opts.pool.connect();
    let done: Done;
    try {
      try {
        done = await quickly(client, batch);
      } catch (err) {
        await client.query('rollback').catch(() => {});
        if (isTransient(err)) throw err;
        done = await carefully(client, batch);
      }
    } catch (err) {
      committed.delete(batch.partition);
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    committed.set(batch.partition, done.last?.position ?? done.from ?? 0);
    if (channels.size > 100_000) channels.clear();
    for (const t of done.created) channels.set(t.redPacketId, t.channel);
    // The gateway's hand-off from replay to the live topic (also synchronous) runs either before
    // or after a whole batch, never between two of its messages, and each channel's messages
    // arrive in seq order.
    announce(done.outputs);
    if (done.last && batch.partition === 'all') progress.advance(done.last.position);
  };

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
    // A failure of the database itself is tried again with backoff; only if it lasts does the
    // consumer stop, without moving.
    handle: (batch: EventBatch) => withTransientRetries(() => handleOnce(batch)),
  };
};

/**
 * retry-parked for push: stores a parked event's messages now, with the next seq of each channel,
 * under the push checkpoint's lock (so no batch numbers the same channels at the same time), and
 * calls `resolve` in the same transaction. The checkpoint does not move: it is already past the
 * event. Nothing is announced live (this may run in another process than the gateway); listeners
 * see the notice when they resume with `since`.
 */
export const storeParkedPushEvent = async (
  pool: pg.Pool,
  event: StoredEvent,
  opts: { historyLimit: number; name?: string; resolve(tx: pg.PoolClient): Promise<void> },
): Promise<PushMessage[]> => {
  const name = opts.name ?? 'projection:push_messages';
  const client = await pool.connect();
  try {
    const ids = packetIdsOf([event]);
    const opened = await client.query(
      `begin; ${lockCheckpointSql(name)}; ${inline('select red_packet_id, channel from push_red_packet_channels where red_packet_id = any($1::text[])', [ids])}`,
    );
    const rows = ((opened as unknown as pg.QueryResult[])[2]?.rows ?? []) as { red_packet_id: string; channel: string }[];
    const known = new Map(rows.map((r) => [r.red_packet_id, r.channel]));
    const target = redPacketTargetOf(event);
    const stored = await appendPushMessages(client, toPushMessages(event, known).map((d) => ({ ...d, at: event.metadata.at })), opts.historyLimit);
    if (target) await saveRedPacketChannels(client, [target]);
    await opts.resolve(client);
    await client.query('commit');
    return stored;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
};
