import { z } from 'zod';
import { errorResponses, Id } from '../common.js';

export const AuditEvent = z.object({
  streamId: z.string(),
  revision: z.number().int(),
  globalPosition: z.number().int(),
  eventId: z.string(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  metadata: z.object({
    commandId: z.string().optional(),
    causationId: z.string().optional(),
    correlationId: z.string().optional(),
    userId: z.string().optional(),
    at: z.string(),
  }),
});

export const auditStreamEvents = {
  params: z.strictObject({ streamId: z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'must be a stream id') }),
  querystring: z.strictObject({ fromRevision: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
  response: { 200: z.object({ items: z.array(AuditEvent), nextRevision: z.number().int().nullable() }), ...errorResponses },
} as const;

export const auditAllEvents = {
  querystring: z.strictObject({ fromPosition: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
  response: { 200: z.object({ items: z.array(AuditEvent), nextPosition: z.number().int().nullable() }), ...errorResponses },
} as const;

export const grantRole = {
  params: z.strictObject({ userId: Id }),
  body: z.strictObject({ role: z.enum(['auditor', 'operator']) }),
  response: { 200: z.object({ userId: z.string(), roles: z.array(z.string()) }), ...errorResponses },
} as const;
