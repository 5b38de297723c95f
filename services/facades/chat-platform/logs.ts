// Chat logs (C5 chatroom, R20 group, F7 friend): `startId` (a logId, a message's global id, of this
// conversation: the page reaches back from it, inclusive; none means the newest page) and `number`
// → `logs` oldest first and `nextLog`, the logId to ask from for the next older page ("" at the
// beginning).
import type { PersonCard } from '../../../projections/queries.js';
import { logPageByLogId } from '../../app/messageLogIds.js';
import { chatLog, conversationFor, seedLogId, type ChannelType } from './render.js';
import { me, type Ctx } from './support.js';

export const packetUrl = (ctx: Ctx) => (id: string) => ctx.urls.http(`/red-packet/open?id=${encodeURIComponent(id)}`);

const senderOf = (senders: Map<string, PersonCard>, id: string) => {
  const p = senders.get(id);
  return { nickname: p?.nickname ?? '', avatar: p?.avatarUrl ?? '' };
};

export const readLog = async (ctx: Ctx, channelType: ChannelType, targetId: string) => {
  const startId = ctx.params.optionalString('startId', 24)?.trim();
  const fromLogId = startId === undefined || startId === '' ? undefined : ctx.params.int('startId', { min: 1 });
  const limit = ctx.params.int('number', { min: 1, max: 100 });
  const viewer = channelType === 3 ? me(ctx) : ctx.caller.kind === 'user' ? ctx.caller.userId : '';
  const page = await logPageByLogId(ctx.core, ctx.caller, { conversationId: conversationFor(channelType, targetId, viewer), fromLogId, limit });
  const url = packetUrl(ctx);
  return { page, logs: page.items.map((m) => chatLog(m, senderOf(page.senders, m.from), url)), nextLog: seedLogId(page.olderFromLogId) };
};

/** F7's own shape: datetime a string, the friend's remark, senderInfo an array of {avatar, name}. */
export const friendLog = async (ctx: Ctx, friendId: string, remark: string) => {
  const { page, logs, nextLog } = await readLog(ctx, 3, friendId);
  return {
    logs: logs.map((l) => {
      const p = senderOf(page.senders, l.fromId);
      return { ...l, datetime: String(l.datetime), remark, senderInfo: [{ avatar: p.avatar, name: p.nickname }] };
    }),
    nextLog,
  };
};
