// The auditor on paid group joins, on hand-made logs: the joiner's debit must reach the owner
// (fee minus share) and platform:fees (the share), once each, of exactly their amounts.
import t from 'tap';
import type { StoredEvent } from '../../../services/shared/event-store/port.js';
import { verifyLog } from '../../../services/audit/verify.js';

const at = '2025-01-01T00:00:00.000Z';
const paidJoin = (ownerPart: number, share: number, extra: 'none' | 'twice' = 'none'): StoredEvent[] => {
  const events: StoredEvent[] = [];
  const rev = new Map<string, number>();
  const add = (streamId: string, type: string, data: Record<string, unknown>) => {
    const revision = rev.get(streamId) ?? 0;
    rev.set(streamId, revision + 1);
    events.push({ id: `e${events.length + 1}`, streamId, revision, position: events.length + 1, type, data, metadata: { at } });
  };
  add('recharge-o1', 'RechargeOrderPaid', { orderId: 'o1', userId: 'dan', asset: 'cash', amount: 1000, providerTxId: 'tx-o1' });
  add('wallet-dan', 'RechargeCredited', { reason: 'recharge', refId: 'o1', changes: [{ asset: 'cash', delta: 1000, balanceAfter: 1000 }], orderId: 'o1', asset: 'cash', amount: 1000 });
  const fee = { paymentRef: 'p1', groupId: 'g1', payerId: 'dan', asset: 'cash', amount: 500, platformShare: 50 };
  add('wallet-dan', 'GroupFeePaid', { reason: 'group_fee', refId: 'p1', changes: [{ asset: 'cash', delta: -500, balanceAfter: 500 }], ...fee, ownerId: 'ann' });
  const owner = (n: number) => add('wallet-ann', 'GroupFeeReceived', { reason: 'group_fee_in', refId: 'p1', changes: [{ asset: 'cash', delta: ownerPart, balanceAfter: ownerPart * n }], ...fee });
  owner(1);
  if (extra === 'twice') owner(2);
  add('wallet-platform:fees', 'PlatformFeeReceived', { reason: 'fee', refId: 'p1', changes: [{ asset: 'cash', delta: share, balanceAfter: share }], source: 'group_join', sourceId: 'p1', userId: 'dan', asset: 'cash', amount: share });
  return events;
};

t.test('given a paid join split 450 + 50, when verified, then it closes and balances', async (t) => {
  const r = await verifyLog(paidJoin(450, 50));
  t.same(r.findings, []);
  t.same(r.inFlight, []);
});

t.test('given an owner leg that gained a unit, or a share that lost one, when verified, then flow_mismatch', async (t) => {
  t.ok((await verifyLog(paidJoin(451, 50))).findings.some((f) => f.kind === 'flow_mismatch'));
  t.ok((await verifyLog(paidJoin(450, 49))).findings.some((f) => f.kind === 'flow_mismatch'));
});

t.test('given the owner credited twice, when verified, then it is found', async (t) => {
  t.ok((await verifyLog(paidJoin(450, 50, 'twice'))).findings.some((f) => f.kind === 'flow_mismatch'));
});
