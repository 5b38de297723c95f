import t from 'tap';
import { redPacketDecider, redPacketStream, type RedPacketCommand, type RedPacketEvent, type RedPacketTerms } from '../../domain/redPacket.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const expiresAt = '2025-01-02T00:00:00.000Z';
const packet = spec(redPacketDecider);

const terms = (shares: number[], kind: 'lucky' | 'fixed' = 'lucky'): RedPacketTerms => ({
  redPacketId: 'rp1',
  senderId: 'ann',
  kind,
  total: shares.reduce((a, b) => a + b, 0),
  count: shares.length,
  shares,
  target: { type: 'group', id: 'g1' },
  greeting: 'gong xi',
  expiresAt,
});
const created = (shares: number[]): RedPacketEvent => ({ type: 'RedPacketCreated', data: terms(shares) });
const create = (shares: number[]): RedPacketCommand => ({ type: 'CreateRedPacket', data: terms(shares), metadata: meta(at) });
const grab = (userId: string, when = at, eligible = true): RedPacketCommand => ({ type: 'GrabRedPacket', data: { redPacketId: 'rp1', userId, eligible }, metadata: meta(when, userId) });
const grabbed = (userId: string, amount: number, shareIndex: number, remainingCount: number, remainingAmount: number): RedPacketEvent => ({
  type: 'RedPacketGrabbed',
  data: { redPacketId: 'rp1', userId, amount, shareIndex, remainingCount, remainingAmount },
});
const expire = (when = expiresAt): RedPacketCommand => ({ type: 'ExpireRedPacket', data: { redPacketId: 'rp1' }, metadata: meta(when) });

t.test('the stream id comes from the packet id', async (t) => t.equal(redPacketStream('7'), 'red-packet-7'));

t.test('creation records the terms; a second creation is a redelivery and adds nothing', async () => {
  packet.given([]).when(create([3, 1, 6])).then([created([3, 1, 6])]);
  packet.given([created([3, 1, 6])]).when(create([3, 1, 6])).then([]);
});

t.test('creation stores only the terms, not extra fields of the funding event', async (t) => {
  const wide = { ...terms([5]), reason: 'red_packet_out', changes: [] };
  const [e] = packet.given([]).when({ type: 'CreateRedPacket', data: wide, metadata: meta(at) }).then([created([5])]);
  t.notOk(e && 'reason' in e.data);
});

t.test('creation checks the shares again', async () => {
  packet.given([]).when({ type: 'CreateRedPacket', data: { ...terms([3, 3]), total: 7 }, metadata: meta(at) }).thenThrows('VALIDATION_FAILED');
});

t.test('a grab takes the next share', async () => {
  packet.given([created([3, 1, 6])]).when(grab('bob')).then([grabbed('bob', 3, 0, 2, 7)]);
  packet.given([created([3, 1, 6]), grabbed('bob', 3, 0, 2, 7)]).when(grab('cat')).then([grabbed('cat', 1, 1, 1, 6)]);
});

t.test('each user gets one share; the second grab says what they got', async () => {
  packet.given([created([3, 1, 6]), grabbed('bob', 3, 0, 2, 7)]).when(grab('bob')).thenThrows('ALREADY_GRABBED', { amount: 3 });
});

t.test('the packet never pays out more than it holds', async (t) => {
  const shares = Array.from({ length: 1000 }, (_, i) => (i % 7) + 1);
  const total = shares.reduce((a, b) => a + b, 0);
  let state = redPacketDecider.evolve(redPacketDecider.initialState(), created(shares));
  let paid = 0;
  for (let i = 0; i < 1005; i++) {
    try {
      for (const e of redPacketDecider.decide(grab(`u${i}`), state)) {
        if (e.type === 'RedPacketGrabbed') paid += e.data.amount;
        state = redPacketDecider.evolve(state, e);
      }
    } catch (err) {
      t.equal((err as { code?: string }).code, 'RED_PACKET_EMPTY', `grab ${i}`);
      t.ok(i >= 1000);
    }
  }
  t.equal(paid, total, 'every share paid exactly once');
  t.equal(state.status, 'empty');
});

t.test('refusals come in the documented order', async () => {
  const full = [created([5]), grabbed('bob', 5, 0, 0, 0)];
  packet.given([]).when(grab('bob')).thenThrows('NOT_FOUND');
  packet.given(full).when(grab('bob', expiresAt, false)).thenThrows('NOT_ELIGIBLE');
  packet.given(full).when(grab('bob', expiresAt)).thenThrows('ALREADY_GRABBED', { amount: 5 });
  packet.given([created([5, 5])]).when(grab('cat', expiresAt)).thenThrows('RED_PACKET_EXPIRED');
  packet.given(full).when(grab('cat', expiresAt)).thenThrows('RED_PACKET_EXPIRED');
  packet.given(full).when(grab('cat')).thenThrows('RED_PACKET_EMPTY');
});

t.test('expiry refunds what is left, once', async () => {
  const given = [created([3, 1, 6]), grabbed('bob', 3, 0, 2, 7)];
  const expired: RedPacketEvent = { type: 'RedPacketExpired', data: { redPacketId: 'rp1', senderId: 'ann', refundAmount: 7, remainingCount: 2 } };
  packet.given(given).when(expire()).then([expired]);
  packet.given([...given, expired]).when(expire()).then([]);
  packet.given([...given, expired]).when(grab('cat', '2025-01-03T00:00:00.000Z')).thenThrows('RED_PACKET_EXPIRED');
});

t.test('an early expiry changes nothing', async () => {
  packet.given([created([3, 1, 6])]).when(expire(at)).then([]);
});

t.test('a fully grabbed packet needs no refund and stays empty', async (t) => {
  const s = packet.given([created([5]), grabbed('bob', 5, 0, 0, 0)]).when(expire()).thenState();
  t.equal(s.status, 'empty');
  packet.given([created([5]), grabbed('bob', 5, 0, 0, 0)]).when(expire()).then([]);
});

t.test('a lucky packet above 2^48 (what the split can draw from) is refused at creation too', async () => {
  packet.given([]).when(create([1, 2 ** 48])).thenThrows('VALIDATION_FAILED', { field: 'total' });
  packet.given([]).when(create([1, 2 ** 48 - 1])).thenState();
});

t.test('expiring an unknown packet is refused', async () => {
  packet.given([]).when(expire()).thenThrows('NOT_FOUND');
});

t.test('evolve does not change the state it was given', async (t) => {
  const before = packet.given([created([3, 1, 6])]).state();
  redPacketDecider.evolve(before, grabbed('bob', 3, 0, 2, 7));
  t.equal(before.status === 'open' && before.grabs.size, 0);
});
