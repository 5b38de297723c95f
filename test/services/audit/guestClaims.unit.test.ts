// The audit over guest claims on hand-made logs: a reservation stays in the packet, a claim is
// owed its guest_credit, the expiry returns unclaimed reservations; a credit twice, a credit with
// no claim, a claim of another amount and a refund that leaves money in the packet are caught.
import t from 'tap';
import type { StoredEvent } from '../../../services/shared/event-store/port.js';
import { verifyLog } from '../../../services/audit/verify.js';

const at = '2025-01-01T00:00:00.000Z';
const expiresAt = '2025-01-02T00:00:00.000Z';
const terms = { redPacketId: 'p1', senderId: 'ann', kind: 'fixed', total: 10, count: 2, shares: [5, 5], target: { type: 'group', id: 'g1' }, expiresAt, guests: true };

/** ann recharges 100 and funds a 2 × 5 packet open to guests; device d1 reserves m1. */
const base = () => {
  const events: StoredEvent[] = [];
  const revisions = new Map<string, number>();
  const add = (streamId: string, type: string, data: Record<string, unknown>) => {
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    events.push({ id: `e${events.length + 1}`, streamId, revision, position: events.length + 1, type, data, metadata: { at } });
  };
  const balances = new Map<string, number>();
  const leg = (user: string, type: string, reason: string, delta: number, rest: Record<string, unknown>) => {
    const after = (balances.get(user) ?? 0) + delta;
    balances.set(user, after);
    add(`wallet-${user}`, type, { reason, refId: 'p1', changes: [{ asset: 'cash', delta, balanceAfter: after }], ...rest });
  };
  add('recharge-o1', 'RechargeOrderPaid', { orderId: 'o1', userId: 'ann', asset: 'cash', amount: 100, providerTxId: 'x' });
  balances.set('ann', 100);
  add('wallet-ann', 'RechargeCredited', { reason: 'recharge', refId: 'o1', changes: [{ asset: 'cash', delta: 100, balanceAfter: 100 }], orderId: 'o1', asset: 'cash', amount: 100 });
  leg('ann', 'RedPacketFunded', 'red_packet_out', -10, terms);
  add('red-packet-p1', 'RedPacketCreated', terms);
  add('red-packet-p1', 'RedPacketGuestReserved', { redPacketId: 'p1', mark: 'm1', deviceId: 'd1', amount: 5, shareIndex: 0, remainingCount: 1, remainingAmount: 5 });
  const claim = (userId: string, amount = 5) => add('red-packet-p1', 'RedPacketGuestClaimed', { redPacketId: 'p1', mark: 'm1', userId, amount });
  const credit = (userId: string, amount = 5) => leg(userId, 'GuestShareCredited', 'guest_credit', amount, { redPacketId: 'p1', mark: 'm1', amount });
  const expire = (refundAmount: number, reservedAmount?: number) => {
    add('red-packet-p1', 'RedPacketExpired', { redPacketId: 'p1', senderId: 'ann', refundAmount, remainingCount: 1, ...(reservedAmount !== undefined ? { reservedAmount } : {}) });
    leg('ann', 'RedPacketRefunded', 'red_packet_refund', refundAmount, { redPacketId: 'p1', amount: refundAmount });
  };
  return { events, claim, credit, expire };
};
const kinds = (r: { findings: { kind: string }[] }) => r.findings.map((f) => f.kind);

t.test('given a reservation, when verified, then the packet holds it and everything balances', async (t) => {
  const r = await verifyLog(base().events);
  t.ok(r.ok, JSON.stringify(r.findings));
  t.match(r.conservation[0], { asset: 'cash', redPackets: 10, difference: 0 });
});

t.test('given a claim and its credit, then the packet holds only the rest; without the credit it is in flight', async (t) => {
  const l = base();
  l.claim('bob');
  const waiting = await verifyLog(l.events);
  t.ok(waiting.ok, JSON.stringify(waiting.findings));
  t.match(waiting.inFlight, [{ waitingFor: 'GuestShareCredited', amount: 5 }]);
  l.credit('bob');
  const r = await verifyLog(l.events);
  t.ok(r.ok, JSON.stringify(r.findings));
  t.same(r.inFlight, []);
  t.match(r.conservation[0], { redPackets: 5, difference: 0 });
});

t.test('given an unclaimed reservation, when the packet expires, then the refund includes it and the packet closes', async (t) => {
  const l = base();
  l.expire(10, 5);
  const r = await verifyLog(l.events);
  t.ok(r.ok, JSON.stringify(r.findings));
  t.match(r.conservation[0], { redPackets: 0, difference: 0 });
});

t.test('given a refund that leaves the reservation behind, then a flow_mismatch', async (t) => {
  const l = base();
  l.expire(5);
  t.ok(kinds(await verifyLog(l.events)).includes('flow_mismatch'));
});

t.test('given a guest credit twice, or with no claim, or a claim of another amount, then findings', async (t) => {
  const twice = base();
  twice.claim('bob');
  twice.credit('bob');
  twice.credit('bob');
  t.notOk((await verifyLog(twice.events)).ok, 'credited twice');
  const orphan = base();
  orphan.credit('bob');
  t.ok(kinds(await verifyLog(orphan.events)).includes('flow_mismatch'), 'a credit with no claim');
  const other = base();
  other.claim('bob', 6);
  other.credit('bob', 6);
  t.ok(kinds(await verifyLog(other.events)).includes('flow_mismatch'), 'a claim of another amount');
});
