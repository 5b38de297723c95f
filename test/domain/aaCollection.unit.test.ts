import t from 'tap';
import { aaDecider, aaStream, type AaCommand, type AaEvent, type AaTerms } from '../../domain/aaCollection.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const expiresAt = '2025-01-02T00:00:00.000Z';
const aa = spec(aaDecider);

const terms: Omit<AaTerms, 'startedAt'> = { aaId: 'a1', payeeId: 'pat', asset: 'cash', amountEach: 250, count: 2, target: { type: 'group', id: 'g1' }, note: 'pizza', expiresAt };
const started: AaEvent = { type: 'AaCollectionStarted', data: { ...terms, startedAt: at } };
const start = (data: Partial<typeof terms> = {}, userId = 'pat'): AaCommand => ({ type: 'StartAaCollection', data: { ...terms, ...data }, metadata: meta(at, userId) });
const record = (payerId: string, amount = 250, when = at, asset = 'cash'): AaCommand => ({ type: 'RecordAaPayment', data: { aaId: 'a1', payerId, asset, amount }, metadata: meta(when) });
const recorded = (payerId: string, paidCount: number): AaEvent => ({
  type: 'AaPaymentRecorded',
  data: { aaId: 'a1', payerId, payeeId: 'pat', asset: 'cash', amount: 250, paidCount, remainingCount: 2 - paidCount, paidAt: at },
});
const refused = (payerId: string, reason: string, amount = 250): AaEvent =>
  ({ type: 'AaPaymentRefused', data: { aaId: 'a1', payerId, asset: 'cash', amount, reason } }) as AaEvent;
const finished: AaEvent = { type: 'AaCollectionFinished', data: { aaId: 'a1', payeeId: 'pat', asset: 'cash', paidCount: 2, total: 500 } };

t.test('the stream id comes from the collection id', async (t) => t.equal(aaStream('5'), 'aa-5'));

t.test('the payee starts a collection of up to 50 shares', async () => {
  aa.given([]).when(start()).then([started]);
  aa.given([]).when(start({}, 'eve')).thenThrows('FORBIDDEN');
  aa.given([]).when(start({ count: 51 })).thenThrows('VALIDATION_FAILED');
  aa.given([]).when(start({ count: 0 })).thenThrows('VALIDATION_FAILED');
  aa.given([]).when(start({ amountEach: 0 })).thenThrows('VALIDATION_FAILED');
  aa.given([]).when(start({ amountEach: 1.5 })).thenThrows('VALIDATION_FAILED');
  aa.given([]).when(start({ target: { type: 'user', id: 'bob' } })).thenThrows('VALIDATION_FAILED');
  aa.given([]).when(start({ count: 1, target: { type: 'user', id: 'pat' } })).thenThrows('NOT_ELIGIBLE');
  aa.given([]).when(start({ expiresAt: at })).thenThrows('VALIDATION_FAILED');
  aa.given([]).when(start({ asset: 'BTY' })).thenThrows('VALIDATION_FAILED');
  aa.given([]).when(start({ note: 'a\u0000b' })).thenThrows('VALIDATION_FAILED');
  aa.given([started]).when(start()).thenThrows('CONFLICT');
});

t.test('each payment is recorded with the count; the last one finishes it', async () => {
  aa.given([started]).when(record('ann')).then([recorded('ann', 1)]);
  aa.given([started, recorded('ann', 1)]).when(record('bob')).then([recorded('bob', 2), finished]);
});

t.test('what the collection refuses is an event: the share goes back to the payer', async () => {
  aa.given([started, recorded('ann', 1)]).when(record('ann')).then([refused('ann', 'already_paid')]);
  aa.given([started, recorded('ann', 1), recorded('bob', 2), finished]).when(record('cat')).then([refused('cat', 'finished')]);
  aa.given([started]).when(record('ann', 250, expiresAt)).then([refused('ann', 'expired')]);
  aa.given([started]).when(record('ann', 249)).then([refused('ann', 'amount_mismatch', 249)]);
  aa.given([started]).when(record('pat')).then([refused('pat', 'not_eligible')]);
  aa.given([]).when(record('ann')).then([refused('ann', 'not_found')]);
  aa.given([started]).when(record('ann', 250, at, 'bty')).then([{ type: 'AaPaymentRefused', data: { aaId: 'a1', payerId: 'ann', asset: 'bty', amount: 250, reason: 'amount_mismatch' } }]);
});

t.test('a collection for one user takes only that user', async () => {
  const one: AaEvent = { type: 'AaCollectionStarted', data: { ...terms, count: 1, target: { type: 'user', id: 'bob' }, startedAt: at } };
  aa.given([one]).when(record('ann')).then([refused('ann', 'not_eligible')]);
});

t.test('expiry is idempotent: early, repeated or after the last share it changes nothing', async (t) => {
  const expire = (when: string): AaCommand => ({ type: 'ExpireAaCollection', data: { aaId: 'a1' }, metadata: meta(when) });
  aa.given([started, recorded('ann', 1)]).when(expire(expiresAt)).then([{ type: 'AaCollectionExpired', data: { aaId: 'a1', payeeId: 'pat', paidCount: 1, remainingCount: 1 } }]);
  aa.given([started]).when(expire(at)).then([]);
  aa.given([started, recorded('ann', 1), recorded('bob', 2), finished]).when(expire(expiresAt)).then([]);
  const s = aa.given([started]).when(expire(expiresAt)).thenState();
  t.equal(s.status, 'expired');
  aa.given([]).when(expire(expiresAt)).thenThrows('NOT_FOUND');
});
