// Paid joins hold their seat before the fee moves: given a paid group with one free seat, when
// two joiners race for it, then the first holds it and the second is GROUP_FULL before any debit;
// a held seat is admitted without another room check, released on a failed debit, and cannot be
// rejected while it is being paid.
import t from 'tap';
import { groupDecider, type GroupCommand, type GroupEvent, type GroupLimits } from '../../domain/group.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const group = spec(groupDecider);
const G = 'g1';
/** Level 0 holds 4: ann, bob, cat and one more. */
const limits: GroupLimits = { maxAdmins: 2, sizeByLevel: [4, 5, 6, 7, 8] };

type Data<T extends GroupCommand['type']> = Omit<Extract<GroupCommand, { type: T }>['data'], 'groupId'>;
const cmd = <T extends GroupCommand['type']>(type: T, by: string | undefined, data: Data<T>): GroupCommand => ({ type, data: { groupId: G, ...data }, metadata: meta(at, by) }) as GroupCommand;

const paid: GroupEvent[] = [
  { type: 'GroupCreated', data: { groupId: G, name: 'club', ownerId: 'ann', memberIds: ['ann', 'bob', 'cat'], markId: '100000', limits } },
  { type: 'GroupPermissionsSet', data: { groupId: G, by: 'ann', join: { mode: 'paid', fee: 500 }, membersMayAddFriends: true } },
  { type: 'GroupJoinRequested', data: { groupId: G, applicationId: 'app-dan', applicantId: 'dan', kind: 'payment', fee: 500, reviewerIds: [] } },
  { type: 'GroupJoinRequested', data: { groupId: G, applicationId: 'app-eve', applicantId: 'eve', kind: 'payment', fee: 500, reviewerIds: [] } },
];
const held = (applicantId: string, paymentRef: string): GroupEvent => ({
  type: 'GroupPaidSeatHeld',
  data: { groupId: G, applicationId: `app-${applicantId}`, applicantId, paymentRef, fee: 500 },
});
const hold = (applicantId: string, paymentRef: string) => cmd('HoldPaidSeat', undefined, { applicantId, paymentRef });
const admit = (applicantId: string, paymentRef: string) => cmd('AdmitPaidJoin', undefined, { applicantId, paymentRef });

t.test('given one free seat, when two paid joiners race, then the first holds it and the second is refused before paying', async () => {
  group.given(paid).when(hold('dan', 'pay-dan')).then([held('dan', 'pay-dan')]);
  group.given([...paid, held('dan', 'pay-dan')]).when(hold('eve', 'pay-eve')).thenThrows('GROUP_FULL');
  // The same payment holding again (a retry) holds nothing more; another payment for it is refused.
  group.given([...paid, held('dan', 'pay-dan')]).when(hold('dan', 'pay-dan')).then([]);
  group.given([...paid, held('dan', 'pay-dan')]).when(hold('dan', 'pay-other')).thenThrows('CONFLICT');
});

t.test('given a held seat, when the fee is paid, then the applicant is admitted into it without another room check', async () => {
  const admitted: GroupEvent[] = [
    { type: 'GroupJoinApproved', data: { groupId: G, applicationId: 'app-dan', applicantId: 'dan', by: 'dan', paymentRef: 'pay-dan' } },
    { type: 'GroupMembersAdded', data: { groupId: G, userIds: ['dan'], addedBy: 'dan', via: 'payment' } },
  ];
  group.given([...paid, held('dan', 'pay-dan')]).when(admit('dan', 'pay-dan')).then(admitted);
  // The seat is now a member's: eve still cannot hold one, and dan holding again is CONFLICT (a member).
  group.given([...paid, held('dan', 'pay-dan'), ...admitted]).when(hold('eve', 'pay-eve')).thenThrows('GROUP_FULL');
  group.given([...paid, held('dan', 'pay-dan'), ...admitted]).when(hold('dan', 'pay-dan')).thenThrows('CONFLICT');
  // An unheld admission is still checked against the cap, counting the seat held for someone else.
  group.given([...paid, held('dan', 'pay-dan')]).when(admit('eve', 'pay-eve')).thenThrows('GROUP_FULL');
});

t.test('given a held seat, when its debit fails, then the seat is released and another joiner may hold it', async () => {
  const released: GroupEvent = { type: 'GroupPaidSeatReleased', data: { groupId: G, applicationId: 'app-dan', applicantId: 'dan', paymentRef: 'pay-dan' } };
  group.given([...paid, held('dan', 'pay-dan')]).when(cmd('ReleasePaidSeat', undefined, { applicantId: 'dan', paymentRef: 'pay-dan' })).then([released]);
  group.given([...paid, held('dan', 'pay-dan'), released]).when(hold('eve', 'pay-eve')).then([held('eve', 'pay-eve')]);
  // Releasing what is not held (a repeat, another payment) does nothing.
  group.given([...paid, held('dan', 'pay-dan'), released]).when(cmd('ReleasePaidSeat', undefined, { applicantId: 'dan', paymentRef: 'pay-dan' })).then([]);
  group.given([...paid, held('dan', 'pay-dan')]).when(cmd('ReleasePaidSeat', undefined, { applicantId: 'dan', paymentRef: 'pay-x' })).then([]);
});

t.test('given a held seat, when the owner rejects the application, then it is CONFLICT; dismissed groups hold nothing', async () => {
  group.given([...paid, held('dan', 'pay-dan')]).when(cmd('DecideJoin', 'ann', { applicantId: 'dan', approve: false })).thenThrows('CONFLICT');
  const dismissed: GroupEvent = { type: 'GroupDismissed', data: { groupId: G, by: 'ann', memberIds: ['ann', 'bob', 'cat'] } };
  group.given([...paid, dismissed]).when(hold('dan', 'pay-dan')).thenThrows('GROUP_DISMISSED');
  group.given(paid).when(hold('zed', 'pay-zed')).thenThrows('NOT_FOUND');
});

t.test('given a held seat, when the owner dismisses the group, then it is CONFLICT until the payment settles', async () => {
  group.given([...paid, held('dan', 'pay-dan')]).when(cmd('DismissGroup', 'ann', {})).thenThrows('CONFLICT');
});
