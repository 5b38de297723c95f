// Reads of the messaging read model (messaging.ts): history by seq, the conversation list with
// unread counts, the unread badge, favorites.
import type { FavoriteCategory } from '../domain/inbox.js';
import type { MessageType } from '../domain/conversation.js';
import { decodeCursor, int, iso, page, type Db, type Page, type PageRequest } from './support.js';

export type MessageState = 'sent' | 'recalled' | 'deleted';

export interface MessageView {
  conversationId: string;
  seq: number;
  /**
   * The message's global id: the event-store position of its MessageSent event (unique across
   * conversations, growing within one). Null only for a message stored before log ids whose event
   * migration 0086 could not find, until the messaging read model is rebuilt.
   */
  logId: number | null;
  messageId: string;
  clientMsgId: string;
  from: string;
  msgType: MessageType;
  /** Null once recalled or deleted. */
  body: Record<string, unknown> | null;
  at: string;
  state: MessageState;
}

type MessageRow = {
  conversation_id: string;
  seq: number | string;
  log_id: number | string | null;
  message_id: string;
  client_msg_id: string;
  from_id: string;
  msg_type: MessageType;
  body: Record<string, unknown>;
  at: Date;
  recalled_at: Date | null;
  deleted_at: Date | null;
};

const stateOf = (r: MessageRow): MessageState => (r.recalled_at ? 'recalled' : r.deleted_at ? 'deleted' : 'sent');

const messageView = (r: MessageRow): MessageView => {
  const state = stateOf(r);
  return {
    conversationId: r.conversation_id,
    seq: int(r.seq),
    logId: r.log_id === null ? null : int(r.log_id),
    messageId: r.message_id,
    clientMsgId: r.client_msg_id,
    from: r.from_id,
    msgType: r.msg_type,
    body: state === 'sent' ? r.body : null,
    at: iso(r.at),
    state,
  };
};

const MESSAGE_COLUMNS = 'm.conversation_id, m.seq, m.log_id, m.message_id, m.client_msg_id, m.from_id, m.msg_type, m.body, m.at, m.recalled_at, m.deleted_at';

export interface MessagePage {
  /** In seq order, without those the viewer deleted for themselves. */
  items: MessageView[];
  /** The seq to ask from for the next page (as `after` going forward, `before` going back), or null. */
  next: number | null;
  hasMore: boolean;
}

/**
 * Messages after a seq (catch-up, oldest first) or before one (scrolling back: the newest
 * `limit` below it). A page covers `limit` seqs of the log; ones the viewer hid are skipped but
 * still move the cursor, so paging never stalls on them.
 */
export const listMessages = async (
  db: Db,
  q: { conversationId: string; viewerId: string | null; after?: number | undefined; before?: number | undefined; limit: number },
): Promise<MessagePage> => {
  const forward = q.after !== undefined;
  const r = await db.query<MessageRow & { hidden: boolean }>(
    `select ${MESSAGE_COLUMNS},
       exists (select 1 from hidden_messages h where h.user_id = $4 and h.conversation_id = m.conversation_id and h.seq = m.seq) as hidden
     from message_log m
     where m.conversation_id = $1 and ($2::bigint is null or m.seq > $2) and ($3::bigint is null or m.seq < $3)
     order by m.seq ${forward ? 'asc' : 'desc'} limit $5`,
    [q.conversationId, q.after ?? null, q.before ?? null, q.viewerId ?? '', q.limit + 1],
  );
  const rows = r.rows.slice(0, q.limit);
  const edge = rows.at(-1);
  const items = rows.filter((x) => !x.hidden).map(messageView);
  return { items: forward ? items : items.reverse(), next: edge ? int(edge.seq) : null, hasMore: r.rows.length > q.limit };
};

export const getMessage = async (db: Db, conversationId: string, seq: number): Promise<MessageView | null> => {
  const r = await db.query<MessageRow>(`select ${MESSAGE_COLUMNS} from message_log m where m.conversation_id = $1 and m.seq = $2`, [conversationId, seq]);
  const row = r.rows[0];
  return row ? messageView(row) : null;
};

/** The message a global log id names (any conversation; the caller checks who may read it). */
export const getMessageByLogId = async (db: Db, logId: number): Promise<MessageView | null> => {
  const r = await db.query<MessageRow>(`select ${MESSAGE_COLUMNS} from message_log m where m.log_id = $1`, [logId]);
  const row = r.rows[0];
  return row ? messageView(row) : null;
};

export interface ConversationSummary {
  conversationId: string;
  kind: string;
  /** The other user of a 1:1. */
  peerId: string | null;
  lastSeq: number;
  /** Null while the conversation has no messages. */
  lastMessage: Record<string, unknown> | null;
  lastAt: string | null;
  readSeq: number;
  unread: number;
  pinned: boolean;
  muted: boolean;
  skin: string | null;
}

type SummaryRow = {
  conversation_id: string;
  kind: string;
  peer_id: string | null;
  last_seq: number | string;
  last_message: Record<string, unknown>;
  last_at: Date;
  read_seq: number | string;
  pinned: boolean;
  muted: boolean;
  skin: string | null;
};

/** A user's 1:1s and groups that have messages, unless hidden since their last message. */
const MINE = `with mine as (
    select conversation_id, peer_id from dm_participants where user_id = $1
    union all
    select 'group:' || group_id, null from group_members where user_id = $1
  ), listed as (
    select h.conversation_id, h.kind, m.peer_id, h.last_seq, h.last_message, h.last_at,
      coalesce(i.read_seq, 0) as read_seq, coalesce(i.pinned, false) as pinned, coalesce(i.muted, false) as muted, i.skin
    from mine m join conversation_heads h on h.conversation_id = m.conversation_id
    left join inbox_conversations i on i.user_id = $1 and i.conversation_id = m.conversation_id
    where i.hidden_seq is null or h.last_seq > i.hidden_seq
  )`;

const summary = (r: SummaryRow): ConversationSummary => {
  const lastSeq = int(r.last_seq);
  const readSeq = Math.min(int(r.read_seq), lastSeq);
  return {
    conversationId: r.conversation_id,
    kind: r.kind,
    peerId: r.peer_id,
    lastSeq,
    lastMessage: r.last_message,
    lastAt: iso(r.last_at),
    readSeq,
    unread: lastSeq - readSeq,
    pinned: r.pinned,
    muted: r.muted,
    skin: r.skin,
  };
};

/** Pinned first, then the latest activity first. */
export const listConversations = async (db: Db, userId: string, req: PageRequest): Promise<Page<ConversationSummary>> => {
  const after = req.cursor === undefined ? null : decodeCursor(req.cursor, ['number', 'string', 'string'] as const);
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<SummaryRow>(
          `${MINE} select * from listed
           where $2::int is null or (pinned::int, last_at, conversation_id) < ($2::int, $3::timestamptz, $4::text)
           order by pinned desc, last_at desc, conversation_id desc limit $5`,
          [userId, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, n],
        )
      ).rows,
    summary,
    (r) => [r.pinned ? 1 : 0, iso(r.last_at), r.conversation_id],
  );
};

/** The badge: unread messages over conversations not set to do-not-disturb, and how many of them have any. */
export const unreadTotal = async (db: Db, userId: string): Promise<{ total: number; conversations: number }> => {
  const r = await db.query<{ total: number | string; conversations: number | string }>(
    `${MINE} select coalesce(sum(greatest(last_seq - read_seq, 0)), 0) as total, count(*) filter (where last_seq > read_seq) as conversations
     from listed where not muted`,
    [userId],
  );
  const row = r.rows[0];
  return { total: int(row?.total ?? 0), conversations: int(row?.conversations ?? 0) };
};

/** One conversation as its reader sees it (null when it has no messages yet). */
export const getConversation = async (db: Db, userId: string, conversationId: string): Promise<ConversationSummary | null> => {
  const r = await db.query<SummaryRow>(
    `select h.conversation_id, h.kind, d.peer_id, h.last_seq, h.last_message, h.last_at,
       coalesce(i.read_seq, 0) as read_seq, coalesce(i.pinned, false) as pinned, coalesce(i.muted, false) as muted, i.skin
     from conversation_heads h
     left join dm_participants d on d.user_id = $1 and d.conversation_id = h.conversation_id
     left join inbox_conversations i on i.user_id = $1 and i.conversation_id = h.conversation_id
     where h.conversation_id = $2`,
    [userId, conversationId],
  );
  const row = r.rows[0];
  return row ? summary(row) : null;
};

export interface FavoriteView {
  favoriteId: string;
  at: string;
  message: MessageView | null;
  /** A content favorite's item as saved (null for a message favorite). */
  content: FavoriteContent | null;
}

export interface FavoriteContent {
  category: FavoriteCategory;
  content: string;
  fromId: string;
  fromName: string;
  fromHeadUrl: string;
}

type ContentRow = { fav_category: FavoriteCategory | null; fav_content: string | null; fav_from_id: string | null; fav_from_name: string | null; fav_from_head_url: string | null };
const contentOf = (r: ContentRow): FavoriteContent | null =>
  r.fav_category === null ? null : { category: r.fav_category, content: r.fav_content ?? '', fromId: r.fav_from_id ?? '', fromName: r.fav_from_name ?? '', fromHeadUrl: r.fav_from_head_url ?? '' };

/** Newest first; a favorite whose message was recalled or deleted shows it so. */
export const listFavorites = async (db: Db, userId: string, req: PageRequest): Promise<Page<FavoriteView>> => {
  const after = req.cursor === undefined ? null : decodeCursor(req.cursor, ['number'] as const);
  type Row = MessageRow & ContentRow & { favorite_id: string; fav_at: Date; position: number | string; fav_conversation_id: string | null };
  return page(
    req.limit,
    async (n) =>
      (
        await db.query<Row>(
          `select f.favorite_id, f.at as fav_at, f.position, f.conversation_id as fav_conversation_id, f.category as fav_category, f.content as fav_content, f.from_id as fav_from_id, f.from_name as fav_from_name, f.from_head_url as fav_from_head_url, ${MESSAGE_COLUMNS}
           from favorites f left join message_log m on m.conversation_id = f.conversation_id and m.seq = f.seq
           where f.user_id = $1 and ($2::bigint is null or f.position < $2) order by f.position desc limit $3`,
          [userId, after?.[0] ?? null, n],
        )
      ).rows,
    (r) => ({ favoriteId: r.favorite_id, at: iso(r.fav_at), message: r.message_id ? messageView(r) : null, content: contentOf(r) }),
    (r) => [int(r.position)],
  );
};
