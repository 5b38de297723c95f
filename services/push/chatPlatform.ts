// chat-platform's socket (seed 004, L2072-L2358) as a push dialect: ws://<host>:WS_PORT/apps/chat-platform/ws
// with FZM-AUTH-TOKEN + FZM-DEVICE (or FZM-UUID for a guest) as headers or query parameters.
// Client frames (eventType 0 send, 1 enter, 2 leave a chatroom) become the gateway's command
// frames; committed push messages become the seed's frames (0 messages, 3/4/5/7 chatroom notices,
// 10 recalls and deletes, 20-23 group notices, 24 online counts, 31 friend notices). A user holds
// their own channel and their groups' from the start, and a group they join while connected at
// once (followsGroups); a chatroom's after entering it. A sender's card (senderInfo) is fetched
// before the first frame that needs it is published (prepare), never filled in behind it.
import { CommandFrame, channel, type ControlFrame } from '../../contracts/push.js';
import { getPeople } from '../../projections/queries.js';
import type { PushMessage } from '../../projections/push/store.js';
import type { Core } from '../app/core.js';
import { listMyGroups } from '../app/groups.js';
import type { FacadeErrorKey } from '../facades/framework/dialect.js';
import { codes, devices, guestDevice } from '../facades/chat-platform/dialect.js';
import { conversationFor, coreMessage, seedLogId, seedMessage, type ChannelType } from '../facades/chat-platform/render.js';
import { encodeNotice, peopleOf } from './chatPlatformNotices.js';
import type { Principal, PushDialect, UpgradeInfo } from './dialects.js';
import { epochMs, frameBytes, onlineFrame, parseObject, seedTarget, text, type Frame } from './seedFrames.js';
import { senderCards, type SenderCards } from './senderCards.js';
import { staffTitles, type StaffTitles } from './staffTitles.js';

const NAME = 'chat-platform';
const GUEST = 'guest:';

const bytes = frameBytes;

/** Cards for senderInfo from the people read model (guests have none). */
const nameCache = (core: Core): SenderCards =>
  senderCards(
    async (ids) => new Map([...(await getPeople(core.pool, ids))].map(([id, p]) => [id, { nickname: p.nickname, avatar: p.avatarUrl ?? '' }])),
    { skip: (id) => id.startsWith(GUEST) },
  );

/** The user's groups at connect time (one joined later is followed by the gateway: followsGroups). */
const groupsAtConnect = new WeakMap<Principal, string[]>();

const credential = (info: UpgradeInfo, name: string) => info.header(name) || info.query.get(name) || info.query.get(name.toLowerCase()) || '';

const authenticate = async (core: Core, names: SenderCards, info: UpgradeInfo): Promise<Principal | null> => {
  const device = credential(info, 'FZM-DEVICE').trim().toLowerCase();
  if (device !== '' && !(devices as readonly string[]).includes(device)) return null;
  const token = credential(info, 'FZM-AUTH-TOKEN');
  if (token !== '') {
    const s = await core.sessions.verify(token, core.clock());
    if (!s) return null;
    const p: Principal = { userId: s.userId, expiresAt: s.expiresAt, sessionKey: s.key, token };
    const groups = await listMyGroups(core, { kind: 'user', userId: s.userId, roles: [], app: NAME }, { limit: 500 });
    groupsAtConnect.set(p, groups.items.map((g) => channel.group(g.groupId)));
    // The user's own card, for the echo of their first send (acks are encoded synchronously).
    await names.prefetch([s.userId]);
    return p;
  }
  const guest = guestDevice(credential(info, 'FZM-UUID'));
  return guest === null ? null : { userId: `${GUEST}${guest}`, expiresAt: Infinity };
};

// ---- client → server -------------------------------------------------------------------------

const str = text;

/** Request ids carry the eventType (and a send's msgType) so the answer can be written back: `0:1:<msgId>`. */
const parse = (raw: string, p?: Principal): ReturnType<PushDialect['parse']> => {
  const f = parseObject(raw);
  if (f === null) return { error: 'a frame is a JSON object' };
  const msgId = str(f.msgId);
  const request = requestOf(f, msgId, p);
  if (typeof request.error === 'string') return { error: request.error };
  const parsed = CommandFrame.safeParse(request);
  return parsed.success ? parsed.data : { error: `0::${msgId.slice(0, 60)}|${parsed.error.issues[0]?.message ?? 'bad frame'}` };
};

const requestOf = (f: Frame, msgId: string, p?: Principal): Frame | { error: string } => {
  switch (f.eventType) {
    case 0: {
      const channelType = Number(f.channelType);
      const msgType = Number(f.msgType);
      const me = p?.userId ?? '';
      const ct: ChannelType = channelType === 1 || channelType === 2 ? channelType : 3;
      const conversationId = me.startsWith(GUEST) ? `room:${str(f.targetId)}` : conversationFor(ct, str(f.targetId), me);
      const msg = f.msg && typeof f.msg === 'object' ? (f.msg as Frame) : {};
      const body = msgType === 4 ? { msgType: 'red_packet', body: {} } : safeCore(msgType, msg);
      if (body === null) return { error: `0:${msgType}:${msgId.slice(0, 60)}|msgType must be 0-6` };
      return { op: 'send', id: `0:${msgType}:${msgId}`, conversationId, message: { clientMsgId: msgId, ...body } };
    }
    case 1:
    case 2:
      return { op: f.eventType === 1 ? 'enter' : 'leave', id: `${f.eventType}:${msgId}`, roomId: str(f.groupId) };
    default:
      return { error: `-::${msgId.slice(0, 60)}|unknown eventType` };
  }
};

const safeCore = (msgType: number, msg: Frame) => {
  try {
    return coreMessage(msgType, msg);
  } catch {
    return null;
  }
};

// ---- server → client: answers ------------------------------------------------------------------

/** The seed's code for a refusal of a frame (0 send, 1/2 enter/leave). */
const codeOf = (eventType: string, msgType: string, code: string): number => {
  if (code === 'FORBIDDEN' && eventType === '0' && msgType === '4') return -4010;
  if (code === 'FORBIDDEN' && eventType === '0' && msgType === '0') return -2006;
  if (code === 'VALIDATION_FAILED' && eventType === '0') return -1005;
  if (code === 'NOT_FOUND' && eventType !== '0') return -5000;
  if (code === 'NOT_FOUND') return -2001;
  return (codes as Record<string, number | undefined>)[code as FacadeErrorKey] ?? -9000;
};

const splitId = (id: string) => {
  const [eventType = '', rest = ''] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
  if (eventType !== '0') return { eventType, msgType: '', msgId: rest };
  return { eventType, msgType: rest.slice(0, rest.indexOf(':')), msgId: rest.slice(rest.indexOf(':') + 1) };
};

const control = (names: SenderCards) => (frame: ControlFrame): Buffer | null => {
  if (frame.op === 'ack') return bytes(ackFrame(frame.id, frame.data, names));
  if (frame.op !== 'error' || frame.channel !== undefined) return null;
  // A frame the parser refused carries its request id in the message: "<eventType>:<msgType>:<msgId>|why".
  const [id, content] = frame.id !== undefined ? [frame.id, frame.message ?? ''] : splitMessage(frame.message ?? '');
  const { eventType, msgType, msgId } = splitId(id);
  const code = codeOf(eventType, msgType, frame.code);
  return bytes({ eventType: eventType === '1' || eventType === '2' ? Number(eventType) : 0, msgId, code, content });
};

const splitMessage = (m: string): [string, string] => {
  const bar = m.indexOf('|');
  return bar < 0 ? ['0::', m] : [m.slice(0, bar), m.slice(bar + 1)];
};

const ackFrame = (id: string, data: Record<string, unknown>, names: SenderCards): Frame => {
  const { eventType, msgId } = splitId(id);
  if (eventType !== '0') return { eventType: Number(eventType), msgId, content: '', code: 0 };
  return { ...logFrame(data as MessageData, names), msgId };
};

// ---- server → client: committed messages ---------------------------------------------------------

type MessageData = { conversationId: string; seq: number; logId?: number | null; clientMsgId: string; from: string; msgType: string; body: Record<string, unknown> | null; at: string };

const logFrame = (m: MessageData, names: SenderCards): Frame => ({
  eventType: 0,
  msgId: m.clientMsgId,
  ...seedTarget(m.conversationId, m.from),
  fromId: m.from,
  datetime: epochMs(m.at),
  logId: seedLogId(m.logId),
  ...seedMessage(m.msgType, m.body, (id) => `/apps/${NAME}/red-packet/open?id=${encodeURIComponent(id)}`),
  senderInfo: names.of(m.from),
});

/** A notice shows each person's card, with the staff title this message's reader may see (23 and 31 only carry one). */
const encodeOne = (m: PushMessage, names: SenderCards, titles: StaffTitles): Frame[] =>
  m.type === 'message' ? [logFrame(m.data, names)] : encodeNotice(m, (id) => ({ ...names.of(id), position: titles.of(m, id) }));

/** Both lookups a batch of messages needs before it is encoded, or null when nothing is missing. */
const both = (a: Promise<void> | null, b: Promise<void> | null): Promise<void> | null => (a === null ? b : b === null ? a : Promise.all([a, b]).then(() => undefined));

export const chatPlatformPushDialect = (core: Core): PushDialect => {
  const names = nameCache(core);
  const titles = staffTitles(core, NAME);
  return {
    name: NAME,
    path: `/apps/${NAME}/ws`,
    authenticate: (info) => authenticate(core, names, info),
    topic: (ch) => `${NAME}|${ch}`,
    encodeGroup: (msgs) => msgs.flatMap((m) => encodeOne(m, names, titles)).map(bytes),
    control: control(names),
    parse,
    implicit: (p) => (p.userId.startsWith(GUEST) ? [] : [channel.user(p.userId), ...(groupsAtConnect.get(p) ?? [])]),
    prepare: (msgs) => both(names.prefetch(msgs.flatMap(peopleOf)), titles.prepare(msgs)),
    observe: (m) => {
      if (m.type !== 'profile') return;
      const { nickname, avatarUrl } = m.data;
      names.update(m.data.userId, { ...(nickname !== undefined ? { nickname } : {}), ...(avatarUrl !== undefined ? { avatar: avatarUrl } : {}) });
    },
    followsGroups: true,
    ephemeral: (n) => bytes(onlineFrame(n.groupId, n.count, epochMs(n.at))),
  };
};
