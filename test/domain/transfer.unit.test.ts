import t from 'tap';
import { transferDecider, transferStream, type TransferCommand, type TransferEvent } from '../../domain/transfer.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const expiresAt = '2025-01-02T00:00:00.000Z';
const transfer = spec(transferDecider);

const terms = { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', amount: 60, note: 'rent', expiresAt };
const settlement = { transferId: 't1', fromUserId: 'ann', toUserId: 'bob', amount: 60 };
const created: TransferEvent = { type: 'TransferCreated', data: terms };
const accepted: TransferEvent = { type: 'TransferAccepted', data: settlement };
const returned: TransferEvent = { type: 'TransferReturned', data: settlement };
const expired: TransferEvent = { type: 'TransferExpired', data: settlement };
const create: TransferCommand = { type: 'CreateTransfer', data: terms, metadata: meta(at) };
const accept = (userId: string, when = at): TransferCommand => ({ type: 'AcceptTransfer', data: { transferId: 't1' }, metadata: meta(when, userId) });
const reject = (userId: string, when = at): TransferCommand => ({ type: 'RejectTransfer', data: { transferId: 't1' }, metadata: meta(when, userId) });
const expire = (when = expiresAt): TransferCommand => ({ type: 'ExpireTransfer', data: { transferId: 't1' }, metadata: meta(when) });

t.test('the stream id comes from the transfer id', async (t) => t.equal(transferStream('9'), 'transfer-9'));

t.test('creation is pending; a second creation adds nothing', async (t) => {
  transfer.given([]).when(create).then([created]);
  transfer.given([created]).when(create).then([]);
  t.equal(transfer.given([created]).state().status, 'pending');
});

t.test('creation refuses a transfer to yourself', async () => {
  transfer.given([]).when({ ...create, data: { ...terms, toUserId: 'ann' } }).thenThrows('SELF_TRANSFER');
});

t.test('only the recipient may accept or reject', async () => {
  transfer.given([created]).when(accept('bob')).then([accepted]);
  transfer.given([created]).when(reject('bob')).then([returned]);
  transfer.given([created]).when(accept('ann')).thenThrows('FORBIDDEN');
  transfer.given([created]).when(reject('eve')).thenThrows('FORBIDDEN');
  transfer.given([created]).when({ type: 'AcceptTransfer', data: { transferId: 't1' }, metadata: meta(at) }).thenThrows('UNAUTHENTICATED');
});

t.test('a settled or due transfer cannot be accepted', async () => {
  transfer.given([created, accepted]).when(accept('bob')).thenThrows('TRANSFER_SETTLED');
  transfer.given([created, returned]).when(accept('bob')).thenThrows('TRANSFER_SETTLED');
  transfer.given([created, expired]).when(accept('bob')).thenThrows('TRANSFER_SETTLED');
  transfer.given([created]).when(accept('bob', expiresAt)).thenThrows('TRANSFER_SETTLED');
  transfer.given([created, accepted]).when(reject('bob')).thenThrows('TRANSFER_SETTLED');
  transfer.given([]).when(accept('bob')).thenThrows('NOT_FOUND');
});

t.test('expiry returns a pending transfer once and is harmless otherwise', async () => {
  transfer.given([created]).when(expire()).then([expired]);
  transfer.given([created, expired]).when(expire()).then([]);
  transfer.given([created, accepted]).when(expire()).then([]);
  transfer.given([created, returned]).when(expire()).then([]);
  transfer.given([created]).when(expire(at)).then([]);
  transfer.given([]).when(expire()).thenThrows('NOT_FOUND');
});

t.test('the state follows settlement', async (t) => {
  t.equal(transfer.given([created, returned]).state().status, 'returned');
  t.equal(transfer.given([created, accepted, expired]).state().status, 'accepted');
});
