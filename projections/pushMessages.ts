// PushMessages: the messages the push service announces, numbered per channel, and the
// history a reconnecting client resumes from. Tables: migrations/0004_push.ts.
//
// Input is at-least-once. Rows and checkpoint share one transaction (services/push/projector.ts);
// an event at or below the checkpoint is skipped, never applied twice, so a message gets its
// seq once. A message is published only after that transaction commits.
import type pg from 'pg';
import type { Tx } from './projection.js';
import type { StoredEvent } from '../services/shared/event-store/port.js';
import type { MessageFrame, PushMessageType } from '../contracts/push.js';
import { isWalletEventType, walletEventTypes } from '../domain/wallet.js';
import type { RedPacketEvent, RedPacketTerms } from '../domain/redPacket.js';
import type { RoomEvent } from '../domain/room.js';
import type { TransferEvent } from '../domain/transfer.js';

export type PushMessage = MessageFrame;

/** A message before it has a seq. */
export interface PushDraft {
  channel: string;
  type: PushMessageType;
  data: Record<string, unknown>;
}

export const pushTables = ['push_messages', 'push_channels', 'push_red_packet_channels'] as const;

const WALLET_STREAM_PREFIX = 'wallet-';

const roomMemberActions: Partial<Record<RoomEvent['type'], string>> = {
  RoomMemberJoined: 'joined',
  RoomMemberLeft: 'left',
  RoomMemberBanned: 'banned',
};
const transferStatuses: Record<TransferEvent['type'], string> = {
  TransferCreated: 'pending',
  TransferAccepted: 'accepted',
  TransferReturned: 'returned',
  TransferExpired: 'expired',
};
const redPacketActions: Record<RedPacketEvent['type'], string> = {
  RedPacketCreated: 'created',
  RedPacketGrabbed: 'grabbed',
  RedPacketExpired: 'expired',
};

/** Every event type that can produce a message; the projector skips the rest cheaply. */
export const pushEventTypes: readonly string[] = [
  ...walletEventTypes,
  ...Object.keys(roomMemberActions),
  ...Object.keys(transferStatuses),
  ...Object.keys(redPacketActions),
];

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Where a red packet was sent: its target as a channel. */
export const redPacketChannel = (target: RedPacketTerms['target']): string => `${target.type}:${target.id}`;

const pick = (data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]));

const walletMessage = (event: StoredEvent): PushDraft[] => {
  const ownerId = event.streamId.startsWith(WALLET_STREAM_PREFIX) ? event.streamId.slice(WALLET_STREAM_PREFIX.length) : '';
  if (!ownerId) return [];
  const d = event.data;
  // The ledger entry (reason, reference, each balance change with the balance after it) is what
  // a wallet screen needs; the pre-split shares of a red packet are not for anyone's eyes.
  const data = pick(d, ['reason', 'refId', 'changes']);
  const out: PushDraft[] = [{ channel: `user:${ownerId}`, type: 'wallet', data }];
  const roomId = str(d.roomId);
  if (event.type === 'GiftSent' && roomId) {
    out.push({
      channel: `room:${roomId}`,
      type: 'gift',
      data: {
        ...pick(d, ['giftSendId', 'giftId', 'fromUserId', 'toUserId', 'count', 'unitPrice']),
        roomId,
        value: num(d.coinsSpent),
      },
    });
  }
  return out;
};

const redPacketMessage = (event: StoredEvent, action: string, known: ChannelLookup): PushDraft[] => {
  const d = event.data;
  const redPacketId = str(d.redPacketId);
  if (!redPacketId) return [];
  const channel = known.get(redPacketId);
  if (!channel) return [];
  const fields =
    action === 'created'
      ? ['redPacketId', 'senderId', 'kind', 'total', 'count', 'greeting', 'expiresAt']
      : action === 'grabbed'
        ? ['redPacketId', 'userId', 'amount', 'remainingCount', 'remainingAmount']
        : ['redPacketId', 'senderId', 'refundAmount', 'remainingCount'];
  return [{ channel, type: 'red_packet', data: { action, ...pick(d, fields) } }];
};

/** Where a red packet's messages go (its target's channel), by red packet id. */
export type ChannelLookup = Pick<ReadonlyMap<string, string>, 'get'>;

/**
 * Maps one stored event to the messages it announces. Pure: `redPacketChannels` gives the
 * channel of each red packet already known (a grab does not repeat its target); the caller
 * adds a packet to it when it sees the packet created (see redPacketTargetOf).
 */
export const toPushMessages = (event: StoredEvent, redPacketChannels: ChannelLookup = new Map()): PushDraft[] => {
  const d = event.data;
  if (isWalletEventType(event.type)) return walletMessage(event);
  const memberAction = roomMemberActions[event.type as RoomEvent['type']];
  if (memberAction) {
    const roomId = str(d.roomId);
    return roomId
      ? [{ channel: `room:${roomId}`, type: 'room.member', data: { action: memberAction, ...pick(d, ['roomId', 'userId', 'onlineCount']) } }]
      : [];
  }
  if (Object.hasOwn(transferStatuses, event.type)) {
    const status = transferStatuses[event.type as TransferEvent['type']];
    const from = str(d.fromUserId);
    const to = str(d.toUserId);
    const data = { status, ...pick(d, ['transferId', 'fromUserId', 'toUserId', 'amount', 'note', 'expiresAt']) };
    const users = [...new Set([to, from].filter((u): u is string => u !== undefined))];
    return users.map((u) => ({ channel: `user:${u}`, type: 'transfer', data }));
  }
  if (Object.hasOwn(redPacketActions, event.type)) {
    return redPacketMessage(event, redPacketActions[event.type as RedPacketEvent['type']], redPacketChannels);
  }
  return [];
};

/** The channel a RedPacketCreated event targets, or undefined for any other event. */
export const redPacketTargetOf = (event: StoredEvent): { redPacketId: string; channel: string } | undefined => {
  if (event.type !== 'RedPacketCreated') return undefined;
  const id = str(event.data.redPacketId);
  const target = event.data.target;
  if (!id || typeof target !== 'object' || target === null) return undefined;
  const type = (target as Record<string, unknown>).type;
  const targetId = str((target as Record<string, unknown>).id);
  if ((type !== 'user' && type !== 'group' && type !== 'room') || !targetId) return undefined;
  return { redPacketId: id, channel: redPacketChannel({ type, id: targetId }) };
};

export const saveRedPacketChannels = async (tx: Tx, entries: readonly { redPacketId: string; channel: string }[]): Promise<void> => {
  if (entries.length === 0) return;
  await tx.query(
    `insert into push_red_packet_channels (red_packet_id, channel)
     select * from unnest($1::text[], $2::text[]) on conflict (red_packet_id) do nothing`,
    [entries.map((e) => e.redPacketId), entries.map((e) => e.channel)],
  );
};

export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * The statements that give each draft the next seq of its channel and store it, in the caller's
 * transaction: the first bumps each channel's last_seq (locking its row until commit, so seqs
 * are taken and made visible in order) and inserts the messages, answering (channel, last_seq);
 * the second keeps at least historyLimit messages per channel (at most historyLimit + trimSlack). `messages` turns that answer into
 * the stored messages, numbered as the first statement numbered them.
 */
/** How far past its history limit a channel may grow before it is trimmed back to the limit. */
export const trimSlack = (historyLimit: number): number => Math.ceil(historyLimit / 4);

export const pushMessageStatements = (drafts: readonly (PushDraft & { at: string })[], historyLimit: number) => {
  const perChannel = new Map<string, number>();
  for (const d of drafts) perChannel.set(d.channel, (perChannel.get(d.channel) ?? 0) + 1);
  // Sorted, so two writers lock channel rows in the same order and cannot deadlock.
  const channels = [...perChannel.keys()].sort();
  const at = drafts.map((d) => new Date(d.at).toISOString());
  const statements: Statement[] = [
    {
      text: `with drafts as (
               select * from unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[]) with ordinality as d(channel, type, data, at, i)
             ), bumped as (
               insert into push_channels (channel, last_seq)
               select * from unnest($5::text[], $6::bigint[])
               on conflict (channel) do update set last_seq = push_channels.last_seq + excluded.last_seq
               returning channel, last_seq
             ), stored as (
               insert into push_messages (channel, seq, type, data, at)
               select d.channel, b.last_seq - c.n + row_number() over (partition by d.channel order by d.i), d.type, d.data, d.at
                 from drafts d
                 join bumped b on b.channel = d.channel
                 join unnest($5::text[], $6::bigint[]) as c(channel, n) on c.channel = d.channel
             )
             select channel, last_seq from bumped`,
      values: [drafts.map((d) => d.channel), drafts.map((d) => d.type), drafts.map((d) => JSON.stringify(d.data)), at, channels, channels.map((c) => perChannel.get(c) ?? 0)],
    },
    {
      // Trim only channels a quarter past their limit, back to the limit: a busy channel is
      // trimmed in one delete every historyLimit / 4 messages, not a few rows every batch.
      // oldest_seq moves with the trim in the same transaction, so a reader sees the retained
      // range and its rows agree.
      text: `with trimmed as (
               update push_channels set oldest_seq = last_seq - $2 + 1
                where channel = any($1::text[]) and last_seq - $3 + 1 > oldest_seq
               returning channel, oldest_seq)
             delete from push_messages m using trimmed t where m.channel = t.channel and m.seq < t.oldest_seq`,
      values: [channels, historyLimit, historyLimit + trimSlack(historyLimit)],
    },
  ];
  const messages = (bumped: readonly { channel: string; last_seq: number | string }[]): PushMessage[] => {
    const next = new Map<string, number>();
    for (const row of bumped) next.set(row.channel, Number(row.last_seq) - (perChannel.get(row.channel) ?? 0) + 1);
    return drafts.map((d, i) => {
      const seq = next.get(d.channel) ?? 1;
      next.set(d.channel, seq + 1);
      return { channel: d.channel, seq, type: d.type, data: d.data, at: at[i] ?? d.at };
    });
  };
  return { statements, messages };
};

/** Stores drafts with their seqs, statement by statement (see pushMessageStatements). */
export const appendPushMessages = async (
  tx: pg.PoolClient,
  drafts: readonly (PushDraft & { at: string })[],
  historyLimit: number,
): Promise<PushMessage[]> => {
  if (drafts.length === 0) return [];
  const { statements, messages } = pushMessageStatements(drafts, historyLimit);
  const [store, trim] = statements;
  if (!store || !trim) throw new Error('push message statements missing');
  const r = await tx.query<{ channel: string; last_seq: number }>(store.text, store.values);
  await tx.query(trim.text, trim.values);
  return messages(r.rows);
};

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
        messages = m.rows.map((row) => ({ channel, seq: Number(row.seq), type: row.type, data: row.data, at: row.at.toISOString() }));
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
