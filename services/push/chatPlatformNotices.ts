// chat-platform's server notices (seed 004 §4.7) from committed push messages: 3 muted, 4/5/7 a
// chatroom closed, deleted, opened; 20/21/22 joined, left or kicked, dissolved; 23 a group
// application and its answer; 31 a friend request and its answer. Other messages have no frame.
import type { PushMessage } from '../../projections/push/store.js';

type Frame = Record<string, unknown>;
type NameOf = (id: string) => { nickname: string; avatar: string };

const ms = (iso: string) => Date.parse(iso);
/** The seed types application ids as ints: a core id that fits, else its digits as a string. */
const intId = (id: string): number | string => (/^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id);
const ownerOf = (ch: string) => (ch.startsWith('user:') ? ch.slice(5) : '');

const brief = (nameOf: NameOf, id: string) => {
  const n = nameOf(id);
  return { id, name: n.nickname, avatar: n.avatar, position: '' };
};

const applyRecord = (nameOf: NameOf, r: { sender: string; receiver: string; id: string; type: 1 | 2; reason: string; status: 1 | 2 | 3; at: string }, eventType: 23 | 31): Frame => ({
  eventType,
  senderInfo: brief(nameOf, r.sender),
  receiveInfo: brief(nameOf, r.receiver),
  id: intId(r.id),
  type: r.type,
  applyReason: r.reason,
  status: r.status,
  datetime: ms(r.at),
});

type Of<T extends PushMessage['type']> = Extract<PushMessage, { type: T }>;
type Encoders = { [T in PushMessage['type']]?: (m: Of<T>, nameOf: NameOf) => Frame[] };

const mutedFrame = (atIso: string, until: string | null): Frame => {
  const at = ms(atIso);
  return { eventType: 3, mutedTime: at, mutedLastTime: until === null ? 0 : Math.max(ms(until) - at, 0), datetime: at };
};

const encoders: Encoders = {
  'group.member': (m) => {
    const d = m.data;
    if (d.action === 'joined') return d.userIds.map((userId) => ({ eventType: 20, roomId: d.groupId, userId, datetime: ms(m.at) }));
    const kicked = d.action === 'kicked';
    return [{ eventType: 21, roomId: d.groupId, userId: d.userId, type: kicked ? 2 : 1, content: kicked ? '被踢出群聊' : '退出群聊' }];
  },
  'group.dismissed': (m) => [{ eventType: 22, roomId: m.data.groupId, datetime: ms(m.at) }],
  'group.application': (m, nameOf) => [applyRecord(nameOf, { sender: m.data.applicantId, receiver: m.data.groupId, id: m.data.applicationId, type: 1, reason: m.data.message ?? '', status: 1, at: m.at }, 23)],
  'group.application.answer': (m, nameOf) => [
    applyRecord(nameOf, { sender: ownerOf(m.channel), receiver: m.data.groupId, id: m.data.applicationId, type: 1, reason: m.data.reason ?? '', status: m.data.status === 'approved' ? 3 : 2, at: m.at }, 23),
  ],
  'room.closed': (m) => [{ eventType: 4, groupId: m.data.roomId, datetime: ms(m.at) }],
  'room.deleted': (m) => [{ eventType: 5, groupId: m.data.roomId, datetime: ms(m.at) }],
  'room.reopened': (m) => {
    const d = m.data;
    return [{ eventType: 7, groupId: d.roomId, groupName: d.title, avatar: d.avatarUrl ?? '', description: '', createTime: 0, openTime: ms(m.at), closeTime: 0, status: 0, totalNumber: '0', userNumber: '0', visitorNumber: '0' }];
  },
  // To the muted user only (its own channel), as the seed's frame names no one.
  'room.muted': (m) => (m.channel.startsWith('user:') ? [mutedFrame(m.at, m.data.until)] : []),
  'friend.request': (m, nameOf) => [applyRecord(nameOf, { sender: m.data.requesterId, receiver: m.data.targetId, id: '0', type: 2, reason: m.data.reason ?? '', status: 1, at: m.at }, 31)],
  'friend.answer': (m, nameOf) => [
    applyRecord(nameOf, { sender: m.data.requesterId, receiver: m.data.targetId, id: '0', type: 2, reason: '', status: m.data.status === 'accepted' ? 3 : 2, at: m.at }, 31),
  ],
  account: (m) => (m.data.action === 'muted' ? [mutedFrame(m.data.at, m.data.until)] : []),
};

/** The seed's frames for a committed message other than a chat message; none for most types. */
export const encodeNotice = (m: PushMessage, nameOf: NameOf): Frame[] => {
  const encode = encoders[m.type] as ((m: PushMessage, nameOf: NameOf) => Frame[]) | undefined;
  return encode ? encode(m, nameOf) : [];
};
