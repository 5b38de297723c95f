// Reads that clients with their own screens need in one call: the names and avatars of many
// people, a page of a conversation with its senders, whether a phone has an account.
import { CodedError } from '../../domain/errors.js';
import { getPeople, type MessageView, type PersonCard } from '../../projections/queries.js';
import { requireUser, type Caller } from './caller.js';
import { history } from './conversations.js';
import type { Core } from './core.js';
import { toE164 } from './discovery.js';
import { userOfPhone } from './registration.js';

/** Names and avatars of users (signed-in callers; what every profile shows anyway). */
export const peopleCards = async (core: Core, caller: Caller, input: { userIds: readonly string[] }): Promise<Map<string, PersonCard>> => {
  if (caller.kind !== 'guest') requireUser(caller);
  return getPeople(core.pool, input.userIds);
};

export interface LogPage {
  items: MessageView[];
  senders: Map<string, PersonCard>;
  /** The seq to ask from for the next, older page; null at the beginning of the conversation. */
  olderFrom: number | null;
}

/**
 * A page of a conversation backwards from a seq (inclusive; the newest page without one), oldest
 * first, with the senders' cards: the paging of clients that say "from this record back".
 */
export const logPage = async (core: Core, caller: Caller, input: { conversationId: string; fromSeq?: number | undefined; limit: number }): Promise<LogPage> => {
  const page = await history(core, caller, { conversationId: input.conversationId, limit: input.limit, ...(input.fromSeq !== undefined ? { before: Math.min(input.fromSeq + 1, Number.MAX_SAFE_INTEGER) } : {}) }).catch((err: unknown) => {
    // A start past the end is the newest page, not an error, for these clients.
    if (input.fromSeq !== undefined && err instanceof CodedError && err.code === 'VALIDATION_FAILED' && err.details.field === 'before') return history(core, caller, { conversationId: input.conversationId, limit: input.limit });
    throw err;
  });
  const senders = await getPeople(core.pool, page.items.map((m) => m.from));
  const olderFrom = page.hasMore && page.next !== null && page.next > 1 ? page.next - 1 : null;
  return { items: page.items, senders, olderFrom };
};

/** The account a phone (any form: national, +86, 0086) is bound to, or null. */
export const accountOfPhone = async (core: Core, input: { phone: string }): Promise<string | null> => {
  const e164 = toE164(input.phone);
  if (e164 === null) throw new CodedError('VALIDATION_FAILED', 'not a phone number', { field: 'mobile' });
  return userOfPhone(core, e164);
};
