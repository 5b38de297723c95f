// A user's report on a user, post, message or group. One stream per (reporter, subject), so "one
// open report per reporter and subject" is the stream's own rule and holds under concurrency: a
// second filing while one is open is ALREADY_REPORTED; once an operator resolved it, the reporter
// may report the same subject again (a new filing on the same stream).
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { actor, requireText } from './rules.js';

export const reportSubjectTypes = ['user', 'post', 'message', 'group'] as const;
export type ReportSubjectType = (typeof reportSubjectTypes)[number];
export const reportResolutions = ['actioned', 'dismissed'] as const;
export type ReportResolution = (typeof reportResolutions)[number];

export const MAX_REPORT_REASON_LENGTH = 40;
export const MAX_REPORT_NOTE_LENGTH = 500;
/** Subject ids: user, post and group ids, or `<conversationId>:<seq>` for a message; never a dot (the report id's separator). */
const SUBJECT_ID = /^[A-Za-z0-9:_-]{1,200}$/;

type Filing = { reportId: string; reporterId: string; subjectType: ReportSubjectType; subjectId: string; reason: string; note?: string };
export type ReportFiled = { type: 'ReportFiled'; data: Filing & { filedAt: string } };
export type ReportResolved = { type: 'ReportResolved'; data: { reportId: string; reporterId: string; operatorId: string; resolution: ReportResolution; note?: string } };
export type ReportEvent = ReportFiled | ReportResolved;

export type FileReport = { type: 'FileReport'; data: Filing; metadata: CommandMetadata };
export type ResolveReport = { type: 'ResolveReport'; data: { reportId: string; resolution: ReportResolution; note?: string }; metadata: CommandMetadata };
export type ReportCommand = FileReport | ResolveReport;

export type Report = { status: 'none' } | { status: 'open' | 'resolved'; reportId: string; reporterId: string; filings: number };

export const initialState = (): Report => ({ status: 'none' });

export const evolve = (s: Report, e: ReportEvent): Report => {
  switch (e.type) {
    case 'ReportFiled':
      return { status: 'open', reportId: e.data.reportId, reporterId: e.data.reporterId, filings: (s.status === 'none' ? 0 : s.filings) + 1 };
    case 'ReportResolved':
      return s.status === 'open' ? { ...s, status: 'resolved' } : s;
    default:
      return s;
  }
};

/** The report's id names its stream: `<subjectType>.<subjectId>.<reporterId>`. */
export const reportIdOf = (subjectType: ReportSubjectType, subjectId: string, reporterId: string): string => `${subjectType}.${subjectId}.${reporterId}`;

const file = (c: FileReport, s: Report): ReportEvent[] => {
  const d = c.data;
  if (actor(c.metadata) !== d.reporterId) return fail('FORBIDDEN', 'a report is filed by its reporter');
  if (!(reportSubjectTypes as readonly string[]).includes(d.subjectType)) return fail('VALIDATION_FAILED', 'unknown subject type', { field: 'subjectType' });
  if (!SUBJECT_ID.test(d.subjectId)) return fail('VALIDATION_FAILED', 'subjectId has characters a subject id never has', { field: 'subjectId' });
  if (d.reportId !== reportIdOf(d.subjectType, d.subjectId, d.reporterId)) return fail('VALIDATION_FAILED', 'reportId does not name this reporter and subject', { field: 'reportId' });
  if (s.status === 'open') return fail('ALREADY_REPORTED', 'you already reported this and it is still open', { reportId: s.reportId });
  const data: ReportFiled['data'] = { ...d, reason: requireText('reason', d.reason, { max: MAX_REPORT_REASON_LENGTH }), filedAt: c.metadata.at };
  if (d.note !== undefined) data.note = requireText('note', d.note, { max: MAX_REPORT_NOTE_LENGTH, multiline: true, blank: true });
  else delete data.note;
  return [{ type: 'ReportFiled', data }];
};

const resolve = (c: ResolveReport, s: Report): ReportEvent[] => {
  if (s.status === 'none') return fail('NOT_FOUND', 'no such report', { reportId: c.data.reportId });
  if (s.status !== 'open') return fail('CONFLICT', 'this report is already resolved', { reportId: s.reportId });
  if (!(reportResolutions as readonly string[]).includes(c.data.resolution)) return fail('VALIDATION_FAILED', 'unknown resolution', { field: 'resolution' });
  const data: ReportResolved['data'] = { reportId: s.reportId, reporterId: s.reporterId, operatorId: actor(c.metadata), resolution: c.data.resolution };
  if (c.data.note !== undefined) data.note = requireText('note', c.data.note, { max: MAX_REPORT_NOTE_LENGTH, multiline: true, blank: true });
  return [{ type: 'ReportResolved', data }];
};

/** Operators only: the service checks the role before it sends ResolveReport. */
export const decide = (c: ReportCommand, s: Report): ReportEvent[] => {
  switch (c.type) {
    case 'FileReport':
      return file(c, s);
    case 'ResolveReport':
      return resolve(c, s);
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const reportStream = (reportId: string): string => `report-${reportId}`;

export const reportDecider: Decider<Report, ReportCommand, ReportEvent> = { initialState, evolve, decide };
