// What must hold after a run, checked against the whole log once the process manager and the
// timers have caught up (nothing may be left in flight then):
// - the audit's verifyLog finds nothing: conservation per asset, every balanceAfter chain, no
//   overdrawn red packet, no flow that moved a different amount than its intent or moved twice;
// - no command acted twice: a command id's events are one contiguous run in one stream;
// - no consequence was lost: every event that has a reaction has the reaction's events (by the
//   reaction's derived command id), and no transfer or red packet is left open past its expiry;
// - every answer a bus gave agrees with the log: the events it returned are stored, once, as
//   that command's; and a command whose events were stored before it was sent (a retry) was
//   answered with those events, never refused and never told it did nothing.
import { asDomainEvent, deciderOf } from '../../domain/index.js';
import { reactionTo } from '../app/reactions.js';
import { verifyLog } from '../audit/verify.js';
import type { StoredEvent } from '../shared/event-store/port.js';
import type { Ack, World } from './world.js';

export interface Failure {
  check: string;
  /** The tick where it first showed (-1: the final phase). */
  tick: number;
  message: string;
}

/** The tick a position was written in: the first whose head reached it (-1: after the schedule). */
export const tickOf = (w: World, position: number): number => {
  let lo = 0;
  let hi = w.heads.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((w.heads[mid] ?? 0) >= position) hi = mid;
    else lo = mid + 1;
  }
  return lo < w.heads.length ? lo : -1;
};

const cmdOf = (e: StoredEvent): string => (typeof e.metadata.commandId === 'string' ? e.metadata.commandId : '');
const key = (streamId: string, commandId: string) => `${streamId}\u0000${commandId}`;

/** Events by (stream, command id), in log order. */
export const indexLog = (log: readonly StoredEvent[]) => {
  const byCommand = new Map<string, StoredEvent[]>();
  for (const e of log) {
    const k = key(e.streamId, cmdOf(e));
    const list = byCommand.get(k);
    if (list) list.push(e);
    else byCommand.set(k, [e]);
  }
  return { byId: new Map(log.map((e) => [e.id, e])), byCommand };
};

type Index = ReturnType<typeof indexLog>;

/** The first prefix of the log verify finds something in: where a money rule broke. */
const firstBadPosition = async (log: readonly StoredEvent[]): Promise<number> => {
  let lo = 1;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((await verifyLog(log.slice(0, mid), { staleAfterMs: Infinity })).ok) lo = mid + 1;
    else hi = mid;
  }
  return log[lo - 1]?.position ?? 0;
};

const checkMoney = async (w: World, log: readonly StoredEvent[], out: Failure[]) => {
  const report = await verifyLog(log, { staleAfterMs: Infinity });
  if (!report.ok) {
    const broke = await firstBadPosition(log);
    for (const f of report.findings.slice(0, 10)) {
      out.push({ check: `verify:${f.kind}`, tick: tickOf(w, f.position ?? broke), message: `${f.message}${f.streamId ? ` (${f.streamId})` : ''}; first finding at position ${broke}` });
    }
  }
  for (const i of report.inFlight.slice(0, 10)) {
    out.push({ check: 'in-flight', tick: -1, message: `${i.flow} ${i.id} still waits for ${i.waitingFor} (${i.amount} ${i.asset}) after the process manager caught up` });
  }
  for (const wal of report.wallets) {
    for (const a of ['cash', 'coins', 'income'] as const) {
      if (wal[a] < 0n) out.push({ check: 'negative-balance', tick: tickOf(w, wal.lastPosition), message: `${wal.userId} has ${wal[a]} ${a}` });
    }
  }
};

const checkOnce = (w: World, log: readonly StoredEvent[], out: Failure[]) => {
  const lastOf = new Map<string, string>();
  const seen = new Set<string>();
  const streamOf = new Map<string, string>();
  for (const e of log) {
    const cid = cmdOf(e);
    if (!cid) {
      out.push({ check: 'no-command-id', tick: tickOf(w, e.position), message: `${e.type} at ${e.position} has no command id` });
      continue;
    }
    const k = key(e.streamId, cid);
    if (seen.has(k) && lastOf.get(e.streamId) !== cid) {
      out.push({ check: 'acted-twice', tick: tickOf(w, e.position), message: `command ${cid} acted again on ${e.streamId} (${e.type} at revision ${e.revision}, position ${e.position})` });
    }
    const other = streamOf.get(cid);
    if (other !== undefined && other !== e.streamId) out.push({ check: 'acted-twice', tick: tickOf(w, e.position), message: `command ${cid} acted on ${other} and on ${e.streamId}` });
    seen.add(k);
    streamOf.set(cid, e.streamId);
    lastOf.set(e.streamId, cid);
  }
};

const checkConsequences = (w: World, log: readonly StoredEvent[], idx: Index, out: Failure[]) => {
  for (const e of log) {
    const d = asDomainEvent(e);
    const r = d && reactionTo(d);
    if (r && !idx.byCommand.has(key(r.streamId, r.command.metadata.commandId))) {
      out.push({ check: 'consequence-lost', tick: tickOf(w, e.position), message: `${e.type} at ${e.position} (${e.streamId}) has no ${r.command.type} on ${r.streamId}` });
    }
  }
  const streams = new Map<string, StoredEvent[]>();
  for (const e of log) {
    const list = streams.get(e.streamId);
    if (list) list.push(e);
    else streams.set(e.streamId, [e]);
  }
  for (const [id, events] of streams) {
    const open = openAfterExpiry(id, events);
    if (open) out.push({ check: 'never-expired', tick: tickOf(w, events.at(-1)?.position ?? 0), message: `${id} is still ${open} after every timer fired` });
  }
};

/** A transfer still pending or a red packet still open, which every timer having fired rules out. */
const openAfterExpiry = (streamId: string, events: readonly StoredEvent[]): string | null => {
  const decider = deciderOf(streamId);
  if (!decider || !(streamId.startsWith('transfer-') || streamId.startsWith('red-packet-'))) return null;
  const s = events.reduce((st, e) => decider.evolve(st, e), decider.initialState());
  const status = typeof s === 'object' && s !== null && 'status' in s ? s.status : undefined;
  return status === 'pending' || status === 'open' ? status : null;
};

/** An answer against the log. */
const checkAck = (a: Ack, idx: Index): string | null => {
  const stored = idx.byCommand.get(key(a.streamId, a.commandId)) ?? [];
  const before = stored.length > 0 && stored.every((e) => e.position <= a.headBefore);
  const what = `${a.commandType} ${a.commandId} on ${a.streamId} (via ${a.via})`;
  if (a.outcome.kind === 'fault') return null;
  if (a.outcome.kind === 'refused') return before ? `${what} was refused (${a.outcome.code}) although it had acted before it was sent` : null;
  const told = a.outcome.events;
  if (told.length === 0) return before ? `${what} was told it did nothing although it had acted before it was sent` : null;
  for (const t of told) {
    const e = idx.byId.get(t.id);
    if (!e) return `${what} was answered with event ${t.id}, which is not in the log`;
    if (e.streamId !== t.streamId || e.revision !== t.revision || e.type !== t.type || cmdOf(e) !== a.commandId) {
      return `${what} was answered with ${t.type} at ${t.streamId}@${t.revision}, the log has ${e.type} at ${e.streamId}@${e.revision} from ${cmdOf(e)}`;
    }
  }
  if (told.length !== stored.length) {
    const at = (xs: readonly { streamId: string; revision: number }[]) => xs.map((x) => `${x.streamId}@${x.revision}`).join(', ');
    return `${what} was answered with ${told.length} events (${at(told)}), the log has ${stored.length} (${at(stored)})`;
  }
  return null;
};

const checkAcks = (w: World, idx: Index, out: Failure[]) => {
  for (const a of w.acks) {
    const problem = checkAck(a, idx);
    if (problem) out.push({ check: 'wrong-answer', tick: a.tick, message: problem });
  }
};

export const checkRun = async (w: World, log: readonly StoredEvent[]): Promise<Failure[]> => {
  const out: Failure[] = w.violations.map((v) => ({ check: v.check, tick: v.tick, message: v.message }));
  const idx = indexLog(log);
  await checkMoney(w, log, out);
  checkOnce(w, log, out);
  checkConsequences(w, log, idx, out);
  checkAcks(w, idx, out);
  // Earliest first: the step that broke first is the one to look at.
  return out.sort((a, b) => (a.tick === -1 ? Infinity : a.tick) - (b.tick === -1 ? Infinity : b.tick));
};
