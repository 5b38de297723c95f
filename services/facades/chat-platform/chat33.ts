// Seed 004 "Interfaces" (L160-L300): applications (friend requests and group joins I review or
// made), and deleting or recalling one message (logId + type 1 group / 2 friend: a logId is the
// message's global id). The paths the seed cuts short are /chat33/deleteMsg and /chat33/revokeMsg
// (facades.md).
import { CodedError } from '../../../domain/errors.js';
import { deleteMessage, recallMessage } from '../../app/conversations.js';
import { listFriendRequests } from '../../app/friends.js';
import { listApplicationInbox } from '../../app/groups.js';
import { locateMessage } from '../../app/messageLogIds.js';
import { staffBriefs, type StaffBrief } from '../../app/staff.js';
import { channelTypeOf, conversationFor, ms } from './render.js';
import { empty, me, type Ctx, type Route } from './support.js';

const statusOf = (s: string): 1 | 2 | 3 => (s === 'pending' ? 1 : s === 'approved' || s === 'accepted' ? 3 : 2);

type Apply = { sender: string; receiver: string; type: 1 | 2; reason: string; status: 1 | 2 | 3; at: string };

/** A UserBrief: the title is the one the core lets this reader see (both staff), "" otherwise. */
const brief = (cards: Map<string, StaffBrief>, id: string) => ({ id, name: cards.get(id)?.nickname ?? '', avatar: cards.get(id)?.avatarUrl ?? '', position: cards.get(id)?.position ?? '' });

const applyList: Route = {
  path: '/chat33/applyList',
  async handler(ctx) {
    const cursor = ctx.params.optionalString('id', 24)?.trim();
    const offset = cursor ? ctx.params.int('id', { min: 0 }) : 0;
    const number = ctx.params.int('number', { min: 1, max: 100 });
    const mine = me(ctx);
    const [inbox, outbox, review, applied] = await Promise.all([
      listFriendRequests(ctx.core, ctx.caller, { box: 'inbox', limit: 200 }),
      listFriendRequests(ctx.core, ctx.caller, { box: 'outbox', limit: 200 }),
      listApplicationInbox(ctx.core, ctx.caller, { box: 'review', limit: 200 }),
      listApplicationInbox(ctx.core, ctx.caller, { box: 'mine', limit: 200 }),
    ]);
    const all: Apply[] = [
      ...inbox.items.map((r) => ({ sender: r.userId, receiver: mine, type: 2 as const, reason: r.reason ?? '', status: statusOf(r.status), at: r.createdAt })),
      ...outbox.items.map((r) => ({ sender: mine, receiver: r.userId, type: 2 as const, reason: r.reason ?? '', status: statusOf(r.status), at: r.createdAt })),
      ...[...review.items, ...applied.items].map((a) => ({ sender: a.applicantId, receiver: a.groupId, type: 1 as const, reason: a.message ?? '', status: statusOf(a.status), at: a.createdAt })),
    ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    const page = all.slice(offset, offset + number);
    const cards = await staffBriefs(ctx.core, ctx.caller, { userIds: page.flatMap((a) => [a.sender, a.receiver]) });
    return {
      applyList: page.map((a, i) => ({
        senderInfo: brief(cards, a.sender),
        receiveInfo: brief(cards, a.receiver),
        id: offset + i + 1,
        type: a.type,
        applyReason: a.reason,
        status: a.status,
        datetime: ms(a.at),
      })),
      totalNumber: all.length,
      nextId: offset + number < all.length ? String(offset + number) : '',
    };
  },
};

/**
 * The conversation and seq a logId names: a logId is a message's global id, so `logId` and `type`
 * (1 a group's or chatroom's message, 2 a friend's) are enough. The core finds the message for a
 * reader of its conversation (NOT_FOUND otherwise: -2023); a `type` of the other kind is -1001. A
 * `roomId` (type 1) or `id` (type 2, the friend) may still come: it must name the same conversation.
 */
const target = async (ctx: Ctx) => {
  const logId = ctx.params.int('logId', { min: 1 });
  const type = ctx.params.int('type', { min: 1, max: 2 });
  const m = await locateMessage(ctx.core, ctx.caller, { logId });
  const channelType = channelTypeOf(m.conversationId);
  if ((type === 2) !== (channelType === 3)) {
    throw new CodedError('VALIDATION_FAILED', `logId ${logId} is a ${channelType === 3 ? 'friend (type 2)' : 'group (type 1)'} message`, { field: 'type' });
  }
  const named = ctx.params.optionalId(type === 1 ? 'roomId' : 'id');
  if (named !== undefined && conversationFor(channelType, named, me(ctx)) !== m.conversationId) {
    throw new CodedError('VALIDATION_FAILED', `logId ${logId} is not a message of ${type === 1 ? 'roomId' : 'id'} ${named}`, { field: type === 1 ? 'roomId' : 'id' });
  }
  return { conversationId: m.conversationId, seq: m.seq };
};

const deleteMsg: Route = {
  path: '/chat33/deleteMsg',
  codes: { NOT_FOUND: -2023, FORBIDDEN: -2023 },
  async handler(ctx) {
    await deleteMessage(ctx.core, ctx.caller, await target(ctx), ctx.opts);
    return empty();
  },
};

const revokeMsg: Route = {
  path: '/chat33/revokeMsg',
  codes: { NOT_FOUND: -2023, FORBIDDEN: -2023 },
  async handler(ctx) {
    await recallMessage(ctx.core, ctx.caller, await target(ctx), ctx.opts);
    return empty();
  },
};

export const chat33Routes: Route[] = [applyList, deleteMsg, revokeMsg];
