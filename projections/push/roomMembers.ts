// A room's member notices: who joined, left or was banned, and mutes (the room and the member learn).
import { channel, type PushDraft } from '../../contracts/push.js';

export const roomMember = (action: 'joined' | 'left' | 'banned', d: { roomId: string; userId: string; onlineCount: number }): PushDraft[] => [
  { channel: channel.room(d.roomId), type: 'room.member', data: { action, roomId: d.roomId, userId: d.userId, onlineCount: d.onlineCount } },
];

/** The room learns of a mute, and so does the member (on their own channel, wherever they are). */
export const roomMuted = (roomId: string, userId: string, until: string | null): PushDraft[] =>
  [channel.room(roomId), channel.user(userId)].map((ch) => ({ channel: ch, type: 'room.muted', data: { roomId, userId, until } }));
