// Reports (issue #20): a user reports a user, post, message or group with a reason; operators
// list the open ones and resolve them (actioned or dismissed). One open report per reporter and
// subject is the report stream's rule (domain/report.ts), so two concurrent filings cannot both
// open one: the second is ALREADY_REPORTED. What "actioned" does to the subject (a ban, a
// deletion) is the operator's separate command in its own context.
import { reportDecider, reportIdOf, reportStream, type ReportResolution, type ReportSubjectType } from '../../domain/report.js';
import { listReports as readReports, type ReportStatus } from '../../projections/queries.js';
import { actingUser, requireRole, requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

export const fileReport = (
  core: Core,
  caller: Caller,
  input: { subjectType: ReportSubjectType; subjectId: string; reason: string; note?: string | undefined },
  opts: CommandOptions = {},
) =>
  runCommand(core, caller, 'fileReport', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const reportId = reportIdOf(input.subjectType, input.subjectId, user.userId);
    const r = await core.bus.handle(reportDecider, reportStream(reportId), {
      type: 'FileReport',
      data: { reportId, reporterId: user.userId, subjectType: input.subjectType, subjectId: input.subjectId, reason: input.reason, ...(input.note !== undefined ? { note: input.note } : {}) },
      metadata: meta,
    });
    await settled(core, r);
    return { reportId, status: 'open' as const };
  });

export const listReports = async (core: Core, caller: Caller, input: { limit: number; cursor?: string | undefined; status?: ReportStatus | undefined; subjectType?: ReportSubjectType | undefined }) => {
  requireRole(caller, 'operator');
  return readReports(core.pool, input);
};

export const resolveReport = (core: Core, caller: Caller, input: { reportId: string; resolution: ReportResolution; note?: string | undefined }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'resolveReport', input, opts, async ({ meta }) => {
    requireRole(caller, 'operator');
    const r = await core.bus.handle(reportDecider, reportStream(input.reportId), {
      type: 'ResolveReport',
      data: { reportId: input.reportId, resolution: input.resolution, ...(input.note !== undefined ? { note: input.note } : {}) },
      metadata: { ...meta, userId: meta.userId ?? actingUser(caller) ?? 'operator' },
    });
    await settled(core, r);
    return { reportId: input.reportId, status: 'resolved' as const, resolution: input.resolution };
  });
