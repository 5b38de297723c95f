// Free text enters events in a few commands. Each refuses what PostgreSQL cannot store (NUL, an
// unpaired surrogate) and other control characters, with VALIDATION_FAILED, even when the HTTP
// contract was skipped (a facade, the CLI). Multi-line text keeps tab and line breaks.
import t from 'tap';
import { accountDecider, type AccountEvent } from '../../domain/account.js';
import { groupDecider } from '../../domain/group.js';
import { roomDecider } from '../../domain/room.js';
import { requireText } from '../../domain/rules.js';
import { walletDecider, type WalletEvent } from '../../domain/wallet/index.js';
import { withdrawalDecider, type WithdrawalEvent } from '../../domain/withdrawal.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const later = '2025-01-02T00:00:00.000Z';

/** Cannot be stored, or forges what others see: refused everywhere. */
const hostile = ['x\u0000', 'x\ud800', '\udc00x', 'red\u001b[31m', 'bell\u0007', 'del\u007f'];
/** Refused on one line, kept in multi-line text. */
const lineBreaks = ['two\nlines', 'windows\r\nlines', 'tab\there'];
/** Fine everywhere: a surrogate pair is one character. */
const fine = ['plain', '红包 🧧', 'emoji 💰 pair'];

const account = spec(accountDecider);
const wallet = spec(walletDecider);
const room = spec(roomDecider);
const group = spec(groupDecider);
const withdrawal = spec(withdrawalDecider);

const registered: AccountEvent = { type: 'UserRegistered', data: { userId: 'ann', phone: '+8613800000000', nickname: 'Ann' } };
const rich: WalletEvent = { type: 'RechargeCredited', data: { reason: 'recharge', refId: 'o1', changes: [{ asset: 'cash', delta: 1000, balanceAfter: 1000 }], orderId: 'o1', asset: 'cash', amount: 1000 } };
const held: WithdrawalEvent = { type: 'WithdrawalCreated', data: { withdrawalId: 'w1', userId: 'ann', asset: 'cash', amount: 5, account: 'bank' } };

/** Each free-text field, as a command that decides events (ok) or throws (refused). */
const fields: { field: string; multiline: boolean; decide: (value: string) => { then: () => void; refused: () => void } }[] = [
  {
    field: 'nickname (registration)',
    multiline: false,
    decide: (v) => {
      const w = account.given([]).when({ type: 'RegisterUser', data: { userId: 'ann', phone: '+8613800000000', nickname: v }, metadata: meta(at) });
      return { then: () => void w.thenState(), refused: () => w.thenThrows('VALIDATION_FAILED', { field: 'nickname' }) };
    },
  },
  {
    field: 'nickname (profile)',
    multiline: false,
    decide: (v) => {
      const w = account.given([registered]).when({ type: 'UpdateProfile', data: { userId: 'ann', nickname: v }, metadata: meta(at, 'ann') });
      return { then: () => void w.thenState(), refused: () => w.thenThrows('VALIDATION_FAILED', { field: 'nickname' }) };
    },
  },
  {
    field: 'avatarUrl',
    multiline: false,
    decide: (v) => {
      const w = account.given([registered]).when({ type: 'UpdateProfile', data: { userId: 'ann', avatarUrl: `https://cdn.example/${v}` }, metadata: meta(at, 'ann') });
      return { then: () => void w.thenState(), refused: () => w.thenThrows('VALIDATION_FAILED', { field: 'avatarUrl' }) };
    },
  },
  {
    field: 'transfer note',
    multiline: true,
    decide: (v) => {
      const w = wallet.given([rich]).when({ type: 'SendTransfer', data: { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', amount: 1, note: v, expiresAt: later }, metadata: meta(at, 'ann') });
      return { then: () => void w.thenState(), refused: () => w.thenThrows('VALIDATION_FAILED', { field: 'note' }) };
    },
  },
  {
    field: 'red packet greeting',
    multiline: true,
    decide: (v) => {
      const w = wallet.given([rich]).when({
        type: 'FundRedPacket',
        data: { redPacketId: 'rp1', senderId: 'ann', kind: 'fixed', total: 2, count: 2, shares: [1, 1], target: { type: 'group', id: 'g1' }, greeting: v, expiresAt: later },
        metadata: meta(at, 'ann'),
      });
      return { then: () => void w.thenState(), refused: () => w.thenThrows('VALIDATION_FAILED', { field: 'greeting' }) };
    },
  },
  {
    field: 'withdrawal account',
    multiline: false,
    decide: (v) => {
      const w = wallet.given([rich]).when({ type: 'RequestWithdrawal', data: { withdrawalId: 'w1', userId: 'ann', asset: 'cash', amount: 1, account: v }, metadata: meta(at, 'ann') });
      return { then: () => void w.thenState(), refused: () => w.thenThrows('VALIDATION_FAILED', { field: 'account' }) };
    },
  },
  {
    field: 'reject reason',
    multiline: true,
    decide: (v) => {
      const w = withdrawal.given([held]).when({ type: 'RejectWithdrawal', data: { withdrawalId: 'w1', reason: v }, metadata: meta(at, 'op') });
      return { then: () => void w.thenState(), refused: () => w.thenThrows('VALIDATION_FAILED', { field: 'reason' }) };
    },
  },
  {
    field: 'room title',
    multiline: false,
    decide: (v) => {
      const w = room.given([]).when({ type: 'CreateRoom', data: { roomId: 'r1', title: v, kind: 'live', hostId: 'ann' }, metadata: meta(at, 'ann') });
      return { then: () => void w.thenState(), refused: () => w.thenThrows('VALIDATION_FAILED', { field: 'title' }) };
    },
  },
  {
    field: 'group name',
    multiline: false,
    decide: (v) => {
      const w = group.given([]).when({ type: 'CreateGroup', data: { groupId: 'g1', name: v, ownerId: 'ann', memberIds: [] }, metadata: meta(at, 'ann') });
      return { then: () => void w.thenState(), refused: () => w.thenThrows('VALIDATION_FAILED', { field: 'name' }) };
    },
  },
];

for (const f of fields) {
  t.test(`given free text in the ${f.field} with control characters or an unpaired surrogate, when decided, then it is refused with VALIDATION_FAILED`, async (t) => {
    for (const v of hostile) f.decide(v).refused();
    for (const v of lineBreaks) (f.multiline ? f.decide(v).then : f.decide(v).refused)();
    for (const v of fine) f.decide(v).then();
    t.pass(`${hostile.length + lineBreaks.length + fine.length} values`);
  });
}

t.test('requireText never echoes the refused value (it may be what cannot be stored)', async (t) => {
  t.throws(() => requireText('note', 'x\u0000', { max: 10 }), { code: 'VALIDATION_FAILED', details: { field: 'note' } });
  try {
    requireText('note', 'x\u0000', { max: 10 });
  } catch (e) {
    t.notMatch(JSON.stringify(e), /\\u0000/);
  }
  t.throws(() => requireText('name', 'x'.repeat(11), { max: 10 }), { code: 'VALIDATION_FAILED' });
  t.throws(() => requireText('name', '  ', { max: 10 }), { code: 'VALIDATION_FAILED' }, 'blank is refused unless allowed');
  t.equal(requireText('note', '', { max: 10, blank: true }), '');
});
