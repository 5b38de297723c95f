// The house IM dialect of 003 (im-groups-wallet) and 002 (chat-wallet), at the `imServerUrl` their
// login hands out (`/apps/<app>/ws` on WS_PORT): chat-platform's (004) eventType frames with these
// apps' formats (ids strings, `datetime` epoch ms). The token comes as `token` (query or header)
// or `Authorization: Bearer`. The user's own channel and every group they are in are held from
// the start, and a group they join while connected at once (followsGroups; `{"eventType":1,
// "groupId"}` still subscribes explicitly).
//
// Client → server: `{"eventType":0,"msgId","channelType":2|3,"targetId","msgType","msg"}` sends
// (2 group, 3 friend); the echo is the message frame itself with the same msgId, or, refused,
// `{"eventType":0,"msgId","code","content"}` and nothing is delivered.
// Server → client: 0 messages (red packet and transfer cards are msgType 4 and 8), 20 joined a
// group, 21 left (type 1) or kicked (type 2), 22 group dismissed, 23 a join application, 31 friend
// request (status 1) and answer (3 accepted, 2 rejected).
import type { ControlFrame } from '../../contracts/push.js';
import { channel as channelName, parseChannel } from '../../contracts/push.js';
import type { PushMessage } from '../../projections/push/store.js';
import type { ClientRequest, Principal, PushDialect, UpgradeInfo } from './dialects.js';
import { dismissedFrame, epochMs as ms, frameBytes as json, memberFrames, parseObject, seedTarget } from './seedFrames.js';

/** The core's message types as 004's numbers (0 system, 1 text, 2 voice, 3 image, 4 red packet, 5 video), then ours. */
const msgTypes: Record<string, number> = { system: 0, text: 1, voice: 2, image: 3, red_packet: 4, video: 5, custom: 6, file: 7, transfer: 8, location: 9, card: 10, gift: 11 };
const coreTypes = new Map(Object.entries(msgTypes).map(([k, v]) => [v, k]));

const bearer = (h: string): string => (h.toLowerCase().startsWith('bearer ') ? h.slice(7).trim() : '');

type Data = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const messageFrame = (d: Data, at: string) => ({
  eventType: 0,
  msgId: str(d.clientMsgId),
  ...seedTarget(str(d.conversationId), str(d.from)),
  fromId: str(d.from),
  datetime: ms(typeof d.at === 'string' ? d.at : at),
  logId: String(d.seq ?? ''),
  msgType: msgTypes[str(d.msgType)] ?? 6,
  msg: d.body ?? {},
});

type Encode = (d: Data, datetime: number, at: string) => unknown;

const groupMember: Encode = (d, datetime) => {
  const frames = memberFrames(d, datetime, true);
  return d.action === 'joined' ? frames : frames[0];
};

/** What each message type becomes; a type not here (wallet legs, receipts, ...) the app reads over HTTP. */
const encoders: Partial<Record<PushMessage['type'], Encode>> = {
  message: (d, _t, at) => messageFrame(d, at),
  'friend.request': (d, datetime) => ({ eventType: 31, type: 2, status: 1, senderInfo: { id: str(d.requesterId) }, receiveInfo: { id: str(d.targetId) }, applyReason: str(d.reason), datetime }),
  'friend.answer': (d, datetime) => ({ eventType: 31, type: 2, status: d.status === 'accepted' ? 3 : 2, senderInfo: { id: str(d.requesterId) }, receiveInfo: { id: str(d.targetId) }, datetime }),
  'group.member': groupMember,
  'group.dismissed': (d, datetime) => dismissedFrame(str(d.groupId), datetime),
  'group.application': (d, datetime) => ({ eventType: 23, type: 1, status: 1, id: str(d.applicationId), roomId: str(d.groupId), senderInfo: { id: str(d.applicantId) }, applyReason: str(d.message), datetime }),
  'group.application.answer': (d, datetime) => ({ eventType: 23, type: 1, status: d.status === 'approved' ? 3 : 2, id: str(d.applicationId), roomId: str(d.groupId), datetime }),
};

const frameOf = (m: PushMessage): unknown => encoders[m.type]?.(m.data as Data, ms(m.at), m.at) ?? null;

const frames = (msgs: readonly PushMessage[]): Buffer[] =>
  msgs.flatMap((m) => {
    const f = frameOf(m);
    return f === null ? [] : Array.isArray(f) ? f.map(json) : [json(f)];
  });

const idText = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

const conversationOf = (channelType: unknown, me: string, targetId: string): string =>
  channelType === 2 ? `group:${targetId}` : channelType === 3 ? `dm:${[me, targetId].sort().join(':')}` : '';

const parseSend = (f: Data, p: Principal | undefined): ClientRequest | { error: string } => {
  const msgId = idText(f.msgId);
  const targetId = idText(f.targetId);
  if (!msgId || !/^\d{1,20}$/.test(targetId) || !p) return { error: 'msgId and a numeric targetId are required' };
  const msgType = coreTypes.get(Number(f.msgType));
  // Money cards come from the money flows, never from a client's frame.
  if (msgType === undefined || ['red_packet', 'transfer', 'gift'].includes(msgType)) return { error: 'unknown msgType' };
  const conversationId = conversationOf(f.channelType, p.userId, targetId);
  if (!conversationId) return { error: 'channelType must be 2 (group) or 3 (friend)' };
  const body = f.msg && typeof f.msg === 'object' && !Array.isArray(f.msg) ? (f.msg as Data) : {};
  return { op: 'send', id: msgId, conversationId, message: { clientMsgId: msgId, msgType, body } } as ClientRequest;
};

export const parseImFrame = (text: string, p?: Principal): ClientRequest | { error: string } => {
  const d = parseObject(text);
  if (d === null) return { error: 'not a JSON object' };
  if (d.eventType === 0) return parseSend(d, p);
  if (d.eventType === 1 && (typeof d.groupId === 'string' || typeof d.groupId === 'number')) return { op: 'subscribe', channel: channelName.group(String(d.groupId)) };
  if (d.eventType === 2 && (typeof d.groupId === 'string' || typeof d.groupId === 'number')) return { op: 'unsubscribe', channel: channelName.group(String(d.groupId)) };
  return { error: 'unknown eventType' };
};

/** A refused send: the client's msgId and a non-zero code (-1; 2003 not a member, as 003 #47 numbers it). */
const control = (f: ControlFrame): Buffer | null => {
  if (f.op === 'ack') return json(messageFrame(f.data, new Date().toISOString()));
  if (f.op === 'error' && f.id !== undefined) return json({ eventType: 0, msgId: f.id, code: f.code === 'NOT_A_MEMBER' ? 2003 : -1, content: f.message ?? f.code });
  if (f.op === 'error' && f.channel !== undefined) return json({ eventType: 1, groupId: parseChannel(f.channel)?.id ?? '', code: -1, content: f.message ?? f.code });
  return null;
};

export interface ImDialectDeps {
  authenticate(token: string): Promise<Principal | null>;
  /** The groups a user is in, held from the start. */
  groupsOf(userId: string): Promise<string[]>;
}

export const imPushDialect = (app: 'im-groups-wallet' | 'chat-wallet', deps: ImDialectDeps): PushDialect => {
  // implicit() is synchronous: the groups are looked up while authenticating and kept per principal.
  const groups = new WeakMap<Principal, string[]>();
  return {
    name: app,
    path: `/apps/${app}/ws`,
    async authenticate(info: UpgradeInfo) {
      const token = info.query.get('token') || info.header('token') || bearer(info.header('authorization'));
      const p = token ? await deps.authenticate(token) : null;
      if (p) groups.set(p, await deps.groupsOf(p.userId));
      return p;
    },
    topic: (ch) => `${app}|${ch}`,
    encodeGroup: frames,
    control,
    parse: parseImFrame,
    implicit: (p) => [channelName.user(p.userId), ...(groups.get(p) ?? []).map((g) => channelName.group(g))],
    followsGroups: true,
  };
};
