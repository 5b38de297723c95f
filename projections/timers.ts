// Timers: writes the platform `timers` table (0002) from events, so expiries survive restarts.
// The timer loop (services/shared/consumers/timers.ts) fires due rows and deletes them.
//
// Input is at-least-once. Rows and checkpoint share one transaction; an event at or below the
// checkpoint is skipped, never applied twice. Timer ids derive from what they expire, so a
// repeated insert does nothing. A rebuild may bring back timers for things already settled
// without an expiry event (an emptied red packet); firing one is harmless, the aggregate ignores it.
import type { StoredEvent } from '../domain/events.js';
import type { Projection, Tx } from './projection.js';
import { handling } from './support.js';

export const RED_PACKET_EXPIRY = 'red_packet_expiry';
export const TRANSFER_EXPIRY = 'transfer_expiry';
export const REMINDER = 'reminder';
export const AA_EXPIRY = 'aa_expiry';
/** Per (group, term): a renewal is a new term with its own timer, so each fires under its own command id. */
export const GROUP_LEVEL_EXPIRY = 'group_level_expiry';

const creates: ReadonlySet<string> = new Set(['RedPacketCreated', 'TransferCreated', 'ReminderScheduled', 'GroupLevelSet', 'AaCollectionStarted']);

const schedule = async (tx: Tx, kind: string, id: string, dueAt: string, payload: Record<string, string>, event: StoredEvent) => {
  await tx.query(
    `insert into timers (timer_id, due_at, kind, payload, cause_event_id) values ($1, $2, $3, $4, $5) on conflict (timer_id) do nothing`,
    [`${kind}:${id}`, dueAt, kind, JSON.stringify(payload), event.id],
  );
};

const cancel = async (tx: Tx, kind: string, id: string) => {
  await tx.query('delete from timers where timer_id = $1', [`${kind}:${id}`]);
};

/** `ctx` is the ReadModelContext (structurally, to keep index.ts free of cycles). */

const handled = handling([
  'RedPacketCreated',
  'RedPacketExpired',
  'TransferCreated',
  'TransferAccepted',
  'TransferReturned',
  'TransferExpired',
  'ReminderScheduled',
  'ReminderCancelled',
  'ReminderDue',
  'GroupLevelSet',
  'GroupLevelExpired',
  'AaCollectionStarted',
  'AaCollectionFinished',
  'AaCollectionExpired',
] as const);

/** A reminder's timer: reminder ids are the owner's, so the owner is part of the key. */
const reminderKey = (d: { userId: string; reminderId: string }) => `${d.userId}:${d.reminderId}`;
const levelTimer = (groupId: string, term: number) => `${groupId}:${term}`;

export const timersProjection = (ctx: { pokeTimers(): void }): Projection => ({
  name: 'timers',
  tables: ['timers'],
  handles: handled.types,
  async apply(tx, event) {
    const e = handled.of(event);
    if (!e) return;
    switch (e.type) {
      case 'RedPacketCreated':
        return schedule(tx, RED_PACKET_EXPIRY, e.data.redPacketId, e.data.expiresAt, { redPacketId: e.data.redPacketId }, event);
      case 'RedPacketExpired':
        return cancel(tx, RED_PACKET_EXPIRY, e.data.redPacketId);
      case 'TransferCreated':
        // An instant payment is accepted as it is created: nothing to expire.
        if (e.data.instant) return;
        return schedule(tx, TRANSFER_EXPIRY, e.data.transferId, e.data.expiresAt, { transferId: e.data.transferId }, event);
      case 'TransferAccepted':
      case 'TransferReturned':
      case 'TransferExpired':
        return cancel(tx, TRANSFER_EXPIRY, e.data.transferId);
      case 'ReminderScheduled':
        return schedule(tx, REMINDER, reminderKey(e.data), e.data.dueAt, { userId: e.data.userId, reminderId: e.data.reminderId }, event);
      case 'ReminderCancelled':
      case 'ReminderDue':
        return cancel(tx, REMINDER, reminderKey(e.data));
      case 'GroupLevelSet': {
        const { groupId, term, expiresAt } = e.data;
        // The previous term's timer would find its term stale: dropped rather than fired for nothing.
        await cancel(tx, GROUP_LEVEL_EXPIRY, levelTimer(groupId, term - 1));
        if (expiresAt !== undefined) await schedule(tx, GROUP_LEVEL_EXPIRY, levelTimer(groupId, term), expiresAt, { groupId, term: String(term) }, event);
        return;
      }
      case 'GroupLevelExpired':
        return cancel(tx, GROUP_LEVEL_EXPIRY, levelTimer(e.data.groupId, e.data.term));
      case 'AaCollectionStarted':
        return schedule(tx, AA_EXPIRY, e.data.aaId, e.data.expiresAt, { aaId: e.data.aaId }, event);
      case 'AaCollectionFinished':
      case 'AaCollectionExpired':
        return cancel(tx, AA_EXPIRY, e.data.aaId);
      default:
        return;
    }
  },
  // Only after commit: the timer loop reads the table, so waking it earlier would find nothing.
  afterCommit(events) {
    if (events.some((ev) => creates.has(ev.type))) ctx.pokeTimers();
  },
});
