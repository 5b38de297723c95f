// The audit API (role auditor): the stored events, as stored, in stream or global order.
import type { StoredEvent } from '../../domain/events.js';
import { requireRole, type Caller } from './caller.js';
import type { Core } from './core.js';

export const toAuditEvent = (e: StoredEvent) => {
  const m = e.metadata;
  const metadata: { commandId?: string; causationId?: string; correlationId?: string; userId?: string; at: string } = { at: m.at };
  for (const k of ['commandId', 'causationId', 'correlationId', 'userId'] as const) {
    const v = m[k];
    if (typeof v === 'string') metadata[k] = v;
  }
  return { streamId: e.streamId, revision: e.revision, globalPosition: e.position, eventId: e.id, type: e.type, data: e.data, metadata };
};

export const streamEvents = async (core: Core, caller: Caller, input: { streamId: string; fromRevision: number; limit: number }) => {
  requireRole(caller, 'auditor');
  const events = await core.store.readStream(input.streamId, { fromRevision: input.fromRevision, limit: input.limit });
  const last = events.at(-1);
  return { events, nextRevision: events.length === input.limit && last ? last.revision + 1 : null };
};

/** fromPosition is inclusive for callers: the store reads strictly after a position. */
export const allEvents = async (core: Core, caller: Caller, input: { fromPosition: number; limit: number }) => {
  requireRole(caller, 'auditor');
  const events = await core.store.readAll(Math.max(0, input.fromPosition - 1), input.limit);
  const last = events.at(-1);
  return { events, nextPosition: events.length === input.limit && last ? last.position + 1 : null };
};
