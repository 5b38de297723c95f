// The audit API (role auditor): the stored events, as stored, in stream or global order; JSON by
// default, NDJSON with `Accept: application/x-ndjson`.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditAllEvents, auditStreamEvents } from '../../../contracts/http/audit.js';
import * as audit from '../../app/audit.js';
import type { Core } from '../../app/core.js';
import type { StoredEvent } from '../../../domain/events.js';

const wantsNdjson = (req: FastifyRequest) => (req.headers.accept ?? '').includes('application/x-ndjson');

const ndjson = (res: FastifyReply, events: StoredEvent[]) =>
  res.type('application/x-ndjson').send(events.map((e) => JSON.stringify(audit.toAuditEvent(e))).join('\n') + (events.length ? '\n' : ''));

export const auditRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.get('/audit/streams/:streamId/events', { schema: auditStreamEvents }, async (req, res) => {
    const r = await audit.streamEvents(core, req.caller, { streamId: req.params.streamId, ...req.query });
    return wantsNdjson(req) ? ndjson(res, r.events) : { items: r.events.map(audit.toAuditEvent), nextRevision: r.nextRevision };
  });
  app.get('/audit/events', { schema: auditAllEvents }, async (req, res) => {
    const r = await audit.allEvents(core, req.caller, req.query);
    return wantsNdjson(req) ? ndjson(res, r.events) : { items: r.events.map(audit.toAuditEvent), nextPosition: r.nextPosition };
  });
};
