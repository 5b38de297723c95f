// What the seed apps' socket dialects share: 004 (chat-platform, chatPlatform.ts) and the house IM
// dialect of 003/002 (imDialect.ts) write the same eventType frames with different field formats.
// Here: the bytes of a frame, epoch-ms times, how a conversation is named as channelType and
// targetId, the client frame as a JSON object, and the group membership notices (20 joined, 21
// left or kicked, 22 dismissed). Pure: no socket, no I/O.

export type Frame = Record<string, unknown>;

/** A frame as the bytes every socket of the topic gets (encoded once). */
export const frameBytes = (f: unknown): Buffer => Buffer.from(JSON.stringify(f));

/** An ISO time as the seeds' epoch milliseconds. */
export const epochMs = (iso: string): number => Date.parse(iso);

/** A string field, or '' (numbers too, for the ids clients send as JSON numbers). */
export const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A conversation as the seeds name it: channelType 1 chatroom, 2 group (targetId the group), 3 friend (targetId the other user). */
export const seedTarget = (conversationId: string, from: string): { channelType: 1 | 2 | 3; targetId: string } => {
  const [kind = '', a = '', b = ''] = conversationId.split(':');
  if (kind === 'room') return { channelType: 1, targetId: a };
  if (kind === 'group') return { channelType: 2, targetId: a };
  return { channelType: 3, targetId: a === from ? b : a };
};

/** A client frame: a JSON object, or null for anything else. */
export const parseObject = (raw: string): Frame | null => {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Frame) : null;
  } catch {
    return null;
  }
};

type MemberData = { action?: unknown; groupId?: unknown; userIds?: unknown; userId?: unknown };

/**
 * eventType 20 (one per user who joined) or 21 (left: type 1, kicked: type 2). 004's table gives
 * 21 no `datetime`; the house IM dialect adds it (`leaveTime`).
 */
export const memberFrames = (d: MemberData, datetime: number, leaveTime: boolean): Frame[] => {
  const groupId = text(d.groupId);
  if (d.action === 'joined') return (Array.isArray(d.userIds) ? (d.userIds as unknown[]) : []).map((u) => ({ eventType: 20, roomId: groupId, userId: text(u), datetime }));
  const kicked = d.action === 'kicked';
  const frame: Frame = { eventType: 21, roomId: groupId, userId: text(d.userId), type: kicked ? 2 : 1, content: kicked ? '被踢出群聊' : '退出群聊' };
  return [leaveTime ? { ...frame, datetime } : frame];
};

/** eventType 22: the group was dismissed. */
export const dismissedFrame = (groupId: string, datetime: number): Frame => ({ eventType: 22, roomId: groupId, datetime });

/** eventType 24 (004): a group's online count changed; `number` is a string in the seed's table. */
export const onlineFrame = (groupId: string, count: number, datetime: number): Frame => ({ eventType: 24, roomId: groupId, number: String(count), datetime });
