// Money inside chat: a red packet or transfer sent to someone shows up in their conversation as a
// card that links to it, and what happens to it (a grab, an accept, a return) as a system line
// after it. The money stays in its own aggregates; a card is only a message. The process
// manager posts them from the log (services/process), with command ids derived from the money
// event, so a card is posted once however often the event is delivered.
import type { Stored } from '../../domain/events.js';
import { conversationDecider, conversationId, conversationStream, type MessageType } from '../../domain/conversation.js';
import type { AnyDomainEvent, EventOf } from '../../domain/index.js';
import { redPacketDecider, redPacketStream, type RedPacketTarget } from '../../domain/redPacket.js';
import type { CommandBus } from '../shared/commands/bus.js';
import { derivedCommandId, uuidFromName } from '../shared/ids.js';

export const cardEventTypes = ['RedPacketCreated', 'RedPacketGrabbed', 'TransferCreated', 'TransferAccepted', 'TransferReturned', 'TransferExpired'] as const satisfies readonly AnyDomainEvent['type'][];

type CardEvent = Stored<EventOf<(typeof cardEventTypes)[number]>>;
const cardTypes: ReadonlySet<string> = new Set(cardEventTypes);
const isCardEvent = (e: Stored<AnyDomainEvent>): e is CardEvent => cardTypes.has(e.type);

export interface Card {
  conversationId: string;
  from: string;
  msgType: MessageType;
  body: Record<string, unknown>;
}

/** A red packet's conversation: the 1:1 with its recipient, its group's, its room's (none to oneself). */
export const conversationOfTarget = (senderId: string, target: RedPacketTarget): string | null => {
  if (target.type === 'user') return target.id === senderId ? null : conversationId('dm', senderId, target.id);
  return conversationId(target.type, target.id);
};

const dm = (a: string, b: string) => (a === b ? null : conversationId('dm', a, b));
/** A transfer's conversation: its group's when it was sent in one, else the 1:1. */
const transferConversation = (d: { fromUserId: string; toUserId: string; groupId?: string }) => (d.groupId !== undefined ? conversationId('group', d.groupId) : dm(d.fromUserId, d.toUserId));

/**
 * The card an event posts, if any. A grab needs its packet's sender and target (`packet`); a grab
 * in a room posts nothing (a busy room's chat is not a list of grabs: the room's push says it).
 */
export const cardFor = (e: CardEvent, packet?: { senderId: string; target: RedPacketTarget }): Card | null => {
  switch (e.type) {
    case 'RedPacketCreated': {
      const { redPacketId, senderId, kind, count, target, greeting, asset } = e.data;
      const id = conversationOfTarget(senderId, target);
      // The asset only when not cash (a cash card keeps the shape it always had).
      return id ? { conversationId: id, from: senderId, msgType: 'red_packet', body: { redPacketId, kind, count, greeting: greeting ?? null, ...(asset !== undefined ? { asset } : {}) } } : null;
    }
    case 'RedPacketGrabbed': {
      if (!packet || packet.target.type === 'room') return null;
      const id = conversationOfTarget(packet.senderId, packet.target);
      const { redPacketId, userId, remainingCount } = e.data;
      return id ? { conversationId: id, from: userId, msgType: 'system', body: { event: 'red_packet.grabbed', redPacketId, senderId: packet.senderId, userId, remainingCount } } : null;
    }
    case 'TransferCreated': {
      const { transferId, fromUserId, toUserId, amount, note, expiresAt } = e.data;
      const id = transferConversation(e.data);
      return id ? { conversationId: id, from: fromUserId, msgType: 'transfer', body: { transferId, toUserId, amount, note: note ?? null, expiresAt } } : null;
    }
    case 'TransferAccepted':
    case 'TransferReturned':
    case 'TransferExpired': {
      const { transferId, fromUserId, toUserId, amount } = e.data;
      const id = transferConversation(e.data);
      const event = e.type === 'TransferAccepted' ? 'transfer.accepted' : e.type === 'TransferReturned' ? 'transfer.returned' : 'transfer.expired';
      // Accepting and returning are the recipient's acts; an expiry gives the money back to the sender.
      const from = e.type === 'TransferExpired' ? fromUserId : toUserId;
      return id ? { conversationId: id, from, msgType: 'system', body: { event, transferId, fromUserId, toUserId, amount } } : null;
    }
    default: {
      const never: never = e;
      return never;
    }
  }
};

/** Posts the card of an event, once (its command and message ids derive from the event id). */
export const postCard = async (bus: CommandBus, e: Stored<AnyDomainEvent>): Promise<void> => {
  if (!isCardEvent(e)) return;
  let packet: { senderId: string; target: RedPacketTarget } | undefined;
  if (e.type === 'RedPacketGrabbed') {
    // A packet's sender and target never change once it exists: a cached state of any age
    // answers them, without a read of the packet's stream per batch of grabs.
    const stream = redPacketStream(e.data.redPacketId);
    const cached = (await bus.load(redPacketDecider, stream, { maxStalenessMs: Infinity })).state;
    const s = cached.status === 'absent' ? (await bus.load(redPacketDecider, stream)).state : cached;
    if (s.status !== 'absent') packet = { senderId: s.terms.senderId, target: s.terms.target };
  }
  const card = cardFor(e, packet);
  if (!card) return;
  const commandId = derivedCommandId(e.id, 'chat-card');
  await bus.handle(conversationDecider, conversationStream(card.conversationId), {
    type: 'SendMessage',
    // The money was already allowed to go there; the card follows it.
    data: { ...card, messageId: uuidFromName(commandId), clientMsgId: `card:${e.id}`, allowed: true },
    metadata: { commandId, causationId: e.id, at: e.metadata.at, userId: card.from, ...(typeof e.metadata.correlationId === 'string' ? { correlationId: e.metadata.correlationId } : {}) },
  });
};
