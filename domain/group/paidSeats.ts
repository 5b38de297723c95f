// Paid joins hold their seat before any money moves (issue #19): the payment flow holds a seat
// on the group's stream (GROUP_FULL, dismissed or already a member refuse it with nothing
// debited), then debits the fee, then admits the applicant into the seat it holds. Held seats
// count against the cap like members, so racing joiners for the last seat are decided here,
// serialized per stream, and a loser is never charged. A failed debit releases the seat.
import { fail } from '../errors.js';
import { requireId } from '../rules.js';
import type { HoldPaidSeat, ReleasePaidSeat } from './commands.js';
import type { GroupEvent } from './events.js';
import { live, requireRoom, type Group, type LiveGroup, type PendingApplication } from './state.js';

const paidApplication = (g: LiveGroup, applicantId: string): PendingApplication => {
  const app = g.applications.get(applicantId);
  if (app?.kind !== 'payment') return fail('NOT_FOUND', 'no paid join waiting for this user', { groupId: g.groupId, applicantId });
  return app;
};

/** Holds a seat for this payment; the same payment again holds nothing more. */
export const holdPaidSeat = (c: HoldPaidSeat, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const { applicantId, paymentRef } = c.data;
  requireId('paymentRef', paymentRef);
  if (g.members.has(applicantId)) return fail('CONFLICT', 'already a member of this group', { groupId: g.groupId, applicantId });
  const app = paidApplication(g, applicantId);
  if (app.heldFor === paymentRef) return [];
  if (app.heldFor !== undefined) return fail('CONFLICT', 'another payment for this join is under way', { groupId: g.groupId, applicantId });
  requireRoom(g, 1);
  return [{ type: 'GroupPaidSeatHeld', data: { groupId: g.groupId, applicationId: app.applicationId, applicantId, paymentRef, fee: g.join.fee ?? 0 } }];
};

/** Gives back the seat held for this payment (its debit failed); anything else is a no-op. */
export const releasePaidSeat = (c: ReleasePaidSeat, s: Group): GroupEvent[] => {
  if (s.status !== 'active') return [];
  const { applicantId, paymentRef } = c.data;
  const app = s.applications.get(applicantId);
  if (app?.heldFor !== paymentRef) return [];
  return [{ type: 'GroupPaidSeatReleased', data: { groupId: s.groupId, applicationId: app.applicationId, applicantId, paymentRef } }];
};
