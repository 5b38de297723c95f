import t from 'tap';
import { redPacketDecider, type RedPacketCommand, type RedPacketEvent, type RedPacketTerms } from '../../domain/redPacket.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const expiresAt = '2025-01-02T00:00:00.000Z';
const packet = spec(redPacketDecider);

const terms = (extra: Partial<RedPacketTerms> = {}, shares = [3, 1, 6]): RedPacketTerms => ({
  redPacketId: 'rp1',
  senderId: 'ann',
  kind: 'lucky',
  total: shares.reduce((a, b) => a + b, 0),
  count: shares.length,
  shares,
  target: { type: 'group', id: 'g1' },
  expiresAt,
  ...extra,
});
const created = (extra: Partial<RedPacketTerms> = {}, shares?: number[]): RedPacketEvent => ({ type: 'RedPacketCreated', data: terms(extra, shares) });
const grab = (userId: string, data: { phrase?: string; registeredAt?: string } = {}, when = at): RedPacketCommand => ({
  type: 'GrabRedPacket',
  data: { redPacketId: 'rp1', userId, eligible: true, ...data },
  metadata: meta(when, userId),
});
const reserve = (deviceId: string, mark: string, phrase?: string, when = at): RedPacketCommand => ({
  type: 'ReserveGuestShare',
  data: { redPacketId: 'rp1', deviceId, mark, ...(phrase !== undefined ? { phrase } : {}) },
  metadata: meta(when),
});
const reserved = (mark: string, deviceId: string, amount: number, shareIndex: number, remainingCount: number, remainingAmount: number): RedPacketEvent => ({
  type: 'RedPacketGuestReserved',
  data: { redPacketId: 'rp1', mark, deviceId, amount, shareIndex, remainingCount, remainingAmount },
});
const claim = (mark: string, deviceId: string, userId: string, registeredAt?: string, when = at): RedPacketCommand => ({
  type: 'ClaimGuestShare',
  data: { redPacketId: 'rp1', mark, deviceId, userId, ...(registeredAt !== undefined ? { registeredAt } : {}) },
  metadata: meta(when),
});
const claimed = (mark: string, userId: string, amount: number): RedPacketEvent => ({ type: 'RedPacketGuestClaimed', data: { redPacketId: 'rp1', mark, userId, amount } });
const expire: RedPacketCommand = { type: 'ExpireRedPacket', data: { redPacketId: 'rp1' }, metadata: meta(expiresAt) };

t.test('designated openers: only listed users grab; anyone else is refused and nothing is decided', async () => {
  const given = packet.given([created({ openers: ['bob', 'cat'] })]);
  given.when(grab('dan')).thenThrows('RED_PACKET_NOT_DESIGNATED');
  given.when(grab('bob')).then([{ type: 'RedPacketGrabbed', data: { redPacketId: 'rp1', userId: 'bob', amount: 3, shareIndex: 0, remainingCount: 2, remainingAmount: 7 } }]);
});

t.test('designated openers must be distinct, exclude the sender, and never come with guests or a one-user target', async () => {
  const create = (extra: Partial<RedPacketTerms>): RedPacketCommand => ({ type: 'CreateRedPacket', data: terms(extra), metadata: meta(at) });
  packet.given([]).when(create({ openers: ['bob', 'bob'] })).thenThrows('VALIDATION_FAILED', { field: 'openers' });
  packet.given([]).when(create({ openers: ['ann'] })).thenThrows('VALIDATION_FAILED', { field: 'openers' });
  packet.given([]).when(create({ openers: [] })).thenThrows('VALIDATION_FAILED', { field: 'openers' });
  packet.given([]).when(create({ openers: ['bob'], guests: true })).thenThrows('VALIDATION_FAILED', { field: 'guests' });
  packet.given([]).when(create({ phrase: '   ' })).thenThrows('VALIDATION_FAILED', { field: 'phrase' });
  packet.given([]).when(create({ openers: ['bob'], phrase: '恭喜发财', newUsersSince: at })).then([created({ openers: ['bob'], phrase: '恭喜发财', newUsersSince: at })]);
});

t.test('a phrase packet: a wrong or missing phrase is refused; the phrase matches trimmed', async () => {
  const given = packet.given([created({ phrase: '恭喜发财' })]);
  given.when(grab('bob')).thenThrows('RED_PACKET_PHRASE_WRONG');
  given.when(grab('bob', { phrase: '恭喜' })).thenThrows('RED_PACKET_PHRASE_WRONG');
  given.when(grab('bob', { phrase: ' 恭喜发财 ' })).then([{ type: 'RedPacketGrabbed', data: { redPacketId: 'rp1', userId: 'bob', amount: 3, shareIndex: 0, remainingCount: 2, remainingAmount: 7 } }]);
});

t.test('new users only: registered before the window (or unknown) is refused; at or after it grabs', async () => {
  const since = '2024-12-25T00:00:00.000Z';
  const given = packet.given([created({ newUsersSince: since })]);
  given.when(grab('old', { registeredAt: '2024-12-24T23:59:59.999Z' })).thenThrows('RED_PACKET_NEW_USERS_ONLY');
  given.when(grab('nobody')).thenThrows('RED_PACKET_NEW_USERS_ONLY');
  given.when(grab('new', { registeredAt: since })).then([{ type: 'RedPacketGrabbed', data: { redPacketId: 'rp1', userId: 'new', amount: 3, shareIndex: 0, remainingCount: 2, remainingAmount: 7 } }]);
});

t.test('a guest reserves the next share under a mark, only on a packet open to guests', async () => {
  packet.given([created()]).when(reserve('dev-1', 'm1')).thenThrows('NOT_ELIGIBLE');
  packet.given([created({ guests: true })]).when(reserve('dev-1', 'm1')).then([reserved('m1', 'dev-1', 3, 0, 2, 7)]);
});

t.test('one reservation per device and per mark: a second is refused and says which mark holds it', async () => {
  const given = packet.given([created({ guests: true }), reserved('m1', 'dev-1', 3, 0, 2, 7)]);
  given.when(reserve('dev-1', 'm1')).thenThrows('ALREADY_GRABBED', { mark: 'm1', amount: 3 });
  given.when(reserve('dev-1', 'm2')).thenThrows('ALREADY_GRABBED', { mark: 'm1' });
  given.when(reserve('dev-2', 'm1')).thenThrows('ALREADY_GRABBED', { mark: 'm1' });
});

t.test('a guest reservation honours the phrase and the shares left', async () => {
  packet.given([created({ guests: true, phrase: 'open' })]).when(reserve('dev-1', 'm1', 'shut')).thenThrows('RED_PACKET_PHRASE_WRONG');
  packet.given([created({ guests: true }, [5]), reserved('m1', 'dev-1', 5, 0, 0, 0)]).when(reserve('dev-2', 'm2')).thenThrows('RED_PACKET_EMPTY');
  packet.given([created({ guests: true })]).when(reserve('dev-1', 'm1', undefined, expiresAt)).thenThrows('RED_PACKET_EXPIRED');
});

t.test('the reserving device claims the share for the user once; a retry decides nothing', async () => {
  const given = [created({ guests: true }), reserved('m1', 'dev-1', 3, 0, 2, 7)];
  packet.given(given).when(claim('m1', 'dev-1', 'bob')).then([claimed('m1', 'bob', 3)]);
  packet.given([...given, claimed('m1', 'bob', 3)]).when(claim('m1', 'dev-1', 'bob')).then([]);
  packet.given([...given, claimed('m1', 'bob', 3)]).when(claim('m1', 'dev-1', 'cat')).thenThrows('RED_PACKET_MARK_INVALID');
  packet.given(given).when(claim('m1', 'dev-2', 'bob')).thenThrows('RED_PACKET_MARK_INVALID');
  packet.given(given).when(claim('nope', 'dev-1', 'bob')).thenThrows('RED_PACKET_MARK_INVALID');
});

t.test('a claimed share counts as the user\'s grab, both ways', async () => {
  const grabbedBob: RedPacketEvent = { type: 'RedPacketGrabbed', data: { redPacketId: 'rp1', userId: 'bob', amount: 3, shareIndex: 0, remainingCount: 2, remainingAmount: 7 } };
  packet.given([created({ guests: true }), grabbedBob, reserved('m1', 'dev-1', 1, 1, 1, 6)]).when(claim('m1', 'dev-1', 'bob')).thenThrows('ALREADY_GRABBED');
  packet.given([created({ guests: true }), reserved('m1', 'dev-1', 3, 0, 2, 7), claimed('m1', 'bob', 3)]).when(grab('bob')).thenThrows('ALREADY_GRABBED', { amount: 3 });
});

t.test('a claim checks new users only and the expiry', async () => {
  const given = [created({ guests: true, newUsersSince: at }), reserved('m1', 'dev-1', 3, 0, 2, 7)];
  packet.given(given).when(claim('m1', 'dev-1', 'old', '2024-01-01T00:00:00.000Z')).thenThrows('RED_PACKET_NEW_USERS_ONLY');
  packet.given(given).when(claim('m1', 'dev-1', 'new', at)).then([claimed('m1', 'new', 3)]);
  packet.given(given).when(claim('m1', 'dev-1', 'new', at, expiresAt)).thenThrows('RED_PACKET_EXPIRED');
});

t.test('expiry returns what is left and every unclaimed reservation, even from a packet with no share left', async () => {
  packet
    .given([created({ guests: true }), reserved('m1', 'dev-1', 3, 0, 2, 7)])
    .when(expire)
    .then([{ type: 'RedPacketExpired', data: { redPacketId: 'rp1', senderId: 'ann', refundAmount: 10, remainingCount: 2, reservedAmount: 3 } }]);
  packet
    .given([created({ guests: true }, [4]), reserved('m1', 'dev-1', 4, 0, 0, 0)])
    .when(expire)
    .then([{ type: 'RedPacketExpired', data: { redPacketId: 'rp1', senderId: 'ann', refundAmount: 4, remainingCount: 0, reservedAmount: 4 } }]);
  // Claimed, nothing is held: nothing to return.
  packet.given([created({ guests: true }, [4]), reserved('m1', 'dev-1', 4, 0, 0, 0), claimed('m1', 'bob', 4)]).when(expire).then([]);
  // After expiry the reservation is gone.
  const afterExpiry = [created({ guests: true }, [4]), reserved('m1', 'dev-1', 4, 0, 0, 0), { type: 'RedPacketExpired', data: { redPacketId: 'rp1', senderId: 'ann', refundAmount: 4, remainingCount: 0, reservedAmount: 4 } } as RedPacketEvent];
  packet.given(afterExpiry).when(claim('m1', 'dev-1', 'bob')).thenThrows('RED_PACKET_EXPIRED');
  packet.given(afterExpiry).when(expire).then([]);
});

t.test('a packet from before the extensions (no guest fields in its state) still grabs and expires', async () => {
  packet.given([created()]).when(expire).then([{ type: 'RedPacketExpired', data: { redPacketId: 'rp1', senderId: 'ann', refundAmount: 10, remainingCount: 3 } }]);
});
