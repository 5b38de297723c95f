// The second half of the new flows, as data: which command follows which event, with a command id
// derived from the event, to which stream. No bus.
import t from 'tap';
import type { Stored } from '../../../domain/events.js';
import type { AnyDomainEvent } from '../../../domain/index.js';
import { reactedTypes, reactionTo } from '../../../services/app/reactions.js';
import { splitLuckyAtLeast } from '../../../services/shared/split.js';

const stored = (e: AnyDomainEvent, streamId = 's'): Stored<AnyDomainEvent> => ({ ...e, id: 'e1', metadata: { at: '2025-01-01T00:00:00.000Z' }, streamId, revision: 0, position: 1 }) as Stored<AnyDomainEvent>;

t.test('an AA debit is recorded by its collection; a record credits the payee; a refusal refunds the payer', async (t) => {
  const paid = reactionTo(
    stored({ type: 'AaSharePaid', data: { reason: 'aa_pay', refId: 'a1', changes: [], aaId: 'a1', payerId: 'ann', payeeId: 'pat', asset: 'cash', amount: 250 } }),
  );
  t.match(paid, { kind: 'aa', streamId: 'aa-a1', command: { type: 'RecordAaPayment', data: { aaId: 'a1', payerId: 'ann', asset: 'cash', amount: 250 }, metadata: { commandId: 'evt:e1:record-aa-payment', causationId: 'e1' } } });
  const recorded = reactionTo(
    stored({ type: 'AaPaymentRecorded', data: { aaId: 'a1', payerId: 'ann', payeeId: 'pat', asset: 'cash', amount: 250, paidCount: 1, remainingCount: 1, paidAt: 'x' } }),
  );
  t.match(recorded, { kind: 'wallet', streamId: 'wallet-pat', command: { type: 'ReceiveAaShare', data: { aaId: 'a1', payerId: 'ann', amount: 250 } } });
  const refused = reactionTo(stored({ type: 'AaPaymentRefused', data: { aaId: 'a1', payerId: 'ann', asset: 'cash', amount: 250, reason: 'finished' } }));
  t.match(refused, { kind: 'wallet', streamId: 'wallet-ann', command: { type: 'RefundAaShare', data: { aaId: 'a1', amount: 250 } } });
  t.equal(reactionTo(stored({ type: 'AaCollectionFinished', data: { aaId: 'a1', payeeId: 'pat', asset: 'cash', paidCount: 2, total: 500 } })), null);
});

t.test('a paid-out withdrawal credits its fee to the platform; a rejected one returns amount and fee; no fee, no step', async (t) => {
  const decision = { withdrawalId: 'w1', userId: 'ann', asset: 'cash', amount: 2000 };
  t.match(reactionTo(stored({ type: 'WithdrawalApproved', data: { ...decision, fee: 20 } })), {
    kind: 'wallet',
    streamId: 'wallet-platform:fees',
    command: { type: 'ReceivePlatformFee', data: { source: 'withdrawal', sourceId: 'w1', userId: 'ann', asset: 'cash', amount: 20 } },
  });
  t.equal(reactionTo(stored({ type: 'WithdrawalApproved', data: decision })), null);
  t.match(reactionTo(stored({ type: 'WithdrawalRejected', data: { ...decision, fee: 20 } })), { streamId: 'wallet-ann', command: { type: 'RefundWithdrawal', data: { amount: 2020 } } });
  t.match(reactionTo(stored({ type: 'WithdrawalRejected', data: decision })), { command: { data: { amount: 2000 } } });
});

t.test('an instant transfer creates its transfer as instant; a BTY grab credits BTY; a purchase credits the platform sales', async (t) => {
  t.match(
    reactionTo(
      stored({
        type: 'TransferSent',
        data: { reason: 'transfer_out', refId: 't1', changes: [], transferId: 't1', fromUserId: 'ann', toUserId: 'bob', asset: 'bty', amount: 5, expiresAt: 'x', instant: true },
      }),
    ),
    { kind: 'transfer', command: { type: 'CreateTransfer', data: { asset: 'bty', instant: true } } },
  );
  t.match(reactionTo(stored({ type: 'RedPacketGrabbed', data: { redPacketId: 'p1', userId: 'bob', asset: 'bty', amount: 3, shareIndex: 0, remainingCount: 0, remainingAmount: 0 } })), {
    command: { type: 'ReceiveRedPacketShare', data: { asset: 'bty', amount: 3 } },
  });
  const cashGrab = reactionTo(stored({ type: 'RedPacketGrabbed', data: { redPacketId: 'p1', userId: 'bob', amount: 3, shareIndex: 0, remainingCount: 0, remainingAmount: 0 } }));
  t.same(cashGrab?.command.data, { redPacketId: 'p1', amount: 3 }, 'a cash grab credits as it always did');
  t.match(
    reactionTo(stored({ type: 'PurchasePaid', data: { reason: 'purchase', refId: 'p1', changes: [], purchaseId: 'p1', userId: 'ann', item: { kind: 'level', id: '1' }, asset: 'cash', amount: 10 } })),
    { streamId: 'wallet-platform:sales', command: { type: 'ReceiveSale' } },
  );
  for (const type of ['AaSharePaid', 'AaPaymentRecorded', 'AaPaymentRefused', 'WithdrawalApproved', 'PurchasePaid'] as const) t.ok(reactedTypes.includes(type), type);
});

t.test('a lucky split with a minimum: every share at least the minimum, the sum exact', async (t) => {
  for (let i = 0; i < 200; i++) {
    const shares = splitLuckyAtLeast(1_000, 7, 100);
    t.equal(shares.reduce((a, b) => a + b, 0), 1_000);
    if (shares.some((s) => s < 100)) t.fail(`a share below the minimum: ${shares.join(',')}`);
  }
  t.same(splitLuckyAtLeast(700, 7, 100), [100, 100, 100, 100, 100, 100, 100], 'the tightest split is all minimums');
  t.throws(() => splitLuckyAtLeast(699, 7, 100));
});
