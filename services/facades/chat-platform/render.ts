// How chat-platform writes the core's things: messages as its ChatLog (L704-L731, L2117-L2159),
// coins as numbers of 8-decimal assets, flags as 1/2, times as epoch ms. Pure functions.
import type { LosslessNumber } from 'lossless-json';
import { CodedError } from '../../../domain/errors.js';
import type { MessageView } from '../../../projections/queries.js';
import { decimalNumber, epochMs } from '../framework/codecs.js';

/** channelType: 1 chatroom, 2 group, 3 friend. */
export type ChannelType = 1 | 2 | 3;

/** The core conversation a channel and target name (a friend's 1:1 needs the caller's id). */
export const conversationFor = (channelType: ChannelType, targetId: string, me: string): string => {
  if (channelType === 1) return `room:${targetId}`;
  if (channelType === 2) return `group:${targetId}`;
  return `dm:${[me, targetId].sort().join(':')}`;
};

/** coin 1 BTY, 2 YCC, 3 the third coin: each an 8-decimal core asset. */
export const coinAssets = { 1: 'bty', 2: 'ycc', 3: 'coin3' } as const;
export const COIN_DECIMALS = 8;
export const coinOf = (asset: string): number => {
  const hit = Object.entries(coinAssets).find(([, a]) => a === asset);
  return hit ? Number(hit[0]) : 0;
};
export const assetOfCoin = (coin: number): string => {
  const a = (coinAssets as Record<number, string | undefined>)[coin];
  if (a === undefined) throw new CodedError('VALIDATION_FAILED', 'coin must be 1, 2 or 3', { field: 'coin', value: coin });
  return a;
};
/** An amount of an asset as the seed's float: exact digits, never through a double. */
export const coinAmount = (units: number): LosslessNumber => decimalNumber(units, COIN_DECIMALS);

export const flag = (on: boolean): 1 | 2 => (on ? 1 : 2);
export const ms = (iso: string | null | undefined): number => (iso ? epochMs(iso) : 0);

// ---- message bodies ------------------------------------------------------------------------

type Body = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** A client's msgType and msg as a core message (L2087-L2097); red packets are never sent by hand. */
export const coreMessage = (msgType: number, msg: Body): { msgType: 'text' | 'system' | 'voice' | 'image' | 'custom'; body: Body } => {
  switch (msgType) {
    case 0:
      return { msgType: 'system', body: { text: str(msg.content) } };
    case 1:
      return { msgType: 'text', body: { text: str(msg.content) } };
    case 2:
      return { msgType: 'voice', body: { url: str(msg.mediaUrl), durationMs: Math.round(num(msg.time) * 1000) } };
    case 3: {
      const size = { ...(typeof msg.width === 'number' ? { width: msg.width } : {}), ...(typeof msg.height === 'number' ? { height: msg.height } : {}) };
      return { msgType: 'image', body: { url: str(msg.imageUrl), ...size } };
    }
    case 5:
    case 6:
      return { msgType: 'custom', body: { kind: `chat-platform:${msgType}`, data: msg } };
    default:
      throw new CodedError('VALIDATION_FAILED', 'msgType must be 0, 1, 2, 3, 5 or 6 (red packets are sent through the red-packet API)', { field: 'msgType', messageFormat: true });
  }
};

/** A core message as 004's msgType and msg. */
export const seedMessage = (msgType: string, body: Body | null, packetUrl: (id: string) => string): { msgType: number; msg: Body } => {
  const b = body ?? {};
  switch (msgType) {
    case 'system':
      return { msgType: 0, msg: { content: str(b.text) || (typeof b.event === 'string' ? b.event : '') } };
    case 'text':
      return { msgType: 1, msg: { content: str(b.text) } };
    case 'voice':
      return { msgType: 2, msg: { mediaUrl: str(b.url), time: Math.round(num(b.durationMs) / 1000) } };
    case 'image':
      return { msgType: 3, msg: { height: num(b.height), imageUrl: str(b.url), width: num(b.width) } };
    case 'red_packet': {
      const id = str(b.redPacketId);
      return { msgType: 4, msg: { coin: coinOf(str(b.asset)), packetId: id, packetType: b.kind === 'fixed' ? 2 : 1, packetUrl: packetUrl(id) } };
    }
    case 'custom': {
      const m = /^chat-platform:([56])$/.exec(str(b.kind));
      if (m && b.data && typeof b.data === 'object') return { msgType: Number(m[1]), msg: b.data as Body };
      return { msgType: 6, msg: { content: '' } };
    }
    default:
      return { msgType: 6, msg: { content: `[${msgType}]` } };
  }
};

export interface SenderInfo {
  nickname: string;
  avatar: string;
}

/** The target a message shows: the chatroom, group or (for a 1:1) the other user. */
const targetOf = (conversationId: string, from: string): string => {
  const [kind = '', a = '', b = ''] = conversationId.split(':');
  if (kind === 'dm') return a === from ? b : a;
  return a;
};

export const channelTypeOf = (conversationId: string): ChannelType => (conversationId.startsWith('room:') ? 1 : conversationId.startsWith('group:') ? 2 : 3);

/** A logId as the seed writes it: the message's global id as a string ("" for one stored before log ids and not dated back). */
export const seedLogId = (logId: number | null | undefined): string => (typeof logId === 'number' ? String(logId) : '');

/** One ChatLog (§2.7): ids as strings, datetime in ms; `logId` the message's global id. */
export const chatLog = (m: Pick<MessageView, 'conversationId' | 'logId' | 'from' | 'msgType' | 'body' | 'at'>, sender: SenderInfo, packetUrl: (id: string) => string) => ({
  logId: seedLogId(m.logId),
  channelType: channelTypeOf(m.conversationId),
  fromId: m.from,
  targetId: targetOf(m.conversationId, m.from),
  ...seedMessage(m.msgType, m.body, packetUrl),
  datetime: ms(m.at),
  senderInfo: sender,
});
