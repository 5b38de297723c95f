// The audit API (role auditor): the stored events, as stored, in stream or global order.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditAllEvents, auditStreamEvents } from '../../../contracts/http/audit.js';
import type { StoredEvent } from '../../shared/event-store/port.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../deps.js';

export const toAuditEvent = (e: StoredEvent) => {
  const m = e.metadata;
  const metadata: { commandId?: string; causationId?: string; correlationId?: string; userId?: string; at: string } = { at: m.at };
  for (const k of ['commandId', 'causationId', 'correlationId', 'userId'] as const) {
    const v = m[k];
    if (typeof v === 'string') metadata[k] = v;
  }
  return { streamId: e.streamId, revision: e.revision, globalPosition: e.position, eventId: e.id, type: e.type, data: e.data, metadata };
};

const wantsNdjson = (req: FastifyRequest) => (req.headers.accept ?? '').includes('application/x-ndjson');

const ndjson = (res: FastifyReply, events: StoredEvent[]) =>
  res.type('application/x-ndjson').send(events.map((e) => JSON.stringify(toAuditEvent(e))).join('\n') + (events.length ? '\n' : ''));

export const auditRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get('/v1/audit/streams/:streamId/events', { schema: auditStreamEvents }, async (req, res) => {
    requireRole(req, 'auditor');
    const { fromRevision, limit } = req.query;
    const events = await deps.store.readStream(req.params.streamId, { fromRevision, limit });
    if (wantsNdjson(req)) return ndjson(res, events);
    const last = events.at(-1);
    return { items: events.map(toAuditEvent), nextRevision: events.length === limit && last ? last.revision + 1 : null };
  });

  app.get('/v1/audit/events', { schema: auditAllEvents }, async (req, res) => {
    requireRole(req, 'auditor');
    const { fromPosition, limit } = req.query;
    // fromPosition is inclusive for callers: the store reads strictly after a position.
    const events = await deps.store.readAll(Math.max(0, fromPosition - 1), limit);
    if (wantsNdjson(req)) return ndjson(res, events);
    const last = events.at(-1);
    return { items: events.map(toAuditEvent), nextPosition: events.length === limit && last ? last.position + 1 : null };
  });
};
