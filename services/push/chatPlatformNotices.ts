// chat-platform's server notices (seed 004 §4.7) from committed push messages: 3 muted, 4/5/7 a
// chatroom closed, deleted, opened; 10 a message recalled or deleted; 20/21/22 joined, left or
// kicked, dissolved; 23 a group application and its answer; 31 a friend request and its answer.
// Other messages have no frame.
import type { PushMessage } from '../../projections/push/store.js';
import { seedLogId } from '../facades/chat-platform/render.js';
import { dismissedFrame, epochMs as ms, memberFrames, seedTarget, type Frame } from './seedFrames.js';

/** A user's card as this message's reader sees it: `position` their staff title when the reader may see it (staffTitles.ts). */
type NameOf = (id: string) => { nickname: string; avatar: string; position?: string };
/** The seed types application ids as ints: a core id that fits, else its digits as a string. */
const intId = (id: string): number | string => (/^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id);
/** A `user:` channel's owner: the only reader of its topic. */
export const ownerOf = (ch: string) => (ch.startsWith('user:') ? ch.slice(5) : '');

const brief = (nameOf: NameOf, id: string) => {
  const n = nameOf(id);
  return { id, name: n.nickname, avatar: n.avatar, position: n.position ?? '' };
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

/**
 * eventType 10 (the seed marks it "not used for now"; X3/X4 promise a notice, so it is sent):
 * `logType` 1 group, 2 friend; `operateType` 1 recall, 2 delete; `userName` who did it. `logId` is
 * the message's global id (as in message frames and chat logs); `channelType` and `targetId` (as in
 * message frames, seen from the channel's owner in a 1:1) still say whose. A chatroom's has no logType in the seed: 1
 * there too, with channelType 1.
 */
const operationFrame = (m: Of<'message.recalled'> | Of<'message.deleted'>, operateType: 1 | 2, nameOf: NameOf): Frame[] => {
  const d = m.data;
  const target = seedTarget(d.conversationId, ownerOf(m.channel));
  return [{ eventType: 10, logType: target.channelType === 3 ? 2 : 1, logId: seedLogId(d.logId), operateType, userName: nameOf(d.by).nickname, ...target, datetime: ms(m.at) }];
};

const encoders: Encoders = {
  'group.member': (m) => memberFrames(m.data, ms(m.at), false),
  'group.dismissed': (m) => [dismissedFrame(m.data.groupId, ms(m.at))],
  'group.application': (m, nameOf) => [applyRecord(nameOf, { sender: m.data.applicantId, receiver: m.data.groupId, id: m.data.applicationId, type: 1, reason: m.data.message ?? '', status: 1, at: m.at }, 23)],
  'group.application.answer': (m, nameOf) => [
    applyRecord(nameOf, { sender: ownerOf(m.channel), receiver: m.data.groupId, id: m.data.applicationId, type: 1, reason: m.data.reason ?? '', status: m.data.status === 'approved' ? 3 : 2, at: m.at }, 23),
  ],
  'room.closed': (m) => [{ eventType: 4, groupId: m.data.roomId, datetime: ms(m.at) }],
  'room.deleted': (m) => [{ eventType: 5, groupId: m.data.roomId, datetime: ms(m.at) }],
  // createTime and closeTime as /group/info gives them (0 when the room's older events lack them); a core room has no description.
  'room.reopened': (m) => {
    const d = m.data;
    const [createTime, closeTime] = [d.createdAt, d.closedAt].map((t) => (t === undefined ? 0 : ms(t)));
    return [{ eventType: 7, groupId: d.roomId, groupName: d.title, avatar: d.avatarUrl ?? '', description: '', createTime, openTime: ms(m.at), closeTime, status: 0, totalNumber: '0', userNumber: '0', visitorNumber: '0' }];
  },
  // To the muted user only (its own channel), as the seed's frame names no one.
  'room.muted': (m) => (m.channel.startsWith('user:') ? [mutedFrame(m.at, m.data.until)] : []),
  'friend.request': (m, nameOf) => [applyRecord(nameOf, { sender: m.data.requesterId, receiver: m.data.targetId, id: '0', type: 2, reason: m.data.reason ?? '', status: 1, at: m.at }, 31)],
  'friend.answer': (m, nameOf) => [
    applyRecord(nameOf, { sender: m.data.requesterId, receiver: m.data.targetId, id: '0', type: 2, reason: '', status: m.data.status === 'accepted' ? 3 : 2, at: m.at }, 31),
  ],
  account: (m) => (m.data.action === 'muted' ? [mutedFrame(m.data.at, m.data.until)] : []),
  'message.recalled': (m, nameOf) => operationFrame(m, 1, nameOf),
  'message.deleted': (m, nameOf) => operationFrame(m, 2, nameOf),
};

/** The seed's frames for a committed message other than a chat message; none for most types. */
export const encodeNotice = (m: PushMessage, nameOf: NameOf): Frame[] => {
  const encode = encoders[m.type] as ((m: PushMessage, nameOf: NameOf) => Frame[]) | undefined;
  return encode ? encode(m, nameOf) : [];
};

type People = { [T in PushMessage['type']]?: (m: Of<T>) => string[] };
/** The people an application notice (23, 31) names: applicants, requesters, targets (staff titles may show for them). */
export const applicationPeople: People = {
  'friend.request': (m) => [m.data.requesterId, m.data.targetId],
  'friend.answer': (m) => [m.data.requesterId, m.data.targetId],
  'group.application': (m) => [m.data.applicantId],
  'group.application.answer': (m) => [ownerOf(m.channel)],
};
const people: People = {
  message: (m) => [m.data.from],
  'message.recalled': (m) => [m.data.by],
  'message.deleted': (m) => [m.data.by],
  ...applicationPeople,
};

/** The users whose cards a message's frames show (senderInfo, applicants, who recalled): fetched before encoding. */
export const peopleOf = (m: PushMessage): string[] => {
  const of = people[m.type] as ((m: PushMessage) => string[]) | undefined;
  return of ? of(m) : [];
};
