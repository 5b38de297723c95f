// Numbering and storing push messages (tables: migrations/0004_push.ts). Each channel numbers
// its messages from 1 (seq rises by exactly one); history is kept per channel for resumes.
//
// Input is at-least-once. Rows and checkpoint share one transaction (services/push/projector.ts);
// an event at or below the checkpoint is skipped, never applied twice, so a message gets its
// seq once. A message is published only after that transaction commits.
import type pg from 'pg';
import type { PushDraft } from '../../contracts/push.js';
import type { Tx } from '../projection.js';

/** A numbered message, as the gateway sends it (a MessageFrame of contracts/push.ts, typed by its type). */
export type PushMessage = PushDraft & { seq: number; at: string };

export const pushTables = ['push_messages', 'push_channels', 'push_red_packet_channels'] as const;

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
      return { ...d, at: at[i] ?? d.at, seq };
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

