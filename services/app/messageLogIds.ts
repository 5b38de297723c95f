// A message's global id (its logId: the log position of its MessageSent event, message_log.log_id)
// names one message in any conversation. Clients that hold only that id (seed 004's logId, sent
// alone with `type` to /chat33/deleteMsg and /chat33/revokeMsg) find its conversation and seq here,
// and page a conversation's log by it.
import { CodedError } from '../../domain/errors.js';
import { getMessage, getMessageByLogId, type MessageView } from '../../projections/queries.js';
import type { Caller } from './caller.js';
import { conversationOf, requireReader } from './conversations.js';
import type { Core } from './core.js';
import { logPage, type LogPage } from './people.js';

const notFound = (logId: number) => new CodedError('NOT_FOUND', 'no such message', { logId });

/**
 * The message a log id names, for a caller who may read its conversation. Anyone else, an unknown
 * id, or one the read model has not seen is NOT_FOUND: which ids exist elsewhere is not told.
 */
export const locateMessage = async (core: Core, caller: Caller, input: { logId: number }): Promise<MessageView> => {
  if (!Number.isSafeInteger(input.logId) || input.logId < 1) throw new CodedError('VALIDATION_FAILED', 'logId must be a positive integer', { field: 'logId' });
  const m = await getMessageByLogId(core.pool, input.logId);
  if (!m) throw notFound(input.logId);
  try {
    await requireReader(core, caller, conversationOf(m.conversationId));
  } catch (err) {
    if (err instanceof CodedError && err.code === 'NOT_FOUND') throw notFound(input.logId);
    throw err;
  }
  return m;
};

export interface LogIdPage extends LogPage {
  /** The log id to ask from for the next, older page; null at the beginning of the conversation. */
  olderFromLogId: number | null;
}

/**
 * A page of a conversation backwards from a log id (inclusive; the newest page without one), oldest
 * first: `logPage` by global ids. The start must be a message of this conversation (VALIDATION_FAILED
 * otherwise).
 */
export const logPageByLogId = async (core: Core, caller: Caller, input: { conversationId: string; fromLogId?: number | undefined; limit: number }): Promise<LogIdPage> => {
  // Who may read comes first, so a refusal says nothing about where a log id is.
  if (input.fromLogId !== undefined) await requireReader(core, caller, conversationOf(input.conversationId));
  const start = input.fromLogId === undefined ? undefined : await getMessageByLogId(core.pool, input.fromLogId);
  if (input.fromLogId !== undefined && start?.conversationId !== input.conversationId) {
    throw new CodedError('VALIDATION_FAILED', 'startId is not a message of this conversation', { field: 'startId' });
  }
  const page = await logPage(core, caller, { conversationId: input.conversationId, fromSeq: start?.seq, limit: input.limit });
  const older = page.olderFrom === null ? null : await getMessage(core.pool, input.conversationId, page.olderFrom);
  return { ...page, olderFromLogId: older?.logId ?? null };
};
