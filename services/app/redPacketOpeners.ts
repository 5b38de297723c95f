// What the red-packet use cases need for the packet's opener rules: the terms a packet was made
// with, the openers checked against its target, and a grabber's registration time.
import type { RedPacketOpeners, RedPacketTarget, RedPacketTerms } from '../../domain/redPacket.js';
import { redPacketDecider, redPacketStream } from '../../domain/redPacket.js';
import { accountStream } from '../../domain/account.js';
import { CodedError } from '../../domain/errors.js';
import { isEligible } from './access.js';
import type { Core } from './core.js';

export interface OpenerInput {
  /** Designated openers (003 `limit`): only they may grab; each must be able to grab the target. */
  openers?: string[] | undefined;
  /** 口令: the grab must carry it. */
  phrase?: string | undefined;
  /** Only users registered within RED_PACKET_NEW_USER_SECONDS before the packet may grab (004 -4004). */
  newUsersOnly?: boolean | undefined;
  /** Guest devices may reserve shares (004 `/red-packet/receive`), credited when the device signs in. */
  guests?: boolean | undefined;
}

/** The opener terms of a new packet made at `at`; designated openers must be eligible for the target. */
export const openerTerms = async (core: Core, target: RedPacketTarget, input: OpenerInput, at: string): Promise<RedPacketOpeners> => {
  if (input.openers !== undefined && target.type !== 'user') {
    for (const userId of input.openers) {
      if (!(await isEligible(core, target, userId))) throw new CodedError('VALIDATION_FAILED', 'every designated opener must be able to open the packet', { field: 'openers', userId });
    }
  }
  const since = new Date(Date.parse(at) - core.config.RED_PACKET_NEW_USER_SECONDS * 1000).toISOString();
  return {
    ...(input.openers !== undefined ? { openers: input.openers } : {}),
    ...(input.phrase !== undefined ? { phrase: input.phrase } : {}),
    ...(input.newUsersOnly ? { newUsersSince: since } : {}),
    ...(input.guests ? { guests: true as const } : {}),
  };
};

/** A packet's terms never change once it exists: a cached state of any age answers them. */
export const termsOf = async (core: Core, redPacketId: string): Promise<RedPacketTerms | null> => {
  const stream = redPacketStream(redPacketId);
  const cached = await core.bus.load(redPacketDecider, stream, { maxStalenessMs: Infinity });
  const p = cached.state.status === 'absent' ? await core.bus.load(redPacketDecider, stream) : cached;
  return p.state.status === 'absent' ? null : p.state.terms;
};

/** When the user registered (their account stream's first event), read only for new-users-only packets. */
export const registeredAt = async (core: Core, terms: RedPacketTerms, userId: string): Promise<{ registeredAt?: string }> => {
  if (terms.newUsersSince === undefined) return {};
  const [first] = await core.store.readStream(accountStream(userId), { limit: 1 });
  return first?.type === 'UserRegistered' ? { registeredAt: first.metadata.at } : {};
};

/** What a reader of a packet is told of its opener terms. */
export interface OpenerView {
  /** Designated openers (003 `limituser`); empty when anyone the packet reaches may grab. */
  openers: string[];
  hasPhrase: boolean;
  /** The phrase (003 `command`): null when there is none or it is not this reader's to see. */
  phrase: string | null;
}

/**
 * The rule (003 R8: "others can see it but cannot grab it"; the history shows `limituser`): the
 * designated openers are shown to everyone who may see the packet, so a member who may not grab
 * learns why. The phrase is shown only to its sender and to those who grabbed (they typed it): to
 * anyone else, showing it would hand out what the packet asks them to know.
 */
export const openerView = (terms: RedPacketTerms | null, readerId: string, grabbed: boolean): OpenerView => {
  const phrase = terms?.phrase;
  const mayReadPhrase = terms !== null && (terms.senderId === readerId || grabbed);
  return { openers: [...(terms?.openers ?? [])], hasPhrase: phrase !== undefined, phrase: phrase !== undefined && mayReadPhrase ? phrase : null };
};

/**
 * Whether the user took a share, from the packet's own stream: a grab answers before the read
 * model has it, and a grabber asking right after must see the phrase they typed.
 */
export const grabbedOnStream = async (core: Core, redPacketId: string, userId: string): Promise<boolean> => {
  const { state } = await core.bus.load(redPacketDecider, redPacketStream(redPacketId));
  return state.status !== 'absent' && state.grabs.has(userId);
};
